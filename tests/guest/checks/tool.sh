# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() and fail() from
# init; lbfsuuid is the UUID of the FAT filesystem on vdc2)
# loopboot check, run in a system booted by loopboot, against its own
# line and the hosts on the other disks (tests/boot/tool.sh lists them):
# every case's exit status and the line it must print.  No disk it only
# checks may change: their checksums before and after must agree.  On
# vdk1, an empty FAT host, loopboot create makes the images that the next
# boot boots (tests/guest/checks/created.sh), and loopboot grow grows one.
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
mount -t tmpfs tmpfs /tmp
config=/boot/config-$(uname -r)
failed=""

# run_case NAME STATUS LINE ARG...: loopboot ARG... exits STATUS and
# prints LINE (a fixed string)
run_case() {
	name=$1 want=$2 line=$3
	shift 3
	status=0
	loopboot "$@" >"/tmp/$name.out" 2>&1 || status=$?
	sed "s/^/$name: /" "/tmp/$name.out"
	if [ "$status" != "$want" ]; then
		failed="$failed $name(status $status, not $want)"
	elif ! grep -qF -- "$line" "/tmp/$name.out"; then
		failed="$failed $name(no line '$line')"
	else
		echo "ok: tool case $name"
	fi
}

# tool_case NAME STATUS LINE ARG...: the same for loopboot check ARG...
tool_case() {
	name=$1 want=$2 line=$3
	shift 3
	run_case "$name" "$want" "$line" check "$@"
}

sums() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	md5sum /dev/vd[b-j]1 /dev/vd[l-q]1 /dev/vds1
	# (vdr1 is 4 GiB: its FATs and directory are in its first 16 MiB)
	head -c 16M /dev/vdr1 | md5sum
}

sums >/tmp/before
gpt=4c4f4f50-0000-4000-8000-00000000000

