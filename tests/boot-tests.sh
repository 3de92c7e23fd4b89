# shellcheck shell=bash disable=SC2154
# (SC2154: top, kver, work and MiB come from tests/lib.sh)
# The boot tests: each boots the test kernel under QEMU from disks built
# here.  Sourced by tests/run.sh, after tests/lib.sh.

# shellcheck source=boot-hosts.sh
. "$top/tests/boot-hosts.sh"
# shellcheck source=boot-images.sh
. "$top/tests/boot-images.sh"
# shellcheck source=boot-grub.sh
. "$top/tests/boot-grub.sh"
# shellcheck source=boot-reliability.sh
. "$top/tests/boot-reliability.sh"
# shellcheck source=boot-module.sh
. "$top/tests/boot-module.sh"
# shellcheck source=boot-faults.sh
. "$top/tests/boot-faults.sh"
# shellcheck source=boot-distro.sh
. "$top/tests/boot-distro.sh"

# The disks most tests share: the HOWTO's FAT host with a root and a swap
# image, plus variants of the root image.
make_disks() {
	local d=$work
	mk_ext4 "$d/linuxdsk.img" 48
	mk_swap "$d/linuxswp.img" 16
	mk_squashfs "$d/root.sqfs"
	# an ext4 image inside a larger file: 1 MiB before, 3 MiB after
	truncate -s 0 "$d/big.img"
	truncate -s 1M "$d/big.img"
	cat "$d/linuxdsk.img" >>"$d/big.img"
	truncate -s $(( $(stat -c %s "$d/big.img") + 3 * MiB )) "$d/big.img"
	make_image_kinds
	mk_fat "$d/host.fat" 256 \
		"$d/linuxdsk.img:/linux/linuxdsk.img" \
		"$d/linuxswp.img:/linux/linuxswp.img" \
		"$d/root.sqfs:/linux/root.sqfs" \
		"$d/big.img:/images/big.img" \
		"${image_kinds[@]}"
	mk_disk "$d/howto.disk" 0x4c4f4f50 "$d/host.fat"
	# the same root image on an ext4 host
	rm -rf "$d/ext4host"
	mkdir -p "$d/ext4host/linux"
	cp "$d/linuxdsk.img" "$d/ext4host/linux/"
	cp "$d/root.sqfs" "$d/ext4host/linux/"
	# a swap image with holes: mke2fs -d leaves its zero blocks out
	cp "$d/linuxswp.img" "$d/ext4host/linux/"
	# symbolic links: one that stays on the host, two that would leave it
	ln -s linuxdsk.img "$d/ext4host/linux/inside.img"
	ln -s /linux/linuxdsk.img "$d/ext4host/linux/absolute.img"
	ln -s ../../linux/linuxdsk.img "$d/ext4host/linux/above.img"
	mk_ext4 "$d/host.ext4" 96 "$d/ext4host" 4096
	mk_disk "$d/ext4host.disk" 0x4c4f4f52 "$d/host.ext4"
	# host plus a plain ext4 root partition, for the fall-back test
	mk_disk "$d/fallback.disk" 0x4c4f4f51 "$d/host.fat" "$d/linuxdsk.img"
	# a root partition alone, for a disk that is still probing
	mk_disk "$d/scsiroot.disk" 0x4c4f4f5a "$d/linuxdsk.img"
}

# HOWTO: the 1998 system, booted without initrd; a second boot reads back
# what the first wrote.
test_howto() {
	local value
	value=$(date +%s%N)
	cp "$work/howto.disk" "$work/howto-rw.disk"
	lbtest=howto expect_pass howto \
		"lbtest=howto lbvalue=$value root=/dev/loop0 ro loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img,swap loopboot.flags=uid=0,gid=0,umask=077" \
		"$work/howto-rw.disk"
	expect_no_console_line howto-no-owner-warning howto 'can be written by users other than root'
	lbtest=howto-again expect_pass howto-again \
		"lbtest=howto-again lbvalue=$value root=/dev/loop0 loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img,swap" \
		"$work/howto-rw.disk"
}

