# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# The root image on an ext4 host stays allocated: what the booted system
# frees (fstrim, the zeroing ext4 does) does not punch holes in the image
# on the host, so that no later write can find the host full.  With
# lbdiscard=1 the image has the option "discard": fstrim then gives the
# space back, and the holes show on the host.
img=/host/linux/full.img
size=$(stat -c %s $img)
blocks() {
	sync
	stat -c %b $img
}
# rootflags=init_itable=0: ext4lazyinit zeroes the inode tables mke2fs
# left (sb_issue_zeroout) at once; give it the time
check "root remounts read-write" mount -o remount,rw /
sleep 2
check "8 MiB written" dd if=/dev/urandom of=/scratch bs=1M count=8
sync
rm /scratch
sync
echo "host blocks before fstrim: $(blocks) of $((size / 512))"
if [ "${lbdiscard:-0}" = 1 ]; then
	check "loop0 takes discards" [ "$(cat /sys/block/loop0/queue/discard_max_bytes)" != 0 ]
	check "fstrim trims" fstrim -v /
	echo "host blocks after fstrim: $(blocks) of $((size / 512))"
	check "the trimmed blocks are holes in the image" [ "$(($(blocks) * 512))" -lt "$size" ]
else
	# what the image keeps is the point: look at it first
	fstrim -v / && trimmed=1 || trimmed=0
	echo "host blocks after fstrim: $(blocks) of $((size / 512))"
	check "every byte of the image is still allocated" [ "$(($(blocks) * 512))" -ge "$size" ]
	check "fstrim is refused" [ "$trimmed" = 0 ]
	check "loop0 takes no discard" [ "$(cat /sys/block/loop0/queue/discard_max_bytes)" = 0 ]
	check "loop0 writes zeroes as data" [ "$(cat /sys/block/loop0/queue/write_zeroes_max_bytes)" = 0 ]
fi
check "root remounts read-only" mount -o remount,ro /
