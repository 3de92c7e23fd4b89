# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Root is elsewhere and the host holds only swap: once that is off, the
# host can be unmounted like any filesystem, and mounted again; loopboot
# holds no reference that keeps it busy.  Mounted again, it is left clean
# at reboot all the same.
check "swap is the host's file" swapping_on /host/linux/linuxswp.img
check "swapoff" swapoff /host/linux/linuxswp.img
check "umount /host" umount /host
check "status says the host is not mounted" \
	grep -qx 'host /dev/vda1 vfat unmounted /host' /sys/kernel/loopboot/status
check "mount it again" mount -t vfat /dev/vda1 /host
check "status says it is back" \
	grep -qx 'host /dev/vda1 vfat rw /host' /sys/kernel/loopboot/status
