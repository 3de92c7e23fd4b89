# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Write to a /home image and leave it mounted: init ends in sync and
# reboot -f, as a system whose shutdown could not unmount /home.  The host
# checks the image afterwards.
check "mount -a" mount -a
check "/home is loop1" mounted /dev/loop1 /home ext4 rw
echo "$lbvalue" >/home/value
check "value written" [ "$(cat /home/value)" = "$lbvalue" ]
