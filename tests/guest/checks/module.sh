# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Module mode: modprobe loopboot spec=... in a running system, use what it
# set up, see rmmod refused while a loop device is open, unload, and do it
# all again lbcycles times; then the failures a loaded module reports.
# /etc/lbmodprobe holds the documented command that loads it.
spec=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img
host=/mnt/lbhost
read -r load_command </etc/lbmodprobe
mkdir -p "$host" /mnt/img

loaded() {
	grep -q '^loopboot ' /proc/modules
}

load() {
	# shellcheck disable=SC2086 # the command's words
	check "$load_command" $load_command
	check "host mounted at $host" mounted /dev/vda1 "$host" vfat nosuid,nodev
	check "status names the host" grep -qx "host /dev/vda1 vfat rw $host" \
		/sys/kernel/loopboot/status
	check "status names loop0" grep -q '^image /linux/linuxdsk.img loop0 rw ' \
		/sys/kernel/loopboot/status
	check "loop0 bound" [ -f /sys/block/loop0/loop/backing_file ]
	check "loop0 takes no discard" [ "$(cat /sys/block/loop0/queue/discard_max_bytes)" = 0 ]
	check "loop0 writes zeroes as data" [ "$(cat /sys/block/loop0/queue/write_zeroes_max_bytes)" = 0 ]
	check "loop1 bound" [ -f /sys/block/loop1/loop/backing_file ]
}

unload() {
	check "rmmod loopboot" rmmod loopboot
	check "module gone" sh -c '! grep -q "^loopboot " /proc/modules'
	check "status gone" [ ! -e /sys/kernel/loopboot ]
	check "loop0 detached" [ ! -f /sys/block/loop0/loop/backing_file ]
	check "loop1 detached" [ ! -f /sys/block/loop1/loop/backing_file ]
	check "host unmounted" sh -c "! grep -q ' $host ' /proc/mounts"
}

# 1. load, use, refused while in use, unload
load
check "mount the root image" mount /dev/loop0 /mnt/img
check "image content" [ -x /mnt/img/sbin/init ]
echo "$lbvalue" >/mnt/img/written-by-module
check "rmmod refused while loop0 is mounted" sh -c '! rmmod loopboot'
check "still loaded" loaded
check "loop0 still bound" [ -f /sys/block/loop0/loop/backing_file ]
check "umount the image" umount /mnt/img
check "swapon loop1" swapon /dev/loop1
check "rmmod refused while loop1 is swap" sh -c '! rmmod loopboot'
check "swapoff loop1" swapoff /dev/loop1
unload

# 2. cycles: load, mount, write, unmount, unload
i=0
while [ "$i" -lt "${lbcycles:-5}" ]; do
	i=$((i + 1))
	load
	check "cycle $i: mount" mount /dev/loop0 /mnt/img
	check "cycle $i: earlier data" grep -qx "$lbvalue" /mnt/img/written-by-module
	echo "$i" >/mnt/img/cycle
	check "cycle $i: umount" umount /mnt/img
	unload
done
echo "ok: $i load/use/unload cycles"

# 2b. the image's time on the host: the first write moves it, the data
# writes after it do not, and the detach at rmmod moves it again: 2 s
# after the first write (FAT's time step), before the 5 s after which a
# write would have
img=linux/linuxdsk.img
load
before=$(stat -c %Y "$host/$img")
sleep 2
check "mount the image to write to it" mount /dev/loop0 /mnt/img
first=$(stat -c %Y "$host/$img")
check "the first write moved the image's time (was $before, now $first)" [ "$first" -gt "$before" ]
sleep 2
echo "$i" >/mnt/img/cycle
check "sync" sync
check "data writes left the image's time at $first (now $(stat -c %Y "$host/$img"))" \
	[ "$(stat -c %Y "$host/$img")" = "$first" ]
check "umount the image" umount /mnt/img
unload
mkdir -p /mnt/h
check "mount the host to look" mount -t vfat -o ro /dev/vda1 /mnt/h
check "the detach at rmmod moved the image's time (first write $first, now $(stat -c %Y /mnt/h/$img))" \
	[ "$(stat -c %Y /mnt/h/$img)" -gt "$first" ]
