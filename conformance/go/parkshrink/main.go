// Command parkshrink drives scan-time shrinking: eight goroutines grow to
// 64–128 KiB, return to a shallow frame and park on a channel while main
// forces three GCs. Each GC's stack scan halves every parked stack once
// (shrinkstack), so the trace shows 131072→65536→32768→16384 chains.
// Closing the channel lets them exit (gfput frees the shrunk stacks).
package main

import (
	"fmt"
	"runtime"
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
	release := make(chan struct{})
	var parked, done sync.WaitGroup
	for i := 0; i < 8; i++ {
		// 200 frames ≈ 52 KiB (grows to 64 KiB); 400 frames ≈ 104 KiB (128 KiB).
		depth := 200 + 200*(i%2)
		parked.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			frame(depth)
			parked.Done()
			<-release // parked with a tiny used stack: eligible for shrinking
		}()
	}
	parked.Wait()
	for gc := 0; gc < 3; gc++ {
		runtime.GC()
	}
	close(release)
	done.Wait()
	fmt.Println("parkshrink done")
}
