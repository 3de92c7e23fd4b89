# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kernel and the helpers come from tests/lib/; SC2034:
# boot_media is read by boot() in tests/lib/qemu.sh)
# The firmware group: the machine's own firmware boots the kernel from the
# host, with no -kernel.  A FAT32 stick holds syslinux, the kernel and the
# root image; a first boot (the ordinary way, -kernel) writes the stick's
# syslinux entry with loopboot entry (tests/guest/checks/entry.sh); then
# SeaBIOS boots the stick through its MBR and syslinux, into the same
# system.  The stick is clean after each.
# Sourced by tests/boot.sh, which runs test_firmware.

STICK_ID=0x4c4f4f70	# its MBR's disk signature: PARTUUID 4c4f4f70-01

# make_syslinux_stick DISK: an MBR disk whose active partition is FAT32
# with syslinux installed, /vmlinuz-RELEASE and /linux/root.img, and a
# syslinux.cfg that boots the entry loopboot entry writes to loopboot.cfg
make_syslinux_stick() {
	local disk=$1 release
	release=$(cat "${kernel%/arch/x86/boot/bzImage}/include/config/kernel.release")
	mk_ext4 "$work/stick-root.img" 64
	printf '%s\n' "DEFAULT loopboot-$release" "INCLUDE loopboot.cfg" >"$work/syslinux.cfg"
	mk_fat "$work/stick.fat" 120 "$kernel:/vmlinuz-$release" \
		"$work/stick-root.img:/linux/root.img" "$work/syslinux.cfg:/syslinux.cfg"
	syslinux --install "$work/stick.fat"
	mk_disk "$disk" "$STICK_ID" "$work/stick.fat"
	dd if=/usr/lib/syslinux/mbr/mbr.bin of="$disk" bs=440 count=1 conv=notrunc status=none
	sfdisk -q --activate "$disk" 1
	rm -f "$work/stick.fat" "$work/stick-root.img" "$work/syslinux.cfg"
}

# expect_entry NAME DISK TEXT: the stick's loopboot.cfg holds the line TEXT
expect_entry() {
	local name=$1 why=""
	first_partition "$2" "$work/$name.part"
	if ! mtype -i "$work/$name.part" ::/loopboot.cfg >"$work/$name.cfg" 2>&1; then
		why="no loopboot.cfg on the stick: $(cat "$work/$name.cfg")"
	elif ! grep -qxF -- "$3" <(tr -d '\r' <"$work/$name.cfg"); then
		why="loopboot.cfg has no line '$3':"$'\n'"$(cat "$work/$name.cfg")"
	fi
	rm -f "$work/$name.part"
	result "$name" "$why"
}

test_firmware() {
	local disk=$work/stick.disk
	need_pkgs syslinux syslinux-common mtools
	make_syslinux_stick "$disk"
	expect_pass firmware-entry-written "lbtest=entry loopboot=/dev/vda1:/linux/root.img" "$disk"
	expect_clean_host firmware-entry-host-clean "$disk" vfat /linux/root.img
	expect_entry firmware-entry-names-partuuid "$disk" \
		"	APPEND console=ttyS0 panic=-1 panic_on_warn=1 oops=panic loopboot=PARTUUID=4c4f4f70-01:/linux/root.img lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=vfat"
	# SeaBIOS, the stick's MBR, syslinux, the kernel read from the host
	boot_media=(-boot c)
	expect_pass firmware-seabios-syslinux "lbtest=view" "$disk"
	boot_media=()
	expect_clean_host firmware-seabios-host-clean "$disk" vfat /linux/root.img
	rm -f "$disk"
}
