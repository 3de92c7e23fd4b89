# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Boot lbcycle of a series on one disk: every file the earlier boots wrote
# must be there with its checksum, and the log must hold one line per
# earlier boot; then add a file and a line for the next boot to check.
check "root remounts read-write" mount -o remount,rw /
mkdir -p /cycles
touch /cycles/log /cycles/sums
check "the log has $((lbcycle - 1)) lines" [ "$(wc -l </cycles/log)" = $((lbcycle - 1)) ]
check "the log's last line is boot $((lbcycle - 1))" \
	[ "$(tail -n1 /cycles/log)" = "$([ "$lbcycle" = 1 ] || echo "boot $((lbcycle - 1))")" ]
check "every earlier file is intact" sh -c 'cd /cycles && { [ ! -s sums ] || sha256sum -c -s sums; }'
check "write file $lbcycle" dd if=/dev/urandom of="/cycles/file-$lbcycle" bs=64k count=16
(cd /cycles && sha256sum "file-$lbcycle" >>sums)
echo "boot $lbcycle" >>/cycles/log
check "sync" sync
