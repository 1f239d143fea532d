// Command parkshrink drives scan-time shrinking: eight goroutines grow to
// 64–128 KiB, return to a shallow frame and park on a gate while main
// forces three GCs. Each GC's stack scan halves every parked stack once
// (shrinkstack), so the trace shows 131072→65536→32768→16384 chains.
// Opening the gate lets them exit (gfput frees the shrunk stacks).
package main

import (
	"fmt"
	"runtime"

	"stackcheck/conformance/go/frames"
	"stackcheck/conformance/go/spawn"
)

func main() {
	// 200 frames ≈ 52 KiB (grows to 64 KiB); 400 frames ≈ 104 KiB (128 KiB). Parked on the
	// gate with a tiny used stack: eligible for shrinking.
	grow := func(i int) uint64 { return frames.Frame(200 + 200*(i%2)) }
	spawn.Gated(8, grow, func() {
		for gc := 0; gc < 3; gc++ {
			runtime.GC()
		}
	})
	fmt.Println("parkshrink done")
}
