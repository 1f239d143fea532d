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

	"stackcheck/conformance/go/frames"
	"stackcheck/conformance/go/spawn"
)

func main() {
	total := spawn.Gated(200, func(int) uint64 { return frames.Frame(1) }, nil)
	runtime.GC()
	fmt.Println("gcchurn done", total)
}
