# shellcheck shell=sh disable=SC2154
# (SC2154: check() comes from init)
# A kernel package installed in the system the stick booted
# (tests/boot/firmware.sh): Debian runs /etc/kernel/postinst.d/zz-loopboot
# with its version and its file; the kernel (a copy of this one, called
# 9.9.9) goes next to the others on the stick, and syslinux boots it next.
mount -t tmpfs tmpfs /tmp
release=$(uname -r)
next="console=ttyS0 panic=-1 panic_on_warn=1 oops=panic loopboot=/dev/vda1:/linux/root.img lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=vfat"
printf '%s\n' "LOOPBOOT_BOOT=/host" "LOOPBOOT_FORMAT=syslinux" "LOOPBOOT_CMDLINE='$next'" \
	>/tmp/loopboot.conf
cp "/host/vmlinuz-$release" /tmp/vmlinuz-9.9.9
check "the postinst.d hook runs" \
	env LOOPBOOT_CONFIG=/tmp/loopboot.conf /etc/kernel/postinst.d/zz-loopboot 9.9.9 /tmp/vmlinuz-9.9.9
cat /host/loopboot.cfg
check "the kernel is on the stick" cmp /tmp/vmlinuz-9.9.9 /host/vmlinuz-9.9.9
check "with its entry" grep -qx "	LINUX /vmlinuz-9.9.9" /host/loopboot.d/9.9.9.cfg
check "loopboot.cfg boots it, and keeps the one before" [ "$(cat /host/loopboot.cfg)" = "DEFAULT loopboot-9.9.9
$(cat "/host/loopboot.d/$release.cfg" /host/loopboot.d/9.9.9.cfg)" ]
