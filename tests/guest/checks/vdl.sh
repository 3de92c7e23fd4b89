# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Root, mounted "ro", is an image whose valid data length (NTFS) ends
# before its size, inside a block, with the host's clusters past it
# holding lbmark.  Read it whole before any write, then write lbfiles
# files of 1 MiB past it, as powercut.sh does (powercut-after checks them
# at the next boot), and read it whole again: it never shows lbmark.

# no_old_data WHEN: the loop device reads whole with direct I/O (an I/O
# error fails it), and holds no byte of lbmark
no_old_data() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	check "$1: the image reads whole with direct I/O" \
		dd if=/dev/loop0 of=/dev/null bs=1M iflag=direct
	# (grep's 1 is "not found", its 2 an error)
	# shellcheck disable=SC2016 # $1 is the inner shell's
	check "$1: the image shows none of the host's old data" \
		sh -c 'grep -q "$1" /dev/loop0; [ $? = 1 ]' - "$lbmark"
}

check "root is read-only" mounted /dev/root / ext4 ro
no_old_data "before any write"
check "root remounts read-write" mount -o remount,rw /
mkdir -p /pc
i=0
while [ "$i" -lt "$lbfiles" ]; do
	i=$((i + 1))
	dd if=/dev/urandom of="/pc/file-$i" bs=64k count=16 2>/dev/null
	(cd /pc && sha256sum "file-$i" >>sums)
done
check "files written" [ "$(wc -l </pc/sums)" -eq "$lbfiles" ]
no_old_data "after the writes"
