#!/usr/bin/env bash
# Throughput and memory of `cleanroom mask` (PostgreSQL → PostgreSQL) against the raw COPY pipe, on the
# same throwaway PostgreSQL 15 cluster, data and machine (DESIGN §10).
#
#   benchmarks/run.sh [--scale S ...] [--jobs N] [--repeat N] [--no-build] [--out DIR]
#
#   --scale S ...  scale factors to run, in order (default: 0.1 1); 1 = 1,000,000 customers,
#                  2,000,000 orders, 2,000,000 payments (benchmarks/generate.sql)
#   --jobs N       tables copied in parallel, by both pipelines (default: the number of cores)
#   --repeat N     measure each pipeline N times per scale (alternating) and keep the fastest run
#                  (default 1; the machine may be shared); peak RSS is the largest of the N
#   --no-build     use the existing release build instead of running `swift build`
#   --out DIR      also keep the report, cleanroom's --json summaries and /usr/bin/time -v output there
#
# For each scale: generate the source database; (a) the raw pipe: pg_dump pre-data into a fresh
# database, `psql -c "COPY t TO STDOUT" | psql -c "COPY t FROM STDIN"` for every table (N at a time),
# pg_dump post-data (keys, indexes), timed as a whole; (b) `cleanroom mask` with benchmarks/rules.yaml
# under /usr/bin/time -v for its peak RSS. Then one table with both scales and the targets.
#
# The masking key is random for the run and only ever in the environment (CLEANROOM_MASKING_KEY):
# never on a command line, never printed. The cluster, its data and the evidence ledger live in a
# temporary folder removed on exit, whatever happens.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

scales=()
jobs=$(nproc)
build=1
out=""
repeat=1
while [ $# -gt 0 ]; do
  case "$1" in
    --scale)
      shift
      while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do scales+=("$1"); shift; done
      continue ;;
    --scale=*) scales+=("${1#--scale=}") ;;
    --jobs) shift; jobs="${1:?--jobs needs a number}" ;;
    --jobs=*) jobs="${1#--jobs=}" ;;
    --no-build) build=0 ;;
    --repeat) shift; repeat="${1:?--repeat needs a number}" ;;
    --repeat=*) repeat="${1#--repeat=}" ;;
    --out) shift; out="${1:?--out needs a folder}" ;;
    --out=*) out="${1#--out=}" ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ ${#scales[@]} -gt 0 ] || scales=(0.1 1)
for s in "${scales[@]}"; do
  [[ "$s" =~ ^[0-9]*\.?[0-9]+$ ]] || { echo "run.sh: scale must be a positive number, not '$s'" >&2; exit 2; }
done
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --jobs must be a positive whole number" >&2; exit 2; }
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --repeat must be a positive whole number" >&2; exit 2; }

. "$here/lib.sh"

"$root/scripts/setup.sh"
release_binary

start_cluster
prepare_keys

tables=(customers orders payments)
results="$work/results.tsv"
: >"$results"

# (b) cleanroom mask under /usr/bin/time -v. Sets mask_seconds and run_rss_kb.
measure_mask() {
  local src=$1 masked=$2 rows=$3 tag=$4 copied t hits probe
  time_mask "$src" "$masked" "$here/rules.yaml" "$tag"
  copied=0
  for t in "${tables[@]}"; do copied=$((copied + $(sql "$masked" -Atc "SELECT count(*) FROM $t"))); done
  [ "$copied" -eq "$rows" ] || { echo "run.sh: cleanroom wrote $copied rows, expected $rows" >&2; exit 1; }
  hits=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["leakProbe"]["hits"])' "$work/mask-$tag.json" 2>/dev/null || echo "?")
  probe="SELECT md5(concat(email, phone, card_number)) FROM customers JOIN orders USING (customer_id) JOIN payments USING (order_id) ORDER BY payment_id LIMIT 1"
  [ "$(sql "$src" -Atc "$probe")" != "$(sql "$masked" -Atc "$probe")" ] || { echo "run.sh: the output looks unmasked" >&2; exit 1; }
  log "  cleanroom ${mask_seconds} s (CPU s client, server: ${mask_cpu/$'\t'/, }), peak RSS $((run_rss_kb / 1024)) MB, leak-probe hits $hits"
  sql postgres -c "DROP DATABASE $masked"
}

