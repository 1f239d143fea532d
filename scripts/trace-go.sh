#!/usr/bin/env bash
# Regenerate the committed traces from the real Go runtimes, one folder per release:
#   go1.19 (Debian's golang-1.19, /usr/lib/go-1.19)   → conformance/fixtures/*.trace
#   go1.26 (the official tarball, /usr/local/go)       → conformance/fixtures/go1.26/*.trace
#
# Why a copied GOROOT: the runtime's stack tracing is a compile-time constant
# (stackDebug in src/runtime/stack.go), so we flip it in a throwaway copy of
# the tree and let `go build` rebuild std into a temp GOCACHE.
# The installed toolchain is never modified. Two builds from the one copy:
#   stock    — stackDebug = 1 only (the runtime's own print format);
#   extended — plus conformance/go/<release>/extended-format.patch (sizes and P
#              ids, and a line at every linearisation point of the pools,
#              stackLarge, the heap's stack spans, the GC phase and procresize),
#              so multi-P traces replay exactly at level 2.
# See conformance/README.md for the formats. CI never runs this: the tests
# only read the committed fixtures.
#
# Usage: npm run trace:go [-- [--release go1.19|go1.26|all] [--out DIR]]
#   default: every release whose GOROOT is installed; --out DIR writes DIR/<release>/.
# GOROOTs: STACKCHECK_GOROOT_119 (default /usr/lib/go-1.19), STACKCHECK_GOROOT_126
# (default /usr/local/go). STACKCHECK_GOCACHE keeps the build cache between runs
# (builds use -trimpath, so the cache does not depend on the copy's path).
# Needs patch(1); Go 1.19: apt-get install -y golang-1.19-go golang-1.19-src.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
release=all
out_root=""
while [ $# -gt 0 ]; do
  case "$1" in
    --release) release=${2:-}; shift 2 || true ;;
    --out) out_root=${2:-}; shift 2 || true ;;
    *) echo "trace-go: usage: scripts/trace-go.sh [--release go1.19|go1.26|all] [--out DIR]" >&2; exit 2 ;;
  esac
done
case "$release" in go1.19|go1.26|all) ;; *) echo "trace-go: --release takes go1.19, go1.26 or all, not '$release'" >&2; exit 2 ;; esac
if [ -n "$out_root" ]; then mkdir -p "$out_root"; out_root=$(cd "$out_root" && pwd); fi
if ! command -v patch >/dev/null; then
  echo "trace-go: patch(1) not found (apt-get install -y patch)" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/stackcheck-trace.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

