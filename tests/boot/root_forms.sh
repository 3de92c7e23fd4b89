# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The root_forms group: the ways to name root and the images: root=, loop=, PARTUUID=, swap images,
# an initrd or an initramfs beside loopboot=, the owner of an image.
# Sourced by tests/boot.sh, which runs test_root_forms.

test_root_forms() {
	expect_pass root-omitted \
		"lbtest=rootloop lbroot=700 loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/howto.disk"
	expect_pass root-loopN \
		"lbtest=rootloop lbroot=700 root=loop0 loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/howto.disk"
	expect_pass host-partuuid \
		"lbtest=rootloop lbroot=700 loopboot=PARTUUID=4c4f4f50-01:/linux/linuxdsk.img" \
		"$work/howto.disk"
	expect_pass loop-n-root \
		"lbtest=rootloop lbroot=703 lbtoolerror=fstab loopboot=/dev/vda1:/linux/linuxswp.img,loop=5,/linux/linuxdsk.img,loop=3,root" \
		"$work/howto.disk"
	expect_console_line swap-on-loop-warns loop-n-root \
		'loopboot: image /linux/linuxswp.img holds swap: on loop5 it can hang when memory runs out; give it the option "swap" to swap on the file itself$'
	test_swap_images
	expect_pass squashfs-ro \
		"lbtest=squashfs loopboot=/dev/vda1:/linux/root.sqfs,ro loopboot.fstype=vfat" \
		"$work/howto.disk"
	expect_pass offset-sizelimit \
		"lbtest=offset lbsize=$((48 * MiB)) loopboot=/dev/vda1:/images/big.img,offset=1M,sizelimit=48M" \
		"$work/howto.disk"
	expect_pass dio \
		"lbtest=dio loopboot=/dev/vda1:/linux/linuxdsk.img,dio" \
		"$work/howto.disk"
	expect_pass hostdir-mnt \
		"lbtest=hostdir lbhostdir=/mnt loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.hostdir=/mnt" \
		"$work/howto.disk"
	expect_pass hostdir-none \
		"lbtest=hostdir lbhostdir=none loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.hostdir=none" \
		"$work/howto.disk"
	expect_pass hostdir-missing \
		"lbtest=hostdir lbhostdir=none loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.hostdir=/nonexistent" \
		"$work/howto.disk"
	expect_console_line hostdir-missing-warns hostdir-missing \
		'loopboot: host /dev/vda1 stays hidden: cannot move it to /nonexistent (-ENOENT)'
	expect_pass symlink-inside-host \
		"lbtest=rootloop lbroot=700 lbhosttype=ext4 lbtoolerror=sparse loopboot=/dev/vda1:/linux/inside.img" \
		"$work/ext4host.disk"
	expect_pass host-ext4-two-images \
		"lbtest=view lbroot=loop0 lbroottype=squashfs lbhost=/dev/vda1 lbhosttype=ext4 lbtoolerror=sparse loopboot=/dev/vda1:/linux/root.sqfs,ro,/linux/linuxdsk.img" \
		"$work/ext4host.disk"
	test_root_still_probing
	test_root_not_there
	cp "$work/fallback.disk" "$work/host-umount.disk"
	expect_pass host-unmountable \
		"lbtest=host-umount root=/dev/vda2 loopboot=/dev/vda1:/linux/linuxswp.img,swap" \
		"$work/host-umount.disk"
	expect_clean_host host-unmountable-clean "$work/host-umount.disk" vfat
	test_initramfs_runs
	test_classic_initrd
	test_image_owner
	expect_pass fallback-root \
		"lbtest=fallback lbtoolerror=found root=/dev/vda2 loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/missing.img" \
		"$work/fallback.disk"
}

# root= names what loopboot's images do not give: the panic says which
test_root_not_there() {
	panic_with="VFS: Unable to mount root fs" expect_panic root-partition-missing \
		'root=/dev/loop0p3: no such device (a partition of an image needs "partscan", and a table the kernel can read); the devices are listed above' \
		"root=/dev/loop0p3 loopboot=/dev/vda1:/images/whole.img,partscan" "$work/howto.disk"
	panic_with="VFS: Unable to mount root fs" expect_panic root-not-a-filesystem \
		'root=/dev/loop1 (/dev/loop1, device 7:1): no filesystem type of this kernel can mount it' \
		"root=/dev/loop1 loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img" "$work/howto.disk"
}

