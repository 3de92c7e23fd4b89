# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The swap group: swap under memory pressure: a swap file on the host, and a swap image.
# Sourced by tests/boot.sh, which runs test_swap.

test_swap() {
	# shellcheck disable=SC2034 # boot() reads qemu_args
	local qemu_args=(-m 128) BOOT_TIMEOUT=$BOOT_TIMEOUT
	BOOT_TIMEOUT=$(swap_timeout)
	make_swap_disk
	cp "$work/swap.disk" "$work/swap-file.disk"
	expect_pass swap-host-file \
		"lbtest=swap lbswap=/host/swapfile.swp lbswapon=fstab lbseconds=${SWAP_SECONDS:-60} loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/swap-file.disk"
	expect_clean_host swap-host-file-clean "$work/swap-file.disk" vfat /linux/linuxdsk.img
	# The HOWTO's swap image, marked "swap": loopboot swaps on it as the
	# host's swap file
	cp "$work/swap.disk" "$work/swap-image.disk"
	expect_pass swap-image \
		"lbtest=swap lbswap=/host/linux/swap192.img lbseconds=${SWAP_SECONDS:-60} loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/swap192.img,swap" \
		"$work/swap-image.disk"
	expect_console_line swap-image-says-so swap-image \
		'loopboot: image /linux/swap192.img is swap$'
	expect_clean_host swap-image-clean "$work/swap-image.disk" vfat /linux/linuxdsk.img
}
