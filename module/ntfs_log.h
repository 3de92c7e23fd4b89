/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loopboot: what an NTFS volume's log file says of the Windows that had it
 * last.  Pure: the kernel and the loopboot tool build the same file.
 */
#ifndef _LOOPBOOT_NTFS_LOG_H
#define _LOOPBOOT_NTFS_LOG_H

#include <linux/types.h>

/*
 * How much of the log file is looked at: the restart pages are at its start,
 * the second one a system page (4 KiB from Windows; at most 64 KiB) after
 * the first
 */
#define LOOPBOOT_NTFS_LOG_HEAD		(128 * 1024)

enum loopboot_ntfs_log {
	LOOPBOOT_NTFS_LOG_CLEAN,	/* empty, or a clean version 1.1 restart area */
	LOOPBOOT_NTFS_LOG_IN_USE,	/* version 2.0: Windows keeps metadata in memory */
	LOOPBOOT_NTFS_LOG_UNCLEAN,	/* a log client still in use, not marked clean */
	LOOPBOOT_NTFS_LOG_UNREADABLE,	/* not empty, and no valid restart page */
};

enum loopboot_ntfs_log loopboot_ntfs_log_state(unsigned char *head, size_t len);

/* hiberfil.sys: shorter than this, it is a hibernated data partition's */
#define LOOPBOOT_HIBERFIL_HEADER	4096	/* ntfs-3g's NTFS_HIBERFILE_HEADER_SIZE */

/*
 * What the kernel at boot and loopboot check say of a host Windows keeps;
 * those Windows would resume over end alike
 */
#define LOOPBOOT_MSG_BITLOCKER \
	"host %s is encrypted with BitLocker: Linux cannot mount it; keep the images on a partition BitLocker does not encrypt, or turn its encryption off in Windows"
#define LOOPBOOT_MSG_HIBERNATED \
	"host %s: Windows is hibernated on it (hiberfil.sys); what is written to it is lost when Windows resumes: turn Fast Startup off, or shut Windows down with \"shutdown /s /t 0\", or make every image \"ro\""
#define LOOPBOOT_MSG_HIBERNATED_DATA \
	"host %s: Windows is hibernated with it (hiberfil.sys of %zd bytes: a data partition of a hibernated Windows); what is written to it is lost when Windows resumes: turn Fast Startup off, or shut Windows down with \"shutdown /s /t 0\", or make every image \"ro\""
#define LOOPBOOT_MSG_LOG_IN_USE \
	"host %s: Windows keeps it in use (\x24LogFile of version 2.0: Fast Startup, hibernation, or no clean shutdown); what is written to it is lost when Windows resumes: turn Fast Startup off, or shut Windows down with \"shutdown /s /t 0\", or make every image \"ro\""
#define LOOPBOOT_MSG_LOG_UNCLEAN \
	"host %s: Windows did not unmount it cleanly (\x24LogFile not marked clean): start Windows and shut it down, or let it check the volume (chkdsk), or make every image \"ro\""
#define LOOPBOOT_MSG_LOG_UNREADABLE \
	"host %s: its \x24LogFile has no restart page loopboot can read, so whether Windows still uses it is not known: let Windows check the volume (chkdsk), or make every image \"ro\""

#endif /* _LOOPBOOT_NTFS_LOG_H */
