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

	"stackcheck/conformance/go/frames"
	"stackcheck/conformance/go/spawn"
)

const workers = 4

func main() {
	var total spawn.Sum
	for round := 0; round < 2; round++ {
		ring := make([]chan int, workers)
		for i := range ring {
			ring[i] = make(chan int)
		}
		wait := spawn.Go(workers, func(w int) {
			var sum uint64
			for hop := 0; hop < 4; hop++ {
				tok := <-ring[w]
				sum += frames.Frame(30 + 40*((w+hop)%6))
				spawn.Wait(3, func(h int) { frames.Frame(5 + 10*h) })
				if tok < workers*4-1 {
					ring[(w+1)%workers] <- tok + 1
				}
			}
			total.Add(sum)
		})
		ring[0] <- 0
		wait()
		runtime.GC()
	}
	fmt.Println("migrate", total.Total() != 0)
}
