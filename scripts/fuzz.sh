#!/usr/bin/env bash
# Fuzzes the importer, the record loader, report parsing, the personal-data
# scan, what the site publishes from a text (`output`) and the preview
# server's request reader (`serve`) with cargo-fuzz, on the stable toolchain
# (no sanitizer: `-s none`), with debug assertions on: overflow checks, and
# the comparisons of the fast readers (report front matter, the personal-data
# scan's line skipping) with the full ones, which only debug builds make.
#
#   scripts/fuzz.sh [TARGET...]     default: every target in fuzz/fuzz_targets/
#
# FUZZ_SECONDS  time per target (default 60)
# FUZZ_TIMEOUT  seconds one input may take before it counts as a hang (default 10)
# FUZZ_MAX_LEN  largest input tried, in bytes (default 262144, so that inputs
#               large enough to show quadratic work are tried, not only 4 KB)
#
# Build output and libFuzzer's working corpus stay in fuzz/target/; seeds are
# read from fuzz/corpus/<target>/ and never written. Exits 1 if any target
# crashed, hung or ran out of memory, printing the saved input's path.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${FUZZ_SECONDS:-60}
timeout=${FUZZ_TIMEOUT:-10}
max_len=${FUZZ_MAX_LEN:-262144}
target_dir=$root/fuzz/target

if [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=()
    for f in fuzz/fuzz_targets/*.rs; do targets+=("$(basename "$f" .rs)"); done
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    start=$SECONDS
    cargo install cargo-fuzz --locked </dev/null
    echo "== cargo-fuzz installed in $((SECONDS - start)) s"
fi

# Same flags for build and run, so `run` reuses the build.
flags=(-s none --debug-assertions --target-dir "$target_dir")

echo "== building fuzz targets: ${targets[*]}"
start=$SECONDS
for t in "${targets[@]}"; do
    cargo fuzz build "${flags[@]}" "$t" </dev/null
done
echo "== built in $((SECONDS - start)) s"

failed=()
mkdir -p "$target_dir/logs"
for t in "${targets[@]}"; do
    work=$target_dir/corpus/$t
    artifacts=$root/fuzz/artifacts/$t
    log=$target_dir/logs/$t.log
    mkdir -p "$work" "$artifacts"
    stamp=$(mktemp)
    echo "== fuzzing $t for ${seconds} s (log: ${log#"$root"/})"
    start=$SECONDS
    status=0
    cargo fuzz run "${flags[@]}" "$t" "$work" "$root/fuzz/corpus/$t" -- \
        -max_total_time="$seconds" -timeout="$timeout" -max_len="$max_len" \
        -print_final_stats=1 \
        </dev/null >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 || true)
    found=$(find "$artifacts" -type f -newer "$stamp" | sort)
    rm -f "$stamp"
    if [ "$status" -ne 0 ] || [ -n "$found" ]; then
        echo "!! $t FAILED (exit $status) after $((SECONDS - start)) s; from ${log#"$root"/}:"
        if grep -qE 'panicked at|^==[0-9]+== ERROR' "$log"; then
            { grep -A1 'panicked at' "$log" | head -n 4
              grep -E '^==[0-9]+== ERROR|^SUMMARY:' "$log" | head -n 2; } || true
        else
            tail -n 20 "$log"
        fi | sed 's/^/   /'
        for f in $found; do
            echo "!! crash input: ${f#"$root"/}"
            echo "   reproduce: cargo fuzz run -s none --target-dir fuzz/target $t ${f#"$root"/}"
        done
        failed+=("$t")
    else
        echo "   ok: ${runs:-?} runs, ${cov:-cov: ?}, $((SECONDS - start)) s"
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "== fuzzing found problems in: ${failed[*]}"
    exit 1
fi
echo "== fuzzing passed: ${targets[*]} (${seconds} s each)"
