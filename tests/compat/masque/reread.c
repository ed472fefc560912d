/*
 * BLKRRPART (tests/compat/reread.t, which prints the plan; Masque only, TAP: Linux would
 * need a disk of the host): the second disk, made on the host with one partition
 * holding an ext2 file system, is given new MBR partition tables through /dev/vdb and
 * read again; the partitions' nodes then show the new sizes. Not while a partition is
 * open or mounted, nor through a partition.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

static int n;

static void check(const char *what, int ok)
{
	printf("%sok %d - %s\n", ok ? "" : "not ", ++n, what);
	fflush(stdout);
}

/* The size in bytes of the block node path, or -errno. */
static long long size_of(const char *path)
{
	uint64_t bytes;
	int fd = open(path, O_RDONLY);
	long long r = fd < 0 || ioctl(fd, BLKGETSIZE64, &bytes) ? -errno : (long long)bytes;

	if (fd >= 0)
		close(fd);
	return r;
}

/* Write an MBR with the partitions (start, count) given, in 512-byte sectors (count 0:
 * an unused slot), onto the disk open at fd. */
static int write_table(int fd, const uint32_t parts[4][2])
{
	uint8_t mbr[512] = { 0 };

	for (int i = 0; i < 4; i++) {
		uint8_t *e = mbr + 446 + 16 * i;
		if (!parts[i][1])
			continue;
		e[4] = 0x83; /* Linux */
		memcpy(e + 8, &parts[i][0], 4);
		memcpy(e + 12, &parts[i][1], 4);
	}
	mbr[510] = 0x55, mbr[511] = 0xaa;
	return pwrite(fd, mbr, sizeof(mbr), 0) == sizeof(mbr) && fsync(fd) == 0 ? 0 : -1;
}

static int reread(int fd)
{
	return ioctl(fd, BLKRRPART) ? errno : 0;
}

int main(void)
{
	static const uint32_t two[4][2] = { { 2048, 4096 }, { 6144, 8192 } };
	static const uint32_t none[4][2] = { { 0 } };
	int disk = open("/dev/vdb", O_RDWR);

	check("the first partition as the host made it: 8 MiB", size_of("/dev/vdb1") == 8 << 20);
	check("its file system mounts", mount("/dev/vdb1", "/mnt", "ext2", 0, NULL) == 0);
	check("BLKRRPART while a partition is mounted: EBUSY", reread(disk) == EBUSY);
	check("unmounted", umount("/mnt") == 0);
	int part = open("/dev/vdb1", O_RDONLY);
	check("BLKRRPART while a partition is open: EBUSY", part >= 0 && reread(disk) == EBUSY);
	check("BLKRRPART through a partition: EINVAL", reread(part) == EINVAL);
	close(part);
	check("a table of two partitions written", write_table(disk, two) == 0);
	check("BLKRRPART", reread(disk) == 0);
	check("the first partition is 2 MiB now", size_of("/dev/vdb1") == 2 << 20);
	check("the second is there, 4 MiB", size_of("/dev/vdb2") == 4 << 20);
	check("the disk stays whole, 16 MiB", size_of("/dev/vdb") == 16 << 20);
	check("a table of none written, and read", write_table(disk, none) == 0 && !reread(disk));
	check("the partitions are gone: ENXIO",
	      size_of("/dev/vdb1") == -ENXIO && size_of("/dev/vdb2") == -ENXIO);
	check("BLKRRPART of the disk the root is on: EBUSY",
	      reread(open("/dev/vda", O_RDONLY)) == EBUSY);
	close(disk);
	return 0;
}
