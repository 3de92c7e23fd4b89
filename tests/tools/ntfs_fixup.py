"""NTFS's update sequence, as ntfs-3g and the kernel's ntfs3 read it.

The last two bytes of each 512-byte stride of an MFT record (or a
$LogFile page) hold the record's update sequence number; their real
values are in the update sequence array.  undo() puts them back, so that
the record can be read and changed; redo() saves them again.
"""
import struct
import sys

STRIDE = 512


def undo(rec):
    ofs, count = struct.unpack_from("<HH", rec, 4)
    usn = rec[ofs:ofs + 2]
    for i in range(1, count):
        end = i * STRIDE - 2
        if rec[end:end + 2] != usn:
            sys.exit("%s: record torn at stride %d" % (sys.argv[0], i))
        rec[end:end + 2] = rec[ofs + 2 * i:ofs + 2 * i + 2]


def redo(rec):
    ofs, count = struct.unpack_from("<HH", rec, 4)
    usn = rec[ofs:ofs + 2]
    for i in range(1, count):
        end = i * STRIDE - 2
        rec[ofs + 2 * i:ofs + 2 * i + 2] = rec[end:end + 2]
        rec[end:end + 2] = usn
