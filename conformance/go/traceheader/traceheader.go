// Package traceheader prints the line that names the runtime a trace comes from, so that
// `stackcheck conform` replays the trace with the model profile of that release
// (conformance/README.md, "Which profile"). It prints it when it is initialised, before main
// runs: every trace program imports it through package spawn.
package traceheader

import "runtime"

// init writes "stackcheck-trace <runtime.Version()> <GOOS>/<GOARCH>" to stderr. It uses the
// builtin println because that holds the runtime's print lock, as every stackDebug print does:
// the line never lands inside another thread's stack print (os.Stderr would not take the lock).
func init() {
	println("stackcheck-trace", runtime.Version(), runtime.GOOS+"/"+runtime.GOARCH)
}
