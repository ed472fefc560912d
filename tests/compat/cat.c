/* cat: each file named (or stdin) to stdout, as the `./build.sh exec` tests need. */
#include <fcntl.h>
#include <unistd.h>

static int copy(int fd)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(1, buf, n) != n)
			return 1;
	return n < 0;
}

int main(int argc, char **argv)
{
	int failed = 0;

	if (argc == 1)
		return copy(0);
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		failed |= fd < 0 || copy(fd);
		close(fd);
	}
	return failed;
}