# The original five programs (stock fixtures at GOMAXPROCS=1) and every program under conformance/go/.
stock_programs=(recursion parkshrink shortlived largestack memstats)
ext_programs=()
for d in "$repo"/conformance/go/*/main.go; do ext_programs+=("$(basename "$(dirname "$d")")"); done

# trace REL GOROOT OUT "EXT_PROCS" "STOCK_MULTI" "NOT_WIDEST": both builds of every program
# against a copy of GOROOT, the stock programs at GOMAXPROCS=1, every program extended at each
# of EXT_PROCS but the programs NOT_WIDEST at the largest of them, and the programs STOCK_MULTI
# stock at GOMAXPROCS=2.
trace() {
  local rel=$1 goroot=$2 out=$3 ext_procs=$4 stock_multi=$5 not_widest=${6:-}
  local widest=${ext_procs##* }
  local w="$work/$rel"
  if ! [ -x "$goroot/bin/go" ] || ! [ -f "$goroot/src/runtime/stack.go" ]; then
    echo "trace-go: $rel: no Go toolchain with runtime sources at $goroot" >&2
    return 2
  fi
  if ! grep -q "^$rel\([.a-z]\|\$\)" "$goroot/VERSION" 2>/dev/null && ! GOENV=off GOTOOLCHAIN=local "$goroot/bin/go" version 2>/dev/null | grep -q " $rel[. ]"; then
    echo "trace-go: $goroot is not $rel" >&2
    return 2
  fi
  echo "trace-go: $rel: copying $goroot"
  mkdir -p "$w/goroot"
  # -L: Debian's GOROOT/src (and api, misc, test) are symlinks into /usr/share; test/, misc/,
  # api/ and doc/ are not read by a build.
  for f in "$goroot"/*; do
    case "$(basename "$f")" in test|misc|api|doc) ;; *) cp -rL "$f" "$w/goroot/" ;; esac
  done
  chmod -R u+w "$w/goroot"
  local stack_go="$w/goroot/src/runtime/stack.go"
  sed -i 's/^\(\tstackDebug *= \)0$/\11/' "$stack_go"
  if ! grep -q '^	stackDebug *= 1$' "$stack_go"; then
    echo "trace-go: could not set stackDebug = 1 in $stack_go" >&2
    return 1
  fi
  build() {
    mkdir -p "$w/bin/$1"
    for name in "${ext_programs[@]}"; do
      (cd "$repo/conformance/go" &&
        env GOROOT="$w/goroot" GOCACHE="${STACKCHECK_GOCACHE:-$work/gocache}-$rel" GOPATH="$work/gopath" \
          GOENV=off GOFLAGS= GOWORK=off GO111MODULE=on CGO_ENABLED=0 GOTOOLCHAIN=local GOPROXY=off \
          "$w/goroot/bin/go" build -trimpath -o "$w/bin/$1/$name" "./$name") || return 1
    done
  }
  # run FLAVOUR PROCS NAME: keep only stderr (the trace); fail if the program fails.
  # The runtime writes each print argument separately, so a thread still
  # printing when main returns can leave a cut last line (no final newline);
  # such a run is repeated, up to three times, so fixtures end cleanly.
  run() {
    local file="$w/traces/$3.p$2.$1.trace"
    mkdir -p "$w/traces"
    for attempt in 1 2 3; do
      if ! env -u GODEBUG GOMAXPROCS="$2" "$w/bin/$1/$3" >/dev/null 2>"$file"; then
        echo "trace-go: $rel: $3 failed under GOMAXPROCS=$2 ($1); last lines:" >&2
        tail -5 "$file" >&2
        return 1
      fi
      [ "$(tail -c1 "$file" | od -An -c | tr -d ' ')" = '\n' ] && return 0
      echo "trace-go: $rel: $3 (GOMAXPROCS=$2, $1) trace ends mid-line; run $attempt of 3" >&2
    done
    echo "trace-go: $rel: $3 kept a cut last line; the parser will skip it (Trace.cut)" >&2
  }
  echo "trace-go: $rel: building stock programs (the first build also rebuilds std)"
  build stock || return 1
  patch -p1 -s -d "$w/goroot" <"$repo/conformance/go/$rel/extended-format.patch" || return 1
  echo "trace-go: $rel: building extended programs"
  build ext || return 1
  for name in "${stock_programs[@]}"; do run stock 1 "$name" || return 1; done
  for name in "${ext_programs[@]}"; do
    for procs in $ext_procs; do
      [ "$procs" = "$widest" ] && [[ " $not_widest " == *" $name "* ]] && continue
      run ext "$procs" "$name" || return 1
    done
  done
  # Stock multi-P traces: the interleaved-pairing case the parser must attribute
  # or report (GC workers shrinking on the other P; gfget allocations racing).
  for name in $stock_multi; do run stock 2 "$name" || return 1; done

  # Fixtures are committed, so keep each release's folder small.
  local total
  total=$(cat "$w"/traces/*.trace | wc -c)
  if [ "$total" -gt 1800000 ]; then
    echo "trace-go: $rel: traces total $total bytes (> 1.8 MB budget); trim the programs" >&2
    return 1
  fi
  mkdir -p "$out"
  cp "$w"/traces/*.trace "$out/"
  wc -lc "$w"/traces/*.trace | sed "s|$w/traces/|  |"

  # Level 1 and 2 on the new traces (informational: a rejection may be a runtime finding).
  local names
  names=$(cd "$w/traces" && ls *.trace)
  for n in $names; do
    printf '%s: ' "$n"
    node "$repo/bin/stackcheck.mjs" conform "$out/$n" | sed -n 's/^\(level 2: [a-z-]*\).*/\1/p' || true
  done
  echo "trace-go: $rel: wrote $(ls "$w"/traces | wc -l) traces to $out"
}

status=0
want() { [ "$release" = all ] || [ "$release" = "$1" ]; }
out_of() { if [ -n "$out_root" ]; then echo "$out_root/$1"; elif [ "$1" = go1.19 ]; then echo "$repo/conformance/fixtures"; else echo "$repo/conformance/fixtures/$1"; fi; }
if want go1.19; then
  g=${STACKCHECK_GOROOT_119:-/usr/lib/go-1.19}
  if [ "$release" = all ] && ! [ -x "$g/bin/go" ]; then echo "trace-go: go1.19: skipped, no Go at $g (apt-get install -y golang-1.19-go golang-1.19-src)" >&2
  # At GOMAXPROCS=8 not the four largest traces (the folder must stay under 2 MB; resize sets
  # its own GOMAXPROCS anyway): `stackcheck go-check --procs 8` runs those.
  else trace go1.19 "$g" "$(out_of go1.19)" "2 4 8" "parkshrink shortlived" "assistshrink memstats resize shortlived" || status=$?; fi
fi
if want go1.26; then
  g=${STACKCHECK_GOROOT_126:-/usr/local/go}
  if [ "$release" = all ] && ! [ -x "$g/bin/go" ]; then echo "trace-go: go1.26: skipped, no Go at $g" >&2
  else trace go1.26 "$g" "$(out_of go1.26)" "2 4" "" || status=$?; fi
fi
exit $status
