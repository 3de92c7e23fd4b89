# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The grub group: a boot through a real bootloader: GRUB from a grub-mkrescue ISO, its
# "linux" line exactly as the documentation shows it, no initrd line.
# Sourced by tests/boot.sh, which runs test_grub.

# expect_grub_pass NAME LINUX-LINE TEST-ARGS DISK...: boot an ISO whose only
# menu entry is LINUX-LINE plus the console and TEST-ARGS
expect_grub_pass() {
	local name=$1 line=$2 args=$3 iso=$work/$1.iso dir=$work/$1.isodir
	shift 3
	rm -rf "$dir"
	mkdir -p "$dir/boot/grub"
	cp "$kernel" "$dir/boot/vmlinuz"
	cat >"$dir/boot/grub/grub.cfg" <<-CFG
		set timeout=0
		menuentry "Linux from an image file" {
		$line console=ttyS0 panic=-1 panic_on_warn=1 oops=panic $args
		}
	CFG
	grub-mkrescue -o "$iso" "$dir" >"$work/$name.mkrescue" 2>&1 ||
		{ result "$name" "grub-mkrescue failed: $(tail -n3 "$work/$name.mkrescue")"; return; }
	boot_media=(-cdrom "$iso" -boot d)
	expect_pass "$name" "$args" "$@"
	boot_media=()
}

test_grub() {
	expect_grub_pass grub-iso \
		"linux /boot/vmlinuz loopboot=PARTUUID=4c4f4f50-01:/linux/linuxdsk.img" \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=vfat" "$work/howto.disk"
}