# At shutdown the host is left clean, and the root image consistent, whether
# user space remounted / read-only first or went straight to reboot -f
test_shutdown() {
	local how value
	for how in sync ro; do
		value=$(date +%s%N)
		cp "$work/howto.disk" "$work/shutdown-$how.disk"
		lbtest=persist expect_pass "shutdown-$how" \
			"lbtest=persist lbvalue=$value lbshutdown=$how loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img,swap" \
			"$work/shutdown-$how.disk"
		expect_clean_host "shutdown-$how-fat-clean" "$work/shutdown-$how.disk" \
			vfat /linux/linuxdsk.img
		cp "$work/ext4host.disk" "$work/shutdown-ext4-$how.disk"
		lbtest=persist expect_pass "shutdown-ext4-$how" \
			"lbtest=persist lbvalue=$value lbshutdown=$how loopboot=/dev/vda1:/linux/linuxdsk.img" \
			"$work/shutdown-ext4-$how.disk"
		expect_clean_host "shutdown-ext4-$how-clean" "$work/shutdown-ext4-$how.disk" \
			ext4 /linux/linuxdsk.img
		cp "$work/ntfs.disk" "$work/shutdown-ntfs-$how.disk"
		lbtest=persist expect_pass "shutdown-ntfs-$how" \
			"lbtest=persist lbvalue=$value lbshutdown=$how loopboot=/dev/vda1:/linuxdsk.img" \
			"$work/shutdown-ntfs-$how.disk"
		expect_clean_host "shutdown-ntfs-$how-clean" "$work/shutdown-ntfs-$how.disk" \
			ntfs /linuxdsk.img
	done
	test_shutdown_home
	test_hibernation
}

# A /home image that reboot -f leaves mounted and written is made read-only
# at shutdown too: no journal to recover, and what was written is there
test_shutdown_home() {
	local value why=""
	value=$(date +%s%N)
	cp "$work/howto.disk" "$work/shutdown-home.disk"
	lbtest=home-persist expect_pass shutdown-home \
		"lbtest=home-persist lbvalue=$value loopboot=/dev/vda1:/multi/root.img,/multi/home.img" \
		"$work/shutdown-home.disk"
	expect_clean_host shutdown-home-clean "$work/shutdown-home.disk" vfat \
		/multi/root.img /multi/home.img
	[ "$(debugfs -R "cat /value" "$work/shutdown-home-clean.image" 2>/dev/null)" = "$value" ] ||
		why="/value in the /home image is not what the guest wrote"
	result shutdown-home-value "$why"
}

# Hibernation is refused while the host is read-write, in either of the
# modes that end in the reboot notifier; with a read-only host it is left
# to the kernel (which, with no swap, has nowhere to write the image)
test_hibernation() {
	local mode
	for mode in shutdown reboot; do
		cp "$work/howto.disk" "$work/hibernate-$mode.disk"
		lbtest=hibernate expect_pass "hibernate-$mode-refused" \
			"lbtest=hibernate lbmode=$mode lberror=resource.busy loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img,swap" \
			"$work/hibernate-$mode.disk"
		expect_console_line "hibernate-$mode-says-so" "hibernate-$mode-refused" \
			'loopboot: hibernation refused: host /dev/vda1 is read-write, and another system started on this disk before the resume could change it under the sleeping one; shut down or suspend to RAM instead$'
		expect_clean_host "hibernate-$mode-clean" "$work/hibernate-$mode.disk" \
			vfat /linux/linuxdsk.img
	done
	lbtest=hibernate expect_pass hibernate-host-ro \
		"lbtest=hibernate lbmode=shutdown lbnoterror=resource.busy loopboot=/dev/vda1:/linux/linuxdsk.img,ro" \
		"$work/howto.disk"
	expect_no_console_line hibernate-host-ro-not-refused hibernate-host-ro \
		'hibernation refused'
	test_hibernation_resumes
}

