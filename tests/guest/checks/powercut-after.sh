# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# After the power cut: the first lbsynced files, whose sync completed
# before it, are there with the checksums written with them.
check "root remounts read-write" mount -o remount,rw /
for i in $(seq 1 "$lbsynced"); do
	line=$(grep " file-$i\$" /pc/sums)
	check "file-$i has its checksum line" [ -n "$line" ]
	check "file-$i is intact" sh -c "cd /pc && echo '$line' | sha256sum -c -s"
done
