#!/bin/bash
# Build the parser (module/parse.c, option.c, params.c) unchanged in user
# space with libFuzzer, ASan and UBSan, replay the corpus, then fuzz for
# SECONDS (default 600).  Any crash, leak or undefined behaviour fails.
#   tests/fuzz/run.sh [SECONDS]
set -euo pipefail
# shellcheck source=../../scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"

seconds=${1:-600}
fuzz=$top/tests/fuzz
out=$top/build/fuzz
need_pkgs clang libclang-rt-14-dev
mkdir -p "$out/corpus"

clang -g -O1 -Wall -Werror -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -I "$top/tools/include" -I "$top/module" \
	"$fuzz/fuzz_parse.c" "$top/module/parse.c" "$top/module/option.c" \
	"$top/module/params.c" -o "$out/fuzz_parse"

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
# The checked-in corpus first, then new inputs, kept in build/
rc=0
"$out/fuzz_parse" -artifact_prefix="$out/" -runs=0 "$fuzz/corpus" >"$out/replay.log" 2>&1 || rc=$?
"$out/fuzz_parse" -artifact_prefix="$out/" -max_total_time="$seconds" \
	-max_len=512 -print_final_stats=1 \
	"$out/corpus" "$fuzz/corpus" >"$out/fuzz.log" 2>&1 || rc=$?
grep -h -E 'ERROR|SUMMARY|broken|^Done' "$out/replay.log" || true
grep -h -E 'ERROR|SUMMARY|broken|^stat::number_of_executed_units|^stat::new_units' \
	"$out/fuzz.log" || true
[ "$rc" = 0 ] || { echo "the fuzzer failed (exit $rc): see $out/*.log"; exit 1; }