tool_case self 0 "ok: image /linux/tool.img: " -k "$config"
tool_case self-fstab 0 "ok: image /linux/tool.img: its /etc/fstab agrees with loopboot=" -k "$config"
tool_case fstab-root 1 "error: image /linux/fstab-root.img: its /etc/fstab mounts / from /dev/sda1, but root is /dev/loop0" -k "$config" --cmdline "loopboot=/dev/vda1:/linux/fstab-root.img"
tool_case fstab-swap 1 "error: image /linux/fstab-swap.img: its /etc/fstab swaps on /dev/loop1, which holds image /linux/tool.img, ext4, not swap" -k "$config" --cmdline "loopboot=/dev/vda1:/linux/fstab-swap.img,/linux/tool.img"
tool_case self-default-config 0 "ok: host /dev/vda1 is /dev/vda1 vfat"
tool_case entry 0 "ok: loopboot=PARTUUID=${gpt}2:/linux/linuxdsk.img parses" -k "$config" --entry /etc/tool-entry.conf
tool_case partuuid 0 "ok: host PARTUUID=${gpt}2 is /dev/vdc2 vfat" -k "$config" --cmdline "loopboot=PARTUUID=${gpt}2:/linux/linuxdsk.img"
tool_case partuuid-any-case 0 "is /dev/vdc2" -k "$config" --cmdline "loopboot=PARTUUID=4C4F4F50-0000-4000-8000-000000000002:/linux/linuxdsk.img"
tool_case partnroff 0 "is /dev/vdc2" -k "$config" --cmdline "loopboot=PARTUUID=${gpt}1/PARTNROFF=1:/linux/linuxdsk.img"
tool_case partlabel 0 "ok: host PARTLABEL=loophost is /dev/vdc2" -k "$config" --cmdline "loopboot=PARTLABEL=loophost:/linux/linuxdsk.img"
tool_case partuuid-prefix-ambiguous 1 "error: host PARTUUID=$gpt names 2 partitions" -k "$config" --cmdline "loopboot=PARTUUID=$gpt:/linux/linuxdsk.img"
tool_case suggest-partuuid 0 "note: disks can be renumbered: name the host by its partition's UUID, loopboot=PARTUUID=4c4f4f52-01:/linux/root.sqfs,ro" -k "$config" --cmdline "loopboot=/dev/vdb1:/linux/root.sqfs,ro"
tool_case suggest-not-unique 0 "note: PARTUUID=4c4f4f54-01 of /dev/vdf1 names 2 partitions here" -k "$config" --cmdline "loopboot=/dev/vdf1:/linux/linuxdsk.img"
tool_case fs-uuid 1 "note: UUID=$lbfsuuid is the filesystem on /dev/vdc2: the kernel names that partition PARTUUID=${gpt}2" -k "$config" --cmdline "loopboot=UUID=$lbfsuuid:/linux/linuxdsk.img"
tool_case mbr-signature-zero 1 "ok: host PARTUUID=00000000-01 is /dev/vdl1 vfat" -k "$config" --cmdline "loopboot=PARTUUID=00000000-01:/none.img"
tool_case host-missing 1 "error: host /dev/vdz1: not found" -k "$config" --cmdline "loopboot=/dev/vdz1:/linux/linuxdsk.img"
tool_case parse-error 1 "error: image 1 \"/a.img\": unknown option \"bogus\" (-EINVAL)" -k "$config" --cmdline "loopboot=/dev/vda1:/a.img,bogus"
tool_case image-missing 1 "error: image /linux/missing.img: not found on host /dev/vda1" -k "$config" --cmdline "loopboot=/dev/vda1:/linux/missing.img"
tool_case ext4-host 0 "warning: image /linux/root.sqfs: its /etc/fstab says / is ext4, but it holds squashfs" -k "$config" --cmdline "loopboot=/dev/vdb1:/linux/root.sqfs,ro"
tool_case sparse-ro 0 "note: image /linux/linuxdsk.img is sparse" -k "$config" --cmdline "loopboot=/dev/vdb1:/linux/linuxdsk.img,ro"
tool_case symlink-inside 1 "error: image /linux/inside.img is sparse" -k "$config" --cmdline "loopboot=/dev/vdb1:/linux/inside.img"
tool_case symlink-above 1 "error: image /linux/above.img: its path leads outside host /dev/vdb1" -k "$config" --cmdline "loopboot=/dev/vdb1:/linux/above.img"
tool_case symlink-absolute 1 "error: image /linux/absolute.img: its path leads outside host /dev/vdb1" -k "$config" --cmdline "loopboot=/dev/vdb1:/linux/absolute.img"
tool_case offset-beyond 1 "error: image /linux/linuxdsk.img: offset=1073741824 is not below its size" -k "$config" --cmdline "loopboot=/dev/vdb1:/linux/linuxdsk.img,offset=1G"
tool_case hidden-hole 1 "error: image /linux/hidden-hole.img is sparse: it has a hole at byte 524288" -k "$config" --cmdline "loopboot=/dev/vdb1:/linux/hidden-hole.img"
tool_case sparse 1 "error: image /linux/sparse.img is sparse" -k "$config" --cmdline "loopboot=/dev/vde1:/linux/sparse.img"
tool_case sparse-swap 1 "error: image /linux/linuxswp.img is sparse" -k "$config" --cmdline "loopboot=/dev/vdb1:/linux/linuxdsk.img,/linux/linuxswp.img,swap"
tool_case not-swap 1 "error: image /linux/inside.img: not a swap file" -k "$config" --cmdline "loopboot=/dev/vdb1:/linux/linuxdsk.img,/linux/inside.img,swap"
tool_case truncated-image 1 "error: image /faults/truncated.img: its ext4 filesystem is 50331648 bytes, but the loop device has 16777216: the file is cut off; copy it again" -k "$config" --cmdline "loopboot=/dev/vdg1:/faults/truncated.img"
tool_case fat-cut 1 "error: image /cut.img: it is 4 GiB - 1 byte long, the most a file on FAT32 holds: an image larger than that was most likely cut off when it was copied here" -k "$config" --cmdline "loopboot=/dev/vdr1:/cut.img"
tool_case preallocated 0 "warning: image /linuxdsk.img has a valid data length below its size (preallocated on NTFS, as fsutil file createnew leaves it)" -k "$config" --cmdline "loopboot=/dev/vds1:/linuxdsk.img"
tool_case empty-image 1 "error: image /faults/empty.img: the file is empty" -k "$config" --cmdline "loopboot=/dev/vdg1:/faults/empty.img"
tool_case module-only-fs 1 "error: CONFIG_VFAT_FS=m in /boot/config-vfat-m: the host's filesystem needs it built in (=y)" --kernel-config /boot/config-vfat-m
tool_case loopboot-module 1 "error: CONFIG_LOOPBOOT=m in /boot/config-vfat-m" --kernel-config /boot/config-vfat-m
# ... and never also says the same config is fine
if grep -q "^ok: CONFIG_LOOPBOOT" /tmp/loopboot-module.out; then
	failed="$failed loopboot-module(an ok line for CONFIG_LOOPBOOT=m)"
