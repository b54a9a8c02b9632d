#!/usr/bin/env bash
# A sharded mask simulated on one machine: `cleanroom shard plan`, N `shard run` processes at once
# (--jobs 1 each, so N processes use N cores), `shard finish`, for each N given, against one
# `cleanroom mask --jobs $(nproc)` of the same dataset (benchmarks/run.sh's) and rules
# (docs/scale-out.md).
#
#   benchmarks/shard.sh [--scale S] [--shards N ...] [--no-build]
#
#   --scale S      the dataset's scale (default 0.1: 100,000 customers, 200,000 orders and payments)
#   --shards N ... the shard counts to run, in order (default: 1 2 4)
#   --no-build     use the existing release build instead of running `swift build`
#
# Every sharded target is checked: its table digests in the ledger equal the single mask's. The
# report gives wall seconds of each phase and of the whole, and client CPU seconds. On 2 cores the
# copy phase stops gaining at N = 2; tables over a shard's fair share are cut into page ranges.
#
# The source and the targets are on two clusters (a plan that cuts tables into ranges refuses a target
# on the source's cluster, docs/scale-out.md "One state of the source"). The masking key is random
# and only in the environment; the clusters and the evidence live in a temporary folder removed on
# exit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

scale=0.1
shard_counts=()
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) shift; scale="${1:?--scale needs a number}" ;;
    --scale=*) scale="${1#--scale=}" ;;
    --shards)
      shift
      while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do shard_counts+=("$1"); shift; done
      continue ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "shard.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[ ${#shard_counts[@]} -gt 0 ] || shard_counts=(1 2 4)
[[ "$scale" =~ ^[0-9]*\.?[0-9]+$ ]] || { echo "shard.sh: --scale must be a positive number" >&2; exit 2; }
for n in "${shard_counts[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "shard.sh: --shards takes positive whole numbers, not '$n'" >&2; exit 2; }
done

. "$here/lib.sh"

"$root/scripts/setup.sh"
release_binary
start_cluster
start_target_cluster
prepare_keys

log "scale $scale: generating the source database"
sql postgres -c "CREATE DATABASE src TEMPLATE template0"
sql src -v scale="$scale" -f "$here/generate.sql"
sql src -c ANALYZE

# The `table:` digests of the last successful mask statement in the ledger, one per line, sorted.
digests() {
  python3 - "$CLEANROOM_HOME/evidence/ledger.jsonl" <<'PY'
import base64, json, sys
last = None
for line in open(sys.argv[1]):
    statement = json.loads(base64.b64decode(json.loads(line)["envelope"]["payload"]))
    p = statement["predicate"]
    if p["kind"] == "mask" and p["outcome"] == "succeeded":
        last = sorted(f'{s["name"]} {s["digest"]["sha256"]}' for s in statement["subject"] if s["name"].startswith("table:"))
print("\n".join(last))
PY
}

span() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

sql postgres -c CHECKPOINT
c0=$(client_cpu)
t0=$(now)
"$cleanroom" mask --source "$(pg_url src)" --target "$(target_url single)" --rules "$here/rules.yaml" \
  --jobs "$(nproc)" --quiet >/dev/null
single_seconds=$(span "$t0" "$(now)")
single_cpu=$(awk -v a="$c0" -v b="$(client_cpu)" 'BEGIN { printf "%.1f", b - a }')
digests >"$work/single.digests"
log "single mask: $single_seconds s"

declare -A plan_s copy_s finish_s total_s cpu_s
for n in "${shard_counts[@]}"; do
  dir="$work/plan-$n"
  mkdir -p "$dir"
  sql postgres -c CHECKPOINT
  c0=$(client_cpu)
  t0=$(now)
  "$cleanroom" shard plan --source "$(pg_url src)" --target "$(target_url "sharded_$n")" --rules "$here/rules.yaml" \
    --shards "$n" --out "$dir/plan.json" >"$dir/plan.log"
  t1=$(now)
  pids=()
  for ((i = 0; i < n; i++)); do
    "$cleanroom" shard run --plan "$dir/plan.json" --index "$i" --jobs 1 >"$dir/run-$i.log" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || { echo "shard.sh: a shard failed (see $dir)" >&2; cat "$dir"/run-*.log >&2; exit 1; }; done
  t2=$(now)
  "$cleanroom" shard finish --plan "$dir/plan.json" --jobs "$(nproc)" >"$dir/finish.log" 2>&1
  t3=$(now)
  plan_s[$n]=$(span "$t0" "$t1") copy_s[$n]=$(span "$t1" "$t2") finish_s[$n]=$(span "$t2" "$t3") total_s[$n]=$(span "$t0" "$t3")
  cpu_s[$n]=$(awk -v a="$c0" -v b="$(client_cpu)" 'BEGIN { printf "%.1f", b - a }')
  digests >"$dir/sharded.digests"
  cmp -s "$work/single.digests" "$dir/sharded.digests" \
    || { echo "shard.sh: the $n-shard target's table digests differ from the single mask's" >&2; exit 1; }
  log "$n shards: ${total_s[$n]} s (plan ${plan_s[$n]}, copy ${copy_s[$n]}, finish ${finish_s[$n]}); digests equal"
  psql -X -q -h 127.0.0.1 -p "$tport" -U postgres -d postgres -c "DROP DATABASE sharded_$n"
done

echo
echo "cleanroom shard, N processes on one machine — scale $scale, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "| run | plan s | copy s | finish s | wall s | client CPU s | wall / single |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '| mask --jobs %s | — | — | — | %s | %s | 1.00 |\n' "$(nproc)" "$single_seconds" "$single_cpu"
for n in "${shard_counts[@]}"; do
  printf '| %s shards, --jobs 1 each | %s | %s | %s | %s | %s | %s |\n' "$n" "${plan_s[$n]}" "${copy_s[$n]}" \
    "${finish_s[$n]}" "${total_s[$n]}" "${cpu_s[$n]}" \
    "$(awk -v s="${total_s[$n]}" -v f="$single_seconds" 'BEGIN { printf "%.2f", s / f }')"
done
echo "table digests of every sharded target equal the single mask's"
