#!/usr/bin/env bash
# Builds roster's libFuzzer targets and runs each for SECONDS (default 600) on its seed corpus.
#
#   scripts/fuzz.sh [SECONDS]                 every target: config, xmlrpc, ctera-xml, json
#   FUZZ_TARGETS="json xmlrpc" scripts/fuzz.sh 60
#
# The targets exist only in this build (ROSTER_FUZZ=1, see the end of Package.swift), in a scratch
# folder of their own (.build/fuzz), so the normal `swift build` and `swift test` never see them.
# Seeds come from Fuzz/corpus/TARGET (committed; scripts/fuzz-corpus.py refreshes them from
# examples/ and the vendor captures); new inputs go to .build/fuzz/corpus/TARGET. A crash leaves
# its input in .build/fuzz/artifacts/ and makes the script exit 1: fix it, and keep the input as a
# regression test (Tests/FuzzRegressionTests/, which runs every file of Fuzz/regressions/).
# Runs one target at a time, under nice: the build machine is shared.
set -euo pipefail

seconds=${1:-600}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
targets=(${FUZZ_TARGETS:-config xmlrpc ctera-xml json})
scratch=.build/fuzz

# Offline: the fuzz build starts from the main build's checkouts when it has none of its own.
if [ ! -d "$scratch/checkouts" ] && [ -d .build/checkouts ]; then
    mkdir -p "$scratch"
    cp -R .build/checkouts "$scratch/"
    [ -d .build/repositories ] && cp -R .build/repositories "$scratch/"
    [ -f .build/workspace-state.json ] && cp .build/workspace-state.json "$scratch/"
fi

flags=(-c release --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library)
for target in "${targets[@]}"; do
    echo "== building fuzz-$target"
    ROSTER_FUZZ=1 nice swift build "${flags[@]}" --product "fuzz-$target"
done
bin=$(ROSTER_FUZZ=1 swift build "${flags[@]}" --show-bin-path)

failed=0
mkdir -p "$scratch/artifacts"
for target in "${targets[@]}"; do
    work="$scratch/corpus/$target"
    mkdir -p "$work"
    dict=()
    [ -f "Fuzz/dict/$target.dict" ] && dict=(-dict="Fuzz/dict/$target.dict")
    echo "== fuzz-$target for ${seconds}s"
    log="$scratch/fuzz-$target.log"
    # Swift's backtracer would take the crash signal before libFuzzer, which then keeps no input.
    if SWIFT_BACKTRACE=enable=no nice "$bin/fuzz-$target" "$work" "Fuzz/corpus/$target" "${dict[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
        -artifact_prefix="$scratch/artifacts/$target-" >"$log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
        echo "fuzz-$target: ${seconds}s, $runs executions, no crash"
    else
        failed=$((failed + 1))
        echo "fuzz-$target: CRASH; see $log and $scratch/artifacts/$target-*"
        tail -40 "$log"
    fi
done
echo "fuzz: $(( ${#targets[@]} - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
