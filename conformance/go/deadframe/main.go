// Command deadframe grows a stack while a dead frame is on it. fault has no defers and
// dereferences nil, so the signal handler injects sigpanic into it: its frame can never
// continue (the unwinder's continpc is 0) yet stays on the stack while the panic runs the
// deferred call of its caller, which recovers and then recurses to 64 KiB — five growth
// copies, each walking the dead frame. Go 1.26's adjustframe adjusts a dead frame's saved
// frame pointer (Go 1.19's returned first, and its extended copystack line counts such frames
// in dead=); a copy that leaves it pointing into the old stack shows in the extended copystack
// line's fpend= (level 1's copy-adjusted).
package main

import (
	"fmt"

	"stackcheck/conformance/go/frames"
	"stackcheck/conformance/go/spawn"
)

// fault has a frame (so it saves the caller's frame pointer) and no defers (so its frame is dead
// once it faults).
//
//go:noinline
func fault(p *[64]uint64, i int) uint64 {
	var pad [8]uint64
	pad[i%8] = uint64(i)
	return p[i%64] + pad[(i+1)%8]
}

//go:noinline
func recoverAndGrow(depth int) (sum uint64) {
	defer func() {
		if recover() != nil {
			sum = frames.Frame(depth)
		}
	}()
	return fault(nil, depth)
}

func main() {
	sums := make([]uint64, 4)
	spawn.Wait(len(sums), func(i int) { sums[i] = recoverAndGrow(60 + 60*i) })
	fmt.Println("deadframe", sums)
}
