# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# What the booted system sees, against what the test expects:
#   lbroot=loop0p2       the block device of /
#   lbroottype=erofs     the type / is mounted as
#   lbhost=/dev/vda1     the host, at lbhostdir (default /host) ...
#   lbhosttype=exfat     ... as this type ...
#   lbhostopt=ro,uid=7   ... with these mount options (default rw)
#   lbdio=0:1,1:0        loopN's /sys/block/loopN/loop/dio
#   lbmap=0:1,1:0        loopN is block-mapped, and its image file on the
#                        host refuses writes and renames, or it is not
#   lbstatus=1           the status file's host line says the same
dev_of() {
	cat "/sys/class/block/$1/dev"
}

if [ -n "${lbroot:-}" ]; then
	# stat's %D is st_dev in hex: (major << 8) | minor for small numbers
	check "root is $lbroot" [ "$(stat -c %D /)" = \
		"$(dev_of "$lbroot" | awk -F: '{ printf "%x", $1 * 256 + $2 }')" ]
fi
if [ -n "${lbroottype:-}" ]; then
	check "root is $lbroottype" mounted /dev/root / "$lbroottype" ""
fi
if [ -n "${lbhost:-}" ]; then
	hostdir=${lbhostdir:-/host}
	check "host $lbhost at $hostdir as $lbhosttype, ${lbhostopt:-rw}" \
		mounted "$lbhost" "$hostdir" "$lbhosttype" "${lbhostopt:-rw}"
	check "host nosuid,nodev" mounted "$lbhost" "$hostdir" "$lbhosttype" nosuid,nodev
	mode=${lbhostopt:-rw}
	check "status says host $lbhost $lbhosttype ${mode%%,*} $hostdir" \
		[ "$(head -n1 /sys/kernel/loopboot/status)" = \
		"host $lbhost $lbhosttype ${mode%%,*} $hostdir" ]
fi
for pair in $(echo "${lbdio:-}" | tr , ' '); do
	check "loop${pair%%:*} dio is ${pair#*:}" \
		[ "$(cat "/sys/block/loop${pair%%:*}/loop/dio")" = "${pair#*:}" ]
done
# refused DONE ERROR TEXT: DONE is 0 and ERROR says TEXT
refused() {
	[ "$1" = 0 ] && case $2 in *"$3"*) true ;; *) false ;; esac
}
[ -z "${lbmap:-}" ] || check "block-mapping settled" maps_settled
for pair in $(echo "${lbmap:-}" | tr , ' '); do
	n=${pair%%:*}
	line=$(grep " loop$n " /sys/kernel/loopboot/status)
	file=${lbhostdir:-/host}$(echo "$line" | cut -d' ' -f2)
	if [ "${pair#*:}" = 1 ]; then map=on; else map=off; fi
	check "loop$n map=$map" sh -c "echo '$line' | grep -q ' map=$map'"
	# Write the first sector back as it is, then rename the file and back
	# (the copy goes to /dev: root may be read-only)
	check "read the first sector of $file" \
		dd if="$file" of=/dev/lbsector bs=512 count=1
	wrote=1
	write_err=$(dd if=/dev/lbsector of="$file" bs=512 count=1 conv=notrunc 2>&1) ||
		wrote=0
	# an 8.3 name: msdos would cut a longer one back to the same name
	moved_to=$(dirname "$file")/lbmoved.img
	moved=1
	move_err=$(mv "$file" "$moved_to" 2>&1) || moved=0
	[ "$moved" = 0 ] || mv "$moved_to" "$file"
	if [ "$map" = on ]; then
		# ETXTBSY and EPERM, as for a swap file
		check "$file refuses writes while mapped, as a busy file" \
			refused "$wrote" "$write_err" 'Text file busy'
		check "$file refuses renames while mapped, as not permitted" \
			refused "$moved" "$move_err" 'Operation not permitted'
	else
		check "$file takes writes when not mapped" [ "$wrote" = 1 ]
		check "$file takes renames when not mapped" [ "$moved" = 1 ]
	fi
done
