# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The swap_loop group: for comparison, swap on a loop device over the file (run only when named).
# Sourced by tests/boot.sh, which runs test_swap_loop.

# For comparison, the same swap image on a loop device that losetup attaches
# in the guest, which does I/O through the host's filesystem: it hangs as
# soon as the guest swaps in earnest.  The swap bios and the bios of the loop driver's direct I/O to
# the image file come from one mempool, fs_bio_set, and the swap side holds
# all of it (see loopboot.rst, Swap).  BOOT_GROUPS=swap_loop runs it.
test_swap_loop() {
	# shellcheck disable=SC2034 # boot() reads qemu_args
	local qemu_args=(-m 128) BOOT_TIMEOUT=$BOOT_TIMEOUT
	BOOT_TIMEOUT=$(swap_timeout)
	make_swap_disk
	cp "$work/swap.disk" "$work/swap-losetup.disk"
	expect_pass swap-losetup-image \
		"lbtest=swap lbswap=/dev/loop5 lblosetup=/host/linux/swap192.img lbswapon=fstab lbseconds=${SWAP_SECONDS:-60} loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/swap-losetup.disk"
}
