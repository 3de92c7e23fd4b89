# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# The HOWTO system, first boot: root on loop0, the swap image a swap file
# on the host, the FAT host at /host; leave a value for the second boot to
# read.
check "root is loop0 (7:0)" [ "$(stat -c %D /)" = 700 ]
check "root remounts read-write" mount -o remount,rw /
check "root is rw" mounted /dev/root / ext4 rw
check "swap is the host's file" swapping_on /host/linux/linuxswp.img
check "host at /host" mounted /dev/vda1 /host vfat rw
check "host nosuid,nodev" mounted /dev/vda1 /host vfat nosuid,nodev
check "host shows the image" [ -f /host/linux/linuxdsk.img ]
check "loopboot.flags reached the host" mounted /dev/vda1 /host vfat fmask=0077,dmask=0077
check "status file" [ "$(cat /sys/kernel/loopboot/status)" = "host /dev/vda1 vfat rw /host
image /linux/linuxdsk.img loop0 rw offset=0 sizelimit=0 dio=on root
image /linux/linuxswp.img swap" ]
echo "$lbvalue" >/persist
check "value written" [ "$(cat /persist)" = "$lbvalue" ]
