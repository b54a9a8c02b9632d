#!/usr/bin/env bash
# Golden databases against masking afresh: how much faster `cleanroom provision` hands out an
# environment by cloning a template's golden copy (CREATE DATABASE … TEMPLATE, a file copy) than by
# masking the source again, on one generated table, as a ratio to the raw COPY pipe (DESIGN §10).
#
#   benchmarks/golden.sh [--rows N] [--jobs N] [--no-build]
#
#   --rows N    rows of the generated table public.big (default 1000000): id, e-mail, note, amount
#   --jobs N    tables and indexes in parallel (default: the number of cores)
#   --no-build  use the existing release build instead of running `swift build`
#
# Measured, each under /usr/bin/time -v for its peak RSS: (a) the raw pipe (pg_dump pre-data,
# `COPY big TO STDOUT | COPY big FROM STDIN`, post-data); (b) the first provision of a golden template,
# which masks the golden copy once and then clones it; (c) a second provision of that template, a clone
# alone; (d) a provision of a template without a golden copy, which masks the source again. Each
# environment is checked for its row count and for masked e-mails. ratio = raw pipe seconds / seconds.
#
# The masking key is random and only in the environment; the cluster, templates and evidence live in a
# temporary folder removed on exit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

rows=1000000
jobs=$(nproc)
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) shift; rows="${1:?--rows needs a number}" ;;
    --rows=*) rows="${1#--rows=}" ;;
    --jobs) shift; jobs="${1:?--jobs needs a number}" ;;
    --jobs=*) jobs="${1#--jobs=}" ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "golden.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$rows" =~ ^[1-9][0-9]*$ ]] || { echo "golden.sh: --rows must be a positive whole number" >&2; exit 2; }
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "golden.sh: --jobs must be a positive whole number" >&2; exit 2; }

. "$here/lib.sh"

"$root/scripts/setup.sh"
release_binary

start_cluster
prepare_keys
tables=(big)

log "generating public.big: $rows rows"
sql postgres -c "CREATE DATABASE src TEMPLATE template0"
sql src -c "CREATE TABLE big (id bigint PRIMARY KEY, email text NOT NULL, note text, amount numeric(10,2));
  INSERT INTO big SELECT g, 'person' || g || '@example.com', 'order note number ' || g, (g % 10000) / 100.0
    FROM generate_series(1, $rows) AS g;"
# A source on the environments' server must be closed to PUBLIC (the provision guard).
sql postgres -c "REVOKE CONNECT ON DATABASE src FROM PUBLIC"

# Templates in the working directory; ${SRC} and ${TGT} come from the environment.
run="$work/run"
mkdir -p "$run/templates"
cat >"$run/rules.yaml" <<'YAML'
version: 1
tables:
  public.big:
    columns: { id: keep, email: { fake: email }, note: keep, amount: keep }
YAML
for kind in golden fresh; do
  golden=false; [ "$kind" = golden ] && golden=true
  printf 'version: 1\nname: %s\nsource: ${SRC}\nrules: %s\ntarget: ${TGT}\nclassification: test\nttl: 2h\n' \
    "$kind" "$run/rules.yaml" >"$run/templates/$kind.yaml"
  printf 'golden: %s\n' "$golden" >>"$run/templates/$kind.yaml"
done
export SRC TGT
SRC="$(pg_url src)" TGT="$(pg_url postgres)"

results="$work/results.tsv"
: >"$results"
# A provision of TEMPLATE as NAME under /usr/bin/time -v; checks the environment and adds a result row.
measure_provision() {
  local what=$1 template=$2 name=$3 t0 t1 rss masked
  sql postgres -c CHECKPOINT
  log "  $what (load average $(cut -d' ' -f1 /proc/loadavg))"
  t0=$(now)
  (cd "$run" && /usr/bin/time -v -o "$work/time-$name.txt" "$cleanroom" provision "$template" --name "$name" \
    --jobs "$jobs" --json --quiet >"$work/provision-$name.json")
  t1=$(now)
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time-$name.txt")
  [ "$(sql "cr_$name" -Atc "SELECT count(*) FROM big")" -eq "$rows" ] \
    || { echo "golden.sh: $name does not hold $rows rows" >&2; exit 1; }
  masked=$(sql "cr_$name" -Atc "SELECT count(*) FROM big WHERE email LIKE 'person%@example.com'")
  [ "$masked" -eq 0 ] || { echo "golden.sh: $name holds $masked unmasked e-mails" >&2; exit 1; }
  printf '%s\t%s\t%s\n' "$what" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" "$rss" >>"$results"
}

measure_raw src raw "$rows"
printf '%s\t%s\t%s\n' "raw COPY pipe" "$raw_seconds" "-" >>"$results"
measure_provision "golden: mask + clone" golden first
measure_provision "golden: clone" golden second
measure_provision "mask afresh" fresh fresh

echo
echo "golden clone vs masking afresh vs the raw COPY pipe — $rows rows, $(nproc) cores, --jobs $jobs," \
  "$(date -u +%Y-%m-%dT%H:%MZ)"
awk -F'\t' -v rows="$rows" '
  BEGIN {
    print "| pipeline             |  wall s |     rows/s | peak RSS |  ratio |"
    print "| -------------------- | ------: | ---------: | -------: | -----: |"
  }
  NR == 1 { raw = $2 }
  {
    rss = $3 == "-" ? "-" : sprintf("%.0f MB", $3 / 1024)
    printf "| %-20s | %7.2f | %10.0f | %8s | %6.2f |\n", $1, $2, rows / $2, rss, raw / $2
  }
  END {
    print ""
    print "ratio = raw pipe seconds / seconds (above 1: faster than the raw pipe);"
    print "wall s of a provision includes its role, grants and signed evidence."
  }
' "$results"
