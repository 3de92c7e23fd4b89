# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# FAT's mapping of cluster runs (tests/boot/fatmap.sh): /host/frag.dat is
# cut into runs of 1 to 32 clusters.  Every read must give what mtools
# read on the host (lbsha; from byte lbtail's offset on, its sha), a direct
# write across runs and an append must land (lbfinal: the file after both).
f=/host/frag.dat

sha_of() {
	sha256sum | cut -d' ' -f1
}

uncached() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

check "root is loop0 on the fragmented image" [ "$(stat -c %D /)" = 700 ]
check "loop0 does direct I/O" [ "$(cat /sys/block/loop0/loop/dio)" = 1 ]
for bs in 4096 12288 65536 1048576; do
	check "a direct read in $bs-byte requests" \
		[ "$(dd if=$f bs=$bs iflag=direct 2>/dev/null | sha_of)" = "$lbsha" ]
done
uncached
check "a read through the page cache" [ "$(sha_of <$f)" = "$lbsha" ]
check "a direct read from inside a cluster, ${lbtail%%:*}, to the end" \
	[ "$(dd if=$f bs=65536 skip="${lbtail%%:*}" iflag=direct,skip_bytes 2>/dev/null | sha_of)" = "${lbtail#*:}" ]

at=${lbwrite%%:*}
bytes=${lbwrite#*:}
check "a direct write of $bytes bytes at $at, across runs" \
	sh -c "yes fatmap-write | head -c $bytes |
		dd of=$f bs=$bytes iflag=fullblock oflag=direct,seek_bytes seek=$at conv=notrunc 2>/dev/null"
check "an append of $lbappend bytes, in new clusters" \
	sh -c "yes fatmap-append | head -c $lbappend >>$f"
# the append is still in the page cache: a direct read writes it out first
check "the file holds both, read directly" \
	[ "$(dd if=$f bs=1048576 iflag=direct 2>/dev/null | sha_of)" = "$lbfinal" ]
uncached
check "and through the page cache" [ "$(sha_of <$f)" = "$lbfinal" ]
check "and directly again, from the disk" \
	[ "$(dd if=$f bs=65536 iflag=direct 2>/dev/null | sha_of)" = "$lbfinal" ]
