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

	"stackcheck/conformance/go/frames"
	"stackcheck/conformance/go/spawn"
)

//go:noinline
func bigFrame(seed int) uint64 {
	var big [5 * 1024]uint64 // 40 KiB in one frame
	for i := range big {
		big[i] = uint64(seed + i)
	}
	return big[seed%len(big)] + big[len(big)-1]
}

func main() {
	results := make([]uint64, 2)
	spawn.Wait(2, func(i int) {
		if i == 0 {
			results[0] = bigFrame(7)
		} else {
			results[1] = frames.Frame(1200)
		}
	})
	runtime.GC()
	runtime.GC()
	fmt.Println("largestack", results)
}
