# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The allocation group: an image stays as allocated as it was made, unless
# it has the option "discard".  Only hosts that punch holes (ext4 here;
# FAT, exFAT and NTFS refuse to) can show it.
# Sourced by tests/boot.sh, which runs test_allocation.

test_allocation() {
	local d=$work/allocation
	rm -rf "$d"
	mkdir -p "$d"
	mk_ext4 "$work/allocation.ext4" 96 "$d" 4096
	rm -rf "$d"
	# mke2fs -d would leave the image's zero blocks out: a helper boot
	# writes every byte of it
	boot make-allocation-host \
		"lbtest=fill lbfstype=ext4 lbdest=/linux/full.img root=/dev/vdb ro" \
		"$work/allocation.ext4" "$work/linuxdsk.img,readonly=on"
	if ! grep -qx "LOOPBOOT-PASS fill" "$work/make-allocation-host.marker"; then
		result make-allocation-host "the boot that fills the ext4 host did not pass"
		return
	fi
	mk_disk "$work/allocation.disk" 0x4c4f4f66 "$work/allocation.ext4"
	rm -f "$work/allocation.ext4"
	cp "$work/allocation.disk" "$work/allocation-discard.disk"
	expect_pass image-stays-allocated \
		"lbtest=allocated rootflags=init_itable=0 loopboot=/dev/vda1:/linux/full.img" \
		"$work/allocation.disk"
	expect_pass image-discard-punches-holes \
		"lbtest=allocated lbdiscard=1 rootflags=init_itable=0 loopboot=/dev/vda1:/linux/full.img,discard" \
		"$work/allocation-discard.disk"
	rm -f "$work/allocation.disk" "$work/allocation-discard.disk"
}
