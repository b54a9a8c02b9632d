#!/usr/bin/env bash
# One large table, as a new user would mask it: `cleanroom mask` with `cleanroom scan`'s untouched
# draft against the raw COPY pipe of the same table, on one throwaway PostgreSQL 15 cluster, in the
# same run (issue "Throughput: one large table at the speed of the raw pipe").
#
#   benchmarks/single.sh [--rows N ...] [--jobs N] [--repeat N] [--no-build] [--compare BIN] [--out DIR]
#
#   --rows N ...   table sizes to run, in order (default: 1000000); benchmarks/single.sql
#   --jobs N       workers of cleanroom (default: the number of cores); the raw pipe is one COPY | COPY
#   --repeat N     measure each pipeline N times per size, alternating raw and cleanroom (default 3);
#                  every pair is reported, with its ratio
#   --no-build     use the existing release build instead of running `swift build`
#   --compare BIN  also measure another cleanroom binary (an earlier build) in every round, right
#                  after this one, with the same draft: a paired before/after
#   --out DIR      also keep the report, the draft, cleanroom's --json summaries and /usr/bin/time -v output
#
# Reports wall time, the ratio to the raw pipe of the same pair and its median, client and server CPU
# seconds per million rows, and peak RSS. The machine may be shared: the ratios of runs made side by
# side, and CPU seconds, move far less with the load than wall times do.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

sizes=()
jobs=$(nproc)
build=1
out=""
repeat=3
compare=""
while [ $# -gt 0 ]; do
  case "$1" in
    --rows)
      shift
      while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do sizes+=("$1"); shift; done
      continue ;;
    --jobs) shift; jobs="${1:?--jobs needs a number}" ;;
    --no-build) build=0 ;;
    --repeat) shift; repeat="${1:?--repeat needs a number}" ;;
    --out) shift; out="${1:?--out needs a folder}" ;;
    --compare) shift; compare="${1:?--compare needs a cleanroom binary}" ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "single.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000)
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "single.sh: --rows takes whole numbers, not '$n'" >&2; exit 2; }
done
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "single.sh: --jobs must be a positive whole number" >&2; exit 2; }
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "single.sh: --repeat must be a positive whole number" >&2; exit 2; }
[ -z "$compare" ] || [ -x "$compare" ] || { echo "single.sh: --compare $compare is not an executable" >&2; exit 2; }

. "$here/lib.sh"
"$root/scripts/setup.sh"
release_binary
start_cluster
prepare_keys

tables=(people)
this=$cleanroom
results="$work/results.tsv"
: >"$results"
report="$work/report.txt"

for rows in "${sizes[@]}"; do
  src="src_$rows" raw="raw_$rows" masked="masked_$rows"
  log "$rows rows: generating the source table"
  single_source "$src" "$rows"
  cp "$work/single-rules.yaml" "$work/single-rules-$rows.yaml"
  bytes=$(sql "$src" -c "COPY people TO STDOUT" | wc -c)
  log "  people: $rows rows, $bytes bytes of COPY text"
  for ((run = 1; run <= repeat; run++)); do
    measure_raw "$src" "$raw" "$rows"
    for binary in "$this" ${compare:+"$compare"}; do
      cleanroom=$binary
      label=$([ "$binary" = "$this" ] && echo this || echo compare)
      time_mask "$src" "$masked" "$work/single-rules-$rows.yaml" "$rows-$run-$label"
      [ "$(sql "$masked" -Atc "SELECT count(*) FROM people")" -eq "$rows" ] \
        || { echo "single.sh: cleanroom did not write $rows rows" >&2; exit 1; }
      [ "$(sql "$src" -Atc "SELECT email FROM people WHERE id = 1")" != "$(sql "$masked" -Atc "SELECT email FROM people WHERE id = 1")" ] \
        || { echo "single.sh: the output looks unmasked" >&2; exit 1; }
      log "  cleanroom ($label) ${mask_seconds} s (CPU s client, server: ${mask_cpu/$'\t'/, }), peak RSS $((run_rss_kb / 1024)) MB"
      sql postgres -c "DROP DATABASE $masked"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rows" "$bytes" "$run" "$raw_seconds" "$mask_seconds" "$run_rss_kb" \
        "$raw_cpu" "$mask_cpu" "$label" >>"$results"
    done
    cleanroom=$this
  done
  sql postgres -c "DROP DATABASE $src"
done

{
  echo "one table, cleanroom mask (scan's draft) vs the raw COPY pipe — $(nproc) cores, --jobs $jobs, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "machine load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  awk -F'\t' '
    BEGIN {
      print "|     rows | run | build   | raw s | cleanroom s | ratio | raw CPU s/M rows client, server | cleanroom CPU s/M rows client, server | peak RSS |"
      print "| -------: | --: | ------- | ----: | ----------: | ----: | ------------------------------: | ------------------------------------: | -------: |"
    }
    {
      m = $1 / 1e6
      printf "| %8d | %3d | %-7s | %5.2f | %11.2f | %5.2f | %23.2f, %6.2f | %29.2f, %6.2f | %5.0f MB |\n", $1, $3, $11, $4, $5, $4 / $5, $7 / m, $8 / m, $9 / m, $10 / m, $6 / 1024
      g = $1 SUBSEP $11
      n[g]++; r[g, n[g]] = $4 / $5; w[g] = (w[g] == "" || $5 < w[g]) ? $5 : w[g]; rss[g] = $6 > rss[g] ? $6 : rss[g]
      c[g] += $9 / m; sv[g] += $10 / m
      if (!(g in seen)) { seen[g] = 1; order[++groups] = g }
    }
    END {
      print ""
      for (i = 1; i <= groups; i++) {
        g = order[i]; k = n[g]; split(g, part, SUBSEP)
        for (a = 1; a <= k; a++) for (b = a + 1; b <= k; b++) if (r[g, b] < r[g, a]) { t = r[g, a]; r[g, a] = r[g, b]; r[g, b] = t }
        med = k % 2 ? r[g, (k + 1) / 2] : (r[g, k / 2] + r[g, k / 2 + 1]) / 2
        printf "%d rows, %s: median ratio %.2f over %d pairs, fastest %.2f s, mean CPU s per M rows client %.2f server %.2f, peak RSS %.0f MB\n", part[1], part[2], med, k, w[g], c[g] / k, sv[g] / k, rss[g] / 1024
        if (part[2] == "this") { best[part[1]] = w[g]; if (!(part[1] in sized)) { sized[part[1]] = 1; size[++sizes] = part[1] } }
      }
      if (sizes >= 2) {
        a = size[1]; b = size[sizes]
        printf "cost linear in rows: %d rows took %.2f x the time of %d rows (%.1f x the rows)\n", b, best[b] / best[a], a, b / a
      }
    }' "$results"
  echo
  echo "ratio = raw pipe wall time / cleanroom wall time of the same pair; CPU in seconds per million rows;"
  echo "client = psql and pg_dump, or cleanroom (with its pg_dump); server = every PostgreSQL process."
} | tee "$report"

if [ -n "$out" ]; then
  mkdir -p "$out"
  cp "$report" "$work"/single-rules-*.yaml "$work"/mask-*.json "$work"/time-*.txt "$out"/
  log "report and raw outputs kept in $out"
fi
