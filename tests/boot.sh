# shellcheck shell=bash disable=SC2154
# (SC2154: top and kver come from tests/lib/env.sh)
# The boot tests: each boots a kernel under QEMU from disks built here.
# Group G is the function test_G in tests/boot/G.sh; the shared disks are
# in tests/fixtures.sh.  Sourced by tests/run.sh after tests/lib.sh.
#
# To add a boot test: call expect_pass NAME "lbtest=CHECK ..." DISK in the
# group's file, where tests/guest/checks/CHECK.sh is what the guest checks
# and reports (tests/lib/expect.sh has the other expectations); to add a
# group, add tests/boot/G.sh with test_G, and G to boot_groups below.

for lib in "$top/tests/fixtures.sh" "$top"/tests/boot/*.sh; do
	# shellcheck source=/dev/null
	. "$lib"
done
unset lib

# The groups make test runs, in order; swap_loop and distro run only when
# named in BOOT_GROUPS, module only on trees that have module mode
boot_groups() {
	echo kunit howto shutdown root_forms failures malformed hosts sectors \
		late_host images allocation pieces grub cycles powercut swap faults \
		windows windows_gpt times tool firmware
	! tree_has "$kver" module || echo module
}

# BOOT_GROUPS="hosts images" runs only those groups
run_boot_tests() {
	local group
	need_pkgs qemu-system-x86 busybox-static dosfstools mtools e2fsprogs \
		squashfs-tools fdisk exfatprogs ntfs-3g erofs-utils socat python3 \
		grub-pc-bin grub-common xorriso cpio
	make_fixtures
	for group in ${BOOT_GROUPS:-$(boot_groups)}; do
		"test_$group"
	done
}
