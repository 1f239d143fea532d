#!/usr/bin/env bash
# Runs `stackcheck go-check` on a stock Go runtime and on every runtime bug of its release in
# conformance/go/<release>/bugs/*.patch (the release read from GOROOT/VERSION), and prints one
# table row per patch: caught or not, at which level, line and rule (the first program and
# GOMAXPROCS that shows it) or the line where the program crashed, and how many events the trace
# printed between the line where the patched code first acted differently (each patch prints
# `injected bug acts here: NAME` there; the checker ignores that line, it is no stack print) and
# the reported line. Exit 1 if the stock runtime is not clean or a patch goes uncaught.
#
# Usage: npm run go-check:patches [-- GOROOT [PATCH...]]   (default GOROOT /usr/lib/go-1.19)
# Go 1.19: apt-get install -y golang-1.19-go golang-1.19-src; Go 1.26: /usr/local/go. Needs
# patch(1). About 1–2 min per patch.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
goroot=${1:-/usr/lib/go-1.19}
shift || true
patches=("$@")
# The release family (go1.19, go1.26) picks the patch folder, as go-check picks the profile.
release=$( (head -1 "$goroot/VERSION" 2>/dev/null || GOENV=off GOTOOLCHAIN=local "$goroot/bin/go" version 2>/dev/null | awk '{print $3}') | grep -o '^go[0-9]*\.[0-9]*' || true)
[ ${#patches[@]} -eq 0 ] && patches=("$repo"/conformance/go/"$release"/bugs/*.patch)
out=${GO_CHECK_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/stackcheck-patches.XXXXXX")}
mkdir -p "$out"
sc="node $repo/bin/stackcheck.mjs"
status=0

$sc go-check "$goroot" --json --out "$out/stock" >"$out/stock.json"
rc=$?
if [ $rc -eq 2 ]; then echo "go-check-patches: go-check could not run on $goroot (see above)" >&2; exit 2; fi
echo "stock runtime: $([ $rc -eq 0 ] && echo clean || echo NOT CLEAN) (traces in $out/stock)"
[ $rc -eq 0 ] || status=1

echo '| patch | caught at | program, GOMAXPROCS | line | rule | bug first acted at line | events after it |'
echo '|---|---|---|---|---|---|---|'
for p in "${patches[@]}"; do
  name=$(basename "$p" .patch)
  $sc go-check "$goroot" --patch "$p" --json --out "$out/$name" >"$out/$name.json"
  rc=$?
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const name = process.argv[2];
    const hit = r.rows.find((x) => x.first !== null) ?? r.rows.find((x) => x.run !== "ok");
    if (hit === undefined) { console.log(`| ${name} | NOT CAUGHT | | | | | |`); process.exit(1); }
    const fs = require("fs");
    const lines = hit.trace && fs.existsSync(hit.trace) ? fs.readFileSync(hit.trace, "utf8").split("\n") : [];
    const acted = lines.findIndex((l) => l.startsWith("injected bug acts here: ")) + 1;
    const event = (l) => /^(stackalloc|  allocated|stackfree|stackcache|stackspan|stacklarge|stackpool|copystack|shrinking|freeStackSpans|setGCPhase|procresize|gfput|gfree|markrootFreeGStacks|runtime: newstack|stack grow done)/.test(l);
    // Events strictly after the marker and before the reported line (0: caught at the first line the bug could show in).
    const after = (line) => acted === 0 ? "" : String(lines.slice(acted, line - 1).filter(event).length);
    const actedAt = acted === 0 ? "not printed" : acted;
    if (hit.first === null) {
      const at = /^line (\d+): (.*)$/.exec(hit.runNote ?? "");
      const line = at === null ? null : Number(at[1]);
      console.log(`| ${name} | the program ${hit.run} | ${hit.program}, ${hit.procs} | ${line ?? ""} | ${at === null ? hit.runNote : at[2]} | ${actedAt} | ${line === null ? "" : after(line)} |`);
      process.exit(0);
    }
    console.log(`| ${name} | level ${hit.first.level} | ${hit.program}, ${hit.procs} | ${hit.first.line} | \`${hit.first.rule}\` | ${actedAt} | ${after(hit.first.line)} |`);
  ' "$out/$name.json" "$name" || status=1
  [ $rc -eq 2 ] && { echo "go-check-patches: $name: go-check could not run (see above)" >&2; status=1; }
done
exit $status
