# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Writes while loopboot is still block-mapping the root image: they wait
# for the map, then land where the map says.  The guest writes and fsyncs
# a file while loop0 is map=pending, then reads it back from the disk once
# the map is in place; the host checks the image afterwards.
status=$(grep ' loop0 ' /sys/kernel/loopboot/status)
echo "at init: $status"
check "loop0 still being mapped at init" sh -c "echo '$status' | grep -q ' map=pending'"
check "root remounts read-write" mount -o remount,rw /
check "write and fsync 8 MiB" dd if=/dev/urandom of=/pending.dat bs=1M count=8 conv=fsync
sum=$(md5sum </pending.dat)
echo "after the write: $(grep ' loop0 ' /sys/kernel/loopboot/status)"
check "block-mapping settled" maps_settled
check "loop0 map=on" grep -q ' loop0 .* map=on' /sys/kernel/loopboot/status
sync
echo 3 >/proc/sys/vm/drop_caches
check "the file read back from the disk" [ "$(md5sum </pending.dat)" = "$sum" ]
echo "pending.dat md5 $sum"