# With a read-only host and a swap disk to write the snapshot to,
# hibernation goes ahead: the guest restarts (hibernation's "reboot"
# mode; "shutdown" only halts a guest without ACPI) with the reboot
# notifier leaving every disk as the snapshot expects it, the next boot
# resumes the snapshot, and the check goes on from there.  Nothing on the
# host's disk changes.  (A debug kernel cannot allocate the image in 256 MiB.
# no_console_suspend: without it, the resumed guest wrote nothing more to
# either serial port in 2 of 3 runs here, the marker's included; with
# it, 6 runs of 6 passed.)
test_hibernation_resumes() {
	local cmdline="lbtest=hibernate lbmode=reboot lbresumed=1 lbswapon=/dev/vdb resume=/dev/vdb no_console_suspend loopboot=/dev/vda1:/linux/linuxdsk.img,ro"
	local why=""
	[ -z "$variant" ] || return 0
	cp "$work/howto.disk" "$work/hibernate-resume.disk"
	mk_swap "$work/hibernate-resume.swap" 128
	boot hibernate-ro-snapshot "$cmdline" "$work/hibernate-resume.disk" \
		"$work/hibernate-resume.swap"
	if [ "$boot_status" != 0 ]; then
		why="QEMU ended with status $boot_status"
	elif crashed hibernate-ro-snapshot >/dev/null; then
		why="kernel trouble: $(crashed hibernate-ro-snapshot)"
	elif ! grep -q 'reboot: Restarting system' "$work/hibernate-ro-snapshot.console"; then
		why="the guest did not restart after writing its snapshot"
	fi
	result hibernate-ro-snapshot "$why"
	expect_no_console_line hibernate-ro-snapshot-disks-alone hibernate-ro-snapshot \
		'loopboot: host /dev/vda1 is \(read-only\|not mounted\)'
	lbtest=hibernate expect_pass hibernate-ro-resumed "$cmdline" \
		"$work/hibernate-resume.disk" "$work/hibernate-resume.swap"
	why=""
	cmp -s "$work/howto.disk" "$work/hibernate-resume.disk" ||
		why="the host's disk changed"
	result hibernate-ro-host-unchanged "$why"
	rm -f "$work/hibernate-resume.disk" "$work/hibernate-resume.swap"
}

test_root_forms() {
	lbtest=rootloop expect_pass root-omitted \
		"lbtest=rootloop lbroot=700 loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/howto.disk"
	lbtest=rootloop expect_pass root-loopN \
		"lbtest=rootloop lbroot=700 root=loop0 loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/howto.disk"
	lbtest=rootloop expect_pass host-partuuid \
		"lbtest=rootloop lbroot=700 loopboot=PARTUUID=4c4f4f50-01:/linux/linuxdsk.img" \
		"$work/howto.disk"
	lbtest=rootloop expect_pass loop-n-root \
		"lbtest=rootloop lbroot=703 loopboot=/dev/vda1:/linux/linuxswp.img,loop=5,/linux/linuxdsk.img,loop=3,root" \
		"$work/howto.disk"
	expect_console_line swap-on-loop-warns loop-n-root \
		'loopboot: image /linux/linuxswp.img holds swap: on loop5 it can hang when memory runs out; give it the option "swap" to swap on the file itself$'
	test_swap_images
	lbtest=squashfs expect_pass squashfs-ro \
		"lbtest=squashfs loopboot=/dev/vda1:/linux/root.sqfs,ro loopboot.fstype=vfat" \
		"$work/howto.disk"
	lbtest=offset expect_pass offset-sizelimit \
		"lbtest=offset lbsize=$((48 * MiB)) loopboot=/dev/vda1:/images/big.img,offset=1M,sizelimit=48M" \
		"$work/howto.disk"
	lbtest=dio expect_pass dio \
		"lbtest=dio loopboot=/dev/vda1:/linux/linuxdsk.img,dio" \
		"$work/howto.disk"
	lbtest=hostdir expect_pass hostdir-mnt \
		"lbtest=hostdir lbhostdir=/mnt loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.hostdir=/mnt" \
		"$work/howto.disk"
	lbtest=hostdir expect_pass hostdir-none \
		"lbtest=hostdir lbhostdir=none loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.hostdir=none" \
		"$work/howto.disk"
	lbtest=hostdir expect_pass hostdir-missing \
		"lbtest=hostdir lbhostdir=none loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.hostdir=/nonexistent" \
		"$work/howto.disk"
	expect_console_line hostdir-missing-warns hostdir-missing \
		'loopboot: host /dev/vda1 stays hidden: cannot move it to /nonexistent (-ENOENT)'
	lbtest=rootloop expect_pass symlink-inside-host \
		"lbtest=rootloop lbroot=700 lbhosttype=ext4 loopboot=/dev/vda1:/linux/inside.img" \
		"$work/ext4host.disk"
	lbtest=view expect_pass host-ext4-two-images \
		"lbtest=view lbroot=loop0 lbroottype=squashfs lbhost=/dev/vda1 lbhosttype=ext4 loopboot=/dev/vda1:/linux/root.sqfs,ro,/linux/linuxdsk.img" \
		"$work/ext4host.disk"
	test_root_still_probing
	test_root_not_there
	cp "$work/fallback.disk" "$work/host-umount.disk"
	lbtest=host-umount expect_pass host-unmountable \
		"lbtest=host-umount root=/dev/vda2 loopboot=/dev/vda1:/linux/linuxswp.img,swap" \
		"$work/host-umount.disk"
	expect_clean_host host-unmountable-clean "$work/host-umount.disk" vfat
	test_initramfs_runs
	test_classic_initrd
	test_image_owner
	lbtest=fallback expect_pass fallback-root \
		"lbtest=fallback root=/dev/vda2 loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/missing.img" \
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
	lbtest=view expect_pass classic-initrd \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=vfat loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/howto.disk"
	expect_console_line classic-initrd-linuxrc-ran classic-initrd \
		'linuxrc of the classic initrd ran'
}

