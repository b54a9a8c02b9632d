#!/usr/bin/env bash
# Builds the relocatable tarball `cleanroom-VERSION-linux-ARCH.tar.gz`: the binary with the Swift
# runtime and Foundation linked in (--static-swift-stdlib), so it runs on a machine without the
# Swift toolchain; the templates and sample rules `cleanroom demo` and `provision` find next to it;
# the man page generated from the argument parser's definitions; LICENSE and a README naming the
# system libraries it still needs (checked here with readelf and ldd: nothing from the toolchain).
#
#   scripts/package.sh [--configuration release|debug] [--out DIR] [--scratch-path DIR]
#
# Default: release into ./dist. The suite builds it in debug (same script, same layout) because a
# release build with the static stdlib takes too long for every CI run (docs/install.md).
# Prints the tarball's path on standard output; the build's output goes to standard error.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
configuration=release
out="$root/dist"
scratch=""
while [ $# -gt 0 ]; do
  case "$1" in
    --configuration | -c) configuration=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --scratch-path) scratch=$2; shift 2 ;;
    *) echo "package: unknown argument $1 (usage: scripts/package.sh [--configuration release|debug] [--out DIR] [--scratch-path DIR])" >&2; exit 2 ;;
  esac
done
case "$configuration" in release | debug) ;; *) echo "package: --configuration is release or debug, not $configuration" >&2; exit 2 ;; esac
# Its own build folder: the static stdlib changes every link, and the ordinary .build stays as it is.
scratch=${scratch:-"$root/.build-package-$configuration"}
mkdir -p "$out"
out=$(cd "$out" && pwd)

version=$(sed -n 's/^ *static let current = "\(.*\)"$/\1/p' "$root/Sources/cleanroom/Cleanroom.swift")
[ -n "$version" ] || { echo "package: no version in Sources/cleanroom/Cleanroom.swift (CleanroomVersion.current)" >&2; exit 1; }
name="cleanroom-$version-linux-$(uname -m)"
build=(swift build --package-path "$root" --scratch-path "$scratch" --configuration "$configuration")

"${build[@]}" --product cleanroom --static-swift-stdlib >&2
bin=$("${build[@]}" --show-bin-path)
# generate-manual is swift-argument-parser's tool behind its `generate-manual` plugin; run directly
# on the binary just built, it documents exactly what ships (the plugin would build everything again).
# Always a release build: in debug, beside the static-stdlib build, its link fails (-l_FoundationCShims).
tool=(swift build --package-path "$root" --scratch-path "$scratch" --configuration release --product generate-manual)
"${tool[@]}" >&2
manual="$("${tool[@]}" --show-bin-path)/generate-manual"

stage=$(mktemp -d "${TMPDIR:-/tmp}/cleanroom-package.XXXXXX")
trap 'rm -rf "$stage"' EXIT
dest="$stage/$name"
install -d "$dest/bin" "$dest/share/cleanroom/templates" "$dest/share/cleanroom/masking-rules" \
  "$dest/share/man/man1" "$dest/share/doc/cleanroom"
