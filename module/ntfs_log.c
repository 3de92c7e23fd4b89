// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot: what an NTFS volume's log file says of the Windows that had it
 * last, read as ntfs-3g reads it (libntfs-3g/logfile.c, ntfs_check_logfile()
 * and ntfs_is_logfile_clean(); volume.c, ntfs_volume_check_logfile()), since
 * ntfs3 mounts read-write a volume that Windows will come back to.
 *
 * Windows 8 and later write restart pages of version 2.0 while they have
 * the volume mounted, and go back to 1.1 when they unmount it cleanly.
 * "Shutting down" with Fast Startup hibernates instead, and leaves 2.0, so
 * does hibernation, and so does a Windows that was cut off: in each case
 * Windows keeps metadata of the volume in memory and writes it back when
 * it resumes, over whatever another system wrote.  A 1.1 restart area with
 * a client in use and not marked clean is an older Windows that did not
 * unmount it.  Linux (ntfs3, ntfs-3g) and mkntfs leave the log empty: all
 * 0xff.
 *
 * Pure, so that the loopboot tool builds the same file: the caller reads
 * the start of the log file, this looks at it (and undoes the update sequence
 * of the restart pages in place).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>

#include "ntfs_log.h"

#define NTFS_BLOCK		512	/* the update sequence's stride */
#define NTFS_PAGE_MAX		(LOOPBOOT_NTFS_LOG_HEAD / 2)

#define MAGIC_RSTR		0x52545352	/* "RSTR": a restart page */
#define MAGIC_CHKD		0x444b4843	/* "CHKD": one chkdsk rewrote */
#define MAGIC_RCRD		0x44524352	/* "RCRD": a log record page */
#define MAGIC_EMPTY		0xffffffff

/* The restart page header (ntfs-3g's RESTART_PAGE_HEADER) */
#define RP_USA_OFS		0x04
#define RP_USA_COUNT		0x06
#define RP_CHKDSK_LSN		0x08
#define RP_SYSTEM_PAGE_SIZE	0x10
#define RP_LOG_PAGE_SIZE	0x14
#define RP_RA_OFS		0x18
#define RP_MINOR_VER		0x1a
#define RP_MAJOR_VER		0x1c
#define RP_SIZE			0x1e

/* The restart area (RESTART_AREA), from the page's restart area offset */
#define RA_CURRENT_LSN		0x00
#define RA_LOG_CLIENTS		0x08
#define RA_CLIENT_FREE_LIST	0x0a
#define RA_CLIENT_IN_USE_LIST	0x0c
#define RA_FLAGS		0x0e
#define RA_SEQ_NUMBER_BITS	0x10
#define RA_LENGTH		0x14
#define RA_CLIENT_ARRAY_OFS	0x16
#define RA_FILE_SIZE		0x18
#define RA_LOG_RECORD_HDR_LEN	0x24
#define RA_LOG_PAGE_DATA_OFS	0x26
#define RA_VOLUME_IS_CLEAN	0x0002

/* A log client record (LOG_CLIENT_RECORD), in the client array */
#define CR_NEXT_CLIENT		0x12
#define CR_SIZE			0xa0
#define NO_CLIENT		0xffff

static u16 ntfs_le16(const unsigned char *p)
{
	return p[0] | p[1] << 8;
}

static u32 ntfs_le32(const unsigned char *p)
{
	return ntfs_le16(p) | (u32)ntfs_le16(p + 2) << 16;
}

static u64 ntfs_le64(const unsigned char *p)
{
	return ntfs_le32(p) | (u64)ntfs_le32(p + 4) << 32;
}

static bool ntfs_page_size_ok(u32 size)
{
	return size >= NTFS_BLOCK && size <= NTFS_PAGE_MAX &&
	       !(size & (size - 1));
}