fi
tool_case rootfstype 1 "error: rootfstype=xfs, but root image /linux/tool.img holds ext4" -k "$config" --cmdline "loopboot=/dev/vda1:/linux/tool.img rootfstype=xfs"
tool_case exfat-host 0 "ok: host /dev/vdf1 is /dev/vdf1 exfat" -k "$config" --cmdline "loopboot=/dev/vdf1:/linux/linuxdsk.img"
tool_case ntfs-host 0 "ok: image /linuxdsk.img: " -k "$config" --cmdline "loopboot=/dev/vdh1:/linuxdsk.img"
tool_case ntfs-hibernated 1 "error: host /dev/vdd1: Windows is hibernated on it" -k "$config" --cmdline "loopboot=/dev/vdd1:/linuxdsk.img"
tool_case ntfs-hibernated-ro 0 "warning: host /dev/vdd1: Windows is hibernated on it" -k "$config" --cmdline "loopboot=/dev/vdd1:/linuxdsk.img,ro"
tool_case ntfs-fast-startup 1 "error: host /dev/vdo1: Windows keeps it in use (\$LogFile of version 2.0: Fast Startup, hibernation, or no clean shutdown); what is written to it is lost when Windows resumes" -k "$config" --cmdline "loopboot=/dev/vdo1:/linuxdsk.img"
tool_case ntfs-fast-startup-ro 0 "warning: host /dev/vdo1: Windows keeps it in use" -k "$config" --cmdline "loopboot=/dev/vdo1:/linuxdsk.img,ro"
tool_case ntfs-crashed 1 "error: host /dev/vdp1: Windows did not unmount it cleanly (\$LogFile not marked clean)" -k "$config" --cmdline "loopboot=/dev/vdp1:/linuxdsk.img"
tool_case ntfs-hibernated-data 1 "error: host /dev/vdq1: Windows is hibernated with it (hiberfil.sys of 100 bytes: a data partition of a hibernated Windows)" -k "$config" --cmdline "loopboot=/dev/vdq1:/linuxdsk.img"
check "a clean NTFS host's log is not called in use" eval '! grep -q LogFile /tmp/ntfs-host.out'
tool_case ntfs-dirty 1 "error: host /dev/vdi1 was not cleanly unmounted" -k "$config" --cmdline "loopboot=/dev/vdi1:/linuxdsk.img"
tool_case bitlocker 1 "error: host /dev/vdn1 is encrypted with BitLocker: Linux cannot mount it; keep the images on a partition BitLocker does not encrypt, or turn its encryption off in Windows" -k "$config" --cmdline "loopboot=/dev/vdn1:/linux/linuxdsk.img"
tool_case exfat-dirty 0 "warning: host /dev/vdm1: its exFAT VolumeDirty flag is set" -k "$config" --cmdline "loopboot=/dev/vdm1:/linux/linuxdsk.img"
check "a clean exFAT host is not called dirty" eval '! grep -q VolumeDirty /tmp/exfat-host.out'
tool_case fat-dirty 0 "warning: host /dev/vdj1: its FAT dirty bit is set" -k "$config" --cmdline "loopboot=/dev/vdj1:/linux/linuxdsk.img"
tool_case no-loopboot 1 "error: the command line has no loopboot=" -k "$config" --cmdline "root=/dev/sda1"
tool_case usage 2 "Usage: loopboot check" --bogus
tool_case flags-refused 1 "error: host /dev/vdb1: ext4 refuses loopboot.flags=bogusopt" -k "$config" --cmdline "loopboot=/dev/vdb1:/linux/root.sqfs,ro loopboot.flags=bogusopt"
tool_case owner-writable 0 "warning: image /linux/linuxdsk.img can be written by users other than root (mode 0777, owner 0:0)" -k "$config" --cmdline "loopboot=/dev/vdc2:/linux/linuxdsk.img loopboot.flags=umask=000"
# every image "ro": the kernel mounts the host read-only and keeps quiet
tool_case owner-writable-ro 0 "ok: image /linux/linuxdsk.img: " -k "$config" --cmdline "loopboot=/dev/vdc2:/linux/linuxdsk.img,ro loopboot.flags=umask=000"
check "no owner warning when the host is mounted read-only" eval '! grep -q "can be written by users" /tmp/owner-writable-ro.out'
tool_case root-loop-missing 1 "error: root=/dev/loop5: no image is attached to loop5" -k "$config" --cmdline "root=/dev/loop5 loopboot=/dev/vda1:/linux/tool.img"
tool_case root-partition-no-partscan 1 "error: root=loop0p1: a partition of image /linux/tool.img needs \"partscan\"" -k "$config" --cmdline "root=loop0p1 loopboot=/dev/vda1:/linux/tool.img"
tool_case timeout-not-a-number 0 "warning: loopboot.timeout=5s: not a number the kernel reads" -k "$config" --cmdline "loopboot=/dev/vda1:/linux/tool.img loopboot.timeout=5s"
tool_case timeout-hex 0 "ok: loopboot=/dev/vda1:/linux/tool.img parses" -k "$config" --cmdline "loopboot=/dev/vda1:/linux/tool.img loopboot.timeout=0x1e"
long=$(printf 'x%.0s' $(seq 2100))
tool_case cmdline-too-long 0 "warning: the command line is 2139 bytes: the kernel keeps the first 2047" -k "$config" --cmdline "loopboot=/dev/vda1:/linux/tool.img pad=$long"
blockdev --setro /dev/vdf1
tool_case host-device-ro 1 "error: host /dev/vdf1: the device is read-only, so every image needs \"ro\"" -k "$config" --cmdline "loopboot=/dev/vdf1:/linux/linuxdsk.img"
tool_case host-device-ro-image-ro 0 "ok: host /dev/vdf1 is /dev/vdf1 exfat" -k "$config" --cmdline "loopboot=/dev/vdf1:/linux/linuxdsk.img,ro"
blockdev --setrw /dev/vdf1

