# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() and fail() from
# init; lbfsuuid is the UUID of the FAT filesystem on vdc2)
# loopboot check, run in a system booted by loopboot, against its own
# line and the hosts on the other disks (tests/boot/tool.sh lists them):
# every case's exit status and the line it must print.  No disk it only
# checks may change: their checksums before and after must agree.
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
mount -t tmpfs tmpfs /tmp
config=/boot/config-$(uname -r)
failed=""

# tool_case NAME STATUS LINE ARG...: loopboot check ARG... exits STATUS
# and prints LINE (a fixed string)
tool_case() {
	name=$1 want=$2 line=$3
	shift 3
	status=0
	loopboot check "$@" >"/tmp/$name.out" 2>&1 || status=$?
	sed "s/^/$name: /" "/tmp/$name.out"
	if [ "$status" != "$want" ]; then
		failed="$failed $name(status $status, not $want)"
	elif ! grep -qF -- "$line" "/tmp/$name.out"; then
		failed="$failed $name(no line '$line')"
	else
		echo "ok: tool case $name"
	fi
}

sums() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	md5sum /dev/vd[b-z]1
}

sums >/tmp/before
gpt=4c4f4f50-0000-4000-8000-00000000000
k="--kernel-config $config"

# shellcheck disable=SC2086 # $k is two words
{
tool_case self 0 "ok: image /linux/tool.img: " $k
tool_case self-default-config 0 "ok: host /dev/vda1 is /dev/vda1 vfat"
tool_case entry 0 "ok: loopboot=PARTUUID=${gpt}2:/linux/linuxdsk.img parses" $k --entry /etc/tool-entry.conf
tool_case partuuid 0 "ok: host PARTUUID=${gpt}2 is /dev/vdc2 vfat" $k --cmdline "loopboot=PARTUUID=${gpt}2:/linux/linuxdsk.img"
tool_case partuuid-any-case 0 "is /dev/vdc2" $k --cmdline "loopboot=PARTUUID=4C4F4F50-0000-4000-8000-000000000002:/linux/linuxdsk.img"
tool_case partnroff 0 "is /dev/vdc2" $k --cmdline "loopboot=PARTUUID=${gpt}1/PARTNROFF=1:/linux/linuxdsk.img"
tool_case partlabel 0 "ok: host PARTLABEL=loophost is /dev/vdc2" $k --cmdline "loopboot=PARTLABEL=loophost:/linux/linuxdsk.img"
tool_case partuuid-prefix-ambiguous 1 "error: host PARTUUID=$gpt names 2 partitions" $k --cmdline "loopboot=PARTUUID=$gpt:/linux/linuxdsk.img"
tool_case suggest-partuuid 0 "note: disks can be renumbered: name the host by its partition's UUID, loopboot=PARTUUID=4c4f4f52-01:/linux/root.sqfs,ro" $k --cmdline "loopboot=/dev/vdb1:/linux/root.sqfs,ro"
tool_case suggest-not-unique 0 "note: PARTUUID=4c4f4f54-01 of /dev/vdf1 names 2 partitions here" $k --cmdline "loopboot=/dev/vdf1:/linux/linuxdsk.img"
tool_case fs-uuid 1 "note: UUID=$lbfsuuid is the filesystem on /dev/vdc2: the kernel names that partition PARTUUID=${gpt}2" $k --cmdline "loopboot=UUID=$lbfsuuid:/linux/linuxdsk.img"
tool_case host-missing 1 "error: host /dev/vdz1: not found" $k --cmdline "loopboot=/dev/vdz1:/linux/linuxdsk.img"
tool_case parse-error 1 "error: image 1 \"/a.img\": unknown option \"bogus\"" $k --cmdline "loopboot=/dev/vda1:/a.img,bogus"
tool_case image-missing 1 "error: image /linux/missing.img: not found on host /dev/vda1" $k --cmdline "loopboot=/dev/vda1:/linux/missing.img"
tool_case ext4-host 0 "ok: image /linux/root.sqfs: " $k --cmdline "loopboot=/dev/vdb1:/linux/root.sqfs,ro"
tool_case sparse-ro 0 "note: image /linux/linuxdsk.img is sparse" $k --cmdline "loopboot=/dev/vdb1:/linux/linuxdsk.img,ro"
tool_case symlink-inside 1 "error: image /linux/inside.img is sparse" $k --cmdline "loopboot=/dev/vdb1:/linux/inside.img"
tool_case symlink-above 1 "error: image /linux/above.img: its path leads outside host /dev/vdb1" $k --cmdline "loopboot=/dev/vdb1:/linux/above.img"
tool_case symlink-absolute 1 "error: image /linux/absolute.img: its path leads outside host /dev/vdb1" $k --cmdline "loopboot=/dev/vdb1:/linux/absolute.img"
tool_case offset-beyond 1 "error: image /linux/linuxdsk.img: offset=1073741824 is not below its size" $k --cmdline "loopboot=/dev/vdb1:/linux/linuxdsk.img,offset=1G"
tool_case sparse 1 "error: image /linux/sparse.img is sparse" $k --cmdline "loopboot=/dev/vde1:/linux/sparse.img"
tool_case sparse-swap 1 "error: image /linux/linuxswp.img is sparse" $k --cmdline "loopboot=/dev/vdb1:/linux/linuxdsk.img,/linux/linuxswp.img,swap"
tool_case not-swap 1 "error: image /linux/inside.img: not a swap file" $k --cmdline "loopboot=/dev/vdb1:/linux/linuxdsk.img,/linux/inside.img,swap"
tool_case empty-image 1 "error: image /faults/empty.img: the file is empty" $k --cmdline "loopboot=/dev/vdg1:/faults/empty.img"
tool_case module-only-fs 1 "error: CONFIG_VFAT_FS=m in /boot/config-vfat-m: the host's filesystem needs it built in (=y)" --kernel-config /boot/config-vfat-m
tool_case loopboot-module 1 "error: CONFIG_LOOPBOOT=m in /boot/config-vfat-m" --kernel-config /boot/config-vfat-m
tool_case rootfstype 1 "error: rootfstype=xfs, but root image /linux/tool.img holds ext4" $k --cmdline "loopboot=/dev/vda1:/linux/tool.img rootfstype=xfs"
tool_case exfat-host 0 "ok: host /dev/vdf1 is /dev/vdf1 exfat" $k --cmdline "loopboot=/dev/vdf1:/linux/linuxdsk.img"
tool_case ntfs-host 0 "ok: image /linuxdsk.img: " $k --cmdline "loopboot=/dev/vdh1:/linuxdsk.img"
tool_case ntfs-hibernated 1 "error: host /dev/vdd1: Windows is hibernated on it" $k --cmdline "loopboot=/dev/vdd1:/linuxdsk.img"
tool_case ntfs-hibernated-ro 0 "warning: host /dev/vdd1: Windows is hibernated on it" $k --cmdline "loopboot=/dev/vdd1:/linuxdsk.img,ro"
tool_case ntfs-dirty 1 "error: host /dev/vdi1 was not cleanly unmounted" $k --cmdline "loopboot=/dev/vdi1:/linuxdsk.img"
tool_case fat-dirty 0 "warning: host /dev/vdj1: its FAT dirty bit is set" $k --cmdline "loopboot=/dev/vdj1:/linux/linuxdsk.img"
tool_case no-loopboot 1 "error: the command line has no loopboot=" $k --cmdline "root=/dev/sda1"
tool_case usage 2 "Usage: loopboot check" --bogus
}
sums >/tmp/after
if ! cmp -s /tmp/before /tmp/after; then
	diff /tmp/before /tmp/after
	failed="$failed a-checked-disk-changed"
fi
check "loopboot check:$failed" [ -z "$failed" ]
