# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Not a test of loopboot: a helper boot that puts a file on a filesystem no
# user-space tool here can write (exFAT).  Root is /dev/vdb, read-only; it
# is copied to lbdest on the bare lbfstype filesystem /dev/vda.
check "mount /dev/vda as $lbfstype" mount -t "$lbfstype" /dev/vda /mnt
check "make ${lbdest%/*}" mkdir -p "/mnt${lbdest%/*}"
check "copy /dev/vdb to $lbdest" dd if=/dev/vdb of="/mnt$lbdest" bs=1M
check "the copy is the same" cmp /dev/vdb "/mnt$lbdest"
check "unmount" umount /mnt
