#!/usr/bin/env bash
# A subset against the full masked copy: `cleanroom mask` of benchmarks/run.sh's dataset with
# benchmarks/rules.yaml, once whole and once with a `subset:` keeping a percentage of the customers
# (and their orders and payments), on the same cluster, data and machine (docs/subsetting.md).
#
#   benchmarks/subset.sh [--scale S] [--percent P] [--jobs N] [--repeat N] [--no-build]
#
#   --scale S    the dataset's scale (default 1: 1,000,000 customers, 2,000,000 orders and payments)
#   --percent P  customers kept: the root is `customer_id % (100 / P) = 0` (default 1; P divides 100)
#   --jobs N     tables copied in parallel (default: the number of cores)
#   --repeat N   run each N times, alternating, and keep the fastest (default 1; the machine may be shared)
#   --no-build   use the existing release build instead of running `swift build`
#
# Each subset target is checked: its rows equal what this script's own SQL counts on the source
# (customers of the predicate, their orders, those orders' payments), and every foreign key of the
# target is validated by PostgreSQL. The report gives wall and CPU seconds of both and
# subset seconds / full seconds; the issue's target is <= 0.10 for a 1 % subset at scale 1.
#
# The masking key is random and only in the environment; the cluster and the evidence live in a
# temporary folder removed on exit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

scale=1
percent=1
jobs=$(nproc)
repeat=1
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) shift; scale="${1:?--scale needs a number}" ;;
    --scale=*) scale="${1#--scale=}" ;;
    --percent) shift; percent="${1:?--percent needs a number}" ;;
    --percent=*) percent="${1#--percent=}" ;;
    --jobs) shift; jobs="${1:?--jobs needs a number}" ;;
    --jobs=*) jobs="${1#--jobs=}" ;;
    --repeat) shift; repeat="${1:?--repeat needs a number}" ;;
    --repeat=*) repeat="${1#--repeat=}" ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "subset.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$scale" =~ ^[0-9]*\.?[0-9]+$ ]] || { echo "subset.sh: --scale must be a positive number" >&2; exit 2; }
[[ "$percent" =~ ^[1-9][0-9]*$ ]] && [ $((100 % percent)) -eq 0 ] \
  || { echo "subset.sh: --percent must be a whole number dividing 100" >&2; exit 2; }
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "subset.sh: --jobs must be a positive whole number" >&2; exit 2; }
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { echo "subset.sh: --repeat must be a positive whole number" >&2; exit 2; }

. "$here/lib.sh"

"$root/scripts/setup.sh"
release_binary

start_cluster
prepare_keys

modulus=$((100 / percent))
predicate="customer_id % $modulus = 0"
subset_rules="$work/subset-rules.yaml"
{ cat "$here/rules.yaml"; printf '\nsubset:\n  roots:\n    public.customers: "%s"\n' "$predicate"; } >"$subset_rules"

log "scale $scale: generating the source database"
sql postgres -c "CREATE DATABASE src TEMPLATE template0"
sql src -v scale="$scale" -f "$here/generate.sql"
kept_customers="SELECT customer_id FROM customers WHERE $predicate"
kept_orders="SELECT order_id FROM orders WHERE customer_id IN ($kept_customers)"
declare -A expected=(
  [customers]=$(sql src -Atc "SELECT count(*) FROM ($kept_customers) k")
  [orders]=$(sql src -Atc "SELECT count(*) FROM ($kept_orders) k")
  [payments]=$(sql src -Atc "SELECT count(*) FROM payments WHERE order_id IN ($kept_orders)")
)
log "  the subset keeps ${expected[customers]} customers, ${expected[orders]} orders, ${expected[payments]} payments"

