#!/usr/bin/env bash
# Regenerate conformance/fixtures/*.trace from the real Go 1.19 runtime.
#
# Why a copied GOROOT: the runtime's stack tracing is a compile-time constant
# (stackDebug in src/runtime/stack.go), so we flip it in a throwaway copy of
# Debian's golang-1.19 tree and let `go build` rebuild std into a temp GOCACHE.
# The installed toolchain is never modified. Two builds from the one copy:
#   stock    — stackDebug = 1 only (the runtime's own print format);
#   extended — plus conformance/go/extended-format.patch (sizes and P ids, and
#              a line at every linearisation point of the pools, stackLarge,
#              the heap's stack spans, the GC phase and procresize), so
#              multi-P traces replay exactly at level 2.
# See conformance/README.md for the formats. CI never runs this: the tests
# only read the committed fixtures.
#
# Usage: npm run trace:go [-- --out DIR]   (default DIR: conformance/fixtures)
# Needs: apt-get install -y golang-1.19-go golang-1.19-src, and patch(1).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out="$repo/conformance/fixtures"
if [ "${1:-}" = "--out" ] && [ -n "${2:-}" ]; then
  mkdir -p "$2"
  out=$(cd "$2" && pwd)
elif [ $# -gt 0 ]; then
  echo "trace-go: usage: scripts/trace-go.sh [--out DIR]" >&2
  exit 2
fi

# Debian installs 1.19 off PATH; STACKCHECK_GO may point at another go1.19 binary.
go_bin=${STACKCHECK_GO:-/usr/lib/go-1.19/bin/go}
if ! [ -x "$go_bin" ] || ! "$go_bin" version 2>/dev/null | grep -q ' go1\.19'; then
  echo "trace-go: Go 1.19 not found at $go_bin (apt-get install -y golang-1.19-go golang-1.19-src)" >&2
  exit 2
fi
goroot=$(GOENV=off "$go_bin" env GOROOT)
if ! [ -f "$goroot/src/runtime/stack.go" ]; then
  echo "trace-go: $goroot/src/runtime/stack.go missing (apt-get install -y golang-1.19-src)" >&2
  exit 2
fi
if ! command -v patch >/dev/null; then
  echo "trace-go: patch(1) not found (apt-get install -y patch)" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/stackcheck-trace.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

echo "trace-go: copying $goroot (about 475 MB)"
# -L: Debian's GOROOT/src (and api, misc, test) are symlinks into /usr/share.
cp -rL "$goroot/." "$work/goroot"
chmod -R u+w "$work/goroot"
stack_go="$work/goroot/src/runtime/stack.go"
sed -i 's/^\(\tstackDebug *= \)0$/\11/' "$stack_go"
if ! grep -q '^	stackDebug *= 1$' "$stack_go"; then
  echo "trace-go: could not set stackDebug = 1 in $stack_go" >&2
  exit 1
fi

# Stock fixtures: the original five programs at GOMAXPROCS=1 (and two at 2).
stock_programs=(recursion parkshrink shortlived largestack memstats)
# Extended fixtures: every program under conformance/go/, at GOMAXPROCS 2, 4 and 8.
ext_programs=()
for d in "$repo"/conformance/go/*/main.go; do ext_programs+=("$(basename "$(dirname "$d")")"); done
programs=("${ext_programs[@]}")

# build FLAVOUR: compile every program against the copy as it is now.
build() {
  mkdir -p "$work/bin/$1"
  for name in "${programs[@]}"; do
    (cd "$repo/conformance/go" &&
      env GOROOT="$work/goroot" GOCACHE="$work/gocache" GOPATH="$work/gopath" \
        GOENV=off GOFLAGS= GOWORK=off GO111MODULE=on CGO_ENABLED=0 \
        "$work/goroot/bin/go" build -o "$work/bin/$1/$name" "./$name")
  done
}

# run FLAVOUR PROCS NAME: keep only stderr (the trace); fail if the program fails.
# The runtime writes each print argument separately, so a thread still
# printing when main returns can leave a cut last line (no final newline);
# such a run is repeated, up to three times, so fixtures end cleanly.
run() {
  local file="$work/traces/$3.p$2.$1.trace"
  mkdir -p "$work/traces"
  for attempt in 1 2 3; do
    if ! env -u GODEBUG GOMAXPROCS="$2" "$work/bin/$1/$3" >/dev/null 2>"$file"; then
      echo "trace-go: $3 failed under GOMAXPROCS=$2 ($1); last lines:" >&2
      tail -5 "$file" >&2
      exit 1
    fi
    [ "$(tail -c1 "$file" | od -An -c | tr -d ' ')" = '\n' ] && return 0
    echo "trace-go: $3 (GOMAXPROCS=$2, $1) trace ends mid-line; run $attempt of 3" >&2
  done
  echo "trace-go: $3 kept a cut last line; the parser will skip it (Trace.cut)" >&2
}

echo "trace-go: building stock programs (first build also rebuilds std)"
build stock
patch -p1 -s -d "$work/goroot" <"$repo/conformance/go/extended-format.patch"
echo "trace-go: building extended programs"
build ext

for name in "${stock_programs[@]}"; do
  run stock 1 "$name"
done
for name in "${ext_programs[@]}"; do
  for procs in 2 4 8; do run ext "$procs" "$name"; done
done
# Stock multi-P traces: the interleaved-pairing case the parser must attribute
# or report (GC workers shrinking on the other P; gfget allocations racing).
run stock 2 parkshrink
run stock 2 shortlived

# Fixtures are committed, so keep the whole folder small.
total=$(cat "$work"/traces/*.trace | wc -c)
if [ "$total" -gt 1800000 ]; then
  echo "trace-go: traces total $total bytes (> 1.8 MB budget); trim the programs" >&2
  exit 1
fi
mkdir -p "$out"
cp "$work"/traces/*.trace "$out/"
wc -lc "$work"/traces/*.trace | sed "s|$work/traces/|  |"

# Level 1 on the new traces (informational: a rejection may be a runtime finding).
tsx="$repo/node_modules/.bin/tsx"
names=$(cd "$work/traces" && ls *.trace)
if ! [ -x "$tsx" ]; then
  echo "trace-go: skipping the level-1 check (run npm ci first)" >&2
elif ! (cd "$out" && "$tsx" "$repo/conformance/tools/check.ts" $names); then
  echo "trace-go: level 1 did not accept every trace (see above)" >&2
fi
echo "trace-go: wrote $(ls "$work"/traces | wc -l) traces to $out"