# An initramfs with an /init mounts root itself, and prepare_namespace()
# never runs: loopboot= is unused, and the kernel must say so.  The
# initramfs's /init reports what it finds.
test_initramfs_runs() {
	local d=$work/initramfs-runs
	busybox_tree "$d"
	for app in dmesg grep reboot; do
		ln -sf busybox "$d/bin/$app"
	done
	cat >"$d/init" <<-'EOF'
		#!/bin/sh
		mount -t proc proc /proc
		mount -t devtmpfs devtmpfs /dev
		if dmesg | grep -q 'loopboot: loopboot= is not used: the initramfs runs /init, which mounts root itself (with CONFIG_LOOPBOOT=m it can load loopboot with spec=)$' &&
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
	lbtest=rootloop expect_pass image-writable-by-all \
		"lbtest=rootloop lbroot=700 loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.flags=umask=000" \
		"$work/howto.disk"
	expect_console_line image-writable-by-all-warns image-writable-by-all \
		'loopboot: image /linux/linuxdsk.img can be written by users other than root (mode 0777, owner 0:0), who could then make themselves root: give the host loopboot.flags=uid=0,gid=0,umask=077 (FAT, exFAT, NTFS) or chmod 600 the file$'
	lbtest=rootloop expect_pass image-writable-by-user \
		"lbtest=rootloop lbroot=700 loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.flags=uid=1000,umask=077" \
		"$work/howto.disk"
	expect_console_line image-writable-by-user-warns image-writable-by-user \
		'loopboot: image /linux/linuxdsk.img can be written by users other than root (mode 0700, owner 1000:0)'
	# an ro image counts as well, on a host that is read-write ...
	lbtest=view expect_pass image-ro-writable-by-all \
		"lbtest=view lbroot=loop0 lbroottype=squashfs loopboot=/dev/vda1:/linux/root.sqfs,ro,/linux/linuxdsk.img loopboot.flags=umask=000" \
		"$work/howto.disk"
	expect_console_line image-ro-writable-by-all-warns image-ro-writable-by-all \
		'loopboot: image /linux/root.sqfs can be written by users other than root (mode 0777, owner 0:0)'
	# ... but on a read-only host nobody can write it
	lbtest=view expect_pass image-ro-host-ro \
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
	lbtest=view expect_pass root-elsewhere-still-probing \
		"lbtest=view lbroot=sda1 root=PARTUUID=4c4f4f5a-01 loopboot=/dev/vda1:/multi/home.img" \
		"$work/howto.disk"
}