# One masked copy under /usr/bin/time -v; sets seconds, cpu (client, server) and rss_kb.
measure() {
  local rules=$1 target=$2 tag=$3 t0 t1 c0 s0
  sql postgres -c CHECKPOINT
  log "  cleanroom mask, $tag (load average $(cut -d' ' -f1 /proc/loadavg))"
  c0=$(client_cpu) s0=$(server_cpu)
  t0=$(now)
  /usr/bin/time -v -o "$work/time-$tag.txt" "$cleanroom" mask --source "$(pg_url src)" --target "$(pg_url "$target")" \
    --rules "$rules" --jobs "$jobs" --json --quiet >"$work/mask-$tag.json"
  t1=$(now)
  seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  cpu=$(awk -v a="$c0" -v b="$(client_cpu)" -v c="$s0" -v d="$(server_cpu)" 'BEGIN { printf "%.1f\t%.1f", b - a, d - c }')
  rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time-$tag.txt")
  log "  $tag: ${seconds} s (CPU s client, server: ${cpu/$'\t'/, }), peak RSS $((rss_kb / 1024)) MB"
}

best_full="" best_subset="" full_cpu="" subset_cpu="" full_rss=0 subset_rss=0
for ((run = 1; run <= repeat; run++)); do
  measure "$here/rules.yaml" masked_full "full-$run"
  if [ -z "$best_full" ] || awk -v a="$seconds" -v b="$best_full" 'BEGIN { exit !(a < b) }'; then
    best_full=$seconds full_cpu=$cpu
  fi
  [ "$rss_kb" -gt "$full_rss" ] && full_rss=$rss_kb
  sql postgres -c "DROP DATABASE masked_full"

  measure "$subset_rules" masked_subset "subset-$run"
  for t in customers orders payments; do
    n=$(sql masked_subset -Atc "SELECT count(*) FROM $t")
    [ "$n" -eq "${expected[$t]}" ] || { echo "subset.sh: the subset has $n rows of $t, expected ${expected[$t]}" >&2; exit 1; }
  done
  invalid=$(sql masked_subset -Atc "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated")
  keys=$(sql masked_subset -Atc "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated")
  [ "$invalid" -eq 0 ] && [ "$keys" -eq 2 ] || { echo "subset.sh: foreign keys not all validated ($keys valid, $invalid not)" >&2; exit 1; }
  if [ -z "$best_subset" ] || awk -v a="$seconds" -v b="$best_subset" 'BEGIN { exit !(a < b) }'; then
    best_subset=$seconds subset_cpu=$cpu
  fi
  [ "$rss_kb" -gt "$subset_rss" ] && subset_rss=$rss_kb
  sql postgres -c "DROP DATABASE masked_subset"
done

full_rows=$(python3 -c 'import json, sys; print(sum(t["rows"] for t in json.load(open(sys.argv[1]))["tables"]))' "$work/mask-full-1.json")
subset_rows=$(python3 -c 'import json, sys; print(sum(t["rows"] for t in json.load(open(sys.argv[1]))["tables"]))' "$work/mask-subset-1.json")
echo
echo "cleanroom mask, a $percent % subset vs the full copy — scale $scale, $(nproc) cores, --jobs $jobs, best of $repeat, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "| run | rows written | wall s | client CPU s | server CPU s | peak RSS |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
printf '| full copy | %s | %s | %s | %s | %s MB |\n' "$full_rows" "$best_full" "${full_cpu%%$'\t'*}" "${full_cpu##*$'\t'}" $((full_rss / 1024))
printf '| subset (`%s`) | %s | %s | %s | %s | %s MB |\n' "$predicate" "$subset_rows" "$best_subset" "${subset_cpu%%$'\t'*}" "${subset_cpu##*$'\t'}" $((subset_rss / 1024))
awk -v s="$best_subset" -v f="$best_full" -v p="$percent" 'BEGIN {
  printf "\nsubset / full, wall: %.3f  (target for a 1 %% subset: <= 0.10 ... %s)\n", s / f, (p == 1 ? (s / f <= 0.10 ? "met" : "not met") : "n/a")
}'
