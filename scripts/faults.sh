#!/bin/sh
# Issue 9, points 3 and 4 at full size: an apply of about 1,000 actions across the four HTTP
# backends and ActiveLogic under 10% 5xx, 5% closed connections, 2% lost answers and 5% throttling, then a second
# apply and a plan; and a `kill -9` of `roster apply` at a seeded random moment, then a re-run.
# Prints the figures: actions, faults injected per kind, retries, outcome.
#
#   scripts/faults.sh                      # PEOPLE=535 (~1,000 actions), CRASH_PEOPLE=334, a random seed
#   CRASH_SEED=42 scripts/faults.sh        # the same kill moment again
set -eu
cd "$(dirname "$0")/.."

people=${PEOPLE:-535}
crash_people=${CRASH_PEOPLE:-334}
seed=${CRASH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

swift build --build-tests >/dev/null 2>&1 || swift build --build-tests

echo "== convergence under faults: $people people"
status=0
ROSTER_FAULT_PEOPLE=$people swift test --skip-build --filter FaultConvergenceTests >"$log" 2>&1 || status=$?
grep '^faults:' "$log" | tr ' ' '\n' | sed -n '1!p' | sed 's/^/  /'
grep '^failed otherwise:' "$log" | sed 's/^/  /' || true
[ $status -eq 0 ] && echo "  outcome: passed" || { echo "  outcome: FAILED"; grep -E 'Expectation failed|error:' "$log" | head -20; }

echo "== kill -9 of roster apply: $crash_people people, seed $seed"
crash=0
ROSTER_CRASH_PEOPLE=$crash_people ROSTER_CRASH_SEED=$seed \
    swift test --skip-build --filter CrashSafetyTests >"$log" 2>&1 || crash=$?
grep '^crash:' "$log" | tr ' ' '\n' | sed -n '1!p' | sed 's/^/  /'
[ $crash -eq 0 ] && echo "  outcome: passed" || { echo "  outcome: FAILED"; grep -E 'Expectation failed|error:' "$log" | head -20; }

[ $status -eq 0 ] && [ $crash -eq 0 ]
