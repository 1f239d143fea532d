// Package frames holds the recursion the trace programs use to grow their
// stacks: each call costs about 256 bytes of stack (a 240-byte local plus
// the frame), so depth d needs about d*256 bytes.
package frames

// Frame recurses depth times and returns a value that depends on every
// frame, so the compiler keeps them all.
//
//go:noinline
func Frame(depth int) uint64 {
	var pad [30]uint64
	pad[depth%30] = uint64(depth)
	if depth == 0 {
		return pad[0]
	}
	return Frame(depth-1) + pad[depth%30]
}
