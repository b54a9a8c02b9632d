#!/usr/bin/env bash
# A subset against the full masked copy: `cleanroom mask` of benchmarks/run.sh's dataset with
# benchmarks/rules.yaml, whole, and with a `subset:` keeping a percentage of the customers (and their
# orders and payments) — once with the run vocabulary learnt from every source row (the default) and
# once with `vocabulary: kept` — on the same cluster, data and machine (docs/subsetting.md).
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
# target is validated by PostgreSQL. The report gives wall and CPU seconds of each and
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
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
kept_rules="$work/subset-kept-rules.yaml"
{ cat "$subset_rules"; printf '  vocabulary: kept\n'; } >"$kept_rules"

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

# Checks a subset target: the rows this script expects, every foreign key validated by PostgreSQL.
check_subset() {
  local target=$1 n t invalid keys
  for t in customers orders payments; do
    n=$(sql "$target" -Atc "SELECT count(*) FROM $t")
    [ "$n" -eq "${expected[$t]}" ] || { echo "subset.sh: $target has $n rows of $t, expected ${expected[$t]}" >&2; exit 1; }
  done
  invalid=$(sql "$target" -Atc "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated")
  keys=$(sql "$target" -Atc "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated")
  [ "$invalid" -eq 0 ] && [ "$keys" -eq 2 ] || { echo "subset.sh: foreign keys not all validated ($keys valid, $invalid not)" >&2; exit 1; }
}

runs=(full subset kept)
declare -A rules_of=([full]="$here/rules.yaml" [subset]="$subset_rules" [kept]="$kept_rules")
declare -A best=() best_cpu=() peak=()
for ((run = 1; run <= repeat; run++)); do
  for what in "${runs[@]}"; do
    measure "${rules_of[$what]}" "masked_$what" "$what-$run"
    [ "$what" = full ] || check_subset "masked_$what"
    if [ -z "${best[$what]:-}" ] || awk -v a="$seconds" -v b="${best[$what]}" 'BEGIN { exit !(a < b) }'; then
      best[$what]=$seconds best_cpu[$what]=$cpu
    fi
    [ "$rss_kb" -gt "${peak[$what]:-0}" ] && peak[$what]=$rss_kb
    sql postgres -c "DROP DATABASE masked_$what"
  done
done

written() { python3 -c 'import json, sys; print(sum(t["rows"] for t in json.load(open(sys.argv[1]))["tables"]))' "$work/mask-$1-1.json"; }
echo
echo "cleanroom mask, a $percent % subset vs the full copy — scale $scale, $(nproc) cores, --jobs $jobs, best of $repeat, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "| run | rows written | wall s | client CPU s | server CPU s | peak RSS | wall / full |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
declare -A label=([full]="full copy" [subset]="subset \`$predicate\`" [kept]="subset, \`vocabulary: kept\`")
for what in "${runs[@]}"; do
  printf '| %s | %s | %s | %s | %s | %s MB | %s |\n' "${label[$what]}" "$(written "$what")" "${best[$what]}" \
    "${best_cpu[$what]%%$'\t'*}" "${best_cpu[$what]##*$'\t'}" $((peak[$what] / 1024)) \
    "$(awk -v s="${best[$what]}" -v f="${best[full]}" 'BEGIN { printf "%.3f", s / f }')"
done
if [ "$percent" -eq 1 ]; then
  for what in subset kept; do
    awk -v s="${best[$what]}" -v f="${best[full]}" -v w="${label[$what]}" 'BEGIN {
      printf "target: a 1 %% subset in <= 0.10 of the full copy'"'"'s time, %s ... %s\n", w, (s / f <= 0.10 ? "met" : "not met") }'
  done
fi
