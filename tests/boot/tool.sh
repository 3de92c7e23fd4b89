# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The tool group: loopboot check, create and grow (tools/), built with ASan
# and UBSan, run in a system booted by loopboot against its own line and
# ten other hosts; then a boot from the images it made.
# Sourced by tests/boot.sh, which runs test_tool.

# The root the tool runs in: the test root (which has the kernel's
# .config), the tool built with the sanitizers, the filesystems' own tools
# it calls, and a .config with loopboot and vfat modular
make_tool_root() {
	local d=$work/rootdir-tool config
	config=${kernel%/arch/x86/boot/bzImage}/.config
	rm -rf "$d"
	cp -a "$(rootdir)" "$d"
	copy_program "$d" "$top/build/tools-asan/loopboot" \
		"$(command -v mkfs.ext4)" "$(command -v e2fsck)" "$(command -v resize2fs)" \
		"$(command -v dumpe2fs)"
	sed 's/^CONFIG_VFAT_FS=y/CONFIG_VFAT_FS=m/; s/^CONFIG_LOOPBOOT=y/CONFIG_LOOPBOOT=m/' \
		"$config" >"$d/boot/config-vfat-m"
	printf '%s\n' "title Debian" "linux /vmlinuz" \
		"options loopboot=PARTUUID=${GPT_UUID}2:/linux/linuxdsk.img" >"$d/etc/tool-entry.conf"
	mk_ext4 "$work/tool.img" 64 "$d"
	# roots whose /etc/fstab contradicts loopboot=: / elsewhere; swap on
	# a loop device that holds ext4
	fstab_image "$work/fstab-root.img" '/dev/sda1 / ext4 defaults 0 1'
	fstab_image "$work/fstab-swap.img" '/dev/loop0 / ext4 defaults 0 1' \
		'/dev/loop1 none swap sw 0 0'
	mk_fat "$work/tool.fat" 120 "$work/tool.img:/linux/tool.img" \
		"$work/fstab-root.img:/linux/fstab-root.img" \
		"$work/fstab-swap.img:/linux/fstab-swap.img"
	mk_disk "$work/tool.disk" 0x4c4f4f60 "$work/tool.fat"
	rm -f "$work/tool.img" "$work/tool.fat" "$work"/fstab-*.img
}

# fstab_image IMAGE LINE...: a small ext4 image whose /etc/fstab is LINE...
fstab_image() {
	local image=$1 d=$work/fstab-tree
	shift
	rm -rf "$d"
	mkdir -p "$d/etc"
	printf '%s\n' "$@" >"$d/etc/fstab"
	mk_ext4 "$image" 8 "$d"
	rm -rf "$d"
}

test_tool() {
	local out
	need_pkgs libblkid-dev
	if ! out=$(make -s -C "$top/tools" O="$top/build/tools-asan" SANITIZE=1 all unit 2>&1); then
		result tool-unit "$out"
		return
	fi
	result tool-unit "$(grep -v 'expectations held$' <<<"$out")"
	make_tool_root
	make_windows_disks
	mk_fat "$work/create.fat" 256
	mk_disk "$work/create.disk" 0x4c4f4f62 "$work/create.fat"
	rm -f "$work/create.fat"
	# an MBR whose disk signature is 0: the kernel's PARTUUID 00000000-01
	mk_fat "$work/nosig.fat" 16
	mk_disk "$work/nosig.disk" 0x4c4f4f63 "$work/nosig.fat"
	printf '\0\0\0\0' | dd of="$work/nosig.disk" bs=1 seek=440 conv=notrunc status=none
	rm -f "$work/nosig.fat"
	# shellcheck disable=SC2034 # boot() reads BOOT_TIMEOUT
	local BOOT_TIMEOUT=$((BOOT_TIMEOUT * 4))
	make_fat_cut
	# The disks as tests/guest/checks/tool.sh names them, vda to vds
	expect_pass tool-check \
		"lbtest=tool lbfsuuid=$(blkid -p -o value -s UUID "$work/small.fat") loopboot=/dev/vda1:/linux/tool.img" \
		"$work/tool.disk" "$work/ext4host.disk" "$work/gpt.disk" \
		"$work/ntfs-hibernated.disk" "$work/full.disk" "$work/exfat.disk" \
		"$work/faults.disk" "$work/ntfs.disk" "$work/dirty-ntfs.disk" \
		"$work/dirty.disk" "$work/create.disk" "$work/nosig.disk" \
		"$work/exfat-dirty.disk" "$work/bitlocker.disk" \
		"$work/ntfs-fast-startup.disk" "$work/ntfs-crashed.disk" "$work/ntfs-short.disk" \
		"$work/fat-cut.disk" "$work/ntfs-preallocated.disk"
	rm -f "$work/fat-cut.disk"
	expect_clean_host tool-check-host-clean "$work/tool.disk" vfat /linux/tool.img
	expect_clean_host tool-create-host-clean "$work/create.disk" vfat /new.img
	expect_pass tool-created-boots \
		"lbtest=created loopboot=/dev/vda1:/new.img,/grow.img" "$work/create.disk"
	expect_clean_host tool-created-host-clean "$work/create.disk" vfat /new.img /grow.img
}
