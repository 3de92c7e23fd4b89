#!/usr/bin/python3
"""Fragment a file on a FAT32 filesystem image into runs of clusters.

Usage: fat-fragment.py PARTITION-IMAGE FIRST-CLUSTER COUNT [RUN...]

The file's COUNT clusters, contiguous from FIRST-CLUSTER (as mcopy leaves
a file on a fresh filesystem; mshowfat tells), are cut into runs of the
RUN lengths, taken in turn (by default 1: one cluster a run), and the runs
are chained in the order first, third, fifth, ..., second, fourth, ...: no
run is followed by its neighbour on the disk.  The data moves with its
cluster, so the file holds the same bytes, and keeps its first cluster, so
its directory entry stays right.  Every copy of the FAT is changed.
"""
import struct
import sys

EOC = 0x0FFFFFFF


def main():
    path, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    lengths = [int(n) for n in sys.argv[4:]] or [1]
    runs, start = [], first
    while start < first + count:
        n = min(lengths[len(runs) % len(lengths)], first + count - start)
        runs.append(list(range(start, start + n)))
        start += n
    order = [c for run in runs[0::2] + runs[1::2] for c in run]
    with open(path, "r+b") as f:
        boot = f.read(512)
        sector, = struct.unpack_from("<H", boot, 11)
        reserved, = struct.unpack_from("<H", boot, 14)
        nr_fats = boot[16]
        fat_sectors, = struct.unpack_from("<I", boot, 36)
        fat_bytes = fat_sectors * sector
        cluster_bytes = boot[13] * sector
        data = (reserved + nr_fats * fat_sectors) * sector

        def at(c):
            return data + (c - 2) * cluster_bytes

        f.seek(at(first))
        content = f.read(count * cluster_bytes)
        for i, c in enumerate(order):
            f.seek(at(c))
            f.write(content[i * cluster_bytes:(i + 1) * cluster_bytes])
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
            for a, b in zip(order, order[1:]):
                set_entry(a, b)
            set_entry(order[-1], EOC)
            f.seek(base)
            f.write(fat)


if __name__ == "__main__":
    main()
