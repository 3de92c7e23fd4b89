# shellcheck shell=bash disable=SC2034
# (SC2034: what is set here is for the other files)
# The tree and the kernel variant the tests run on, and where their files
# go.  Sourced first by tests/boot.sh and tests/run.sh.

# shellcheck source=../../scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
kver=${KVER:-6.12}
main_kver=$kver
tree_prefix=""
boot_seconds=${BOOT_TIMEOUT:-60}	# for one boot of the test kernel, a hard bound

# use_variant [debug]: the boot tests run on the plain test kernels, or on
# their debug builds (tests/configs/debug.config); results are then named
# debug/NAME and kept apart
use_variant() {
	variant=${1:+-$1}
	kernel=$top/build/$kver/obj-test$variant/arch/x86/boot/bzImage
	# shellcheck disable=SC2034 # for tests/boot/module.sh
	module_kernel=$top/build/$kver/obj-module$variant/arch/x86/boot/bzImage
	work=$top/build/tests/$kver$variant
	prefix=$tree_prefix${1:+$1/}
	BOOT_TIMEOUT=$boot_seconds
	# KASAN, lockdep and kmemleak make a boot under TCG about 3 times slower
	[ -z "$1" ] || BOOT_TIMEOUT=$((boot_seconds * 3))
	mkdir -p "$work"
}
use_variant "${VARIANT:-}"

# use_tree KVER: what follows runs on the kernels of that tree; results
# are named KVER/NAME, except on the first tree (the KVER make test got)
use_tree() {
	kver=$1
	tree_prefix=""
	[ "$kver" = "$main_kver" ] || tree_prefix=$kver/
	use_variant "${variant#-}"
}

MiB=$((1024 * 1024))