for scale in "${scales[@]}"; do
  tag="s$(echo "$scale" | tr . _)"
  src="src_$tag" raw="raw_$tag" masked="masked_$tag"

  # --- source ---------------------------------------------------------------------------------
  log "scale $scale: generating the source database"
  sql postgres -c "CREATE DATABASE $src TEMPLATE template0"
  t0=$(now)
  sql "$src" -v scale="$scale" -f "$here/generate.sql"
  t1=$(now)
  rows=0 bytes=0
  for t in "${tables[@]}"; do
    n=$(sql "$src" -Atc "SELECT count(*) FROM $t")
    b=$(sql "$src" -c "COPY $t TO STDOUT" | wc -c)
    log "  $t: $n rows, $b bytes of COPY text"
    rows=$((rows + n)) bytes=$((bytes + b))
  done
  log "scale $scale: generated $rows rows in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"

  best_raw="" best_mask="" best_raw_cpu="" best_mask_cpu="" rss_kb=0
  for ((run = 1; run <= repeat; run++)); do
    measure_raw "$src" "$raw" "$rows"
    if [ -z "$best_raw" ] || awk -v a="$raw_seconds" -v b="$best_raw" 'BEGIN { exit !(a < b) }'; then
      best_raw=$raw_seconds best_raw_cpu=$raw_cpu
    fi
    measure_mask "$src" "$masked" "$rows" "$tag-$run"
    if [ -z "$best_mask" ] || awk -v a="$mask_seconds" -v b="$best_mask" 'BEGIN { exit !(a < b) }'; then
      best_mask=$mask_seconds best_mask_cpu=$mask_cpu
    fi
    [ "$run_rss_kb" -gt "$rss_kb" ] && rss_kb=$run_rss_kb
  done
  sql postgres -c "DROP DATABASE $src"

  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scale" "$rows" "$bytes" "$best_raw" "$best_mask" "$rss_kb" \
    "$best_raw_cpu" "$best_mask_cpu" >>"$results"
done

# --- report ---------------------------------------------------------------------------------------
report() {
echo "cleanroom mask vs the raw COPY pipe — $(nproc) cores, --jobs $jobs, best of $repeat, $(date -u +%Y-%m-%dT%H:%MZ)"
awk -F'\t' '
  function row(scale, what, rows, mb, s, rss, ratio, client, server) {
    printf "| %5s | %-14s | %10d | %8.1f | %7.2f | %10.0f | %7.1f | %8s | %6s | %12s | %12s |\n", scale, what, rows, mb, s, rows / s, mb / s, rss, ratio, client, server
  }
  BEGIN {
    print "| scale | pipeline       |       rows |       MB |  wall s |     rows/s |    MB/s | peak RSS |  ratio | client CPU s | server CPU s |"
    print "| ----: | -------------- | ---------: | -------: | ------: | ---------: | ------: | -------: | -----: | -----------: | -----------: |"
  }
  {
    mb = $3 / 1e6
    row($1, "raw COPY pipe", $2, mb, $4, "-", "1.00", $7, $8)
    row($1, "cleanroom mask", $2, mb, $5, sprintf("%.0f MB", $6 / 1024), sprintf("%.2f", $4 / $5), $9, $10)
    scale[NR] = $1; ratio[NR] = $4 / $5; rss[NR] = $6 / 1024
  }
  END {
    print ""
    print "ratio = cleanroom throughput / raw pipe throughput; MB = 10^6 bytes of COPY text read from the source;"
    print "client CPU = psql and pg_dump, or cleanroom (with its pg_dump); server CPU = all PostgreSQL processes."
    print ""
    ok = 1; for (i = 1; i <= NR; i++) if (ratio[i] < 0.7) ok = 0
    printf "target: masking throughput >= 0.7x the raw pipe ......... %s\n", ok ? "met" : "not met"
    for (i = 1; i <= NR; i++) {
      if (scale[i] + 0 == 1) { big = rss[i]; printf "target: peak RSS <= 150 MB at scale 1 .................. %s (%.0f MB)\n", big <= 150 ? "met" : "not met", big }
      if (scale[i] + 0 == 0.1) small = rss[i]
    }
    if (big != "" && small != "") printf "target: peak RSS at scale 1 within 1.2x of scale 0.1 .... %s (%.2fx)\n", big <= 1.2 * small ? "met" : "not met", big / small
  }' "$results"
}
echo
report | tee "$work/report.txt"
if [ -n "$out" ]; then
  mkdir -p "$out"
  cp "$work/report.txt" "$work"/mask-*.json "$work"/time-*.txt "$out"/
  log "report and raw outputs kept in $out"
fi
