// SPDX-License-Identifier: GPL-2.0
/*
 * /sbin/init of the benchmark guest (make bench).  Its first instruction
 * reads the guest's clock: that is the time to init of the way the system
 * was booted.  It then reports, on the second serial port, that time and
 * the memory in use, and how long its first write of a block, fsync'd,
 * takes (a root that is not ready for writes holds it); with lbbench=io on
 * the kernel command line it also
 * measures file I/O on the root filesystem.  Every line it reports starts
 * with "BENCH "; the last one is "BENCH done", written only when every
 * measurement worked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MiB		(1024L * 1024)
#define SEQ_BYTES	(256 * MiB)	/* sequential write, then read */
#define CHUNK		MiB
#define CACHE_BYTES	(128 * MiB)	/* read once, then count the page cache */
#define RAND_READS	4096
#define RAND_WRITES	512		/* each one followed by fsync() */
#define BLOCK		4096
#define DATA_FILE	"/bench.dat"
#define FIRST_FILE	"/bench-first.dat"

static FILE *report;

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_BOOTTIME, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("BENCH ", report);
	vfprintf(report, fmt, ap);
	fputc('\n', report);
	fflush(report);
	va_end(ap);
}

static void __attribute__((noreturn)) finish(void)
{
	sync();
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}

static void __attribute__((noreturn)) die(const char *what)
{
	say("error %s: %s", what, strerror(errno));
	finish();
}

/* A field of /proc/meminfo, in KiB */
static long meminfo(const char *field)
{
	char line[128];
	size_t n = strlen(field);
	long kib = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		die("/proc/meminfo");
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':')
			kib = atol(line + n + 1);
	fclose(f);
	if (kib < 0)
		die(field);
	return kib;
}

static long page_cache_kib(void)
{
	return meminfo("Cached") + meminfo("Buffers");
}

static void drop_caches(void)
{
	int fd;

	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0 || write(fd, "3", 1) != 1)
		die("drop_caches");
	close(fd);
}

/* Read the first @bytes of the data file */
static void read_data(char *buf, long bytes)
{
	long done;
	int fd;

	fd = open(DATA_FILE, O_RDONLY);
	if (fd < 0)
		die("open " DATA_FILE);
	for (done = 0; done < bytes; done += CHUNK)
		if (read(fd, buf, CHUNK) != CHUNK)
			die("read " DATA_FILE);
	close(fd);
}

static void sequential(char *buf)
{
	double t;
	long done;
	int fd;

	fd = open(DATA_FILE, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0)
		die("create " DATA_FILE);
	t = now();
	for (done = 0; done < SEQ_BYTES; done += CHUNK)
		if (write(fd, buf, CHUNK) != CHUNK)
			die("sequential write");
	if (fsync(fd))
		die("fsync");
	say("seq_write_mib_s %.1f", SEQ_BYTES / MiB / (now() - t));
	close(fd);

	drop_caches();
	t = now();
	read_data(buf, SEQ_BYTES);
	say("seq_read_mib_s %.1f", SEQ_BYTES / MiB / (now() - t));
}

/*
 * Write requests the disk has completed (all its partitions: the host and
 * the floor's root), the fifth field of its stat: what an fsync'd write in
 * the root costs the disk, whatever the host's clock does meanwhile
 */
static long disk_writes(void)
{
	long field[5];
	FILE *stat;

	stat = fopen("/sys/block/vda/stat", "r");
	if (!stat || fscanf(stat, "%ld %ld %ld %ld %ld", &field[0], &field[1],
			    &field[2], &field[3], &field[4]) != 5)
		die("/sys/block/vda/stat");
	fclose(stat);
	return field[4];
}

/* The same offsets in every run: a fixed linear congruential sequence */
static off_t random_block(unsigned int *seed)
{
	*seed = *seed * 1103515245 + 12345;
	return (off_t)(*seed % (SEQ_BYTES / BLOCK)) * BLOCK;
}

static void random_io(char *buf)
{
	unsigned int seed = 1;
	long writes;
	double t;
	int fd, i;

	drop_caches();
	fd = open(DATA_FILE, O_RDWR);
	if (fd < 0)
		die("open " DATA_FILE);
	t = now();
	for (i = 0; i < RAND_READS; i++)
		if (pread(fd, buf, BLOCK, random_block(&seed)) != BLOCK)
			die("random read");
	say("rand_read_iops %.0f", RAND_READS / (now() - t));

	writes = disk_writes();
	t = now();
	for (i = 0; i < RAND_WRITES; i++)
		if (pwrite(fd, buf, BLOCK, random_block(&seed)) != BLOCK ||
		    fsync(fd))
			die("random write");
	say("rand_write_fsync_iops %.0f", RAND_WRITES / (now() - t));
	say("disk_writes_per_fsync %.2f",
	    (double)(disk_writes() - writes) / RAND_WRITES);
	close(fd);
}

/* What reading CACHE_BYTES of a file adds to the page cache */
/* The first write at init: one block, fsync'd, timed */
static void first_write(void)
{
	static char block[BLOCK];
	double t = now();
	int fd;

	fd = open(FIRST_FILE, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0 || write(fd, block, BLOCK) != BLOCK || fsync(fd) || close(fd))
		die("first write");
	say("first_write_s %.4f", now() - t);
	if (unlink(FIRST_FILE))
		die("unlink");
}

static void cache_use(char *buf)
{
	long before;

	drop_caches();
	before = page_cache_kib();
	read_data(buf, CACHE_BYTES);
	say("cache_mib_after_128 %.1f", (page_cache_kib() - before) / 1024.0);
}

int main(void)
{
	double start = now();	/* first: the time to init */
	const char *mode = getenv("lbbench");
	FILE *kmsg;
	char *buf;

	/* A root mounted by an initramfs may come without /proc, /dev */
	mount("proc", "/proc", "proc", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	report = fopen("/dev/ttyS1", "w");
	if (!report)
		return 1;
	/* On the clock of the kernel's messages, for the host to compare */
	kmsg = fopen("/dev/kmsg", "w");
	if (!kmsg)
		die("/dev/kmsg");
	fputs("bench: init started\n", kmsg);
	fclose(kmsg);
	say("init_s %.4f", start);
	say("mem_used_kib %ld", meminfo("MemTotal") - meminfo("MemFree"));
	say("mem_cache_kib %ld", page_cache_kib());
	first_write();

	if (mode && !strcmp(mode, "io")) {
		buf = aligned_alloc(BLOCK, CHUNK);
		if (!buf)
			die("malloc");
		memset(buf, 0x5a, CHUNK);
		sequential(buf);
		random_io(buf);
		cache_use(buf);
		if (unlink(DATA_FILE))
			die("unlink");
	}
	say("done");
	finish();
}
