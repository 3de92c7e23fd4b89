# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kernel and the helpers come from tests/lib/; SC2034:
# boot_media is read by boot() in tests/lib/qemu.sh)
# The firmware group: the machine's own firmware boots the kernel from the
# host, with no -kernel.  A FAT32 stick holds syslinux, the kernel and the
# root image; a first boot (the ordinary way, -kernel) writes the stick's
# syslinux entry with loopboot-kernel and loopboot entry
# (tests/guest/checks/entry.sh); then SeaBIOS boots the stick through its
# MBR and syslinux, into the same system.  Then a kernel update: a new
# kernel installed by the Debian hook is what syslinux boots, and once it
# is removed the one before.  The stick is clean after each boot.
# Sourced by tests/boot.sh, which runs test_firmware.

STICK_ID=0x4c4f4f70	# its MBR's disk signature: PARTUUID 4c4f4f70-01

# make_syslinux_stick DISK: an MBR disk whose active partition is FAT32
# with syslinux installed, /vmlinuz-RELEASE and /linux/root.img, and a
# syslinux.cfg that boots what loopboot-kernel writes to loopboot.cfg
make_syslinux_stick() {
	local disk=$1 release
	release=$(cat "${kernel%/arch/x86/boot/bzImage}/include/config/kernel.release")
	mk_ext4 "$work/stick-root.img" 64
	# syslinux on the console too, to show what it did
	printf '%s\n' "SERIAL 0 115200" "INCLUDE loopboot.cfg" >"$work/syslinux.cfg"
	mk_fat "$work/stick.fat" 120 "$kernel:/vmlinuz-$release" \
		"$work/stick-root.img:/linux/root.img" "$work/syslinux.cfg:/syslinux.cfg"
	syslinux --install "$work/stick.fat"
	mk_disk "$disk" "$STICK_ID" "$work/stick.fat"
	dd if=/usr/lib/syslinux/mbr/mbr.bin of="$disk" bs=440 count=1 conv=notrunc status=none
	sfdisk -q --activate "$disk" 1
	rm -f "$work/stick.fat" "$work/stick-root.img" "$work/syslinux.cfg"
}

# expect_entry NAME DISK FILE TEXT: the stick's FILE holds the line TEXT
expect_entry() {
	local name=$1 file=$3 why=""
	first_partition "$2" "$work/$name.part"
	if ! mtype -i "$work/$name.part" "::/$file" >"$work/$name.cfg" 2>&1; then
		why="no $file on the stick: $(cat "$work/$name.cfg")"
	elif ! grep -qxF -- "$4" <(tr -d '\r' <"$work/$name.cfg"); then
		why="$file has no line '$4':"$'\n'"$(cat "$work/$name.cfg")"
	fi
	rm -f "$work/$name.part"
	result "$name" "$why"
}

# expect_firmware_boot NAME DISK VERSION: SeaBIOS boots the stick, through
# its MBR and syslinux, into the view check, with the kernel VERSION (the
# command line syslinux made says which); the stick is clean after it
expect_firmware_boot() {
	local name=$1 disk=$2 version=$3
	boot_media=(-boot c)
	expect_pass "$name" "lbtest=view" "$disk"
	boot_media=()
	if grep -q "Command line: BOOT_IMAGE=/vmlinuz-$version " "$work/$name.console"; then
		result "$name-kernel-$version" ""
	else
		result "$name-kernel-$version" "syslinux did not boot /vmlinuz-$version: $(grep -m1 'Command line:' "$work/$name.console")"
	fi
	expect_clean_host "$name-host-clean" "$disk" vfat /linux/root.img
}

test_firmware() {
	local disk=$work/stick.disk release
	need_pkgs syslinux syslinux-common mtools
	make_syslinux_stick "$disk"
	release=$(cat "${kernel%/arch/x86/boot/bzImage}/include/config/kernel.release")
	expect_pass firmware-entry-written "lbtest=entry loopboot=/dev/vda1:/linux/root.img" "$disk"
	expect_clean_host firmware-entry-host-clean "$disk" vfat /linux/root.img
	expect_entry firmware-entry-names-partuuid "$disk" loopboot.cfg \
		"	APPEND console=ttyS0 panic=-1 panic_on_warn=1 oops=panic loopboot=PARTUUID=4c4f4f70-01:/linux/root.img lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=vfat"
	# SeaBIOS, the stick's MBR, syslinux, the kernel read from the host
	expect_firmware_boot firmware-seabios-syslinux "$disk" "$release"
	# A kernel package installed (Debian's postinst.d hook), booted, removed
	# (postrm.d; kernel-install's plugin both ways too), and the one before
	# booted again
	expect_pass firmware-kernel-added "lbtest=kernel-add loopboot=/dev/vda1:/linux/root.img" "$disk"
	expect_clean_host firmware-kernel-added-host-clean "$disk" vfat /linux/root.img
	expect_firmware_boot firmware-seabios-new-kernel "$disk" 9.9.9
	expect_pass firmware-kernel-removed "lbtest=kernel-remove loopboot=/dev/vda1:/linux/root.img" "$disk"
	expect_clean_host firmware-kernel-removed-host-clean "$disk" vfat /linux/root.img
	expect_firmware_boot firmware-seabios-old-kernel "$disk" "$release"
	rm -f "$disk"
}
