#!/usr/bin/python3
"""Give a file on an NTFS filesystem image a valid data length below its size.

Usage: ntfs-vdl.py PARTITION-IMAGE INODE MARK

As "fsutil file createnew" and preallocating tools leave a file on
Windows: the $DATA attribute of MFT record INODE keeps its size and its
clusters, but its initialized size (the valid data length) ends where
its last non-zero sector does, or a sector later if that is on a 4 KiB
boundary (writes of whole sectors leave it anywhere); what is past it reads
as zeroes, whatever its clusters hold.  They are filled with MARK,
repeated, from the valid data length on, as a disk's old data: a driver
that reads or exposes them is caught.  Prints the valid data length and the size.
"""
import struct
import sys

import ntfs_fixup

BLOCK = 4096
SECTOR = 512
DATA = 0x80
END = 0xFFFFFFFF


def runs(pairs):
    """(vcn, lcn, length) of a mapping-pairs array"""
    vcn = lcn = i = 0
    while pairs[i]:
        nlen, nofs = pairs[i] & 15, pairs[i] >> 4
        length = int.from_bytes(pairs[i + 1:i + 1 + nlen], "little")
        delta = int.from_bytes(pairs[i + 1 + nlen:i + 1 + nlen + nofs],
                               "little", signed=True)
        if not nofs:
            sys.exit("ntfs-vdl.py: the file is sparse")
        lcn += delta
        yield vcn, lcn, length
        vcn += length
        i += 1 + nlen + nofs


def main():
    path, inode, mark = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode()
    with open(path, "r+b") as f:
        boot = f.read(512)
        sector, = struct.unpack_from("<H", boot, 11)
        cluster = sector * boot[13]
        mft_lcn, = struct.unpack_from("<Q", boot, 0x30)
        per_record, = struct.unpack_from("<b", boot, 0x40)
        record = cluster * per_record if per_record > 0 else 1 << -per_record
        where = mft_lcn * cluster + inode * record
        f.seek(where)
        rec = bytearray(f.read(record))
        if rec[:4] != b"FILE" or struct.unpack_from("<I", rec, 0x2C)[0] != inode:
            sys.exit("ntfs-vdl.py: MFT record %d is not where a fresh MFT has it" % inode)
        ntfs_fixup.undo(rec)

        at = struct.unpack_from("<H", rec, 0x14)[0]
        while struct.unpack_from("<I", rec, at)[0] != END:
            kind, length = struct.unpack_from("<II", rec, at)
            if kind == DATA and rec[at + 8] and not rec[at + 9]:
                break
            at += length
        else:
            sys.exit("ntfs-vdl.py: record %d has no non-resident $DATA" % inode)
        pairs_at, = struct.unpack_from("<H", rec, at + 0x20)
        size, valid = struct.unpack_from("<QQ", rec, at + 0x30)
        extents = list(runs(rec[at + pairs_at:at + struct.unpack_from("<I", rec, at + 4)[0]]))

        def on_disk(pos):
            vcn, off = divmod(pos, cluster)
            for v, lcn, n in extents:
                if v <= vcn < v + n:
                    return (lcn + vcn - v) * cluster + off
            sys.exit("ntfs-vdl.py: byte %d is in no extent" % pos)

        # where its data ends: past the last sector that is not zeroes,
        # as Windows leaves it after writes of whole sectors
        new_valid = 0
        for pos in range(0, valid, BLOCK):
            f.seek(on_disk(pos))
            block = f.read(min(BLOCK, valid - pos)).rstrip(b"\0")
            if block:
                new_valid = pos + -(-len(block) // SECTOR) * SECTOR
        # never on a block's boundary: a read of the block it cuts must
        # then return zeroes from it on, not the block as it is on disk
        if not new_valid % BLOCK:
            new_valid += SECTOR
        if new_valid >= size:
            sys.exit("ntfs-vdl.py: the file has data up to its end")

        struct.pack_into("<Q", rec, at + 0x38, new_valid)
        ntfs_fixup.redo(rec)
        f.seek(where)
        f.write(rec)
        # what the clusters past it held before: anything but zeroes, from
        # the valid data length on, in its cluster too
        stale = (mark * (cluster // len(mark) + 1))[:cluster]
        pos = new_valid
        while pos < -(-size // cluster) * cluster:
            n = cluster - pos % cluster
            f.seek(on_disk(pos))
            f.write(stale[:n])
            pos += n
        print(new_valid, size)


if __name__ == "__main__":
    main()
