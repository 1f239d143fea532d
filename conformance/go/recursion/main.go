// Command recursion drives stack growth only: four goroutines recurse
// 100–400 frames of about 256 bytes each and exit, so every growth copy
// (2 KiB → 4 → 8 → … → 128 KiB) appears in the trace, followed by the
// exit-time frees of the grown stacks. Output goes to stdout; the runtime's
// stackDebug trace is the only thing on stderr.
package main

import (
	"fmt"
	"runtime"
	"sync"

	"stackcheck/conformance/go/traceheader"
)

// frame uses a 256-byte local so each call costs about 256 bytes of stack.
//
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
	var wg sync.WaitGroup
	sums := make([]uint64, 4)
	for i, depth := range []int{100, 200, 300, 400} {
		wg.Add(1)
		go func(i, depth int) {
			defer wg.Done()
			sums[i] = frame(depth)
		}(i, depth)
	}
	wg.Wait()
	runtime.GC()
	fmt.Println("recursion", sums)
}
