# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# A file in pieces on the host (tests/boot/pieces.sh): /host/frag.dat is
# cut into runs of 1 to 32 clusters.  Every read must give what the host's
# tools read (lbsha; lbhead: its first MiB; from byte lbtail's offset on,
# its sha), a direct write across runs and an append must land (lbfinal:
# the file after both).
f=/host/frag.dat
race=/host/race.dat

sha_of() {
	sha256sum | cut -d' ' -f1
}

uncached() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}

check "root is loop0" [ "$(stat -c %D /)" = 700 ]
check "loop0 does direct I/O" [ "$(cat /sys/block/loop0/loop/dio)" = 1 ]
for bs in 4096 12288 65536 1048576; do
	check "a direct read in $bs-byte requests" \
		[ "$(dd if=$f bs=$bs iflag=direct 2>/dev/null | sha_of)" = "$lbsha" ]
done
# on FAT the second and third find the first run in the FAT cache
for n in 1 2 3; do
	check "a direct read of the first MiB, $n" \
		[ "$(dd if=$f bs=1048576 count=1 iflag=direct 2>/dev/null | sha_of)" = "$lbhead" ]
done
uncached
check "a read through the page cache" [ "$(sha_of <$f)" = "$lbsha" ]
check "a direct read from inside a cluster, ${lbtail%%:*}, to the end" \
	[ "$(dd if=$f bs=65536 skip="${lbtail%%:*}" iflag=direct,skip_bytes 2>/dev/null | sha_of)" = "${lbtail#*:}" ]

# direct reads of a file that is truncated and extended meanwhile: each
# must give the start of frag.dat, however much of it there was
race_reads() {
	i=0
	while [ ! -e /tmp/race.done ]; do
		dd if=$race of=/tmp/race.read bs=65536 iflag=direct 2>/dev/null ||
			echo "read $i failed" >>/tmp/race.bad
		head -c "$(stat -c %s /tmp/race.read)" $f | cmp -s - /tmp/race.read ||
			echo "read $i is not the start of frag.dat" >>/tmp/race.bad
		i=$((i + 1))
	done
	echo "$i" >/tmp/race.reads
}
mount -t tmpfs tmpfs /tmp
cp $f $race
race_reads &
for _ in 1 2 3; do
	for bytes in 0 70000 1048576 5000 3000000 0 1234567 65536 2000000; do
		truncate -s 0 $race
		head -c $bytes $f >>$race
		sync $race
	done
done
touch /tmp/race.done
wait
check "the reader overlapped the writer ($(cat /tmp/race.reads) reads)" \
	[ "$(cat /tmp/race.reads)" -ge 3 ]
[ ! -e /tmp/race.bad ] || head -n 5 /tmp/race.bad
check "direct reads while the file is truncated and extended" \
	[ ! -e /tmp/race.bad ]
check "the file then holds what was written last" \
	[ "$(sha_of <$race)" = "$(head -c 2000000 $f | sha_of)" ]
rm $race
umount /tmp

at=${lbwrite%%:*}
bytes=${lbwrite#*:}
check "a direct write of $bytes bytes at $at, across runs" \
	sh -c "yes pieces-write | head -c $bytes |
		dd of=$f bs=$bytes iflag=fullblock oflag=direct,seek_bytes seek=$at conv=notrunc 2>/dev/null"
check "an append of $lbappend bytes, in new clusters" \
	sh -c "yes pieces-append | head -c $lbappend >>$f"
# the append is still in the page cache: a direct read writes it out first
check "the file holds both, read directly" \
	[ "$(dd if=$f bs=1048576 iflag=direct 2>/dev/null | sha_of)" = "$lbfinal" ]
uncached
check "and through the page cache" [ "$(sha_of <$f)" = "$lbfinal" ]
check "and directly again, from the disk" \
	[ "$(dd if=$f bs=65536 iflag=direct 2>/dev/null | sha_of)" = "$lbfinal" ]
