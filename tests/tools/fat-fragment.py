#!/usr/bin/python3
"""Fragment a file on a FAT32 filesystem image into one piece per cluster.

Usage: fat-fragment.py PARTITION-IMAGE FIRST-CLUSTER COUNT

The file's COUNT clusters, contiguous from FIRST-CLUSTER (as mcopy leaves
a file on a fresh filesystem; mshowfat tells), are chained in the order
first, third, fifth, ..., second, fourth, ...: no cluster is followed by
its neighbour on the disk.  The file keeps its first cluster, so its
directory entry stays right; its content is shuffled, which is all the
same to a test that only attaches it.  Every copy of the FAT is changed.
"""
import struct
import sys

EOC = 0x0FFFFFFF


def main():
    path, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    with open(path, "r+b") as f:
        boot = f.read(512)
        sector, = struct.unpack_from("<H", boot, 11)
        reserved, = struct.unpack_from("<H", boot, 14)
        nr_fats = boot[16]
        fat_sectors, = struct.unpack_from("<I", boot, 36)
        fat_bytes = fat_sectors * sector
        for n in range(nr_fats):
            base = (reserved * sector) + n * fat_bytes
            f.seek(base)
            fat = bytearray(f.read(fat_bytes))

            def entry(c):
                return struct.unpack_from("<I", fat, 4 * c)[0] & EOC

            def set_entry(c, value):
                old = struct.unpack_from("<I", fat, 4 * c)[0]
                struct.pack_into("<I", fat, 4 * c, (old & ~EOC) | value)

            for c in range(first, first + count - 1):
                assert entry(c) == c + 1, f"cluster {c} is not followed by {c + 1}"
            assert entry(first + count - 1) >= 0x0FFFFFF8, "the file goes on"
            order = list(range(first, first + count, 2)) + \
                list(range(first + 1, first + count, 2))
            for a, b in zip(order, order[1:]):
                set_entry(a, b)
            set_entry(order[-1], EOC)
            f.seek(base)
            f.write(fat)


if __name__ == "__main__":
    main()
