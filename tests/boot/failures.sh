# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The failures group: failures after parsing: each one loopboot: line, then a panic.
# Sourced by tests/boot.sh, which runs test_failures.

test_failures() {
	local disk=$work/howto.disk
	expect_panic host-never-appears "host /dev/vdb1: not found after * ms (-ENODEV)" \
		"loopboot=/dev/vdb1:/linux/linuxdsk.img loopboot.timeout=2" "$disk"
	expect_panic host-absent-no-wait \
		"host /dev/vdb1: not found after * ms (add rootwait or loopboot.timeout= to wait) (-ENODEV)" \
		"loopboot=/dev/vdb1:/linux/linuxdsk.img" "$disk"
	if ! grep -q 'vda1' "$work/host-never-appears.console" ||
		! grep -q 'the partitions the kernel sees are' "$work/host-never-appears.console"; then
		result host-never-appears-lists "no list of partitions"
	else
		result host-never-appears-lists ""
	fi
	# a failure after the host was mounted leaves it clean, panic or not
	cp "$disk" "$work/image-missing.disk"
	expect_panic image-missing \
		"image /linux/nothere.img: not found on host /dev/vda1 (-ENOENT)" \
		"loopboot=/dev/vda1:/linux/nothere.img" "$work/image-missing.disk"
	expect_clean_host image-missing-host-clean "$work/image-missing.disk" \
		vfat /linux/linuxdsk.img
	expect_panic unknown-fstype \
		"host /dev/vda1: cannot mount it as nosuchfs (-ENODEV)" \
		"loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.fstype=nosuchfs" "$disk"
	expect_panic image-is-directory \
		"image /linux: not a regular file (-EISDIR)" \
		"loopboot=/dev/vda1:/linux" "$disk"
	expect_panic symlink-absolute \
		"image /linux/absolute.img: its path leads outside host /dev/vda1 (-EXDEV)" \
		"loopboot=/dev/vda1:/linux/absolute.img" "$work/ext4host.disk"
	expect_panic symlink-above-host \
		"image /linux/above.img: its path leads outside host /dev/vda1 (-EXDEV)" \
		"loopboot=/dev/vda1:/linux/above.img" "$work/ext4host.disk"
	# a failure after the image file was opened: the host is clean too
	cp "$disk" "$work/offset-beyond-image.disk"
	expect_panic offset-beyond-image \
		"image /linux/linuxdsk.img: offset=1073741824 is not below its size, 50331648 (-EINVAL)" \
		"loopboot=/dev/vda1:/linux/linuxdsk.img,offset=1G" "$work/offset-beyond-image.disk"
	expect_clean_host offset-beyond-image-host-clean "$work/offset-beyond-image.disk" \
		vfat /linux/linuxdsk.img
	expect_panic host-bad-partuuid \
		"host PARTUUID=4c4f4f50-01/PARTNROFF=x: not a device name the kernel accepts (-EINVAL)" \
		"loopboot=PARTUUID=4c4f4f50-01/PARTNROFF=x:/linux/linuxdsk.img" "$disk"
	expect_panic timeout-too-long \
		"loopboot.timeout=3601: not between 0 and 3600 (-ERANGE)" \
		"loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.timeout=3601" "$disk"
	expect_panic hostdir-relative \
		'loopboot.hostdir=host: not an absolute path without "..", nor "none" (-EINVAL)' \
		"loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.hostdir=host" "$disk"
	expect_panic swap-only-no-root \
		"loopboot=: every image is swap, so root= must name the root device (-EINVAL)" \
		"loopboot=/dev/vda1:/linux/linuxswp.img,swap" "$disk"
	expect_panic fstype-empty-entry \
		"loopboot.fstype=vfat,,ext4: empty filesystem type in the list (-EINVAL)" \
		"loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.fstype=vfat,,ext4" "$disk"
}
