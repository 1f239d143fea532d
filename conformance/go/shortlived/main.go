// Command shortlived drives the per-P stack caches and the free-G lists:
// 6 batches of 40 goroutines run briefly and exit. Most keep the starting
// 2 KiB stack (gfput keeps it with the dead G, gfget hands it to the next
// batch); every fifth grows to 8 KiB first, so its exit frees the 8 KiB
// stack. A batch exits together (they wait on a gate), so eight 8 KiB frees
// land on the cache at once and overflow it: stackcacherelease lines.
package main

import (
	"fmt"

	"stackcheck/conformance/go/frames"
	"stackcheck/conformance/go/spawn"
)

func main() {
	var total uint64
	run := func(i int) uint64 {
		if i%5 == 0 {
			return frames.Frame(20) // ≈ 5 KiB: grows 2 → 4 → 8 KiB
		}
		return frames.Frame(2)
	}
	for batch := 0; batch < 6; batch++ {
		total += spawn.Gated(40, run, nil)
	}
	fmt.Println("shortlived", total)
}
