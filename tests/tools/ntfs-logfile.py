#!/usr/bin/python3
"""Write the $LogFile that Windows leaves on an NTFS volume, for ntfscp.

Usage: ntfs-logfile.py shutdown|crashed|fast-startup SIZE OUT

OUT gets SIZE bytes: the two restart pages (at 0 and at 4096) that open
a $LogFile, each with a restart area naming one log client, "NTFS", then
log pages of 0xff (no log records).
  shutdown      how Windows leaves a volume it unmounted: version 1.1,
                RESTART_VOLUME_IS_CLEAN set, no client in use (with one
                in use, ntfs3 would look for log records, and there are
                none here)
  crashed       a Windows 7 that was cut off: 1.1, the client in use,
                not marked clean (ntfs-3g: "unclean file system (0, 1)")
  fast-startup  Windows 8 or later that has it mounted still, as Fast
                Startup and hibernation leave it: version 2.0, not clean
                (ntfs-3g: "Metadata kept in Windows cache, refused to
                mount")  The layout is
ntfs-3g's layout.h and logfile.h (RESTART_PAGE_HEADER, RESTART_AREA,
LOG_CLIENT_RECORD); each page carries its update sequence.
"""
import struct
import sys

import ntfs_fixup

PAGE = 4096                 # system and log page size
STRIDE = 512                # the update sequence's stride (NTFS_BLOCK_SIZE)
USA_OFS = 0x1E
RA_OFS = 0x30               # restart area: after the array, 8-aligned
CLIENTS_OFS = 0x30          # client array, from the restart area
CLIENT_LEN = 0xA0           # LOG_CLIENT_RECORD
NO_CLIENT = 0xFFFF
VOLUME_IS_CLEAN = 0x0002
SINGLE_PAGE_IO = 0x0001


def restart_page(version, clean, size, lsn):
    """One restart page of a log of SIZE bytes, its current LSN LSN"""
    page = bytearray(PAGE)
    usa_count = PAGE // STRIDE + 1
    struct.pack_into("<4sHHqIIHhh", page, 0, b"RSTR", USA_OFS, usa_count,
                     0, PAGE, PAGE, RA_OFS, version[1], version[0])
    bits = size.bit_length()
    flags = SINGLE_PAGE_IO | (VOLUME_IS_CLEAN if clean else 0)
    in_use, free = (NO_CLIENT, 0) if clean else (0, NO_CLIENT)
    struct.pack_into("<qHHHHIHHqIHHI", page, RA_OFS, lsn, 1, free, in_use,
                     flags, 67 - bits, CLIENTS_OFS + CLIENT_LEN, CLIENTS_OFS,
                     size, 0, 0x30, 0x40, 1)
    client = RA_OFS + CLIENTS_OFS
    struct.pack_into("<qqHHH6xI", page, client, 0, 0, NO_CLIENT, NO_CLIENT,
                     0, 8)
    page[client + 0x20:client + 0x28] = "NTFS".encode("utf-16-le")
    page[USA_OFS:USA_OFS + 2] = b"\x01\x00"
    ntfs_fixup.redo(page)
    return page


KINDS = {"shutdown": ((1, 1), True), "crashed": ((1, 1), False),
         "fast-startup": ((2, 0), False)}     # version, clean


def main(kind, size, out):
    size = int(size)
    version, clean = KINDS[kind]
    assert size > 2 * PAGE
    with open(out, "wb") as f:
        f.write(restart_page(version, clean, size, 0))
        f.write(restart_page(version, clean, size, 0))
        f.write(b"\xff" * (size - 2 * PAGE))


if __name__ == "__main__":
    main(*sys.argv[1:])
