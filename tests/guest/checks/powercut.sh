# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Write files until the power is cut: after each file and its checksum are
# synced, say so on the marker port, so that the host knows which records
# must survive.  Never returns: QEMU is killed.
check "root remounts read-write" mount -o remount,rw /
mkdir -p /pc
i=0
while :; do
	i=$((i + 1))
	dd if=/dev/urandom of="/pc/file-$i" bs=64k count=4 2>/dev/null
	(cd /pc && sha256sum "file-$i" >>sums)
	sync
	report "LOOPBOOT-SYNCED $i"
done
