#!/bin/bash
# make test: the static checks, the parser fuzzer, the boot tests; one
# summary line.
#   tests/run.sh [static|fuzz|boot]...   (default: all three)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=static-checks.sh
. "$top/tests/static-checks.sh"
# shellcheck source=boot-tests.sh
. "$top/tests/boot-tests.sh"

# The parser under libFuzzer: the corpus, then FUZZ_SECONDS of new inputs
run_fuzz() {
	local out
	if out=$("$top/tests/fuzz/run.sh" "${FUZZ_SECONDS:-60}" 2>&1); then
		result fuzz-parser ""
	else
		result fuzz-parser "$out"
	fi
	printf '%s\n' "$out" | grep '^stat::' | sed 's/^/    /'
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(static fuzz boot)
for part in "${parts[@]}"; do
	case "$part" in
	static) run_static_checks ;;
	fuzz) run_fuzz ;;
	boot) run_boot_tests ;;
	*) echo "unknown part: $part" >&2; exit 2 ;;
	esac
done
summary
