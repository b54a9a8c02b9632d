#!/usr/bin/env bash
# Installs what Cleanroom needs from Debian's packages, only when something is missing.
# Called by scripts/test.sh (with --test) and scripts/demo.sh; safe to run again.
set -euo pipefail

need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
[ -f /usr/include/postgresql/libpq-fe.h ] || need+=(libpq-dev)
[ -f /usr/include/sqlite3.h ] || need+=(libsqlite3-dev)
[ -f /usr/include/openssl/evp.h ] || need+=(libssl-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
command -v pg_dump >/dev/null || need+=(postgresql-client-15)
command -v sqlite3 >/dev/null || need+=(sqlite3)
# --test: what only the test suite needs: groff renders the man page (PackageTests); headless
# Chromium and poppler-utils print the audit report to PDF and read it back (ReportPrintTests).
if [ "${1:-}" = "--test" ]; then
  command -v groff >/dev/null || need+=(groff-base)
  command -v chromium >/dev/null || need+=(chromium fonts-dejavu-core)
  command -v pdftotext >/dev/null || need+=(poppler-utils)
fi

if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}" >&2
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing packages (${need[*]}) and not root: install them with apt-get" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The independent evidence verifier (scripts/verify_evidence.py) uses the `cryptography` package.
if ! python3 -c 'import cryptography' 2>/dev/null; then
  echo "setup: installing the Python package cryptography" >&2
  python3 -m pip install --quiet cryptography
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swift 6 toolchain required)" >&2; exit 2; }
