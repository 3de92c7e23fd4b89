#!/usr/bin/python3
"""Put a file cut off at FAT32's limit on a fresh FAT32 filesystem image.

Usage: fat-cut.py PARTITION-IMAGE NAME SOURCE

NAME (an 8.3 name, "CUT.IMG") is made in the root directory, holding
SOURCE's first 4 GiB - 1 bytes: what a copy of a larger image leaves on
FAT32, where a file holds no more.  Its clusters are the first free ones,
contiguous; only SOURCE's data (SEEK_DATA) is written to them, so that
PARTITION-IMAGE, sparse, stays so (its unwritten clusters read as zeroes,
as SOURCE's holes do).  Both FATs and the FSInfo sector are kept right,
for fsck.fat -n.
"""
import os
import struct
import sys

FAT_FILE_MAX = 0xFFFFFFFF
EOC = 0x0FFFFFFF
ATTR_ARCHIVE = 0x20


def short_name(name):
    base, _, ext = name.upper().partition(".")
    if not 0 < len(base) <= 8 or len(ext) > 3:
        sys.exit("fat-cut.py: %s is not an 8.3 name" % name)
    return base.ljust(8).encode() + ext.ljust(3).encode()


def main():
    path, name, source = sys.argv[1], short_name(sys.argv[2]), sys.argv[3]
    with open(path, "r+b") as f:
        boot = f.read(512)
        sector, = struct.unpack_from("<H", boot, 11)
        per_cluster = boot[13]
        reserved, = struct.unpack_from("<H", boot, 14)
        nr_fats = boot[16]
        total, fat_sectors = struct.unpack_from("<II", boot, 32)
        root_cluster, = struct.unpack_from("<I", boot, 44)
        fsinfo, = struct.unpack_from("<H", boot, 48)
        if struct.unpack_from("<H", boot, 22)[0] or not fat_sectors:
            sys.exit("fat-cut.py: %s is not FAT32" % path)
        cluster = sector * per_cluster
        fat_bytes = fat_sectors * sector
        data = (reserved + nr_fats * fat_sectors) * sector

        def at(c):
            return data + (c - 2) * cluster

        f.seek(reserved * sector)
        fat = bytearray(f.read(fat_bytes))
        # the clusters the volume has, which its FAT may have room beyond
        entries = min(len(fat) // 4, (total * sector - data) // cluster + 2)
        count = (FAT_FILE_MAX + cluster - 1) // cluster
        first = next(c for c in range(2, entries)
                     if not struct.unpack_from("<I", fat, 4 * c)[0] & EOC)
        if first + count > entries or any(
                struct.unpack_from("<I", fat, 4 * c)[0] & EOC
                for c in range(first, first + count)):
            sys.exit("fat-cut.py: no %d free clusters in a row" % count)
        for c in range(first, first + count):
            nxt = c + 1 if c < first + count - 1 else EOC
            struct.pack_into("<I", fat, 4 * c, nxt)
        for n in range(nr_fats):
            f.seek(reserved * sector + n * fat_bytes)
            f.write(fat)

        # the directory entry, in the root directory's first cluster
        f.seek(at(root_cluster))
        root = bytearray(f.read(cluster))
        slot = next(i for i in range(0, cluster, 32) if root[i] in (0, 0xE5))
        struct.pack_into("<11sB8xHHHHI", root, slot, name, ATTR_ARCHIVE,
                         first >> 16, 0, 0, first & 0xFFFF, FAT_FILE_MAX)
        f.seek(at(root_cluster))
        f.write(root)

        # FSInfo: free clusters and where to look for the next
        f.seek(fsinfo * sector)
        info = f.read(512)
        if info[:4] != b"RRaA" or info[484:488] != b"rrAa":
            sys.exit("fat-cut.py: no FSInfo sector at sector %d" % fsinfo)
        free, = struct.unpack_from("<I", info, 488)
        if free != 0xFFFFFFFF:
            f.seek(fsinfo * sector + 488)
            f.write(struct.pack("<II", free - count, first + count))

        # SOURCE's data, as far as the file reaches
        with open(source, "rb") as src:
            end = min(os.fstat(src.fileno()).st_size, FAT_FILE_MAX)
            pos = 0
            while pos < end:
                try:
                    pos = os.lseek(src.fileno(), pos, os.SEEK_DATA)
                except OSError:
                    break
                if pos >= end:
                    break
                hole = min(os.lseek(src.fileno(), pos, os.SEEK_HOLE), end)
                while pos < hole:
                    n = min(hole - pos, 1 << 20)
                    src.seek(pos)
                    f.seek(at(first) + pos)
                    f.write(src.read(n))
                    pos += n


if __name__ == "__main__":
    main()
