# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Root is an image whose valid data length (NTFS) ends before its size,
# with the host's clusters past it holding lbmark: write lbfiles files of
# 1 MiB past it, as powercut.sh does (powercut-after checks them at the
# next boot), and read the whole image back: it holds no byte of lbmark.
check "root remounts read-write" mount -o remount,rw /
mkdir -p /pc
i=0
while [ "$i" -lt "$lbfiles" ]; do
	i=$((i + 1))
	dd if=/dev/urandom of="/pc/file-$i" bs=64k count=16 2>/dev/null
	(cd /pc && sha256sum "file-$i" >>sums)
done
sync
check "files written" [ "$(wc -l </pc/sums)" -eq "$lbfiles" ]
echo 3 >/proc/sys/vm/drop_caches
check "the image shows none of the host's old data" sh -c "! grep -q '$lbmark' /dev/loop0"
