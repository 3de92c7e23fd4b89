# shellcheck shell=sh disable=SC2154
# (SC2154: check() comes from init)
# The kernel package of kernel-add.sh removed: Debian runs
# /etc/kernel/postrm.d/zz-loopboot, and its kernel and entry go; so do
# those of kernel-install's plugin, added and removed here.  syslinux then
# boots the kernel that was there before.
mount -t tmpfs tmpfs /tmp
release=$(uname -r)
next="console=ttyS0 panic=-1 panic_on_warn=1 oops=panic loopboot=/dev/vda1:/linux/root.img lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=vfat"
printf '%s\n' "LOOPBOOT_BOOT=/host" "LOOPBOOT_FORMAT=syslinux" "LOOPBOOT_CMDLINE='$next'" \
	>/tmp/loopboot.conf
export LOOPBOOT_CONFIG=/tmp/loopboot.conf
check "the postrm.d hook runs" /etc/kernel/postrm.d/zz-loopboot 9.9.9 /boot/vmlinuz-9.9.9
check "the kernel is gone" [ ! -e /host/vmlinuz-9.9.9 ]
check "and its entry" [ ! -e /host/loopboot.d/9.9.9.cfg ]
check "loopboot.cfg boots the one left" [ "$(cat /host/loopboot.cfg)" = "DEFAULT loopboot-$release
$(cat "/host/loopboot.d/$release.cfg")" ]
cp "/host/vmlinuz-$release" /tmp/vmlinuz-9.9.8
check "kernel-install's plugin adds" \
	/etc/kernel/install.d/90-loopboot.install add 9.9.8 /boot/efi/x/9.9.8 /tmp/vmlinuz-9.9.8
check "its kernel" [ -e /host/vmlinuz-9.9.8 ]
check "its entry" [ -e /host/loopboot.d/9.9.8.cfg ]
check "and removes" /etc/kernel/install.d/90-loopboot.install remove 9.9.8 /boot/efi/x/9.9.8
check "the kernel" [ ! -e /host/vmlinuz-9.9.8 ]
check "the entry" [ ! -e /host/loopboot.d/9.9.8.cfg ]
cat /host/loopboot.cfg
check "loopboot.cfg as before" [ "$(cat /host/loopboot.cfg)" = "DEFAULT loopboot-$release
$(cat "/host/loopboot.d/$release.cfg")" ]
