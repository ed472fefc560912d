/* The echo server of the run image: registers as "echo" with the name service and
 * answers every request. */
#include <echo.h>
#include <ipc.h>
#include <masque/error.h>
#include <ns.h>
#include <rpc.h>
#include <self.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <trap.h>

static uint32_t served;

int64_t echo_echo(struct rpc_ctx *ctx, const char *text, char *text_back, uint32_t *count)
{
	(void)ctx;
	strlcpy(text_back, text, 256);
	*count = ++served;
	return 0;
}

int main(void)
{
	int64_t port = port_allocate(RIGHT_RECEIVE);

	if (port < 0 || port_insert_right(self_task, port, port, MSG_MAKE_SEND) < 0 ||
	    rpc_ns_register(bootstrap_port, "echo", port)) {
		printf("echo: cannot register\n");
		return 1;
	}
	printf("echo: serving on port %ld\n", port);
	int64_t r = rpc_serve(port, echo_demux, NULL);
	printf("echo: cannot serve (error %ld)\n", r);
	return 1;
}