/* Undo the update sequence of the page at @p: false if it is torn */
static bool ntfs_fixup(unsigned char *p, u16 usa_ofs, u16 usa_count)
{
	u16 usn = ntfs_le16(p + usa_ofs);
	unsigned int i;

	for (i = 1; i < usa_count; i++) {
		unsigned char *end = p + i * NTFS_BLOCK - sizeof(u16);

		if (ntfs_le16(end) != usn)
			return false;
		memcpy(end, p + usa_ofs + i * sizeof(u16), sizeof(u16));
	}
	return true;
}

/* A list of the client array ends within @clients steps */
static bool ntfs_client_list_ok(const unsigned char *ca, u16 clients, u16 idx)
{
	unsigned int steps;

	for (steps = 0; idx != NO_CLIENT; steps++) {
		if (idx >= clients || steps >= clients)
			return false;
		idx = ntfs_le16(ca + idx * CR_SIZE + CR_NEXT_CLIENT);
	}
	return true;
}

/* The restart area of the page at @p, consistent: ntfs_check_restart_area() */
static bool ntfs_restart_area_ok(const unsigned char *p, u32 sys, u16 ra_ofs)
{
	const unsigned char *ra = p + ra_ofs;
	u16 ca_ofs, clients, ra_len, free_list, in_use;
	u64 file_size;
	u32 fs_bits;

	if (ra_ofs + RA_FILE_SIZE > NTFS_BLOCK - sizeof(u16))
		return false;
	ca_ofs = ntfs_le16(ra + RA_CLIENT_ARRAY_OFS);
	clients = ntfs_le16(ra + RA_LOG_CLIENTS);
	ra_len = ntfs_le16(ra + RA_LENGTH);
	if (ca_ofs & 7 || ra_ofs + ca_ofs > NTFS_BLOCK - sizeof(u16) ||
	    ra_ofs + ca_ofs + (u32)clients * CR_SIZE > sys ||
	    ra_ofs + ra_len > sys || ca_ofs + (u32)clients * CR_SIZE > ra_len)
		return false;
	free_list = ntfs_le16(ra + RA_CLIENT_FREE_LIST);
	in_use = ntfs_le16(ra + RA_CLIENT_IN_USE_LIST);
	if ((free_list != NO_CLIENT && free_list >= clients) ||
	    (in_use != NO_CLIENT && in_use >= clients))
		return false;
	for (file_size = ntfs_le64(ra + RA_FILE_SIZE), fs_bits = 0; file_size;
	     file_size >>= 1)
		fs_bits++;
	if (ntfs_le32(ra + RA_SEQ_NUMBER_BITS) != 67 - fs_bits ||
	    ntfs_le16(ra + RA_LOG_RECORD_HDR_LEN) & 7 ||
	    ntfs_le16(ra + RA_LOG_PAGE_DATA_OFS) & 7)
		return false;
	return ntfs_client_list_ok(ra + ca_ofs, clients, free_list) &&
	       ntfs_client_list_ok(ra + ca_ofs, clients, in_use);
}

/*
 * The restart page at @pos of the @len bytes at @head, valid, its update
 * sequence undone: ntfs_check_and_load_restart_page().  Its LSN in @lsn.
 */
