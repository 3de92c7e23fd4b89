# shellcheck shell=bash disable=SC2154
# (SC2154: top, kver, work and MiB come from tests/lib/env.sh)
# The static checks: shell scripts, the patches, the driver's compile, the
# freshness of patches/ and of the documented examples.  Sourced by
# tests/run.sh, after tests/lib/*.sh.

# static_check NAME COMMAND...: pass when COMMAND succeeds and prints nothing
static_check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1) && [ -z "$out" ]; then
		result "$name" ""
	else
		result "$name" "$(printf '%s\n' "$out" | sed -n '1,40p')"
	fi
}

shell_scripts() {
	cd "$top" && git ls-files '*.sh' .ci/run tests/guest/init scripts tests |
		sort -u | while read -r f; do
			[ -f "$f" ] || continue
			read -r first <"$f" || true
			case "$first" in '#!'*sh* | '# shellcheck shell='*) echo "$f" ;; esac
		done
}

check_shellcheck() {
	local files
	mapfile -t files < <(shell_scripts)
	(cd "$top" && shellcheck -x "${files[@]}")
}

# checkpatch.pl --strict, from the patched tree, on each patch of the series
check_checkpatch() {
	local src=$top/build/$kver/linux p rc=0
	while read -r p; do
		(cd "$src" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict \
			--quiet "$top/patches/$kver/$p") || rc=1
	done < <(series "$kver")
	return $rc
}

# The in-tree driver, built with sparse (C=2) and W=1; any diagnostic fails
check_sparse_w1() {
	local obj=$top/build/$kver/obj-test
	rm -f "$obj"/drivers/block/loopboot/*.o
	make -s -C "$top/build/$kver/linux" O="$obj" CC="ccache gcc" C=2 W=1 \
		drivers/block/loopboot/ 2>&1 | grep -v '^  CHECK\|^  CC' || true
}

# The out-of-tree module, against the CONFIG_LOOPBOOT=m tree, W=1
check_module_w1() {
	"$top/scripts/module.sh" "$kver" W=1 C=2 2>&1 | grep -v '^  CHECK\|^  CC' || true
}

# patches/ is what scripts/gen-patches.sh makes of module/ and Documentation/
check_patches_fresh() {
	local fresh=$top/build/$kver/patches-check
	rm -rf "$fresh"
	"$top/scripts/gen-patches.sh" "$kver" "$fresh" &&
		diff -r -x msg "$top/patches/$kver" "$fresh"
}

# scripts/trees says what this tree has: its compat Kconfig and its source
# must say the same
check_tree_facts() {
	local kconfig=$top/module/compat/$kver/Kconfig
	local mounts=$top/build/$kver/linux/init/do_mounts.c
	[ -d "$top/module/compat/$kver" ] || echo "$kver: no module/compat/$kver"
	if tree_has "$kver" module; then
		! grep -qs '^	bool "Boot from' "$kconfig" ||
			echo "$kver: scripts/trees has module mode, $kconfig makes loopboot bool"
	else
		grep -qs '^	bool "Boot from' "$kconfig" ||
			echo "$kver: scripts/trees has no module mode, $kconfig does not make loopboot bool"
	fi
	if tree_has "$kver" rootwait_n; then
		grep -q '__setup("rootwait=", rootwait_timeout_setup)' "$mounts" ||
			echo "$kver: scripts/trees has rootwait=N, $mounts does not"
	else
		! grep -q '__setup("rootwait=", rootwait_timeout_setup)' "$mounts" ||
			echo "$kver: scripts/trees has no rootwait=N, $mounts does"
	fi
}

# Every example in the documentation, named [test], is booted by that test
# with exactly that command line
check_doc_examples() {
	awk '
		/^[A-Za-z].* \[[A-Za-z0-9-]+\]$/ { match($0, /\[[A-Za-z0-9-]+\]$/); name = substr($0, RSTART + 1, RLENGTH - 2); next }
		name && /^  [a-z].*=/ { sub(/^  /, ""); print name "|" $0; name = "" }
	' "$top/Documentation/loopboot.rst" | while IFS='|' read -r name cmd; do
		grep -Eq -- "_pass $name( |$)" "$top"/tests/boot/*.sh ||
			echo "example [$name] has no boot test of that name"
		test=$(grep -h -E -A2 -- "_pass $name( |$)" "$top"/tests/boot/*.sh)
		[[ "$test" == *"$cmd"* ]] || echo "test $name does not boot: $cmd"
	done
}

# The documentation is valid reStructuredText (warnings count)
check_doc_rst() {
	/usr/bin/rst2html --halt=warning --report=warning \
		"$top/Documentation/loopboot.rst" >/dev/null
}

run_static_checks() {
	need_pkgs shellcheck sparse python3-ply python3-docutils git
	"$top/scripts/kernel.sh" "$kver" test
	static_check shellcheck check_shellcheck
	static_check checkpatch-strict check_checkpatch
	static_check patches-fresh check_patches_fresh
	static_check tree-facts check_tree_facts
	static_check doc-examples check_doc_examples
	static_check doc-rst check_doc_rst
	static_check driver-sparse-W1 check_sparse_w1
	static_check module-sparse-W1 check_module_w1
}
