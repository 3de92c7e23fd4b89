# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# The HOWTO system, first boot: root on loop0, swap on loop1 from fstab,
# the FAT host at /host; leave a value for the second boot to read.
check "root is loop0 (7:0)" [ "$(stat -c %D /)" = 700 ]
check "root remounts read-write" mount -o remount,rw /
check "root is rw" mounted /dev/root / ext4 rw
check "swap from fstab" swapon -a
check "swap is loop1" grep -q '^/dev/loop1 ' /proc/swaps
check "host at /host" mounted /dev/vda1 /host vfat rw
check "host nosuid,nodev" mounted /dev/vda1 /host vfat nosuid,nodev
check "host shows the image" [ -f /host/linux/linuxdsk.img ]
check "loopboot.flags reached the host" mounted /dev/vda1 /host vfat fmask=0000,dmask=0000
check "block-mapping settled" maps_settled
check "status file" [ "$(cat /sys/kernel/loopboot/status)" = "host /dev/vda1 vfat rw /host
image /linux/linuxdsk.img loop0 rw offset=0 sizelimit=0 dio=on map=on root
image /linux/linuxswp.img loop1 rw offset=0 sizelimit=0 dio=on map=on" ]
echo "$lbvalue" >/persist
check "value written" [ "$(cat /persist)" = "$lbvalue" ]
