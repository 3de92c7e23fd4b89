# shellcheck shell=bash
# Shared settings for the scripts: paths, the Debian kernel source, apt.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export top
# The tools the scripts run as root (mke2fs, sfdisk, mkfs.*) are in sbin,
# which a PATH from env -i or a non-login shell can leave out
case ":$PATH:" in
*:/usr/sbin:*) ;;
*) PATH=$PATH:/usr/sbin:/sbin ;;
esac

# Install Debian packages that are missing (the scripts run as root).
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -qq "${missing[@]}" >/dev/null ||
		{ apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
}

kernel_tarball() {
	echo "/usr/src/linux-source-$1.tar.xz"
}

# tree_has KVER FACT: whether the tree has FACT, a column of scripts/trees
tree_has() {
	awk -v tree="$1" -v fact="$2" '
		/^# tree\t/ { for (i = 3; i <= NF; i++) col[$i] = i - 1 }
		/^[^#]/ && $1 == tree { row = $0 }
		END {
			if (!(fact in col) || row == "") exit 2
			split(row, f, "\t")
			exit f[col[fact]] != "yes"
		}' "$top/scripts/trees"
}

# The trees scripts/trees lists
trees() {
	awk '/^[^#]/ { print $1 }' "$top/scripts/trees"
}

# The series of a kernel version, one patch file name a line
series() {
	grep -v '^#' "$top/patches/$1/series"
}

# ccache: paths below the checkout count as relative, so that every clone
# on a machine shares one cache
export CCACHE_BASEDIR=$top CCACHE_NOHASHDIR=1

# progress LABEL: pass a build's output through, but for its one line per
# step ("  CC      fs/super.o") and its "Kernel: ... is ready", of which it
# prints a count every 30 s, so that a cold kernel build (minutes) is not
# silent and a warm one says nothing.  Warnings and errors (stderr) are not read here.
progress() {
	local label=$1 steps=0 start=$SECONDS last=$SECONDS line
	while IFS= read -r line; do
		case $line in
		"  "[A-Z]*) steps=$((steps + 1)) ;;
		"Kernel: "*" is ready"*) ;;
		*) printf '%s\n' "$line" ;;
		esac
		if [ $((SECONDS - last)) -ge 30 ]; then
			last=$SECONDS
			echo "$label: $steps steps in $((SECONDS - start)) s"
		fi
	done
	[ "$last" = "$start" ] || echo "$label: done, $steps steps in $((SECONDS - start)) s"
}
