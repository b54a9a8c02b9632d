#!/usr/bin/env bash
# Where the time of `cleanroom mask` goes, on the benchmark dataset (DESIGN §10).
#
#   benchmarks/profile.sh [--scale S | --single N] [--rows N] [--cleanroom BIN] [--out DIR]
#
#   --scale S   dataset scale for the perf run (default 0.1)
#   --single N  profile the single-table benchmark instead (benchmarks/single.sql with N rows, masked
#               with `cleanroom scan`'s draft, as benchmarks/single.sh does)
#   --rows N    rows of each table given to callgrind (default 20000; callgrind runs ~50× slower)
#   --cleanroom BIN  perf this cleanroom binary (an earlier build: a profile before a change) and skip
#               callgrind, whose harness is built from this checkout
#   --out DIR   keep the raw profiles (perf.data, callgrind.out.*) and reports there
#
# 1. perf (when `perf record -e cpu-clock` works; hardware counters are not needed): samples the real
#    `cleanroom mask` pg→pg run and prints the hottest symbols of the copy phase, the post-data step
#    and the read-back verification, told apart by the time of cleanroom's progress lines.
# 2. callgrind: `cleanroom mask` itself cannot run under valgrind (its pg_dump subprocess fails to
#    start there), so each table's COPY text is masked in-process by benchmarks/micro
#    (`cleanroom-micro --mask-copy … --probe`), the same MaskingPlan → TableMasker path plus the leak
#    probe's inserts. Valgrind 3.19 cannot read the DWARF 5 of Swift 6 binaries, so a copy with the
#    debug sections stripped is profiled (symbols remain). Valgrind hides SHA-NI, so instruction counts
#    overstate SHA-256 against the real CPU: read callgrind for structure, perf for time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

scale=0.1
single=""
rows=20000
other=""
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) shift; scale="${1:?}" ;;
    --single) shift; single="${1:?}" ;;
    --rows) shift; rows="${1:?}" ;;
    --cleanroom) shift; other="${1:?}" ;;
    --out) shift; out="${1:?}" ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "profile.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

. "$here/lib.sh"
"$root/scripts/setup.sh"
command -v valgrind >/dev/null || { echo "profile.sh: valgrind is missing (apt-get install valgrind)" >&2; exit 2; }

log "building cleanroom and benchmarks/micro (release)"
(cd "$root" && swift build -c release --product cleanroom >&2)
(cd "$here/micro" && swift build -c release >&2)
cleanroom="$(cd "$root" && swift build -c release --show-bin-path)/cleanroom"
micro="$(cd "$here/micro" && swift build -c release --show-bin-path)/cleanroom-micro"
if [ -n "$other" ]; then
  [ -x "$other" ] || { echo "profile.sh: --cleanroom $other is not an executable" >&2; exit 2; }
  cleanroom=$other
fi
demangle() { swift demangle --simplified; }

start_cluster
prepare_keys
reports="$work/reports"
mkdir -p "$reports"

if [ -n "$single" ]; then
  single_source src "$single"
  rules="$work/single-rules.yaml" tables=(people) what="the single table ($single rows)"
else
  sql postgres -c "CREATE DATABASE src"
  sql src -v scale="$scale" -f "$here/generate.sql"
  rules="$here/rules.yaml" tables=(customers orders payments) what="scale $scale"
fi