install -m 0755 "$bin/cleanroom" "$dest/bin/cleanroom"
[ "$configuration" = release ] && strip "$dest/bin/cleanroom"
find "$root/templates" -maxdepth 1 -type f -exec install -m 0644 -t "$dest/share/cleanroom/templates/" {} +
install -d "$dest/share/cleanroom/templates/kubernetes"
install -m 0644 -t "$dest/share/cleanroom/templates/kubernetes/" "$root"/templates/kubernetes/*
install -m 0644 "$root"/masking-rules/*.yaml "$dest/share/cleanroom/masking-rules/"
install -m 0644 "$root/LICENSE" "$dest/LICENSE"
install -m 0644 "$scratch/checkouts/swift-argument-parser/LICENSE.txt" "$dest/share/doc/cleanroom/LICENSE.swift-argument-parser"
install -m 0644 "$scratch/checkouts/Yams/LICENSE" "$dest/share/doc/cleanroom/LICENSE.Yams"
swift_license="$(dirname "$(dirname "$(command -v swift)")")/share/swift/LICENSE.txt"
[ -f "$swift_license" ] && install -m 0644 "$swift_license" "$dest/share/doc/cleanroom/LICENSE.swift-runtime"

# The page's date: the last commit's, so the same tree gives the same page.
date=$(git -C "$root" log -1 --format=%cs 2>/dev/null || date -u +%F)
"$manual" "$dest/bin/cleanroom" --output-directory "$dest/share/man/man1" --date "$date" \
  --authors "Cleanroom contributors" >&2
[ -s "$dest/share/man/man1/cleanroom.1" ] || { echo "package: generate-manual wrote no cleanroom.1" >&2; exit 1; }

# Nothing may come from the toolchain: every library must resolve, none under the toolchain's folder.
toolchain=$(dirname "$(dirname "$(dirname "$(command -v swift)")")")
linked=$(ldd "$dest/bin/cleanroom")
if grep -q "not found" <<<"$linked"; then
  echo "package: unresolved libraries:" >&2; grep "not found" <<<"$linked" >&2; exit 1
fi
if grep -E -q "libswift|libFoundation|libdispatch|libBlocksRuntime|$toolchain/" <<<"$linked"; then
  echo "package: the binary links the Swift toolchain's libraries (not static):" >&2
  grep -E "libswift|libFoundation|libdispatch|libBlocksRuntime|$toolchain/" <<<"$linked" >&2; exit 1
fi
needed=$(readelf -d "$dest/bin/cleanroom" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
allowed='^(libpq\.so\.5|libsqlite3\.so\.0|libcrypto\.so\.3|libc\.so\.6|libm\.so\.6|libstdc\+\+\.so\.6|libgcc_s\.so\.1|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|libutil\.so\.1|ld-linux-[a-z0-9-]+\.so\.[0-9]+)$'
unexpected=$(grep -E -v "$allowed" <<<"$needed" || true)
[ -z "$unexpected" ] || { echo "package: unexpected libraries needed: $unexpected" >&2; exit 1; }

cat >"$dest/README" <<EOF
Cleanroom $version ($configuration build, linux $(uname -m))

  bin/cleanroom                       the command (Swift runtime and Foundation linked in)
  share/man/man1/cleanroom.1          its manual: man -l share/man/man1/cleanroom.1
  share/cleanroom/templates/          environment templates (demo-sqlite, ci-ephemeral, dev-refresh, ci-sample)
                                      and the CI examples (github-actions*.yml, gitlab-ci.yml)
  share/cleanroom/masking-rules/      the sample rules the templates use
  LICENSE                             Apache License 2.0; share/doc/cleanroom/ has the licences of
                                      the Swift runtime, swift-argument-parser and Yams linked in

The binary finds the templates in ../share/cleanroom/templates next to itself (after --templates
DIR and ./templates), so the folder can live anywhere: unpack it, link or copy bin/cleanroom onto
PATH, or unpack it under /usr/local (bin/, share/ merge into /usr/local/bin and /usr/local/share).

Try it in an empty folder:   cleanroom demo

Libraries it needs from the system (readelf NEEDED of bin/cleanroom):
$(sed 's/^/  /' <<<"$needed")

On Debian 12 / Ubuntu 24.04:  apt-get install libpq5 libsqlite3-0 libssl3
(Ubuntu 24.04 names OpenSSL's package libssl3t64.) Provisioning PostgreSQL environments also runs
pg_dump and psql of the server's major version (postgresql-client-15 for PostgreSQL 15).
EOF

tar -C "$stage" -czf "$out/$name.tar.gz" --owner=0 --group=0 "$name"
(cd "$out" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
echo "$out/$name.tar.gz"