# The HOWTO's own way, a classic initrd (a RAM disk image, not a cpio)
# whose /linuxrc runs before root is mounted, beside loopboot=: root is
# then mounted by handle_initrd(), and it must still be loopboot's image
# with the host in it.  The /linuxrc only says that it ran.
test_classic_initrd() {
	local d=$work/classic-initrd
	busybox_tree "$d"
	printf '#!/bin/sh\necho "linuxrc of the classic initrd ran"\n' >"$d/linuxrc"
	chmod 755 "$d/linuxrc"
	rm -f "$d.img"
	mke2fs -q -t ext2 -d "$d" "$d.img" 4M
	# shellcheck disable=SC2034 # boot() reads qemu_args
	local qemu_args=(-initrd "$d.img")
	expect_pass classic-initrd \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=vfat loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/howto.disk"
	expect_console_line classic-initrd-linuxrc-ran classic-initrd \
		'linuxrc of the classic initrd ran'
}

# An initramfs with an /init mounts root itself, and prepare_namespace()
# never runs: loopboot= is unused, and the kernel must say so.  The
# initramfs's /init reports what it finds.
test_initramfs_runs() {
	local d=$work/initramfs-runs advice
	case $kver in
	6.1) advice="boot without it to use loopboot=" ;;
	*) advice="with CONFIG_LOOPBOOT=m it can load loopboot with spec=" ;;
	esac
	busybox_tree "$d"
	for app in dmesg grep reboot; do
		ln -sf busybox "$d/bin/$app"
	done
	cat >"$d/init" <<-EOF
		#!/bin/sh
		mount -t proc proc /proc
		mount -t devtmpfs devtmpfs /dev
		if dmesg | grep -qF 'loopboot: loopboot= is not used: the initramfs runs /init, which mounts root itself ($advice)' &&
			! grep -q vda1 /proc/mounts; then
			echo "LOOPBOOT-PASS initramfs-runs" >/dev/ttyS1
		else
			echo "LOOPBOOT-FAIL initramfs-runs: no loopboot line, or the host is mounted" >/dev/ttyS1
		fi
		reboot -f
	EOF
	chmod 755 "$d/init"
	(cd "$d" && find . | cpio -o -H newc --quiet) >"$d.cpio"
	# shellcheck disable=SC2034 # boot() reads qemu_args
	local qemu_args=(-initrd "$d.cpio")
	expect_pass initramfs-runs "loopboot=/dev/vda1:/linux/linuxdsk.img" "$work/howto.disk"
}

# An image that users other than root can write gives them root: loopboot
# says so at boot; the HOWTO's line (umask=077) gives no such warning
test_image_owner() {
	expect_pass image-writable-by-all \
		"lbtest=rootloop lbroot=700 loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.flags=umask=000" \
		"$work/howto.disk"
	expect_console_line image-writable-by-all-warns image-writable-by-all \
		'loopboot: image /linux/linuxdsk.img can be written by users other than root (mode 0777, owner 0:0), who could then make themselves root: give the host loopboot.flags=uid=0,gid=0,umask=077 (FAT, exFAT, NTFS) or chmod 600 the file$'
	expect_pass image-writable-by-user \
		"lbtest=rootloop lbroot=700 loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.flags=uid=1000,umask=077" \
		"$work/howto.disk"
	expect_console_line image-writable-by-user-warns image-writable-by-user \
		'loopboot: image /linux/linuxdsk.img can be written by users other than root (mode 0700, owner 1000:0)'
	# an ro image counts as well, on a host that is read-write ...
	expect_pass image-ro-writable-by-all \
		"lbtest=view lbroot=loop0 lbroottype=squashfs loopboot=/dev/vda1:/linux/root.sqfs,ro,/linux/linuxdsk.img loopboot.flags=umask=000" \
		"$work/howto.disk"
	expect_console_line image-ro-writable-by-all-warns image-ro-writable-by-all \
		'loopboot: image /linux/root.sqfs can be written by users other than root (mode 0777, owner 0:0)'
	# ... but on a read-only host nobody can write it
	expect_pass image-ro-host-ro \
		"lbtest=view lbroot=loop0 lbroottype=squashfs loopboot=/dev/vda1:/linux/root.sqfs,ro loopboot.flags=umask=000" \
		"$work/howto.disk"
	expect_no_console_line image-ro-host-ro-no-warning image-ro-host-ro \
		'can be written by users other than root'
}

