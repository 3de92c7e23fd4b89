// SPDX-License-Identifier: GPL-2.0
/*
 * /sbin/init of the benchmark guest (make bench).  Its first instruction
 * reads the guest's clock: that is the time to init of the way the system
 * was booted.  It then reports, on the second serial port, that time and
 * the memory in use, and how long its first write of a block, fsync'd,
 * takes (a root that is not ready for writes holds it).  With lbbench=io
 * on the kernel command line it also measures file I/O on the root
 * filesystem; with lbbench=profile it profiles the kernel during the same
 * I/O (tests/bench/profile.sh).  Every line it reports starts with
 * "BENCH "; the last one is "BENCH done", written only when every
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
#include <sys/sysmacros.h>
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
#define PROFILE_DISK	"/dev/vdb"	/* lbbench=profile writes there */
#define PROFILE_SLOT	(64 * MiB)	/* of it, for each phase */
#define PROFILE_SECONDS	3.0		/* of each phase's runs */

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

static void seq_write(char *buf)
{
	long done;
	int fd;

	fd = open(DATA_FILE, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0)
		die("create " DATA_FILE);
	for (done = 0; done < SEQ_BYTES; done += CHUNK)
		if (write(fd, buf, CHUNK) != CHUNK)
			die("sequential write");
	if (fsync(fd))
		die("fsync");
	close(fd);
}

static void seq_read(char *buf)
{
	read_data(buf, SEQ_BYTES);
}

/* Write requests a block device has completed: the fifth field of its stat */
static long writes_completed(const char *path)
{
	long field[5];
	FILE *stat;

	stat = fopen(path, "r");
	if (!stat || fscanf(stat, "%ld %ld %ld %ld %ld", &field[0], &field[1],
			    &field[2], &field[3], &field[4]) != 5)
		die(path);
	fclose(stat);
	return field[4];
}

/*
 * The disk's (all its partitions: the host and the floor's root): what an
 * fsync'd write in the root costs the disk, whatever the host's clock does
 * meanwhile
 */
static long disk_writes(void)
{
	return writes_completed("/sys/block/vda/stat");
}

/*
 * The same count on the root's own device (the partition, or the loop
 * device): with disk_writes(), which of the two a difference comes from
 */
static long root_writes(void)
{
	char path[64];
	struct stat st;

	if (stat("/", &st))
		die("stat /");
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/stat",
		 major(st.st_dev), minor(st.st_dev));
	return writes_completed(path);
}

/* The same offsets in every run: a fixed linear congruential sequence */
static off_t random_block(unsigned int *seed)
{
	*seed = *seed * 1103515245 + 12345;
	return (off_t)(*seed % (SEQ_BYTES / BLOCK)) * BLOCK;
}

static unsigned int seed = 1;

static void rand_read(char *buf)
{
	int fd, i;

	fd = open(DATA_FILE, O_RDONLY);
	if (fd < 0)
		die("open " DATA_FILE);
	for (i = 0; i < RAND_READS; i++)
		if (pread(fd, buf, BLOCK, random_block(&seed)) != BLOCK)
			die("random read");
	close(fd);
}

static void rand_write(char *buf)
{
	int fd, i;

	fd = open(DATA_FILE, O_WRONLY);
	if (fd < 0)
		die("open " DATA_FILE);
	for (i = 0; i < RAND_WRITES; i++)
		if (pwrite(fd, buf, BLOCK, random_block(&seed)) != BLOCK ||
		    fsync(fd))
			die("random write");
	close(fd);
}

/*
 * The I/O the benchmark measures, in its order: each phase's work and
 * whether it starts from an empty page cache (the reads)
 */
static const struct phase {
	const char *name;
	void (*run)(char *buf);
	int cold;
} phases[] = {
	{ "seq_write", seq_write, 0 },
	{ "seq_read", seq_read, 1 },
	{ "rand_read", rand_read, 1 },
	{ "rand_write_fsync", rand_write, 0 },
};

#define NR_PHASES	(sizeof(phases) / sizeof(phases[0]))

/* One run of each phase, timed; and what the fsync'd writes cost the disk */
static void measure_io(char *buf)
{
	static const double per_run[NR_PHASES] = {
		SEQ_BYTES / MiB, SEQ_BYTES / MiB, RAND_READS, RAND_WRITES
	};
	static const int per_second_in_mib[NR_PHASES] = { 1, 1, 0, 0 };
	long writes = 0, root = 0;
	unsigned int i;
	double t;

	for (i = 0; i < NR_PHASES; i++) {
		if (phases[i].cold)
			drop_caches();
		if (phases[i].run == rand_write) {
			writes = disk_writes();
			root = root_writes();
		}
		t = now();
		phases[i].run(buf);
		if (per_second_in_mib[i])
			say("%s_mib_s %.1f", phases[i].name,
			    per_run[i] / (now() - t));
		else
			say("%s_iops %.0f", phases[i].name,
			    per_run[i] / (now() - t));
	}
	say("disk_writes_per_fsync %.2f",
	    (double)(disk_writes() - writes) / RAND_WRITES);
	say("root_writes_per_fsync %.2f",
	    (double)(root_writes() - root) / RAND_WRITES);
}