# --- perf: the real run ----------------------------------------------------------------------------
if perf record -e cpu-clock -o "$work/perf-probe.data" -- true >/dev/null 2>&1; then
  log "perf: cleanroom mask, $what"
  # The progress lines on stderr, stamped with CLOCK_MONOTONIC (perf records the same clock), tell
  # the phases apart: copy until "creating indexes", then post-data, then the read-back verification.
  perf record -k CLOCK_MONOTONIC -e cpu-clock -F 499 -o "$reports/perf.data" -- "$cleanroom" mask --source "$(pg_url src)" \
    --target "$(pg_url masked)" --rules "$rules" >/dev/null \
    2> >(python3 -u -c 'import sys, time
for line in sys.stdin: print(f"{time.monotonic():.6f} {line}", end="", flush=True)' >"$reports/progress.txt")
  sleep 1  # let the stamping process finish writing
  perf script -i "$reports/perf.data" -F tid,time,ip,sym,dso 2>/dev/null | demangle >"$work/perf.script"
  python3 - "$work/perf.script" "$reports/progress.txt" >"$reports/perf-phases.txt" <<'EOF'
import collections, re, sys
rows = []
for line in open(sys.argv[1]):
    m = re.match(r'\s*(\d+)\s+([\d.]+):\s*(.*)$', line)
    if not m:
        continue
    m2 = re.match(r'([0-9a-f]+)\s+(.*)\s+\((.*)\)$', m.group(3).strip())
    sym, dso = (m2.group(2), m2.group(3).split('/')[-1]) if m2 else (m.group(3), '')
    rows.append((float(m.group(2)), sym, dso))
if not rows:
    sys.exit("no samples")
marks = {}
for line in open(sys.argv[2]):
    stamp, _, text = line.partition(' ')
    for key, phrase in (('post', 'creating indexes'), ('verify', 'verifying the target')):
        if phrase in text and key not in marks:
            marks[key] = float(stamp)
post, verify = marks.get('post', float('inf')), marks.get('verify', float('inf'))
start, end = rows[0][0], rows[-1][0]
print(f'wall: copy {min(post, end) - start:.1f} s, post-data {max(0, min(verify, end) - post):.1f} s, '
      f'verification {max(0, end - verify):.1f} s (from the progress lines)')
def category(s, d):
    if d.startswith('libcrypto'): return 'OpenSSL (SHA-256, AES)'
    if d.startswith('libc.so'):
        return 'malloc/free' if any(k in s for k in ('malloc', 'free', '_int_', 'realloc')) else 'libc other'
    if d.startswith('libswiftCore'):
        if any(k in s for k in ('retain', 'release', 'RefCount', 'Decrement', 'dealloc', 'isUniquely')): return 'Swift retain/release'
        if any(k in s for k in ('etadata', 'GenericCache', 'ConcurrentReadableHashMap', 'getCache', 'itness', 'NativeBox')): return 'Swift generic dispatch + metadata'
        if 'Hasher' in s: return 'Swift hashing'
        return 'Swift stdlib other'
    if d == 'cleanroom':
        for k, v in (('LeakProbe', 'leak probe'), ('JSON', 'JSON rewrite'), ('Redact', 'redaction'), ('Scanner', 'redaction'),
                     ('FF1', 'FF1'), ('WordArithmetic', 'FF1'), ('CopyText', 'COPY text escape/unescape')):
            if k in s: return v
        return 'cleanroom other'
    return 'kernel' if 'kernel' in d else (d or 'unknown')
for name, part in (('copy phase', [r[1:] for r in rows if r[0] < post]),
                   ('post-data (indexes, constraints)', [r[1:] for r in rows if post <= r[0] < verify]),
                   ('post-data and verification (run together on PostgreSQL)' if verify == post
                    else 'verification (read-back digests and leak probe)', [r[1:] for r in rows if r[0] >= verify])):
    if not part:
        continue
    print(f'== {name}: {len(part)} samples, {100 * len(part) / len(rows):.1f}% of the process')
    for k, v in collections.Counter(category(s, d) for s, d in part).most_common(12):
        print(f'  {100 * v / len(part):5.1f}%  {k}')
    print('  hottest symbols:')
    for (s, d), v in collections.Counter((s[:120], d) for s, d in part).most_common(15):
        print(f'  {100 * v / len(part):5.1f}%  {s}  [{d}]')
EOF
  cat "$reports/perf-phases.txt"
  sql postgres -c "DROP DATABASE masked"
else
  log "perf cannot sample here: skipping the real run"
fi

# --- callgrind: the masking path, table by table ---------------------------------------------------
cp "$micro" "$work/cleanroom-micro"
strip --strip-debug "$work/cleanroom-micro"
[ -z "$other" ] || tables=()  # the harness is this checkout's, not the other binary's
for t in "${tables[@]}"; do
  sql src -c "COPY (SELECT * FROM $t ORDER BY 1 LIMIT $rows) TO STDOUT" >"$work/$t.copy"
  log "callgrind: $t ($rows rows)"
  valgrind --tool=callgrind --callgrind-out-file="$reports/callgrind.out.$t" "$work/cleanroom-micro" \
    --mask-copy "$work/$t.copy" --table "$t" --rules "$rules" --probe 2>/dev/null
  {
    echo "== $t: exclusive"
    callgrind_annotate "$reports/callgrind.out.$t" 2>/dev/null | sed -n '/PROGRAM TOTALS/,$p' | sed -n '1,25p' | demangle | cut -c1-200
    echo "== $t: inclusive"
    callgrind_annotate --inclusive=yes "$reports/callgrind.out.$t" 2>/dev/null | sed -n '/PROGRAM TOTALS/,$p' | demangle \
      | grep -v -E 'closure|partial apply|thunk|below main|libc_start|_start|ld-linux|cleanroom_micro_main|Clock.measure|TableHarness.run' \
      | sed -n '1,30p' | cut -c1-200
  } >"$reports/callgrind-$t.txt"
  cat "$reports/callgrind-$t.txt"
done

if [ -n "$out" ]; then
  mkdir -p "$out"
  cp -r "$reports"/. "$out"/
  log "profiles kept in $out"
fi
