#!/usr/bin/env bash
# roster's CPU per XML-RPC request (docs/performance.md): plans of 10,000 and of 20,000 Uyuni people
# (two reads each) against one `roster sandbox` of 20,000 users in another process; the difference
# of the two plans' CPU (user + sys of the roster process, medians of RUNS) over the 20,000
# requests between them, so that what does not grow with the requests cancels.
#
#   scripts/cpu-per-request.sh [ROSTER ...]     default: .build/release/roster
#
# Several binaries (e.g. a build of an earlier commit) are measured in turn against the same
# sandbox. ROSTER_HTTP_CLIENT=general in the environment measures the general HTTP client.
set -euo pipefail
cd "$(dirname "$0")/.."
binaries=("$@")
[ ${#binaries[@]} -eq 0 ] && binaries=(.build/release/roster)
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'kill "${sandbox:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

{
  echo "org: {id: 1, name: Bench, create_default_system_group: false}"
  echo "users:"
  echo "  - {login: admin, password: sandbox-admin, first_name: Sandbox, last_name: Admin, email: admin@example.com, roles: [satellite_admin, org_admin]}"
  for ((i = 0; i < 20000; i++)); do
    echo "  - {login: user$i, password: Pass-word-$i, first_name: F$i, last_name: L$i, email: u$i@example.com, roles: [channel_admin]}"
  done
} > "$work/seed.yaml"

"${binaries[0]}" sandbox --seed uyuni="$work/seed.yaml" > "$work/sandbox.out" 2> "$work/sandbox.err" &
sandbox=$!
for _ in $(seq 1 240); do grep -q "^uyuni " "$work/sandbox.out" 2>/dev/null && break; sleep 0.5; done
url=$(awk '$1 == "uyuni" { print $2 }' "$work/sandbox.out")
[ -n "$url" ] || { echo "the sandbox did not start: $(cat "$work/sandbox.err")" >&2; exit 1; }

for size in 10000 20000; do
  {
    printf 'version: 1\nbackends:\n  uyuni: {type: uyuni, url: "%s", username: admin, password: sandbox-admin}\npeople:\n' "$url"
    for ((i = 0; i < size; i++)); do
      printf '  u%d: {first_name: F%d, last_name: L%d, email: u%d@example.com, accounts: {uyuni: {login: user%d, roles: [channel_admin]}}}\n' \
        "$i" "$i" "$i" "$i" "$i"
    done
  } > "$work/roster$size.yaml"
done

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
for binary in "${binaries[@]}"; do
  for size in 10000 20000; do
    for ((run = 0; run < runs; run++)); do
      /usr/bin/time -f "%U %S" -o "$work/time" "$binary" plan -c "$work/roster$size.yaml" > "$work/plan.out" 2>&1 || true
      grep -q "No changes" "$work/plan.out" || { echo "unexpected plan: $(tail -3 "$work/plan.out")" >&2; exit 1; }
      awk '{ print $1 + $2 }' "$work/time"
    done | median > "$work/cpu$size"
  done
  small=$(cat "$work/cpu10000") large=$(cat "$work/cpu20000")
  awk -v b="$binary" -v s="$small" -v l="$large" \
    'BEGIN { printf "%s: CPU %.2f s (10,000 people), %.2f s (20,000); %.1f µs per request\n", b, s, l, (l - s) / 20000 * 1e6 }'
done
