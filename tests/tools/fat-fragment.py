#!/usr/bin/python3
"""Fragment a file on a FAT12, FAT16 or FAT32 filesystem image into runs.

Usage: fat-fragment.py PARTITION-IMAGE FIRST-CLUSTER COUNT [RUN...]

The file's COUNT clusters, contiguous from FIRST-CLUSTER (as mcopy leaves
a file on a fresh filesystem; mshowfat tells), are cut into runs of the
RUN lengths, taken in turn (by default 1: one cluster a run), and the runs
are chained in the order first, third, fifth, ..., second, fourth, ...: no
run is followed by its neighbour on the disk.  The data moves with its
cluster, so the file holds the same bytes, and keeps its first cluster, so
its directory entry stays right.  Every copy of the FAT is changed.
The FAT type is the one the cluster count gives, as the kernel decides it.
"""
import struct
import sys

EOC = 0x0FFFFFFF


class Fat:
    """One copy of the FAT as bytes, its entries by cluster number."""

    def __init__(self, data, bits):
        self.data, self.bits = data, bits
        self.eoc = (1 << min(bits, 28)) - 1

    def __getitem__(self, c):
        if self.bits == 12:
            v, = struct.unpack_from("<H", self.data, c * 3 // 2)
            return v >> 4 if c & 1 else v & 0xFFF
        if self.bits == 16:
            return struct.unpack_from("<H", self.data, 2 * c)[0]
        return struct.unpack_from("<I", self.data, 4 * c)[0] & EOC

    def __setitem__(self, c, value):
        if self.bits == 12:
            v, = struct.unpack_from("<H", self.data, c * 3 // 2)
            v = (v & 0xF) | value << 4 if c & 1 else (v & 0xF000) | value
            struct.pack_into("<H", self.data, c * 3 // 2, v)
        elif self.bits == 16:
            struct.pack_into("<H", self.data, 2 * c, value)
        else:
            old = struct.unpack_from("<I", self.data, 4 * c)[0]
            struct.pack_into("<I", self.data, 4 * c, (old & ~EOC) | value)


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
        root_entries, = struct.unpack_from("<H", boot, 17)
        total, = struct.unpack_from("<H", boot, 19)
        fat_sectors, = struct.unpack_from("<H", boot, 22)
        if not total:
            total, = struct.unpack_from("<I", boot, 32)
        if not fat_sectors:
            fat_sectors, = struct.unpack_from("<I", boot, 36)
        fat_bytes = fat_sectors * sector
        cluster_bytes = boot[13] * sector
        root_sectors = (root_entries * 32 + sector - 1) // sector
        data_sector = reserved + nr_fats * fat_sectors + root_sectors
        clusters = (total - data_sector) // boot[13]
        bits = 12 if clusters < 4085 else 16 if clusters < 65525 else 32
        data = data_sector * sector

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
            fat = Fat(bytearray(f.read(fat_bytes)), bits)
            for c in range(first, first + count - 1):
                assert fat[c] == c + 1, f"cluster {c} is not followed by {c + 1}"
            assert fat[first + count - 1] >= fat.eoc - 7, "the file goes on"
            for a, b in zip(order, order[1:]):
                fat[a] = b
            fat[order[-1]] = fat.eoc
            f.seek(base)
            f.write(fat.data)


if __name__ == "__main__":
    main()
