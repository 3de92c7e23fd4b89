# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# A read-only squashfs root: loop0 is read-only, the host is mounted
# read-only because every image is.
check "root is loop0" [ "$(stat -c %D /)" = 700 ]
check "root is squashfs" mounted /dev/root / squashfs ro
check "loop0 is read-only" [ "$(cat /sys/block/loop0/ro)" = 1 ]
check "host read-only" mounted /dev/vda1 /host vfat ro
check "status file" [ "$(cat /sys/kernel/loopboot/status)" = "host /dev/vda1 vfat ro /host
image /linux/root.sqfs loop0 ro offset=0 sizelimit=0 dio=on root" ]
