#!/usr/bin/env bash
# Builds the release tarball: dist/roster-VERSION-linux-x86_64.tar.gz, which runs on a Linux
# x86_64 machine with no Swift toolchain and no libyaml (docs/install.md).
#
#   scripts/release.sh              build, stage, pack; prints the tarball's sha256
#   scripts/release-check.sh        then checks the tarball as a user would unpack it
#
# VERSION is `Roster.version` (Sources/RosterRuntime/Roster.swift), what `roster --version`
# prints: the one place to bump it. On a tagged commit the tag must be vVERSION.
#
# The build has a scratch folder of its own (ROSTER_RELEASE_SCRATCH, default .build/dist): the
# static flags never mix with a normal `swift build -c release`, and a debug build can run at the
# same time. Re-running rebuilds only what changed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scratch=${ROSTER_RELEASE_SCRATCH:-.build/dist}
out=${ROSTER_RELEASE_OUT:-dist}

version=$(sed -n 's/^ *public static let version = "\([^"]*\)".*/\1/p' Sources/RosterRuntime/Roster.swift)
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] || {
    echo "release: no version found in Sources/RosterRuntime/Roster.swift (got '$version')" >&2; exit 1; }
if tag=$(git describe --tags --exact-match 2>/dev/null) && [ "$tag" != "v$version" ]; then
    echo "release: HEAD is tagged $tag but Roster.version is $version" >&2; exit 1
fi
arch=$(uname -m)
name="roster-$version-linux-$arch"

# libyaml goes into the binary. SwiftPM links what the CYAML module map's pkg-config file says
# (`-L/usr/lib/... -lyaml`, which finds libyaml.so), so this build reads a yaml-0.1.pc of its own
# whose -L is a folder holding only libyaml.a: the same `-lyaml` then finds the archive.
libdir=$(pkg-config --variable=libdir yaml-0.1 2>/dev/null || true)
archive=""
for candidate in "$libdir/libyaml.a" "/usr/lib/$arch-linux-gnu/libyaml.a" /usr/lib/libyaml.a /usr/local/lib/libyaml.a; do
    if [ -f "$candidate" ]; then archive=$candidate; break; fi
done
[ -n "$archive" ] || { echo "release: libyaml.a not found (apt-get install libyaml-dev)" >&2; exit 1; }
static="$root/$scratch/static-libs"
mkdir -p "$static"
cp -p "$archive" "$static/libyaml.a"
cat > "$static/yaml-0.1.pc.tmp" <<PC
Name: LibYAML
Description: libyaml.a only, for the release build (scripts/release.sh)
Version: $(pkg-config --modversion yaml-0.1 2>/dev/null || echo 0.2)
Cflags: $(pkg-config --cflags yaml-0.1 2>/dev/null)
Libs: -L$static -lyaml
PC
# Rewritten only when it changes, so that a re-run re-plans nothing.
cmp -s "$static/yaml-0.1.pc.tmp" "$static/yaml-0.1.pc" && rm "$static/yaml-0.1.pc.tmp" || mv "$static/yaml-0.1.pc.tmp" "$static/yaml-0.1.pc"
export PKG_CONFIG_PATH="$static${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

# Offline: the release build starts from the main build's checkouts when it has none of its own.
if [ ! -d "$scratch/checkouts" ] && [ -d .build/checkouts ]; then
    cp -R .build/checkouts "$scratch/"
    [ -d .build/repositories ] && cp -R .build/repositories "$scratch/"
    [ -f .build/workspace-state.json ] && cp .build/workspace-state.json "$scratch/"
fi

flags=(-c release --scratch-path "$scratch" --static-swift-stdlib)
started=$(date +%s)
swift build "${flags[@]}" --product roster
echo "release: build took $(( $(date +%s) - started ))s"
bin=$(swift build "${flags[@]}" --show-bin-path)

# The unpacked layout. SwiftPM's generated Bundle.module looks for NAME.resources next to the
# executable first, so the resource bundles (the ActiveLogic provider program, the ActiveLogic
# sandbox module) sit beside bin/roster and no code needs to know about the layout.
stage="$out/$name"
rm -rf "$stage"
mkdir -p "$stage/bin"
cp "$bin/roster" "$stage/bin/roster"
if command -v strip >/dev/null; then strip --strip-debug "$stage/bin/roster"; else echo "release: no strip; the binary keeps its debug sections" >&2; fi
for bundle in roster_RosterActiveLogic.resources roster_RosterSandbox.resources; do
    [ -d "$bin/$bundle" ] || { echo "release: $bin/$bundle is missing" >&2; exit 1; }
    cp -R "$bin/$bundle" "$stage/bin/"
done
# The README, the docs it links to, the examples and the schemas the examples' modelines name:
# the files git tracks (never an emulator's .roster/ state).
git ls-files -z -- README.md 'LICENSE*' docs examples schemas | xargs -0 cp --parents -t "$stage"
find "$stage" -name __pycache__ -prune -exec rm -rf {} +
find "$stage" -type d -exec chmod 755 {} +
find "$stage" -type f -exec chmod 644 {} +
chmod 755 "$stage/bin/roster"

# Deterministic-ish: sorted names, no owners, every time the commit's time, gzip without a name.
epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s)
tarball="$out/$name.tar.gz"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$out" -cf - "$name" \
    | gzip -n -9 > "$tarball.tmp"
mv "$tarball.tmp" "$tarball"
(cd "$out" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "release: $tarball ($(du -h "$tarball" | cut -f1))"
cat "$out/$name.tar.gz.sha256"