check "umount the host" umount /mnt/h

# 3. a busy host stays mounted, and says so
load
cd "$host" || fail "cd $host"
check "rmmod with a shell in the host" rmmod loopboot
check "host stays mounted while in use" mounted /dev/vda1 "$host" vfat ""
check "rmmod said why" sh -c "dmesg | grep -q 'loopboot: host /dev/vda1 is in use: it stays mounted at $host (-EBUSY)'"
cd / || fail "cd /"
check "umount the host by hand" umount "$host"

# 3b. user space detached loop1 and bound another file there: rmmod leaves
# it be, as it is not the image the module attached
load
check "losetup -d loop1" losetup -d /dev/loop1
check "make another file" dd if=/dev/zero of=/other.img bs=1M count=1
check "bind it to loop1" losetup /dev/loop1 /other.img
check "rmmod" rmmod loopboot
check "loop1 still holds the other file" grep -q '/other.img' /sys/block/loop1/loop/backing_file
check "rmmod said loop1 is not its own" sh -c "dmesg | grep -q 'loopboot: loop1 no longer holds image /linux/linuxswp.img: left as it is'"
check "losetup -d the other file" losetup -d /dev/loop1
rm -f /other.img

# 4. rmmod -f while loop0 is mounted skips the count of users: the module
# goes, loop0 lets go of it (no use after free at its last close) and is
# detached when it is unmounted; the host is left mounted, busy until then
load
check "mount the root image" mount /dev/loop0 /mnt/img
check "rmmod -f while loop0 is mounted" rmmod -f loopboot
check "module gone" sh -c '! grep -q "^loopboot " /proc/modules'
check "rmmod -f said loop0 is in use" sh -c "dmesg | grep -q 'loopboot: loop0 is in use: it is detached at its last close (-EBUSY)'"
check "loop1 detached" [ ! -f /sys/block/loop1/loop/backing_file ]
check "image still readable" [ -x /mnt/img/sbin/init ]
check "umount the image" umount /mnt/img
check "loop0 detached at its last close" [ ! -f /sys/block/loop0/loop/backing_file ]
check "umount the host by hand" umount "$host"

# 5. failures leave nothing behind
check "missing image refused" sh -c "! modprobe loopboot spec=/dev/vda1:/linux/nothere.img hostdir=$host"
check "said why" sh -c "dmesg | grep -q 'loopboot: image /linux/nothere.img: not found on host /dev/vda1 (-ENOENT)'"
check "host unmounted after the failure" sh -c "! grep -q ' $host ' /proc/mounts"
check "loop0 unbound after the failure" [ ! -f /sys/block/loop0/loop/backing_file ]
check "PARTUUID= refused" sh -c "! modprobe loopboot spec=PARTUUID=4c4f4f50-01:/linux/linuxdsk.img hostdir=$host"
check "said why" sh -c "dmesg | grep -q 'loopboot: host PARTUUID=4c4f4f50-01: a loaded module takes a device path, such as /dev/disk/by-partuuid/UUID (-EINVAL)'"
check "hostdir=none refused" sh -c "! modprobe loopboot spec=$spec hostdir=none"
check "missing hostdir refused" sh -c "! modprobe loopboot spec=$spec hostdir=/nonexistent"
check "said why" sh -c "dmesg | grep -q 'loopboot: hostdir=/nonexistent: not a directory to mount the host on (-ENOENT)'"
check "swap image refused" sh -c "! modprobe loopboot spec=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img,swap hostdir=$host"
check "said why" sh -c "dmesg | grep -q 'loopboot: image /linux/linuxswp.img: \"swap\" is for loopboot= at boot; a running system runs swapon on the file (-EINVAL)'"
check "spec= missing refused" sh -c "! modprobe loopboot"
check "malformed spec refused" sh -c "! modprobe loopboot spec=/dev/vda1"
check "nothing mounted after the failures" sh -c "! grep -q '^/dev/vda1 ' /proc/mounts"
check "nothing loaded after the failures" sh -c '! grep -q "^loopboot " /proc/modules'

# what the cycles allocated and freed is old enough for kmemleak to judge
[ -e /sys/kernel/debug ] && sleep 6
