# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# loopboot.flags=uid=1000,gid=100,umask=027 reached the FAT host
img=/host/linux/linuxdsk.img
check "host mounted with uid=1000,gid=100" mounted /dev/vda1 /host vfat uid=1000,gid=100
check "image owned by 1000:100" [ "$(stat -c %u:%g $img)" = 1000:100 ]
check "image mode 0750 (umask 027)" [ "$(stat -c %a $img)" = 750 ]
check "directory mode 0750" [ "$(stat -c %a /host/linux)" = 750 ]
