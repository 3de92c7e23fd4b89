// SPDX-License-Identifier: GPL-2.0
/*
 * /sbin/init of the benchmark guest (make bench).  Its first instruction
 * reads the guest's clock: that is the time to init of the way the system
 * was booted.  It then reports, on the second serial port, that time and
 * the memory in use, and how long its first write of a block, fsync'd,
 * takes (a root that is not ready for writes holds it).  With lbbench=io
 * on the kernel command line it also measures file I/O on the root
 * filesystem (and, with root on a loop device, its random I/O in turns
 * with the floor's partition: measure_paired()); with lbbench=profile it
 * profiles the kernel during the same I/O (tests/bench/profile.sh).
 * Every line it reports starts with "BENCH "; the last one is "BENCH
 * done", written only when every measurement worked.
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
#define PARTITION_DIR	"/partition"	/* the floor's root, beside a loop root */
#define LOOP_MAJOR	7
#define PAIRED_TURNS	16		/* of each side, in measure_paired() */

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

/* Read the first @bytes of @file */
static void read_data(char *buf, const char *file, long bytes)
{
	long done;
	int fd;

	fd = open(file, O_RDONLY);
	if (fd < 0)
		die(file);
	for (done = 0; done < bytes; done += CHUNK)
		if (read(fd, buf, CHUNK) != CHUNK)
			die(file);
	close(fd);
}

static void seq_write(char *buf, const char *file)
{
	long done;
	int fd;

	fd = open(file, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0)
		die(file);
	for (done = 0; done < SEQ_BYTES; done += CHUNK)
		if (write(fd, buf, CHUNK) != CHUNK)
			die("sequential write");
	if (fsync(fd))
		die("fsync");
	close(fd);
}

static void seq_read(char *buf, const char *file)
{
	read_data(buf, file, SEQ_BYTES);
}

/*
 * A block device's counters (Documentation/block/stat.rst): write
 * requests completed (an empty flush request counts as one), sectors
 * written, flush requests completed
 */
struct disk_stat {
	long writes, sectors, flushes;
};

static struct disk_stat read_stat(const char *path)
{
	long f[17];
	struct disk_stat d;
	FILE *stat;
	int i;

	stat = fopen(path, "r");
	if (!stat)
		die(path);
	for (i = 0; i < 17; i++)
		if (fscanf(stat, "%ld", &f[i]) != 1) {
			errno = EINVAL;	/* not the 17 counters of a 6.x kernel */
			die(path);
		}
	fclose(stat);
	d.writes = f[4];
	d.sectors = f[6];
	d.flushes = f[15];
	return d;
}

/*
 * The disk's (all its partitions: the host and the floor's root): what an
 * fsync'd write in the root costs the disk
 */
static struct disk_stat disk_stat(void)
{
	return read_stat("/sys/block/vda/stat");
}

/*
 * The same counts on the root's own device (the partition, or the loop
 * device): with disk_stat(), which of the two a difference comes from
 */
static struct disk_stat root_stat(void)
{
	char path[64];
	struct stat st;

	if (stat("/", &st))
		die("stat /");
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/stat",
		 major(st.st_dev), minor(st.st_dev));
	return read_stat(path);
}

/*
 * What each fsync'd write cost @what, from its counts before and after
 * (a partition counts no flushes: the whole disk does)
 */
static void say_per_fsync(const char *what, struct disk_stat a,
			  struct disk_stat b, int flushes)
{
	say("%s_writes_per_fsync %.2f", what,
	    (double)(b.writes - a.writes) / RAND_WRITES);
	say("%s_kib_per_fsync %.2f", what,
	    (b.sectors - a.sectors) / 2.0 / RAND_WRITES);
	if (flushes)
		say("%s_flushes_per_fsync %.2f", what,
		    (double)(b.flushes - a.flushes) / RAND_WRITES);
}

/*
 * The same offsets in every run and in every file: a fixed linear
 * congruential sequence from the same seed
 */
static off_t random_block(unsigned int *seed)
{
	*seed = *seed * 1103515245 + 12345;
	return (off_t)(*seed % (SEQ_BYTES / BLOCK)) * BLOCK;
}

static void rand_read(char *buf, const char *file)
{
	unsigned int seed = 1;
	int fd, i;

	fd = open(file, O_RDONLY);
	if (fd < 0)
		die(file);
	for (i = 0; i < RAND_READS; i++)
		if (pread(fd, buf, BLOCK, random_block(&seed)) != BLOCK)
			die("random read");
	close(fd);
}

