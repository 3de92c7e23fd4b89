# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Three images: root on loop0, /home on loop1 and swap on loop2, the last
# two named in the root image's /etc/fstab.
check "root is loop0 (7:0)" [ "$(stat -c %D /)" = 700 ]
check "mount -a" mount -a
check "/home is loop1" mounted /dev/loop1 /home ext4 rw
check "/home has its marker" [ "$(cat /home/marker)" = home-image ]
check "swapon -a" swapon -a
check "swap is loop2" grep -q '^/dev/loop2 ' /proc/swaps
check "status lists three images" [ "$(grep -c '^image ' /sys/kernel/loopboot/status)" = 3 ]
check "umount /home" umount /home