# populate IMAGE: the running root's tree into the ext4 image IMAGE
populate() {
	mkdir -p /tmp/populate
	mount -o loop "$1" /tmp/populate || return 1
	for d in /*; do
		case "$d" in
		/proc | /sys | /dev | /host | /tmp | /mnt) mkdir -p "/tmp/populate$d" ;;
		*) cp -a "$d" /tmp/populate/ || return 1 ;;
		esac
	done
	umount /tmp/populate
}

mount -t vfat /dev/vdk1 /mnt
run_case create 0 "loopboot=PARTUUID=4c4f4f62-01:/new.img" create --size 96M /mnt/new.img
run_case create-exists 1 "loopboot create never overwrites a file" create --size 8M /mnt/new.img
run_case create-fat32-limit 1 "a file on FAT32 holds at most 4 GiB - 1 byte" create --size 5G /mnt/big.img
run_case create-no-room 1 "the host has" create --size 1G /mnt/big.img
run_case create-bad-size 2 "give whole sectors of 512 bytes" create --size 1000 /mnt/odd.img
check "mkfs wrote every inode table (none left to ext4lazyinit)" \
	[ "$(dumpe2fs /mnt/new.img 2>/dev/null | grep '^Group [0-9]' | grep -vc ITABLE_ZEROED)" = 0 ]
check "loopboot create left no file behind" [ ! -e /mnt/big.img ] && [ ! -e /mnt/odd.img ]
run_case create-grown 0 "loopboot=PARTUUID=4c4f4f62-01:/grow.img" create --size 48M --label grown /mnt/grow.img
check "the new root image is filled" populate /mnt/new.img
# reached through a bind mount of a directory: named by its path on the host
mkdir -p /mnt/dir /tmp/bound
mount --bind /mnt/dir /tmp/bound
run_case create-bind-mount 0 "loopboot=PARTUUID=4c4f4f62-01:/dir/bound.img" create --size 8M --fs none /tmp/bound/bound.img
umount /tmp/bound
rm -f /mnt/dir/bound.img
run_case create-space 0 "loopboot=\"PARTUUID=4c4f4f62-01:/dir/a b.img\"" create --size 8M --fs none "/mnt/dir/a b.img"
rm -f "/mnt/dir/a b.img"
run_case create-comma 1 "loopboot= cannot name it" create --size 8M --fs none /mnt/a,b.img
check "loopboot create made nothing it cannot name" [ ! -e /mnt/a,b.img ]
run_case grow-live-root 1 "/host/linux/tool.img is attached to /dev/loop0" grow /host/linux/tool.img 1G
losetup /dev/loop7 /mnt/grow.img
run_case grow-attached 1 "/mnt/grow.img is attached to /dev/loop7" grow /mnt/grow.img 80M
losetup -d /dev/loop7
# attached through another mount of the same host: its path differs
mkdir -p /tmp/again
mount -t vfat /dev/vdk1 /tmp/again
losetup /dev/loop7 /tmp/again/grow.img
run_case grow-attached-elsewhere 1 "/mnt/grow.img is attached to /dev/loop7" grow /mnt/grow.img 80M
losetup -d /dev/loop7
umount /tmp/again
mkfifo /tmp/fifo
run_case grow-fifo 1 "/tmp/fifo: not a regular file" grow /tmp/fifo 8M
# a write that fails half way (RLIMIT_FSIZE at 64 MiB: ash counts 512-byte
# blocks) gives the file back its old size
(trap '' XFSZ; ulimit -f 131072; exec loopboot grow /mnt/grow.img 80M) >/tmp/grow-fails.out 2>&1 &&
	failed="$failed grow-write-fails(grew past RLIMIT_FSIZE)"
sed 's/^/grow-write-fails: /' /tmp/grow-fails.out
check "a failed grow leaves the image its size" [ "$(stat -c %s /mnt/grow.img)" = 50331648 ]
check "a failed grow says why" grep -q "File too large" /tmp/grow-fails.out
run_case grow 0 "/mnt/grow.img: 80 MiB, every byte written" grow /mnt/grow.img 80M
run_case grow-smaller 1 "already that large" grow /mnt/grow.img 64M
# README.md's worked example
tool_case readme-check 0 "ok: image /new.img: 100663296 bytes on host /dev/vdk1, ext4" -k "$config" --cmdline "root=/dev/loop0 loopboot=PARTUUID=4c4f4f62-01:/new.img"
tool_case check-created 0 "ok: image /grow.img: 83886080 bytes on host /dev/vdk1, ext4" -k "$config" --cmdline "loopboot=/dev/vdk1:/new.img,/grow.img"
umount /mnt
sums >/tmp/after
if ! cmp -s /tmp/before /tmp/after; then
	diff /tmp/before /tmp/after
	failed="$failed a-checked-disk-changed"
fi
check "loopboot check:$failed" [ -z "$failed" ]
