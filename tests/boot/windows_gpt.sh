# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kernel, top and the helpers come from tests/lib/; SC2034:
# boot_media is read by boot() in tests/lib/qemu.sh)
# The windows_gpt group: a disk laid out as Windows installs itself on a
# UEFI machine (EFI system partition, Microsoft reserved partition, C:,
# recovery partition), booted by the firmware (OVMF) through GRUB from the
# EFI system partition, the host C: named by PARTUUID.  No partition but
# C: may change, by a byte; C:'s own files neither.
# Sourced by tests/boot.sh, which runs test_windows_gpt.

WINDOWS_GPT_UUID=57494e44-0000-4000-8000-00000000000	# + partition number
WINDOWS_GPT_PARTS=(esp msr c recovery)

# make_windows_gpt_disk LINE: windows-gpt.disk, GRUB's entry booting LINE;
# windows-gpt.before, a copy of it, and windows-gpt.c-files, the
# checksums of C:'s files other than the image
make_windows_gpt_disk() {
	local d=$work g=$work/windows-gpt esp=$work/windows-gpt.espdir cfg
	need_pkgs ovmf grub-efi-amd64-bin grub-common
	# the EFI system partition: Windows's boot manager, and GRUB as the
	# firmware's default loader, the kernel next to it
	rm -rf "$esp"
	mkdir -p "$esp/EFI/Microsoft/Boot" "$esp/EFI/BOOT" "$esp/EFI/loopboot"
	head -c 1M /dev/urandom >"$esp/EFI/Microsoft/Boot/bootmgfw.efi"
	cp "$kernel" "$esp/EFI/loopboot/vmlinuz"
	cfg=$work/windows-gpt.grub.cfg
	cat >"$cfg" <<-CFG
		set timeout=0
		search --no-floppy --file --set=root /EFI/loopboot/vmlinuz
		linux /EFI/loopboot/vmlinuz $1
		boot
	CFG
	grub-mkstandalone -O x86_64-efi -o "$esp/EFI/BOOT/BOOTX64.EFI" \
		--modules="part_gpt fat search linux normal" \
		"boot/grub/grub.cfg=$cfg" >/dev/null
	rm -f "$g.esp"
	mkfs.vfat -F 32 -n SYSTEM -C "$g.esp" $((100 * 1024)) >/dev/null
	mcopy -s -i "$g.esp" "$esp/EFI" ::/
	rm -rf "$esp" "$cfg"
	# the Microsoft reserved partition: no filesystem, Windows's own bytes
	head -c 16M /dev/urandom >"$g.msr"
	# C:, shut down cleanly: Windows's files and the image
	rm -f "$g.c"
	truncate -s 160M "$g.c"
	mkntfs -q -F -Q -L Windows "$g.c" >/dev/null 2>&1
	head -c 3M /dev/urandom >"$g.file"
	ntfscp -q "$g.c" "$g.file" /SYSTEM
	head -c 5M /dev/urandom >"$g.file"
	ntfscp -q "$g.c" "$g.file" /thesis.docx
	head -c 4096 /dev/zero >"$g.file"
	ntfscp -q "$g.c" "$g.file" /hiberfil.sys
	ntfscp -q "$g.c" "$d/linuxdsk.img" /linuxdsk.img
	windows_gpt_c_files "$g.c" >"$g.c-files"
	# the recovery partition: NTFS, Windows RE's image in it
	rm -f "$g.recovery"
	truncate -s 32M "$g.recovery"
	mkntfs -q -F -Q -L Recovery "$g.recovery" >/dev/null 2>&1
	head -c 8M /dev/urandom >"$g.file"
	ntfscp -q "$g.recovery" "$g.file" /Winre.wim
	rm -f "$g.file"
	# the table Windows Setup writes: 1 MiB aligned, in this order
	rm -f "$g.disk"
	truncate -s 310M "$g.disk"
	sfdisk -q "$g.disk" >/dev/null <<-TABLE
		label: gpt
		start=2048, size=100MiB, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=${WINDOWS_GPT_UUID}1, name="EFI system partition"
		size=16MiB, type=E3C9E316-0B5C-4DB8-817D-F92DF00215AE, uuid=${WINDOWS_GPT_UUID}2, name="Microsoft reserved partition"
		size=160MiB, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, uuid=${WINDOWS_GPT_UUID}3, name="Basic data partition"
		size=32MiB, type=DE94BBA4-06D1-4D40-A16A-BFD50179D6AC, uuid=${WINDOWS_GPT_UUID}4, attrs="RequiredPartition GUID:63"
	TABLE
	local n=1 part start size
	for part in "${WINDOWS_GPT_PARTS[@]}"; do
		read -r start size < <(partition_extent "$g.disk" "$n")
		dd if="$g.$part" of="$g.disk" bs=512 seek="$start" conv=notrunc,sparse status=none
		rm -f "$g.$part"
		n=$((n + 1))
	done
	cp --sparse=always "$g.disk" "$g.before"
}