# root= names a partition of a SCSI disk, whose scan runs asynchronously
# and is not done when loopboot has found its host on the virtio disk and
# attached an image that is not root: the kernel must still wait for every
# device to finish probing before it looks for root (no rootwait here).
# The SCSI disk takes 8 reads a second, so that its scan, which reads the
# partition table, surely ends after loopboot's work (unthrottled it ends
# about 0.1 s before, and the test could not fail).
test_root_still_probing() {
	# shellcheck disable=SC2034,SC2054 # boot() reads qemu_args; QEMU's commas
	local qemu_args=(-device virtio-scsi-pci,id=scsi0
		-drive "file=$work/scsiroot.disk,format=raw,if=none,id=sd0,throttling.iops-total=8"
		-device scsi-hd,drive=sd0,bus=scsi0.0,scsi-id=200)
	expect_pass root-elsewhere-still-probing \
		"lbtest=view lbroot=sda1 root=PARTUUID=4c4f4f5a-01 loopboot=/dev/vda1:/multi/home.img" \
		"$work/howto.disk"
}

# Swap images, swapped on as the host's own swap files once root is
# mounted; one that cannot be is named, and the system boots without it
test_swap_images() {
	expect_pass swap-image-first \
		"lbtest=view lbroot=loop0 lbswapfile=/host/linux/linuxswp.img loopboot=/dev/vda1:/linux/linuxswp.img,swap,/linux/linuxdsk.img" \
		"$work/howto.disk"
	expect_pass swap-only-root-elsewhere \
		"lbtest=view lbroot=vda2 lbswapfile=/host/linux/linuxswp.img root=/dev/vda2 loopboot=/dev/vda1:/linux/linuxswp.img,swap" \
		"$work/fallback.disk"
	expect_pass swap-image-missing \
		"lbtest=view lbroot=loop0 lbnoswap=1 lbtoolerror=found loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/nothere.img,swap" \
		"$work/howto.disk"
	expect_console_line swap-image-missing-says-so swap-image-missing \
		'loopboot: image /linux/nothere.img: booting without this swap$'
	expect_pass swap-image-with-holes \
		"lbtest=view lbroot=loop0 lbnoswap=1 lbtoolerror=sparse loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img,swap" \
		"$work/ext4host.disk"
	expect_console_line swap-image-with-holes-says-so swap-image-with-holes \
		'loopboot: image /linux/linuxswp.img: cannot swap on it, booting without it (-EINVAL); is it made by mkswap, with every block written (no holes)?$'
	expect_pass swap-image-is-root-image \
		"lbtest=view lbroot=loop0 lbnoswap=1 lbtoolerror=swap loopboot=/dev/vda1:/linux/linuxdsk.img,/LINUX/LINUXDSK.IMG,swap" \
		"$work/howto.disk"
	expect_console_line swap-image-is-root-image-says-so swap-image-is-root-image \
		'loopboot: image /LINUX/LINUXDSK.IMG: the same file as image /linux/linuxdsk.img on loop0, booting without this swap$'
	expect_pass swap-image-not-swap \
		"lbtest=view lbroot=loop0 lbnoswap=1 lbtoolerror=swap loopboot=/dev/vda1:/linux/linuxdsk.img,/images/ext2.img,swap" \
		"$work/howto.disk"
	expect_console_line swap-image-not-swap-says-so swap-image-not-swap \
		'loopboot: image /images/ext2.img: cannot swap on it, booting without it (-EINVAL); is it made by mkswap'
}
