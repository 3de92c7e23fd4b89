# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The module group: module mode: modprobe, use, rmmod on the CONFIG_LOOPBOOT=m kernel.
# Sourced by tests/boot.sh, which runs test_module.

# make_module_disk COMMAND: the HOWTO's FAT host, then a root partition with
# the module and /etc/lbmodprobe, the COMMAND with which the guest loads it
make_module_disk() {
	local obj=$top/build/$kver/obj-module$variant release d=$work/modroot
	FLAVOUR=module$variant "$top/scripts/module.sh" "$kver" >/dev/null
	release=$(cat "$obj/include/config/kernel.release")
	rm -rf "$d"
	cp -a "$(rootdir)" "$d"
	mkdir -p "$d/lib/modules/$release"
	cp "$obj/loopboot.ko" "$d/lib/modules/$release/"
	echo "loopboot.ko:" >"$d/lib/modules/$release/modules.dep"
	echo "$1" >"$d/etc/lbmodprobe"
	mk_ext4 "$work/modroot.img" 48 "$d"
	mk_disk "$work/module.disk" 0x4c4f4f50 "$work/host.fat" "$work/modroot.img"
}

# module_pass NAME CMDLINE COMMAND: expect_pass on the CONFIG_LOOPBOOT=m
# kernel, the guest loading the module with COMMAND
module_pass() {
	# shellcheck disable=SC2034 # boot() reads kernel and BOOT_TIMEOUT
	local kernel=$module_kernel BOOT_TIMEOUT=$((BOOT_TIMEOUT + ${MODULE_CYCLES:-5} * 3))
	make_module_disk "$3"
	expect_pass "$1" "$2" "$work/module.disk"
}

test_module() {
	module_pass module-load-use-unload \
		"lbtest=module lbvalue=$(date +%s%N) lbcycles=${MODULE_CYCLES:-5} root=/dev/vda2 rw" \
		"modprobe loopboot spec=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img hostdir=/mnt/lbhost"
	expect_clean_host module-host-clean "$work/module.disk" vfat /linux/linuxdsk.img
}