static bool ntfs_restart_page_ok(unsigned char *head, size_t len, size_t pos,
				 u64 *lsn)
{
	unsigned char *p = head + pos;
	bool chkd = ntfs_le32(p) == MAGIC_CHKD;
	u16 usa_ofs, usa_count, ra_ofs, usa_end = RP_SIZE;
	u32 sys;

	sys = ntfs_le32(p + RP_SYSTEM_PAGE_SIZE);
	if (!ntfs_page_size_ok(sys) ||
	    !ntfs_page_size_ok(ntfs_le32(p + RP_LOG_PAGE_SIZE)) ||
	    (pos && pos != sys) || pos + sys > len)
		return false;
	/* Versions 1.1 and 2.0 only, as ntfs-3g and ntfs3 */
	if (!(ntfs_le16(p + RP_MAJOR_VER) == 1 && ntfs_le16(p + RP_MINOR_VER) == 1) &&
	    !(ntfs_le16(p + RP_MAJOR_VER) == 2 && !ntfs_le16(p + RP_MINOR_VER)))
		return false;
	usa_ofs = ntfs_le16(p + RP_USA_OFS);
	usa_count = ntfs_le16(p + RP_USA_COUNT);
	/* chkdsk may leave its restart page without an update sequence */
	if (!chkd || usa_count) {
		usa_end = usa_ofs + usa_count * sizeof(u16);
		if (usa_count != 1 + sys / NTFS_BLOCK || usa_ofs & 1 ||
		    usa_ofs < RP_SIZE || usa_end > NTFS_BLOCK - sizeof(u16))
			return false;
	}
	ra_ofs = ntfs_le16(p + RP_RA_OFS);
	if (ra_ofs & 7 || ra_ofs < usa_end || ra_ofs > sys)
		return false;
	if (!chkd && ntfs_le64(p + RP_CHKDSK_LSN))
		return false;
	if ((!chkd || usa_count) && !ntfs_fixup(p, usa_ofs, usa_count))
		return false;
	if (!ntfs_restart_area_ok(p, sys, ra_ofs))
		return false;
	*lsn = chkd ? ntfs_le64(p + RP_CHKDSK_LSN) :
		      ntfs_le64(p + ra_ofs + RA_CURRENT_LSN);
	return true;
}

/**
 * loopboot_ntfs_log_state - what the start of the log file says of Windows
 * @head: the first bytes of the log file; the restart pages' update sequences
 *	  are undone in place
 * @len: how many (at most LOOPBOOT_NTFS_LOG_HEAD are looked at)
 *
 * Looks where restart pages can be, as ntfs-3g does: at 0, then at each
 * power of two from 512, until two are found, a log record page, or an
 * empty block after one that is not.  The newer one is the log's state.
 *
 * Return: whether Windows has left the volume for another system to write.
 */
enum loopboot_ntfs_log loopboot_ntfs_log_state(unsigned char *head, size_t len)
{
	size_t pos, found[2];
	unsigned int n = 0;
	bool empty = true;
	u64 lsn[2];
	const unsigned char *p, *ra;
	u32 magic;

	if (len < NTFS_BLOCK)
		return LOOPBOOT_NTFS_LOG_UNREADABLE;
	len = min_t(size_t, len, LOOPBOOT_NTFS_LOG_HEAD);
	for (pos = 0; pos + NTFS_BLOCK <= len && n < 2;
	     pos = pos ? pos << 1 : NTFS_BLOCK) {
		magic = ntfs_le32(head + pos);
		if (magic != MAGIC_EMPTY)
			empty = false;
		else if (!empty)
			break;
		if (magic == MAGIC_RCRD)
			break;
		if ((magic == MAGIC_RSTR || magic == MAGIC_CHKD) &&
		    ntfs_restart_page_ok(head, len, pos, &lsn[n]))
			found[n++] = pos;
	}
	if (empty)
		return LOOPBOOT_NTFS_LOG_CLEAN;
	if (!n)
		return LOOPBOOT_NTFS_LOG_UNREADABLE;
	p = head + found[n == 2 && lsn[1] > lsn[0]];
	if (ntfs_le16(p + RP_MAJOR_VER) == 2)
		return LOOPBOOT_NTFS_LOG_IN_USE;
	ra = p + ntfs_le16(p + RP_RA_OFS);
	if (ntfs_le16(ra + RA_CLIENT_IN_USE_LIST) != NO_CLIENT &&
	    !(ntfs_le16(ra + RA_FLAGS) & RA_VOLUME_IS_CLEAN))
		return LOOPBOOT_NTFS_LOG_UNCLEAN;
	return LOOPBOOT_NTFS_LOG_CLEAN;
}
