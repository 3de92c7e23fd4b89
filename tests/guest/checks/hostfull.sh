# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# The root image is sparse and larger than the room left on its host:
# filling the root must fail with an error, not crash or hang the kernel.
check "root is loop0" [ "$(stat -c %D /)" = 700 ]
# ext4 may shut the root down after the write errors; what the checks and
# init need after that runs from /dev (devtmpfs, in memory)
mkdir -p /dev/rescue
check "busybox copied to /dev/rescue" cp /bin/busybox /dev/rescue/
for applet in awk cat dmesg grep losetup mount reboot sleep sync; do
	ln -s busybox "/dev/rescue/$applet"
done
PATH=/dev/rescue:$PATH
check "root remounts read-write" mount -o remount,rw /
if dd if=/dev/zero of=/fill bs=1M count=100 conv=fsync 2>/dev/null; then
	fail "100 MiB fitted in the holes of an image on a 48 MiB host"
fi
echo "ok: filling the root failed"
check "I/O errors on loop0 were reported" busybox sh -c 'dmesg | grep loop0 | grep -q "I/O error"'
check "the kernel still runs programs" busybox true