static void rand_write(char *buf, const char *file)
{
	unsigned int seed = 2;
	int fd, i;

	fd = open(file, O_WRONLY);
	if (fd < 0)
		die(file);
	for (i = 0; i < RAND_WRITES; i++)
		if (pwrite(fd, buf, BLOCK, random_block(&seed)) != BLOCK ||
		    fsync(fd))
			die("random write");
	close(fd);
}

/*
 * The I/O the benchmark measures, in its order: each phase's work, how
 * much of it one run does (in MiB or in requests) and whether it starts
 * from an empty page cache (the reads)
 */
static const struct phase {
	const char *name;
	void (*run)(char *buf, const char *file);
	double per_run;
	int in_mib;
	int cold;
} phases[] = {
	{ "seq_write", seq_write, SEQ_BYTES / MiB, 1, 0 },
	{ "seq_read", seq_read, SEQ_BYTES / MiB, 1, 1 },
	{ "rand_read", rand_read, RAND_READS, 0, 1 },
	{ "rand_write_fsync", rand_write, RAND_WRITES, 0, 0 },
};

#define NR_PHASES	(sizeof(phases) / sizeof(phases[0]))

/* One run of @phase on @file: its time in seconds */
static double run_phase(const struct phase *phase, char *buf, const char *file)
{
	double t;

	if (phase->cold)
		drop_caches();
	t = now();
	phase->run(buf, file);
	return now() - t;
}

static int root_on_loop(void)
{
	struct stat st;

	if (stat("/", &st))
		die("stat /");
	return major(st.st_dev) == LOOP_MAJOR;
}

/* One run of each phase, timed; and what the fsync'd writes cost the disk */
static void measure_io(char *buf)
{
	struct disk_stat disk = { 0 }, root = { 0 };
	unsigned int i;
	double t;

	for (i = 0; i < NR_PHASES; i++) {
		if (phases[i].run == rand_write) {
			disk = disk_stat();
			root = root_stat();
		}
		t = run_phase(&phases[i], buf, DATA_FILE);
		say("%s_%s %.*f", phases[i].name,
		    phases[i].in_mib ? "mib_s" : "iops", phases[i].in_mib,
		    phases[i].per_run / t);
		if (phases[i].run == rand_write) {
			say_per_fsync("disk", disk, disk_stat(), 1);
			say_per_fsync("root", root, root_stat(), root_on_loop());
		}
	}
}

/*
 * With root on a loop device: the random phases again, in turns with the
 * same file on the floor's partition (/dev/vda2, mounted here), root,
 * partition, partition, root, and so on, after one turn of each that is
 * not counted (the partition's file has just been written).  Each fsync
 * waits for a flush of the host's disk, whose time varies from boot to
 * boot; in one boot, in turns, both sides meet it alike, and a drift over
 * the turns falls on both equally.  "paired_..._ratio": the partition's
 * time over the root's, over all the counted turns (the ratio of their
 * rates); the rates of each side too, to compare with separate boots.
 */
static void measure_paired(char *buf)
{
	static const char *const file[2] = { DATA_FILE, PARTITION_DIR "/bench.dat" };
	double spent[2];
	unsigned int i;
	int turn, side;

	if (mount("/dev/vda2", PARTITION_DIR, "ext4", 0, NULL))
		die("mount /dev/vda2");
	seq_write(buf, file[1]);
	say("paired_turns %d", PAIRED_TURNS);
	for (i = 0; i < NR_PHASES; i++) {
		if (phases[i].in_mib)
			continue;	/* CPU work: the same in separate boots */
		run_phase(&phases[i], buf, file[1]);
		run_phase(&phases[i], buf, file[0]);
		spent[0] = spent[1] = 0;
		for (turn = 0; turn < 2 * PAIRED_TURNS; turn++) {
			side = (turn + turn / 2) % 2;	/* 0 1 1 0 0 1 1 0 ... */
			spent[side] += run_phase(&phases[i], buf, file[side]);
		}
		say("paired_%s_ratio %.3f", phases[i].name, spent[1] / spent[0]);
		say("paired_%s_root_iops %.0f", phases[i].name,
		    PAIRED_TURNS * phases[i].per_run / spent[0]);
		say("paired_%s_partition_iops %.0f", phases[i].name,
		    PAIRED_TURNS * phases[i].per_run / spent[1]);
	}
	if (unlink(file[1]) || umount(PARTITION_DIR))
		die("unlink or umount on /dev/vda2");
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
			phases[i].run(buf, DATA_FILE);
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
	read_data(buf, DATA_FILE, CACHE_BYTES);
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
			if (root_on_loop())
				measure_paired(buf);
		}
		if (unlink(DATA_FILE))
			die("unlink");
	}
	say("done");
	finish();
}