# Swap images, swapped on as the host's own swap files once root is
# mounted; one that cannot be is named, and the system boots without it
test_swap_images() {
	lbtest=view expect_pass swap-image-first \
		"lbtest=view lbroot=loop0 lbswapfile=/host/linux/linuxswp.img loopboot=/dev/vda1:/linux/linuxswp.img,swap,/linux/linuxdsk.img" \
		"$work/howto.disk"
	lbtest=view expect_pass swap-only-root-elsewhere \
		"lbtest=view lbroot=vda2 lbswapfile=/host/linux/linuxswp.img root=/dev/vda2 loopboot=/dev/vda1:/linux/linuxswp.img,swap" \
		"$work/fallback.disk"
	lbtest=view expect_pass swap-image-missing \
		"lbtest=view lbroot=loop0 lbnoswap=1 loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/nothere.img,swap" \
		"$work/howto.disk"
	expect_console_line swap-image-missing-says-so swap-image-missing \
		'loopboot: image /linux/nothere.img: booting without this swap$'
	lbtest=view expect_pass swap-image-with-holes \
		"lbtest=view lbroot=loop0 lbnoswap=1 loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img,swap" \
		"$work/ext4host.disk"
	expect_console_line swap-image-with-holes-says-so swap-image-with-holes \
		'loopboot: image /linux/linuxswp.img: cannot swap on it, booting without it (-EINVAL); is it made by mkswap, with every block written (no holes)?$'
	lbtest=view expect_pass swap-image-is-root-image \
		"lbtest=view lbroot=loop0 lbnoswap=1 loopboot=/dev/vda1:/linux/linuxdsk.img,/LINUX/LINUXDSK.IMG,swap" \
		"$work/howto.disk"
	expect_console_line swap-image-is-root-image-says-so swap-image-is-root-image \
		'loopboot: image /LINUX/LINUXDSK.IMG: the same file as image /linux/linuxdsk.img on loop0, booting without this swap$'
	lbtest=view expect_pass swap-image-not-swap \
		"lbtest=view lbroot=loop0 lbnoswap=1 loopboot=/dev/vda1:/linux/linuxdsk.img,/images/ext2.img,swap" \
		"$work/howto.disk"
	expect_console_line swap-image-not-swap-says-so swap-image-not-swap \
		'loopboot: image /images/ext2.img: cannot swap on it, booting without it (-EINVAL); is it made by mkswap'
}

test_failures() {
	local disk=$work/howto.disk
	expect_panic host-never-appears "host /dev/vdb1: not found after * ms (-ENODEV)" \
		"loopboot=/dev/vdb1:/linux/linuxdsk.img loopboot.timeout=2" "$disk"
	expect_panic host-absent-no-wait \
		"host /dev/vdb1: not found after * ms (add rootwait or loopboot.timeout= to wait) (-ENODEV)" \
		"loopboot=/dev/vdb1:/linux/linuxdsk.img" "$disk"
	if ! grep -q 'vda1' "$work/host-never-appears.console" ||
		! grep -q 'the partitions the kernel sees are' "$work/host-never-appears.console"; then
		result host-never-appears-lists "no list of partitions"
	else
		result host-never-appears-lists ""
	fi
	# a failure after the host was mounted leaves it clean, panic or not
	cp "$disk" "$work/image-missing.disk"
	expect_panic image-missing \
		"image /linux/nothere.img: not found on host /dev/vda1 (-ENOENT)" \
		"loopboot=/dev/vda1:/linux/nothere.img" "$work/image-missing.disk"
	expect_clean_host image-missing-host-clean "$work/image-missing.disk" \
		vfat /linux/linuxdsk.img
	expect_panic unknown-fstype \
		"host /dev/vda1: cannot mount it as nosuchfs (-ENODEV)" \
		"loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.fstype=nosuchfs" "$disk"
	expect_panic image-is-directory \
		"image /linux: not a regular file (-EISDIR)" \
		"loopboot=/dev/vda1:/linux" "$disk"
	expect_panic symlink-absolute \
		"image /linux/absolute.img: its path leads outside host /dev/vda1 (-EXDEV)" \
		"loopboot=/dev/vda1:/linux/absolute.img" "$work/ext4host.disk"
	expect_panic symlink-above-host \
		"image /linux/above.img: its path leads outside host /dev/vda1 (-EXDEV)" \
		"loopboot=/dev/vda1:/linux/above.img" "$work/ext4host.disk"
	# a failure after the image file was opened: the host is clean too
	cp "$disk" "$work/offset-beyond-image.disk"
	expect_panic offset-beyond-image \
		"image /linux/linuxdsk.img: offset=1073741824 is not below its size, 50331648 (-EINVAL)" \
		"loopboot=/dev/vda1:/linux/linuxdsk.img,offset=1G" "$work/offset-beyond-image.disk"
	expect_clean_host offset-beyond-image-host-clean "$work/offset-beyond-image.disk" \
		vfat /linux/linuxdsk.img
	expect_panic host-bad-partuuid \
		"host PARTUUID=4c4f4f50-01/PARTNROFF=x: not a device name the kernel accepts (-EINVAL)" \
		"loopboot=PARTUUID=4c4f4f50-01/PARTNROFF=x:/linux/linuxdsk.img" "$disk"
	expect_panic timeout-too-long \
		"loopboot.timeout=3601: not between 0 and 3600 (-ERANGE)" \
		"loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.timeout=3601" "$disk"
	expect_panic hostdir-relative \
		'loopboot.hostdir=host: not an absolute path without "..", nor "none" (-EINVAL)' \
		"loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.hostdir=host" "$disk"
	expect_panic swap-only-no-root \
		"loopboot=: every image is swap, so root= must name the root device (-EINVAL)" \
		"loopboot=/dev/vda1:/linux/linuxswp.img,swap" "$disk"
	expect_panic fstype-empty-entry \
		"loopboot.fstype=vfat,,ext4: empty filesystem type in the list (-EINVAL)" \
		"loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.fstype=vfat,,ext4" "$disk"
}

