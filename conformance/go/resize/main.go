// Command resize changes GOMAXPROCS at run time (procresize): 1 → 4 → 2 →
// 8 → 3. Shrinking destroys Ps, whose stack caches are cleared
// (freemcache); growing creates Ps with empty caches. Between changes a
// burst of goroutines grows stacks of every cached order on every P, and a
// forced GC runs with the current set of Ps.
package main

import (
	"fmt"
	"runtime"

	"stackcheck/conformance/go/frames"
	"stackcheck/conformance/go/spawn"
)

func main() {
	start := runtime.GOMAXPROCS(0)
	for _, procs := range []int{1, 4, 2, 8, 3} {
		runtime.GOMAXPROCS(procs)
		spawn.Wait(8, func(i int) { frames.Frame(4 + 9*i) })
		runtime.GC()
	}
	runtime.GOMAXPROCS(start)
	fmt.Println("resize done")
}
