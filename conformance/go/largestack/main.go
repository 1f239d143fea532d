// Command largestack drives the large-stack path (≥ 32 KiB, dedicated
// spans, stackLarge). One goroutine calls a function with a 40 KiB frame,
// so a single newstack jumps 2 KiB → 64 KiB (newstack doubles until the
// frame fits). Another recurses to ≈ 300 KiB (32 KiB → … → 512 KiB). Both
// exit; a forced GC frees the large spans while GC is off or queues them on
// stackLarge while marking.
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

//go:noinline
func bigFrame(seed int) uint64 {
	var big [5 * 1024]uint64 // 40 KiB in one frame
	for i := range big {
		big[i] = uint64(seed + i)
	}
	return big[seed%len(big)] + big[len(big)-1]
}

func main() {
	traceheader.Print()
	var wg sync.WaitGroup
	results := make([]uint64, 2)
	wg.Add(2)
	go func() { defer wg.Done(); results[0] = bigFrame(7) }()
	go func() { defer wg.Done(); results[1] = frame(1200) }()
	wg.Wait()
	runtime.GC()
	runtime.GC()
	fmt.Println("largestack", results)
}
