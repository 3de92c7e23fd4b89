#!/usr/bin/python3
"""Mark an NTFS filesystem image dirty, as Windows leaves it after a crash.

Usage: ntfs-dirty.py PARTITION-IMAGE

Sets VOLUME_IS_DIRTY in the VOLUME_INFORMATION attribute of $Volume (MFT
record 3), in $MFT and in its copy $MFTMirr, minding the record's update
sequence (ntfs_fixup.py).
"""
import struct
import sys

import ntfs_fixup

VOLUME_RECORD = 3
VOLUME_INFORMATION = 0x70
END = 0xFFFFFFFF


def mark_dirty(rec):
    """Set the dirty flag in the MFT record REC of $Volume"""
    assert rec[:4] == b"FILE", "not an MFT record"
    ntfs_fixup.undo(rec)
    ofs, = struct.unpack_from("<H", rec, 0x14)
    while True:
        kind, length = struct.unpack_from("<II", rec, ofs)
        assert kind != END, "no VOLUME_INFORMATION in $Volume"
        if kind == VOLUME_INFORMATION:
            value, = struct.unpack_from("<H", rec, ofs + 0x14)
            flags_at = ofs + value + 10
            flags, = struct.unpack_from("<H", rec, flags_at)
            struct.pack_into("<H", rec, flags_at, flags | 1)
            break
        ofs += length
    ntfs_fixup.redo(rec)


def main(path):
    with open(path, "r+b") as f:
        boot = f.read(512)
        sector, = struct.unpack_from("<H", boot, 0x0B)
        cluster = sector * boot[0x0D]
        per_record, = struct.unpack_from("<b", boot, 0x40)
        size = per_record * cluster if per_record > 0 else 1 << -per_record
        for lcn_at in (0x30, 0x38):     # $MFT, $MFTMirr
            lcn, = struct.unpack_from("<Q", boot, lcn_at)
            where = lcn * cluster + VOLUME_RECORD * size
            f.seek(where)
            rec = bytearray(f.read(size))
            mark_dirty(rec)
            f.seek(where)
            f.write(rec)


if __name__ == "__main__":
    main(sys.argv[1])
