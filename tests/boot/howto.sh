# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The howto group: the Loopback Root Filesystem HOWTO's system, booted without an initrd.
# Sourced by tests/boot.sh, which runs test_howto.

# HOWTO: the 1998 system, booted without initrd; a second boot reads back
# what the first wrote.
test_howto() {
	local value
	value=$(date +%s%N)
	cp "$work/howto.disk" "$work/howto-rw.disk"
	expect_pass howto \
		"lbtest=howto lbvalue=$value root=/dev/loop0 ro loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img,swap loopboot.flags=uid=0,gid=0,umask=077" \
		"$work/howto-rw.disk"
	expect_no_console_line howto-no-owner-warning howto 'can be written by users other than root'
	expect_pass howto-again \
		"lbtest=howto-again lbvalue=$value root=/dev/loop0 loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img,swap" \
		"$work/howto-rw.disk"
}
