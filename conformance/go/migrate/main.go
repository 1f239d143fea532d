// Command migrate drives several Ps at once: 4 workers per round pass
// tokens around a ring of channels, so goroutines block, wake on other Ps
// and are stolen by idle ones; each worker grows its stack (8–64 KiB) and
// spawns short-lived helpers, so every P's stack cache refills and drains
// while the others do the same. A forced GC after each of the two rounds
// shrinks the parked workers' stacks and flushes every P's cache
// (prepareForSweep).
package main

import (
	"fmt"
	"runtime"
	"sync"

	"stackcheck/conformance/go/frames"
	"stackcheck/conformance/go/traceheader"
)

func main() {
	traceheader.Print()
	var total uint64
	var mu sync.Mutex
	for round := 0; round < 2; round++ {
		const workers = 4
		ring := make([]chan int, workers)
		for i := range ring {
			ring[i] = make(chan int)
		}
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				var sum uint64
				for hop := 0; hop < 4; hop++ {
					tok := <-ring[w]
					sum += frames.Frame(30 + 40*((w+hop)%6))
					var hw sync.WaitGroup
					for h := 0; h < 3; h++ {
						hw.Add(1)
						go func(d int) { defer hw.Done(); frames.Frame(d) }(5 + 10*h)
					}
					hw.Wait()
					if tok < workers*4-1 {
						ring[(w+1)%workers] <- tok + 1
					}
				}
				mu.Lock()
				total += sum
				mu.Unlock()
			}(w)
		}
		ring[0] <- 0
		wg.Wait()
		runtime.GC()
	}
	fmt.Println("migrate", total != 0)
}