/*
 * lbbench=profile: each phase again and again for PROFILE_SECONDS, the
 * kernel's profile (/proc/profile, profile=2: a count of timer ticks per
 * 4 bytes of kernel text) summed over the runs, without what comes between
 * them (the dropping of caches), and written to the profile disk at the
 * phase's slot for the host's readprofile
 */
static unsigned int *read_profile(size_t *words)
{
	static unsigned int *snap;
	static size_t size;
	size_t got = 0;
	ssize_t n;
	int fd;

	fd = open("/proc/profile", O_RDONLY);
	if (fd < 0)
		die("/proc/profile (profile=2 on the command line?)");
	for (;;) {
		if (got == size) {
			size = size ? 2 * size : MiB;
			snap = realloc(snap, size);
			if (!snap)
				die("malloc");
		}
		n = read(fd, (char *)snap + got, size - got);
		if (n < 0)
			die("read /proc/profile");
		if (!n)
			break;
		got += n;
	}
	close(fd);
	*words = got / sizeof(*snap);
	return snap;
}

static void reset_profile(void)
{
	int fd = open("/proc/profile", O_WRONLY);

	if (fd < 0 || write(fd, "0", 1) != 1)
		die("reset /proc/profile");
	close(fd);
}

static void profile_io(char *buf)
{
	unsigned int *sum = NULL, *snap;
	size_t words = 0, w;
	unsigned int i;
	double spent, t;
	int disk, runs;

	disk = open(PROFILE_DISK, O_WRONLY);
	if (disk < 0)
		die("open " PROFILE_DISK);
	for (i = 0; i < NR_PHASES; i++) {
		for (spent = 0, runs = 0; spent < PROFILE_SECONDS; runs++) {
			if (phases[i].cold)
				drop_caches();
			reset_profile();
			t = now();
			phases[i].run(buf);
			spent += now() - t;
			snap = read_profile(&words);
			if (!sum) {
				sum = calloc(words, sizeof(*sum));
				if (!sum)
					die("malloc");
			}
			sum[0] = snap[0];	/* the bytes of text per count */
			for (w = 1; w < words; w++)
				sum[w] += snap[w];
		}
		if (words * sizeof(*sum) > PROFILE_SLOT ||
		    pwrite(disk, sum, words * sizeof(*sum),
			   (off_t)i * PROFILE_SLOT) != (ssize_t)(words * sizeof(*sum)))
			die("write " PROFILE_DISK);
		say("profile %s %u %zu %d %.3f", phases[i].name, i,
		    words * sizeof(*sum), runs, spent);
		memset(sum, 0, words * sizeof(*sum));
	}
	if (fsync(disk))
		die("fsync " PROFILE_DISK);
	close(disk);
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

/* After the memory in use is measured: a buffer of CHUNK bytes, written */
static char *io_buffer(void)
{
	char *buf = aligned_alloc(BLOCK, CHUNK);

	if (!buf)
		die("malloc");
	memset(buf, 0x5a, CHUNK);
	return buf;
}

/*
 * lbbench=fill, a helper boot rather than a measurement: with root=/dev/vdb
 * read-only, copy that root to root.img on the lbhostfs filesystem of
 * /dev/vda1 (exFAT: no user-space tool here writes a file there)
 */
static void fill_host(char *buf)
{
	const char *fstype = getenv("lbhostfs");
	int in, out;
	ssize_t n;

	if (!fstype || mount("/dev/vda1", "/host", fstype, 0, NULL))
		die("mount the host");
	in = open("/dev/vdb", O_RDONLY);
	out = open("/host/root.img", O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (in < 0 || out < 0)
		die("open /dev/vdb or /host/root.img");
	while ((n = read(in, buf, CHUNK)) > 0)
		if (write(out, buf, n) != n)
			die("write /host/root.img");
	if (n < 0 || fsync(out) || close(out) || umount("/host"))
		die("copy to /host/root.img");
	close(in);
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
	if (mode && !strcmp(mode, "fill")) {
		fill_host(io_buffer());
		say("done");
		finish();
	}
	say("init_s %.4f", start);
	say("mem_used_kib %ld", meminfo("MemTotal") - meminfo("MemFree"));
	say("mem_cache_kib %ld", page_cache_kib());
	first_write();

	if (mode && (!strcmp(mode, "io") || !strcmp(mode, "profile"))) {
		buf = io_buffer();
		if (!strcmp(mode, "profile")) {
			profile_io(buf);
		} else {
			measure_io(buf);
			cache_use(buf);
		}
		if (unlink(DATA_FILE))
			die("unlink");
	}
	say("done");
	finish();
}
