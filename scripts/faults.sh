#!/bin/sh
# Issues 9 and 19 at full size: RUNS applies (default 10) of about 1,000 actions across the four HTTP
# backends and ActiveLogic under 10% 5xx (500/503), 5% closed connections, 2% lost answers and 5%
# throttling, each on a fresh lab: ONE apply must end with every action succeeded and an empty
# plan after it. Then a `kill -9` of `roster apply` at a seeded random moment, and a re-run.
# Prints the figures of each run: actions, faults injected per kind, retries, read-backs, outcome.
#
#   scripts/faults.sh                      # PEOPLE=535 (~1,000 actions), RUNS=10, CRASH_PEOPLE=334, a random seed
#   RUNS=3 CRASH_SEED=42 scripts/faults.sh # three runs, the same kill moment again
set -eu
cd "$(dirname "$0")/.."

people=${PEOPLE:-535}
runs=${RUNS:-10}
crash_people=${CRASH_PEOPLE:-334}
seed=${CRASH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

swift build --build-tests >/dev/null 2>&1 || swift build --build-tests

echo "== one apply under faults: $people people, $runs runs"
converged=0
run=1
while [ $run -le $runs ]; do
    if ROSTER_FAULT_PEOPLE=$people swift test --skip-build --filter FaultConvergenceTests >"$log" 2>&1; then
        converged=$((converged + 1))
    else
        grep -E '^failed:|Expectation failed' "$log" | head -5 | sed 's/^/    /'
    fi
    grep '^faults:' "$log" | sed "s/^faults:/  run $run:/"
    run=$((run + 1))
done
echo "  one apply converged in $converged of $runs runs"
status=0
[ $((converged * 10)) -ge $((runs * 9)) ] || status=1

echo "== kill -9 of roster apply: $crash_people people, seed $seed"
crash=0
ROSTER_CRASH_PEOPLE=$crash_people ROSTER_CRASH_SEED=$seed \
    swift test --skip-build --filter CrashSafetyTests >"$log" 2>&1 || crash=$?
grep '^crash:' "$log" | tr ' ' '\n' | sed -n '1!p' | sed 's/^/  /'
[ $crash -eq 0 ] && echo "  outcome: passed" || { echo "  outcome: FAILED"; grep -E 'Expectation failed|error:' "$log" | head -20; }

[ $status -eq 0 ] && [ $crash -eq 0 ]
