// Command memstats drives stackcache_clear: runtime.ReadMemStats stops the
// world and flushes every P's stack cache (flushallmcaches), so each call
// prints one "stackcache clear" per P. Small bursts of goroutines between
// the calls refill the caches so the clears have something to return.
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

func main() {
	traceheader.Print()
	var ms runtime.MemStats
	var inuse []uint64
	for round := 0; round < 3; round++ {
		var wg sync.WaitGroup
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func(depth int) { defer wg.Done(); frame(depth) }(10 + 20*i)
		}
		wg.Wait()
		runtime.ReadMemStats(&ms)
		inuse = append(inuse, ms.StackInuse)
	}
	fmt.Println("memstats StackInuse", inuse)
}