# windows_gpt_c_files PART: the checksum of each file on C: but the image
windows_gpt_c_files() {
	local f
	for f in /SYSTEM /thesis.docx /hiberfil.sys; do
		printf '%s %s\n' "$(ntfscat "$1" "$f" | md5sum | cut -d' ' -f1)" "$f"
	done
}

# windows_gpt_uefi_pass NAME LINE TEST-ARGS: boot windows-gpt.disk through
# OVMF, whose default loader is GRUB, whose only entry boots LINE plus the
# console and TEST-ARGS
windows_gpt_uefi_pass() {
	local g=$work/windows-gpt
	make_windows_gpt_disk "$2 console=ttyS0 panic=-1 panic_on_warn=1 oops=panic $3"
	cp /usr/share/OVMF/OVMF_VARS_4M.fd "$g.vars"
	boot_media=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
		-drive "if=pflash,format=raw,unit=1,file=$g.vars")
	expect_pass "$1" "$3" "$g.disk"
	boot_media=()
}

test_windows_gpt() {
	local g=$work/windows-gpt n=1 part why=""
	# shellcheck disable=SC2034 # boot() reads BOOT_TIMEOUT
	local BOOT_TIMEOUT=$((BOOT_TIMEOUT * 3))
	windows_gpt_uefi_pass windows-gpt-uefi \
		"loopboot=PARTUUID=57494e44-0000-4000-8000-000000000003:/linuxdsk.img" \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda3 lbhosttype=ntfs3"
	# the firmware came first, the host by PARTUUID was C:
	expect_console_line windows-gpt-uefi-firmware windows-gpt-uefi 'BdsDxe: starting Boot'
	expect_console_line windows-gpt-uefi-host-c windows-gpt-uefi \
		'loopboot: host /dev/vda3 mounted as ntfs3'
	# every byte but C:'s as it was: the protective MBR, both GPT headers
	# and tables, the gaps, the other partitions (named if one changed)
	local start size
	read -r start size < <(partition_extent "$g.disk" 3)
	if ! cmp -s -n $((start * 512)) "$g.before" "$g.disk" ||
		! cmp -s -i $(((start + size) * 512)) "$g.before" "$g.disk"; then
		why="bytes outside C: changed:"
		for part in "${WINDOWS_GPT_PARTS[@]}"; do
			if [ "$part" != c ]; then
				partition_copy "$g.before" "$n" "$g.was"
				partition_copy "$g.disk" "$n" "$g.after"
				cmp -s "$g.was" "$g.after" || why+=" partition $n ($part)"
			fi
			n=$((n + 1))
		done
		[[ "$why" == *partition* ]] || why+=" the partition table or a gap"
	fi
	result windows-gpt-others-unchanged "$why"
	# C: clean, the image clean, Windows's files as they were
	partition_copy "$g.disk" 3 "$g.after"
	if windows_gpt_c_files "$g.after" | cmp -s - "$g.c-files"; then
		result windows-gpt-c-files-unchanged ""
	else
		result windows-gpt-c-files-unchanged "a file of C: other than the image changed"
	fi
	HOST_PART=3 expect_clean_host windows-gpt-c-clean "$g.disk" ntfs /linuxdsk.img
	rm -f "$g".{disk,before,vars,c-files,after,was}
}
