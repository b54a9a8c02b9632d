# Shared by benchmarks/run.sh and benchmarks/profile.sh (sourced, not run): a throwaway PostgreSQL 15
# cluster on a free loopback port, started as scripts/test.sh does and removed on exit.
#
#   start_cluster        sets $work (a temporary folder), $port, $PGBIN; installs the EXIT trap
#   sql DB [psql args]   psql against DB on that cluster, stopping at the first error
#   pg_url DB            the postgres:// URL of DB (no password: trust on loopback)
#   now                  seconds since the epoch, with nanoseconds
#   release_binary       builds cleanroom (release) unless $build is 0; sets $cleanroom; needs /usr/bin/time
#   measure_raw SRC RAW ROWS  times the raw COPY pipe of $tables, $jobs at a time
#   time_mask SRC MASKED RULES TAG   times `cleanroom mask` under /usr/bin/time -v
#   single_source DB ROWS     generates benchmarks/single.sql into DB and scan's draft of it

PGBIN=/usr/lib/postgresql/15/bin

log() { echo "bench: $*" >&2; }
now() { date +%s.%N; }

as_pg() {
  # PostgreSQL refuses to run as root: run its server tools as the postgres system user then.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup_cluster() {
  if [ -n "${work:-}" ] && [ -d "$work" ]; then
    for data in "$work/data" "$work/target-data"; do
      if [ -d "$data" ]; then as_pg "$PGBIN/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true; fi
    done
    rm -rf "$work"
  fi
}

start_cluster() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/cleanroom-bench.XXXXXX")
  [ "$(id -u)" -eq 0 ] && chown postgres: "$work"
  trap cleanup_cluster EXIT
  trap 'exit 130' INT TERM
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_pg "$PGBIN/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$work/data" -l "$work/server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$work -c fsync=off \
     -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 -c max_wal_size=4GB -c timezone=UTC" start >/dev/null
  export PGCONNECT_TIMEOUT=10
  log "PostgreSQL 15 on 127.0.0.1:$port (throwaway, in $work)"
}

# A second throwaway cluster, for targets only (after start_cluster): a sharded run that cuts tables
# into page ranges checks that the source's cluster commits nothing meanwhile, so its targets may
# not be on that cluster.
start_target_cluster() {
  tport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_pg "$PGBIN/initdb" -D "$work/target-data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg "$PGBIN/pg_ctl" -D "$work/target-data" -l "$work/target-server.log" -w -o \
    "-c listen_addresses=127.0.0.1 -c port=$tport -c unix_socket_directories=$work -c fsync=off \
     -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 -c max_wal_size=4GB -c timezone=UTC" start >/dev/null
  log "PostgreSQL 15 for targets on 127.0.0.1:$tport"
}

target_url() { echo "postgres://postgres@127.0.0.1:$tport/$1"; }

sql() {
  local db=$1
  shift
  psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$db" "$@"
}

pg_url() { echo "postgres://postgres@127.0.0.1:$port/$1"; }

# A random masking key (64 hex digits) in the environment only, and evidence kept in the throwaway
# folder. Needs $cleanroom (the binary) and a started cluster.
prepare_keys() {
  CLEANROOM_MASKING_KEY="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
  export CLEANROOM_MASKING_KEY
  export CLEANROOM_HOME="$work/home"
  "$cleanroom" keys init >"$work/keys-init.log"
}

# CPU seconds (user + system) used so far by the server: the postmaster, its live children and the
# children it has already reaped (finished backends).
server_cpu() {
  python3 - "$(head -1 "$work/data/postmaster.pid")" <<'PY'
import os, sys
pm, hz = sys.argv[1], os.sysconf('SC_CLK_TCK')
def fields(pid):
    s = open(f'/proc/{pid}/stat').read()
    return s[s.rindex(')') + 2:].split()  # field 3 (state) first: utime is [11], stime [12], cutime [13], cstime [14]
f = fields(pm)
total = sum(int(x) for x in f[11:15])
for pid in os.listdir('/proc'):
    if pid.isdigit():
        try:
            g = fields(pid)
        except OSError:
            continue
        if g[1] == pm:
            total += int(g[11]) + int(g[12])
print(f'{total / hz:.2f}')
PY
}

# CPU seconds (user + system) of this script's finished children and their descendants.
client_cpu() {
  python3 - "$$" <<'PY'
import os, sys
s = open(f'/proc/{sys.argv[1]}/stat').read()
f = s[s.rindex(')') + 2:].split()
print(f'{(int(f[13]) + int(f[14])) / os.sysconf("SC_CLK_TCK"):.2f}')
PY
}

