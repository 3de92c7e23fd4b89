# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# sizelimit= beyond the end of the image file: the loop device ends where
# the file does.
check "root is loop0" [ "$(stat -c %D /)" = 700 ]
check "loop0 size is the file's" [ "$(cat /sys/block/loop0/size)" = "$((lbsize / 512))" ]
