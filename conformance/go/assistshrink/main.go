// Command assistshrink makes GC assists scan stacks that could shrink. Eight goroutines grow
// their stacks to 64 KiB, return to a shallow depth, and then allocate while the GC marks (a low
// GOGC keeps it marking), so they assist it; an assist with no heap work takes root jobs, among
// them goroutine stacks — its own or another assisting goroutine's. Such a goroutine waits in
// waitReasonGCAssistMarking only so that suspendG can stop it while it runs on the system stack:
// Go 1.26's isShrinkStackSafe refuses to shrink it there and defers the shrink (preemptShrink);
// Go 1.19 shrank it at the scan. Every other scan of a mostly unused stack shrinks it.
package main

import (
	"fmt"
	"runtime/debug"

	"stackcheck/conformance/go/frames"
	"stackcheck/conformance/go/spawn"
)

var sink [8][64][]byte

func main() {
	debug.SetGCPercent(5)
	var total [len(sink)]uint64
	spawn.Wait(len(sink), func(w int) {
		total[w] = frames.Frame(240) // 2 KiB → 64 KiB, then back to a shallow depth
		for i := 0; i < 3000; i++ {
			b := make([]byte, 2048)
			b[i%len(b)] = byte(i)
			sink[w][i%len(sink[w])] = b
		}
	})
	fmt.Println("assistshrink", total)
}
