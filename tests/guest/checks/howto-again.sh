# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# The HOWTO system, second boot: what the first boot wrote is there.
check "root is loop0" [ "$(stat -c %D /)" = 700 ]
check "value from the first boot" [ "$(cat /persist)" = "$lbvalue" ]
