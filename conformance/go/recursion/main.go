// Command recursion drives stack growth only: four goroutines recurse
// 100–400 frames of about 256 bytes each and exit, so every growth copy
// (2 KiB → 4 → 8 → … → 128 KiB) appears in the trace, followed by the
// exit-time frees of the grown stacks. Output goes to stdout; the runtime's
// stackDebug trace is the only thing on stderr.
package main

import (
	"fmt"
	"runtime"

	"stackcheck/conformance/go/frames"
	"stackcheck/conformance/go/spawn"
)

func main() {
	sums := make([]uint64, 4)
	spawn.Wait(len(sums), func(i int) { sums[i] = frames.Frame(100 * (i + 1)) })
	runtime.GC()
	fmt.Println("recursion", sums)
}
