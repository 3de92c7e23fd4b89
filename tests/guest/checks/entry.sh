# shellcheck shell=sh disable=SC2154
# (SC2154: check() and fail() come from init)
# loopboot entry, in a system booted from the stick the firmware group
# made (tests/boot/firmware.sh): the syslinux entry of this kernel, on the
# stick, whose next boot runs the view check.  The host is named here by
# its kernel name; the entry must name it by its PARTUUID.
mount -t tmpfs tmpfs /tmp
release=$(uname -r)
next="console=ttyS0 panic=-1 panic_on_warn=1 oops=panic loopboot=/dev/vda1:/linux/root.img lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=vfat"
# As the Debian hook would at the kernel package's installation, with the
# configuration /etc/default/loopboot would hold
printf '%s\n' "LOOPBOOT_BOOT=/host" "LOOPBOOT_FORMAT=syslinux" "LOOPBOOT_CMDLINE='$next'" \
	>/tmp/loopboot.conf
check "loopboot-kernel writes this kernel's entry" \
	env LOOPBOOT_CONFIG=/tmp/loopboot.conf loopboot-kernel add "$release" "/host/vmlinuz-$release"
cat /host/loopboot.cfg
stanza=/host/loopboot.d/$release.cfg
check "the entry is this kernel's" grep -qx "LABEL loopboot-$release" "$stanza"
check "the entry names the kernel on the stick" grep -qx "	LINUX /vmlinuz-$release" "$stanza"
check "loopboot.cfg boots it" [ "$(cat /host/loopboot.cfg)" = "DEFAULT loopboot-$release
$(cat "$stanza")" ]
left=$(find /host /host/loopboot.d -maxdepth 1 \( -name '*.new' -o -name '*.cfg.*' \))
check "no temporary file is left" [ -z "$left" ]
check "loopboot check takes the entry" loopboot check --quiet --entry "$stanza"
# The same entry for systemd-boot and GRUB: the host by PARTUUID too
check "a BLS entry" sh -c "loopboot entry --kernel /host/vmlinuz-$release --cmdline '$next' | grep -q '^options .*loopboot=PARTUUID=4c4f4f70-01:/linux/root.img '"
check "a GRUB entry" sh -c "loopboot entry --format grub --kernel /host/vmlinuz-$release --cmdline '$next' | grep -q '^	search --no-floppy --fs-uuid --set=root '"
# Refusals: an entry that would not boot is not written
status=0
loopboot entry --kernel "/host/vmlinuz-$release" --cmdline "loopboot=/dev/vdz1:/linux/root.img" \
	>/tmp/out 2>&1 || status=$?
cat /tmp/out
check "a host not found is refused" [ "$status" = 1 ]
check "and said" grep -q "host /dev/vdz1: no such device here" /tmp/out
status=0
loopboot entry --kernel "/host/vmlinuz-$release" --cmdline "$next" --output /tmp/e.conf \
	>/tmp/out 2>&1 || status=$?
cat /tmp/out
check "a BLS entry away from its kernel is refused" [ "$status" = 1 ]
check "and not written" [ ! -e /tmp/e.conf ]
check "and said" grep -q "reads the kernel from the partition that holds its entries" /tmp/out
status=0
loopboot entry --kernel /sbin/init --cmdline "$next" >/tmp/out 2>&1 || status=$?
cat /tmp/out
check "a kernel inside the image is refused" [ "$status" = 1 ]
check "and said" grep -q "is inside an image (on a loop device), where no bootloader reads it" /tmp/out
