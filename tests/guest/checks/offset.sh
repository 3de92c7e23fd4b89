# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# An image at an offset inside a larger file, with a size limit.
check "root is loop0" [ "$(stat -c %D /)" = 700 ]
check "loop0 offset" [ "$(cat /sys/block/loop0/loop/offset)" = 1048576 ]
check "loop0 sizelimit" [ "$(cat /sys/block/loop0/loop/sizelimit)" = "$lbsize" ]
check "loop0 size" [ "$(cat /sys/block/loop0/size)" = "$((lbsize / 512))" ]
check "status file" [ "$(cat /sys/kernel/loopboot/status)" = "host /dev/vda1 vfat rw /host
image /images/big.img loop0 rw offset=1048576 sizelimit=$lbsize dio=on root" ]
