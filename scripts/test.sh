#!/usr/bin/env bash
# The whole test suite: a throwaway PostgreSQL 15 cluster on a loopback port, `swift test`, and the
# cluster stopped and removed afterwards, whether the tests pass or not. Plain `swift test` runs the
# unit targets and skips CleanroomIntegrationTests; here CLEANROOM_TEST_REQUIRE_PG=1 makes its guard
# test fail if the cluster cannot be reached, so these tests never pass by being skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
# The committed .swift-format is the house style: a file it would reformat fails the suite.
swift format lint --strict -r Sources Tests benchmarks
# Third-party checks (pinned): of our evidence, in-toto-attestation's v1 Statement validator and
# securesystemslib's DSSE verification (Tests/CleanroomEvidenceTests/InTotoValidationTests.swift); of
# the CI examples in templates/, check-jsonschema's built-in GitHub Actions and GitLab CI schemas
# (Tests/CleanroomCLITests/CIExampleTests.swift). CLEANROOM_TEST_REQUIRE_PYTHON=1 makes those tests
# fail, not skip, when they cannot be imported.
# kubernetes-validate's bundled Kubernetes schemas check templates/kubernetes (KubernetesTemplateTests.swift).
python3 -m pip install --quiet --disable-pip-version-check in-toto-attestation==0.9.3 'securesystemslib[crypto]==1.6.0' \
  check-jsonschema==0.39.0 kubernetes-validate==1.37.0
export CLEANROOM_TEST_REQUIRE_PYTHON=1
# The audit report printed by a real browser (setup.sh --test installs chromium and poppler-utils):
# their absence fails ReportPrintTests instead of skipping it.
export CLEANROOM_TEST_REQUIRE_CHROMIUM=1

PGBIN=/usr/lib/postgresql/15/bin
work=$(mktemp -d "${TMPDIR:-/tmp}/cleanroom-test-pg.XXXXXX")
as_pg() {
  # PostgreSQL refuses to run as root: run its tools as the postgres system user then.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres: "$work"
stop_cluster() {
  for data in data replica-primary replica-standby; do
    if [ -d "$work/$data" ]; then as_pg "$PGBIN/pg_ctl" -D "$work/$data" -m immediate stop >/dev/null 2>&1 || true; fi
  done
  rm -rf "$work"
}
trap stop_cluster EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
as_pg "$PGBIN/initdb" -D "$work/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Over TCP, roles other than postgres (the environment roles that provisioning creates) must log in
# with their password, so the tests prove that a printed DATABASE_URL carries the right one.
as_pg sh -c 'printf "host all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n" | cat - "$1" > "$1.new" && mv "$1.new" "$1"' \
  sh "$work/data/pg_hba.conf"
as_pg "$PGBIN/pg_ctl" -D "$work/data" -l "$work/server.log" -w -o \
  "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$work -c fsync=off \
   -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
echo "test: PostgreSQL 15 on 127.0.0.1:$port (throwaway, in $work)"

# A primary only the read-replica tests write to (no autovacuum, so its WAL position moves only when
# they write) and its streaming standby (pg_basebackup -R), for sharded runs over replicas.
rport=$(free_port)
sport=$(free_port)
as_pg "$PGBIN/initdb" -D "$work/replica-primary" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$work/replica-primary" -l "$work/replica-primary.log" -w -o \
  "-c listen_addresses=127.0.0.1 -c port=$rport -c unix_socket_directories=$work -c fsync=off \
   -c synchronous_commit=off -c autovacuum=off" start >/dev/null
as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$rport" -U postgres -D "$work/replica-standby" -R -X stream
as_pg "$PGBIN/pg_ctl" -D "$work/replica-standby" -l "$work/replica-standby.log" -w -o \
  "-c listen_addresses=127.0.0.1 -c port=$sport -c unix_socket_directories=$work -c fsync=off" start >/dev/null
echo "test: its read replica pair on 127.0.0.1:$rport (primary) and :$sport (standby)"
export CLEANROOM_TEST_PG_REPLICA_PRIMARY_URL="postgres://postgres@127.0.0.1:$rport/postgres"
export CLEANROOM_TEST_PG_REPLICA_STANDBY_URL="postgres://postgres@127.0.0.1:$sport/postgres"

export CLEANROOM_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
export CLEANROOM_TEST_REQUIRE_PG=1
swift build --build-tests
swift test "$@"
