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
	cd "$top" && git ls-files '*.sh' .ci/run tests/guest/init scripts tests tools/hooks |
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

# patches/ is what scripts/gen-patches.sh makes of module/ and Documentation/.
# Debian's point releases move the lines the hand-written patches touch, so
# where a hunk starts and the blob hashes of the files it changes are not
# compared: every line a patch adds, removes or keeps as context is.
check_patches_fresh() {
	local fresh=$top/build/$kver/patches-check p patches
	rm -rf "$fresh"
	"$top/scripts/gen-patches.sh" "$kver" "$fresh" || return
	diff <(cd "$top/patches/$kver" && ls ./*.patch) <(cd "$fresh" && ls ./*.patch) || return
	mapfile -t patches < <(series "$kver")
	for p in "${patches[@]}"; do
		diff -u --label "patches/$kver/$p" --label "regenerated" \
			<(patch_content "$top/patches/$kver/$p") \
			<(patch_content "$fresh/$p") || return
	done
	diff "$top/patches/$kver/series" "$fresh/series"
}

# A patch without what depends on the exact base file: the index line's
# blob hashes and the hunk headers' line numbers
patch_content() {
	sed -E -e '/^index [0-9a-f]+\.\.[0-9a-f]+/d' \
		-e 's/^@@ -[0-9]+(,[0-9]+)? \+[0-9]+(,[0-9]+)? @@/@@ -L\1 +L\2 @@/' "$1"
}

# The subject of a patch, and the files it touches, on one line
patch_summary() {
	local subject files
	subject=$(awk '/^Subject: / { s = $0; next } s && /^ / { s = s $0; next }
		s { print s; exit }' "$1" | sed 's/^Subject: \[PATCH[^]]*\] //; s/  */ /g')
	files=$(sed -n 's|^+++ b/||p; s|^--- a/||p' "$1" | sort -u | tr '\n' ' ')
	printf '%s\t%s\n' "$subject" "$files"
}

# What the hand-written patches of TREE say they are, but for those that
# patches/hand/tree-only lists
hand_summary() {
	local p subject files
	for p in "$top/patches/hand/$1"/*.patch; do
		IFS=$'\t' read -r subject files < <(patch_summary "$p")
		awk -F'\t' -v t="$1" -v s="$subject" '$1 == t && $2 == s { f = 1 } END { exit !f }' \
			"$top/patches/hand/tree-only" || printf '%s\t%s\n' "$subject" "$files"
	done
}

# The hand-written patches of the trees (patches/hand/TREE/) are the same
# patches, in the same order, touching the same files, but for those that
# patches/hand/tree-only names
check_hand_patches_agree() {
	local tree first=""
	for tree in $(trees); do
		hand_summary "$tree" >"$top/build/hand-$tree.summary"
		[ -n "$first" ] || { first=$tree; continue; }
		diff -u --label "patches/hand/$first" --label "patches/hand/$tree" \
			"$top/build/hand-$first.summary" "$top/build/hand-$tree.summary"
	done
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
	# the module check's kernel, so that its build's progress is not output
	! tree_has "$kver" module || "$top/scripts/kernel.sh" "$kver" module
	static_check shellcheck check_shellcheck
	static_check checkpatch-strict check_checkpatch
	static_check patches-fresh check_patches_fresh
	static_check tree-facts check_tree_facts
	static_check hand-patches-agree check_hand_patches_agree
	static_check doc-examples check_doc_examples
	static_check doc-rst check_doc_rst
	static_check driver-sparse-W1 check_sparse_w1
	static_check module-sparse-W1 check_module_w1
}
