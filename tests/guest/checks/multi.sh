# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Three images: root on loop0, /home on loop1 (named in the root image's
# /etc/fstab) and swap, the host's swap file.
check "root is loop0 (7:0)" [ "$(stat -c %D /)" = 700 ]
check "mount -a" mount -a
check "/home is loop1" mounted /dev/loop1 /home ext4 rw
check "/home has its marker" [ "$(cat /home/marker)" = home-image ]
check "swap is the host's file" swapping_on /host/linux/linuxswp.img
check "no loop2" [ ! -f /sys/block/loop2/loop/backing_file ]
check "status lists three images" [ "$(grep -c '^image ' /sys/kernel/loopboot/status)" = 3 ]
check "umount /home" umount /home
