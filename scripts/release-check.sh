#!/usr/bin/env bash
# Checks a release tarball as a user gets it: unpacked in a temporary folder and run with no Swift
# toolchain on PATH and an empty environment.
#
#   scripts/release-check.sh [TARBALL]     default: dist/roster-VERSION-linux-ARCH.tar.gz
#
# - the sha256 file beside the tarball matches it;
# - `ldd bin/roster` names no Swift runtime library (libswift*, Foundation, dispatch,
#   BlocksRuntime), no libyaml and nothing "not found";
# - `roster --version` is the version in the tarball's name;
# - the README's quick start (plan, apply, plan) gives what the README says;
# - the ActiveLogic example plans, which needs the provider program and the sandbox module that
#   ship beside the binary, and `roster sandbox` serves every emulator.
# Exits 1 at the first failure, saying what failed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -ge 1 ]; then
    tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
else
    version=$(sed -n 's/^ *public static let version = "\([^"]*\)".*/\1/p' "$root/Sources/RosterRuntime/Roster.swift")
    tarball="$root/dist/roster-$version-linux-$(uname -m).tar.gz"
fi
[ -f "$tarball" ] || { echo "release-check: no tarball $tarball (run scripts/release.sh)" >&2; exit 1; }
name=$(basename "$tarball" .tar.gz)
version=${name#roster-}
version=${version%-linux-*}

fail() { echo "release-check: FAILED: $*" >&2; exit 1; }
step() { echo "== $*"; }

if [ -f "$tarball.sha256" ]; then
    step "sha256"
    (cd "$(dirname "$tarball")" && sha256sum -c "$name.tar.gz.sha256") || fail "sha256 does not match"
fi

tmp=$(mktemp -d)
sandbox_pid=""
cleanup() {
    if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
tar -xzf "$tarball" -C "$tmp"
home="$tmp/$name"
roster="$home/bin/roster"
[ -x "$roster" ] || fail "the tarball has no executable $name/bin/roster"
mkdir -p "$tmp/home" "$tmp/work"

# A user's shell: no toolchain, no LD_LIBRARY_PATH, nothing of this machine's environment.
clean() { (cd "$tmp/work" && env -i PATH=/usr/bin:/bin HOME="$tmp/home" NO_COLOR=1 "$@"); }
clean sh -c '! command -v swift' >/dev/null || fail "swift is on PATH=/usr/bin:/bin: this check would prove nothing"

step "ldd bin/roster"
libraries=$(ldd "$roster")
echo "$libraries"
if grep -E 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime|libicu.*swift|libyaml|not found' <<<"$libraries"; then
    fail "bin/roster needs the libraries above"
fi

step "roster --version"
reported=$(clean "$roster" --version)
[ "$reported" = "$version" ] || fail "roster --version says '$reported', the tarball is $version"
echo "$reported"

# expect STATUS OUTPUT-FILE TEXT... : the last command exited STATUS and printed every TEXT.
expect() {
    local want=$1 got=$2 file=$3; shift 3
    [ "$got" = "$want" ] || { cat "$file"; fail "exit $got, expected $want"; }
    for text in "$@"; do grep -qF -- "$text" "$file" || { cat "$file"; fail "no '$text' in the output"; }; done
}

step "quick start: roster plan -c examples/quickstart/roster.yaml"
config="$home/examples/quickstart/roster.yaml"
status=0; clean "$roster" plan -c "$config" >"$tmp/plan.txt" 2>&1 || status=$?
cat "$tmp/plan.txt"
expect 0 "$status" "$tmp/plan.txt" "+ uyuni.user asmith" "~ uyuni.user bjones" \
    'email: "bob@old.example.com" → "bob@example.com"' "- uyuni.user cdavis  (state: absent)"
grep -q "alice-first-day-1" "$tmp/plan.txt" && fail "the plan shows a password"

step "quick start: roster apply --yes, then plan --detailed-exitcode"
status=0; clean "$roster" apply -c "$config" --yes >"$tmp/apply.txt" 2>&1 || status=$?
expect 0 "$status" "$tmp/apply.txt" "0 failed"
status=0; clean "$roster" plan -c "$config" --detailed-exitcode >"$tmp/again.txt" 2>&1 || status=$?
expect 0 "$status" "$tmp/again.txt" "No changes"

step "ActiveLogic example: the provider program and the sandbox module beside the binary"
# On the machine that built it, Bundle.module falls back to the build folder, so the plan alone
# cannot tell that the tarball holds them: look for them, and below see roster sandbox use them.
for file in bin/roster_RosterActiveLogic.resources/program/activelogic_provider.py \
            bin/roster_RosterSandbox.resources/python/activelogic/__init__.py; do
    [ -f "$home/$file" ] || fail "the tarball has no $file"
done
status=0; clean "$roster" plan -c "$home/examples/activelogic/roster.yaml" --detailed-exitcode >"$tmp/al.txt" 2>&1 || status=$?
expect 2 "$status" "$tmp/al.txt" "+ activelogic.user asmith" "- activelogic.user cformer"

step "roster sandbox"
(cd "$tmp/work" && exec env -i PATH=/usr/bin:/bin HOME="$tmp/home" "$roster" sandbox --state activelogic="$tmp/work/activelogic-state.json") >"$tmp/sandbox.txt" 2>"$tmp/sandbox.err" &
sandbox_pid=$!
for _ in $(seq 1 300); do
    grep -q '^activelogic ' "$tmp/sandbox.txt" && grep -q '^uyuni ' "$tmp/sandbox.txt" && break
    kill -0 "$sandbox_pid" 2>/dev/null || break
    sleep 0.1
done
cat "$tmp/sandbox.txt"
grep -q '^uyuni http://127.0.0.1:[0-9]*/rpc/api$' "$tmp/sandbox.txt" || { cat "$tmp/sandbox.err"; fail "roster sandbox served no uyuni"; }
grep -q "^activelogic file://$tmp/work/activelogic-state.json$" "$tmp/sandbox.txt" || { cat "$tmp/sandbox.err"; fail "roster sandbox served no activelogic"; }
grep -qF "PYTHONPATH=$home/bin/" "$tmp/sandbox.err" || { cat "$tmp/sandbox.err"; fail "the ActiveLogic module is not the one beside the binary"; }

echo "release-check: $name OK"
