#!/bin/bash
# make test: the static checks, the parser fuzzer, the boot tests, the core
# boot tests on the debug kernels, the other supported trees; one summary
# line.
#   tests/run.sh [static|fuzz|boot|debug-core|debug|trees]...
#   (default: static fuzz boot debug-core trees; debug is every boot test
#   on the debug kernels, which make test-debug runs)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=static-checks.sh
. "$top/tests/static-checks.sh"
# shellcheck source=boot.sh
. "$top/tests/boot.sh"

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

# The boot tests of BOOT_GROUPS (default: all) on the debug kernels, whose
# reports (KASAN, UBSAN, lockdep, a WARN) panic the guest; results are
# named debug/NAME
run_debug_boot_tests() {
	"$top/scripts/kernel.sh" "$kver" test-debug
	use_variant debug
	run_boot_tests
	use_variant ""
}

# The core boot tests, those that the sanitizers can tell most from
run_debug_core_tests() {
	BOOT_GROUPS=${DEBUG_CORE_GROUPS:-howto shutdown failures faults} \
		run_debug_boot_tests
}

# The other supported trees (OTHER_TREES, default: those of scripts/trees
# but the first tree's): their series, the
# driver built in them with sparse and W=1, the boot tests and the core
# boot tests on their debug kernels; results are named 6.1/NAME
run_other_trees() {
	local tree
	need_pkgs sparse python3-ply git
	for tree in ${OTHER_TREES-$(trees | grep -vxF "$main_kver")}; do
		use_tree "$tree"
		"$top/scripts/kernel.sh" "$kver" test
		static_check checkpatch-strict check_checkpatch
		static_check patches-fresh check_patches_fresh
		static_check tree-facts check_tree_facts
		static_check driver-sparse-W1 check_sparse_w1
		run_boot_tests
		run_debug_core_tests
	done
	use_tree "$main_kver"
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(static fuzz boot debug-core trees)
for part in "${parts[@]}"; do
	case "$part" in
	static) run_static_checks ;;
	fuzz) run_fuzz ;;
	boot) run_boot_tests ;;
	debug) run_debug_boot_tests ;;
	debug-core) run_debug_core_tests ;;
	trees) run_other_trees ;;
	*) echo "unknown part: $part" >&2; exit 2 ;;
	esac
done
summary
