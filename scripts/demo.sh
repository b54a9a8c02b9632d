#!/usr/bin/env bash
# The main job on the embedded SQLite default: builds Cleanroom and runs `cleanroom demo`, which
# generates a production-shaped sample, provisions a masked SQLite test environment from
# templates/demo-sqlite.yaml, and writes signed evidence and an audit report.
# Arguments go to `cleanroom demo` (e.g. --dir PATH; default ./cleanroom-demo).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
(cd "$root" && swift build -c release --product cleanroom >&2)
exec "$root/.build/release/cleanroom" demo "$@"