# Builds cleanroom in release mode (unless $build is 0: --no-build) and sets $cleanroom to the binary;
# checks for /usr/bin/time, which measures its peak RSS. Needs $root.
release_binary() {
  command -v /usr/bin/time >/dev/null 2>&1 \
    || { echo "${0##*/}: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
  if [ "${build:-1}" = 1 ]; then
    log "building cleanroom (release)"
    (cd "$root" && swift build -c release --product cleanroom >&2)
  fi
  cleanroom="$(cd "$root" && swift build -c release --show-bin-path)/cleanroom"
  [ -x "$cleanroom" ] || { echo "${0##*/}: no release build at $cleanroom (run without --no-build)" >&2; exit 2; }
}

# The raw pipe into a fresh database: pre-data, the COPY pipe of every table in $tables ($jobs at a
# time), post-data; the baseline every benchmark reports its ratio to. Sets raw_seconds and raw_cpu.
measure_raw() {
  local src=$1 raw=$2 rows=$3 t0 t1 c0 s0 copied t
  sql postgres -c CHECKPOINT
  log "  raw COPY pipe ($jobs tables at a time; load average $(cut -d' ' -f1 /proc/loadavg))"
  c0=$(client_cpu) s0=$(server_cpu)
  t0=$(now)
  sql postgres -c "CREATE DATABASE $raw TEMPLATE template0"
  pg_dump -h 127.0.0.1 -p "$port" -U postgres --schema-only --no-owner --no-privileges --section=pre-data "$src" \
    | sql "$raw" >/dev/null
  printf '%s\n' "${tables[@]}" | PORT="$port" SRC="$src" RAW="$raw" xargs -P "$jobs" -I{} bash -c '
    set -o pipefail
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d "$SRC" -c "COPY {} TO STDOUT" \
      | psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d "$RAW" -c "COPY {} FROM STDIN"'
  pg_dump -h 127.0.0.1 -p "$port" -U postgres --schema-only --no-owner --no-privileges --section=post-data "$src" \
    | sql "$raw" >/dev/null
  t1=$(now)
  raw_seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  raw_cpu=$(awk -v a="$c0" -v b="$(client_cpu)" -v c="$s0" -v d="$(server_cpu)" 'BEGIN { printf "%.1f\t%.1f", b - a, d - c }')
  copied=0
  for t in "${tables[@]}"; do copied=$((copied + $(sql "$raw" -Atc "SELECT count(*) FROM $t"))); done
  [ "$copied" -eq "$rows" ] || { echo "${0##*/}: the raw pipe copied $copied rows, expected $rows" >&2; exit 1; }
  log "  raw pipe ${raw_seconds} s (CPU s client, server: ${raw_cpu/$'\t'/, })"
  sql postgres -c "DROP DATABASE $raw"
}

# `cleanroom mask` from SRC into a new MASKED with RULES (--jobs $jobs) under /usr/bin/time -v, its
# --json summary in $work/mask-TAG.json. Sets mask_seconds, mask_cpu (client and server CPU s, tab
# between) and run_rss_kb.
time_mask() {
  local src=$1 masked=$2 rules=$3 tag=$4 t0 t1 c0 s0
  sql postgres -c CHECKPOINT
  log "  cleanroom mask (--jobs $jobs; load average $(cut -d' ' -f1 /proc/loadavg))"
  c0=$(client_cpu) s0=$(server_cpu)
  t0=$(now)
  /usr/bin/time -v -o "$work/time-$tag.txt" "$cleanroom" mask --source "$(pg_url "$src")" --target "$(pg_url "$masked")" \
    --rules "$rules" --jobs "$jobs" --json --quiet >"$work/mask-$tag.json"
  t1=$(now)
  mask_seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  mask_cpu=$(awk -v a="$c0" -v b="$(client_cpu)" -v c="$s0" -v d="$(server_cpu)" 'BEGIN { printf "%.1f\t%.1f", b - a, d - c }')
  run_rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time-$tag.txt")
}

# The single-table source: benchmarks/single.sql with ROWS rows into a new DB, and `cleanroom scan`'s
# untouched draft of it in $work/single-rules.yaml (what a new user would mask with).
single_source() {
  local db=$1 rows=$2
  sql postgres -c "CREATE DATABASE $db TEMPLATE template0"
  sql "$db" -v rows="$rows" -f "$here/single.sql"
  rm -f "$work/single-rules.yaml"  # an earlier size's draft: scan never replaces a rules file
  "$cleanroom" scan --source "$(pg_url "$db")" --out "$work/single-rules.yaml" >/dev/null
  local rules
  rules=$(awk '/^    columns:/ { c = 1; next } c && /^      [a-z_]+: / { print $1, $2 }' "$work/single-rules.yaml")
  log "  scan's draft: $(echo "$rules" | wc -l) columns, $(echo "$rules" | grep -vc ' keep$') masked"
}
