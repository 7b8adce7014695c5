#!/usr/bin/env bash
# The fuzz suite (tests/fuzz, issue 17) at full size, in one command:
#
#   bash scripts/fuzz-full.sh                      # every entry point, 100,000 inputs each
#   DT_FUZZ_EXAMPLES=20000 DT_FUZZ_JOBS=2 bash scripts/fuzz-full.sh -k "parse or Unit"
#
# Each fuzz test (one entry point, or one per parameter) runs in its own pytest process,
# niced, so that one failure does not stop the others and a run that is stopped still
# leaves the figures of every entry point it finished.  Results go to DT_FUZZ_OUT
# (default fuzz-results/<UTC time>/): log.txt gets one line per entry point as it
# finishes (exit code, wall seconds), <test>.json its figures (inputs, slowest call,
# slowest input, refused) and <test>.out pytest's output (the failing input, if any).
# At the end the figures of all entry points are printed as one table (also
# summary.md) and the exit code is non-zero if any entry point failed.
#
# Environment: DT_FUZZ_EXAMPLES (default 100000 here; the ordinary test run uses 100),
# DT_FUZZ_MAX_MS (default 100), DT_FUZZ_JOBS (parallel pytest processes, default 1),
# DT_FUZZ_OUT, VENV (default .venv).  Extra arguments select tests (pytest -k EXPR,
# or node ids).  The full size takes hours of CPU time (about 1.5 ms per input).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
export DT_FUZZ_EXAMPLES=${DT_FUZZ_EXAMPLES:-100000}
JOBS=${DT_FUZZ_JOBS:-1}
OUT=${DT_FUZZ_OUT:-fuzz-results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
export OUT PY

# The node ids to run, in the order given: all of tests/fuzz, or those the arguments select.
case " $* " in *" tests/"*) ;; *) set -- "$@" tests/fuzz ;; esac
"$PY" -m pytest --collect-only -q -p no:cacheprovider "$@" 2>/dev/null \
    | grep '::' | awk '!seen[$0]++' > "$OUT/nodes.txt"
echo "fuzz-full: $(wc -l < "$OUT/nodes.txt") entry points x $DT_FUZZ_EXAMPLES inputs," \
     "$JOBS job(s), results in $OUT"
echo "$(date -u +%FT%TZ) start examples=$DT_FUZZ_EXAMPLES jobs=$JOBS" \
     "commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')" >> "$OUT/log.txt"

run_one() {
    local node=$1 name start rc
    name=$(printf '%s' "${node#*::}" | tr -c 'A-Za-z0-9_.-' '_')
    start=$(date +%s)
    rc=0
    DT_FUZZ_REPORT="$OUT/$name.json" nice -n 19 "$PY" -m pytest -q -p no:cacheprovider \
        "$node" > "$OUT/$name.out" 2>&1 || rc=$?
    echo "$(date -u +%FT%TZ) $node rc=$rc seconds=$(( $(date +%s) - start ))" >> "$OUT/log.txt"
}
export -f run_one
tr '\n' '\0' < "$OUT/nodes.txt" | xargs -0 -P "$JOBS" -I{} bash -c 'run_one "$1"' _ {}

"$PY" - "$OUT" <<'EOF' | tee "$OUT/summary.md"
import json, pathlib, re, sys
out = pathlib.Path(sys.argv[1])
stats = {}
for f in sorted(out.glob("*.json")):
    stats.update(json.loads(f.read_text(encoding="utf-8")))
failed = [l for l in (out / "log.txt").read_text().splitlines() if re.search(r" rc=[1-9]", l)]
print("| Entry point | inputs | refused | slowest ms |\n|---|---:|---:|---:|")
for name in sorted(stats):
    n, slowest, _arg, refused = stats[name]
    print(f"| `{name}` | {n:,} | {refused:,} | {slowest * 1000:.2f} |")
total = sum(v[0] for v in stats.values())
worst = max((v[1] for v in stats.values()), default=0.0)
print(f"| **total ({len(stats)} entry points)** | **{total:,}** | | **{worst * 1000:.2f}** |")
print(f"\nfailed: {len(failed)}" + "".join(f"\n  {l}" for l in failed))
EOF
! grep -q ' rc=[1-9]' "$OUT/log.txt"
