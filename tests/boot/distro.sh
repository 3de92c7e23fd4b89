# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The distro group: a real distribution: Debian 12 with systemd (make test-distro).
# Sourced by tests/boot.sh, which runs test_distro.

distro_root=$top/build/distro/root

# The Debian tree, made once; the test's unit and check copied in each time
make_distro_root() {
	need_pkgs debootstrap
	if [ ! -x "$distro_root/lib/systemd/systemd" ]; then
		rm -rf "$distro_root"
		mkdir -p "$distro_root"
		debootstrap --variant=minbase --include=systemd-sysv,udev bookworm \
			"$distro_root" http://deb.debian.org/debian >"$work/debootstrap.log"
	fi
	mkdir -p "$distro_root/host"
	echo loopboot-distro >"$distro_root/etc/hostname"
	install -m 755 "$top/tests/guest/distro/lbdistro" "$distro_root/usr/local/sbin/lbdistro"
	install -m 644 "$top/tests/guest/distro/lbdistro.service" "$distro_root/etc/systemd/system/"
	mkdir -p "$distro_root/etc/systemd/system/multi-user.target.wants"
	ln -sf ../lbdistro.service "$distro_root/etc/systemd/system/multi-user.target.wants/lbdistro.service"
	rm -f "$distro_root/var/lib/lbdistro-booted"
}

test_distro() {
	# shellcheck disable=SC2034 # boot() reads kernel and BOOT_TIMEOUT
	local kernel=$top/build/$kver/obj-distro/arch/x86/boot/bzImage \
		BOOT_TIMEOUT=$((BOOT_TIMEOUT * 10))
	"$top/scripts/kernel.sh" "$kver" distro
	make_distro_root
	mk_ext4 "$work/debian.img" 640 "$distro_root"
	mk_fat "$work/distro.fat" 700 "$work/debian.img:/debian/root.img"
	mk_disk "$work/distro.disk" 0x4c4f4f53 "$work/distro.fat"
	lbtest=distro expect_pass distro-systemd-reboot \
		"loopboot=/dev/vda1:/debian/root.img rw" "$work/distro.disk"
	expect_clean_host distro-host-clean "$work/distro.disk" vfat /debian/root.img
	test_distro_initramfs
}

# The same system booted the usual way instead, from an initramfs whose
# /init mounts the host, attaches the image with losetup, mounts it and
# switch_roots (the HOWTO's linuxrc, Ubuntu's loop=): systemd reboots just
# as cleanly, but nothing unmounts the host, and its FAT dirty bit stays
# set.  That is the case for loopboot; this shows it is still the case.
test_distro_initramfs() {
	mk_initramfs "$work/distro-initramfs.cpio" /debian/root.img
	mk_disk "$work/distro-initramfs.disk" 0x4c4f4f53 "$work/distro.fat"
	# shellcheck disable=SC2034 # boot() reads qemu_args
	local qemu_args=(-initrd "$work/distro-initramfs.cpio")
	lbtest=distro expect_pass distro-initramfs-reboot rw "$work/distro-initramfs.disk"
	local part=$work/distro-initramfs.host out
	first_partition "$work/distro-initramfs.disk" "$part"
	out=$(fsck.vfat -n "$part" 2>&1 || true)
	if grep -q 'Dirty bit is set' <<<"$out"; then
		result distro-initramfs-host-dirty ""
	else
		result distro-initramfs-host-dirty "the FAT dirty bit is not set:"$'\n'"$out"
	fi
}
