// Command memstats drives stackcache_clear: runtime.ReadMemStats stops the
// world and flushes every P's stack cache (flushallmcaches), so each call
// prints one "stackcache clear" per P. Small bursts of goroutines between
// the calls refill the caches so the clears have something to return.
package main

import (
	"fmt"
	"runtime"

	"stackcheck/conformance/go/frames"
	"stackcheck/conformance/go/spawn"
)

func main() {
	var ms runtime.MemStats
	var inuse []uint64
	for round := 0; round < 3; round++ {
		spawn.Wait(16, func(i int) { frames.Frame(10 + 20*i) })
		runtime.ReadMemStats(&ms)
		inuse = append(inuse, ms.StackInuse)
	}
	fmt.Println("memstats StackInuse", inuse)
}
