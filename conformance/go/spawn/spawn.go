// Package spawn holds the goroutine setups the trace programs share: n goroutines that run
// and exit, n goroutines that exit together once all of them have run, and a total several
// goroutines add to. Each goroutine runs its work in the closure below the one spawn starts,
// so a program's stack depths are its own frames' plus one small frame. Every trace program
// is built on spawn, so importing it also prints the trace's header line at start-up
// (package traceheader).
package spawn

import (
	"sync"

	_ "stackcheck/conformance/go/traceheader"
)

// Go starts n goroutines running f(0) … f(n-1) and returns a function that waits for all of
// them (a program that must hand the goroutines something before waiting uses it).
func Go(n int, f func(i int)) (wait func()) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			f(i)
		}(i)
	}
	return wg.Wait
}

// Wait runs f(0) … f(n-1) in n goroutines and returns when all have exited.
func Wait(n int, f func(i int)) {
	Go(n, f)()
}

// Gated runs f(0) … f(n-1) in n goroutines that then park on a gate. When every one has run
// f (so all are parked at once, each with a shallow stack), it calls between, opens the
// gate and waits until all have exited: they die together. It returns the sum of f's results.
func Gated(n int, f func(i int) uint64, between func()) uint64 {
	gate := make(chan struct{})
	var total Sum
	var ready sync.WaitGroup
	ready.Add(n)
	wait := Go(n, func(i int) {
		total.Add(f(i))
		ready.Done()
		<-gate
	})
	ready.Wait()
	if between != nil {
		between()
	}
	close(gate)
	wait()
	return total.Total()
}

// Sum is a total that several goroutines add to.
type Sum struct {
	mu sync.Mutex
	n  uint64
}

// Add adds v to the total.
func (s *Sum) Add(v uint64) {
	s.mu.Lock()
	s.n += v
	s.mu.Unlock()
}

// Total returns the total so far.
func (s *Sum) Total() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}