# Malformed loopboot= strings: each rejected at parse time by field
test_malformed() {
	local disk=$work/howto.disk i=0 spec message
	while IFS='|' read -r spec message; do
		i=$((i + 1))
		expect_panic "malformed-$i" "$message" "loopboot=$spec" "$disk"
	done <<-'CASES'
		/dev/vda1|loopboot=: no ":/" between HOST and the first IMAGE (-EINVAL)
		:/linux/linuxdsk.img|HOST: empty (-EINVAL)
		/dev/vda1:/linux/linuxdsk.img,bogus|image 1 "/linux/linuxdsk.img": unknown option "bogus" (-EINVAL)
		/dev/vda1:/linux/linuxdsk.img,offset=12q|image 1 "/linux/linuxdsk.img": "offset=12q": not a number (digits, then K, M or G) (-EINVAL)
		/dev/vda1:/linux/linuxdsk.img,ro,rw|image 1 "/linux/linuxdsk.img": options "ro" and "rw" exclude each other (-EINVAL)
		/dev/vda1:/linux/../linuxdsk.img|image 1 "/linux/../linuxdsk.img": "." and ".." are not allowed in a path (-EINVAL)
		/dev/vda1:/linux/linuxdsk.img,loop=1024|image 1 "/linux/linuxdsk.img": "loop=1024": above the highest loop device, 1023 (-ERANGE)
		/dev/vda1:/a,loop=2,/b,loop=2|image 2 "/b": loop=2 is given to an earlier image too (-EINVAL)
		/dev/vda1:/linux/linuxdsk.img,,ro|image 1 "/linux/linuxdsk.img": empty option (two commas, or one at the end) (-EINVAL)
		/dev/vda1:/a,root,/b,root|image 2 "/b": "root" already given to image 1 (-EINVAL)
		/dev/vda1:/1,/2,/3,/4,/5,/6,/7,/8,/9|image 9: more than 8 images (-E2BIG)
		/dev/vda1:/linux/linuxdsk.img,offset=99999999999999999999|image 1 "/linux/linuxdsk.img": "offset=99999999999999999999": number too large (-ERANGE)
	CASES
}

# The parser's KUnit suite runs at boot with kunit.enable=1, before root is
# mounted; the boot must then go on as usual
test_kunit() {
	local c=$work/kunit-boot.console why=""
	lbtest=rootloop expect_pass kunit-boot \
		"kunit.enable=1 lbtest=rootloop lbroot=700 loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/howto.disk"
	if grep -q 'not ok' "$c"; then
		why=$(grep -m 30 -E 'not ok|Expected|input|got' "$c")
	elif ! grep -Eq '# loopboot_parse: pass:[1-9][0-9]* fail:0 skip:0 total:[1-9]' "$c"; then
		why="no passing result line for the loopboot_parse suite"
	fi
	result kunit-loopboot_parse "$why"
}

# BOOT_GROUPS="hosts images" runs only those groups (test_hosts, ...);
# swap_loop and distro run only when named, module only where the tree has
# module mode
run_boot_tests() {
	local group module=module
	has_module_mode "$kver" || module=""
	need_pkgs qemu-system-x86 busybox-static dosfstools mtools e2fsprogs \
		squashfs-tools fdisk exfatprogs ntfs-3g erofs-utils socat python3 \
		grub-pc-bin grub-common xorriso cpio
	make_disks
	make_host_kinds
	for group in ${BOOT_GROUPS:-kunit howto shutdown root_forms failures \
		malformed hosts sectors late_host images grub cycles powercut swap faults \
		$module}; do
		"test_$group"
	done
}
