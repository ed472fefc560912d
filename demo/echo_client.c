/* The echo client of the run image: finds the echo server by name and talks. */
#include <echo.h>
#include <masque/error.h>
#include <ns.h>
#include <self.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	port_name_t echo;
	char back[256];
	uint32_t count;

	if (rpc_ns_lookup(bootstrap_port, "echo", &echo)) {
		printf("echo-client: no echo server\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		int64_t r = rpc_echo_echo(echo, argv[i], back, &count);
		if (r)
			printf("echo-client: error %ld\n", r);
		else
			printf("echo-client: sent \"%s\", got \"%s\" (request %u)\n", argv[i], back,
			       count);
	}
	return 0;
}
