#!/usr/bin/env bash
# Prints the path of a Python with the vendor SDKs of requirements.txt installed, creating the
# virtual environment .venv at the package root on first use. Safe to call from parallel tests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.venv"
requirements="$here/requirements.txt"
stamp="$venv/.requirements"
exec 9>"$root/.venv.lock"
flock 9
if [ ! -x "$venv/bin/python3" ]; then
  python3 -m venv "$venv" >&2
fi
if ! cmp -s "$requirements" "$stamp" 2>/dev/null; then
  if grep -qv '^\s*\(#\|$\)' "$requirements"; then
    "$venv/bin/pip" install --disable-pip-version-check -q -r "$requirements" >&2
  fi
  cp "$requirements" "$stamp"
fi
echo "$venv/bin/python3"
