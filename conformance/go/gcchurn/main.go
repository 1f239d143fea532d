// Command gcchurn drives the dead-G stack paths and the GC's stack frees: 200
// goroutines park on a gate and exit together, so one P collects more than 64
// dead Gs and gfput moves a batch of them, stacks and all, to
// sched.gFree.stack. The forced GC after that runs markrootFreeGStacks, which
// frees every stack on sched.gFree.stack during mark: through the freeing P's
// cache (stackcacherelease) into the pool, where spans empty while the GC is
// marking and stay until freeStackSpans returns them to the heap.
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
	for round := 0; round < 1; round++ {
		gate := make(chan struct{})
		var ready, done sync.WaitGroup
		for i := 0; i < 200; i++ {
			depth := 1
			ready.Add(1)
			done.Add(1)
			go func(depth int) {
				defer done.Done()
				s := frames.Frame(depth)
				ready.Done()
				<-gate
				mu.Lock()
				total += s
				mu.Unlock()
			}(depth)
		}
		ready.Wait()
		close(gate)
		done.Wait()
		runtime.GC()
	}
	fmt.Println("gcchurn done", total)
}
