// Command shortlived drives the per-P stack caches and the free-G lists:
// 6 batches of 40 goroutines run briefly and exit. Most keep the starting
// 2 KiB stack (gfput keeps it with the dead G, gfget hands it to the next
// batch); every fifth grows to 8 KiB first, so its exit frees the 8 KiB
// stack. A batch exits together (they wait on a gate), so eight 8 KiB frees
// land on the cache at once and overflow it: stackcacherelease lines.
package main

import (
	"fmt"
	"sync"

	"stackcheck/conformance/go/traceheader"
)

//go:noinline
func frame(depth int) uint64 {
	var pad [30]uint64
	pad[depth%30] = uint64(depth)
	if depth == 0 {
		return pad[0]
	}
	return frame(depth-1) + pad[depth%30]
}

func main() {
	traceheader.Print()
	var total uint64
	var mu sync.Mutex
	for batch := 0; batch < 6; batch++ {
		gate := make(chan struct{})
		var ready, done sync.WaitGroup
		for i := 0; i < 40; i++ {
			depth := 2
			if i%5 == 0 {
				depth = 20 // ≈ 5 KiB: grows 2 → 4 → 8 KiB
			}
			ready.Add(1)
			done.Add(1)
			go func(depth int) {
				defer done.Done()
				s := frame(depth)
				mu.Lock()
				total += s
				mu.Unlock()
				ready.Done()
				<-gate
			}(depth)
		}
		ready.Wait()
		close(gate)
		done.Wait()
	}
	fmt.Println("shortlived", total)
}
