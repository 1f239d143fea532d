// Command resize changes GOMAXPROCS at run time (procresize): 1 → 4 → 2 →
// 8 → 3. Shrinking destroys Ps, whose stack caches are cleared
// (freemcache); growing creates Ps with empty caches. Between changes a
// burst of goroutines grows stacks of every cached order on every P, and a
// forced GC runs with the current set of Ps.
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
	start := runtime.GOMAXPROCS(0)
	for _, procs := range []int{1, 4, 2, 8, 3} {
		runtime.GOMAXPROCS(procs)
		var wg sync.WaitGroup
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func(depth int) { defer wg.Done(); frames.Frame(depth) }(4 + 9*i)
		}
		wg.Wait()
		runtime.GC()
	}
	runtime.GOMAXPROCS(start)
	fmt.Println("resize done")
}
