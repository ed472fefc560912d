/*
 * fs-server/chacha20.c on the host. With arguments KEY COUNTER NONCE (hex, decimal,
 * hex) it prints that keystream block in hex, for tests/host/chacha20.t to compare
 * with openssl's; without, it checks the generator and prints TAP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "chacha20.h"
#include "tap.h"

static void from_hex(const char *s, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sscanf(s + 2 * i, "%2hhx", &out[i]);
}

static int print_block(char **argv)
{
	uint8_t key[32], nonce[12], block[CHACHA20_BLOCK];

	if (strlen(argv[1]) != 64 || strlen(argv[3]) != 24)
		return 2;
	from_hex(argv[1], key, sizeof(key));
	from_hex(argv[3], nonce, sizeof(nonce));
	chacha20_block(key, (uint32_t)strtoul(argv[2], NULL, 10), nonce, block);
	for (int i = 0; i < CHACHA20_BLOCK; i++)
		printf("%02x", block[i]);
	printf("\n");
	return 0;
}

static int all_same(const uint8_t *b, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (b[i] != b[0])
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	if (argc == 4)
		return print_block(argv);
	struct chacha20_rng a = { { 0 } }, b = { { 0 } };
	uint8_t x[100], y[100], key_before[32];

	chacha20_rng_seed(&a, "one seed", 8);
	chacha20_rng_seed(&b, "one seed", 8);
	chacha20_rng_fill(&a, x, sizeof(x));
	chacha20_rng_fill(&b, y, sizeof(y));
	ok(!memcmp(x, y, sizeof(x)), "the same seed gives the same bytes (deterministic)");
	ok(!all_same(x, sizeof(x)), "which are not all one value");
	memcpy(key_before, a.key, sizeof(key_before));
	chacha20_rng_fill(&a, y, sizeof(y));
	ok(memcmp(x, y, sizeof(x)), "the next request gives other bytes");
	ok(memcmp(key_before, a.key, sizeof(key_before)), "and each request replaces the key");
	chacha20_rng_seed(&b, "more", 4);
	chacha20_rng_fill(&b, x, sizeof(x));
	ok(memcmp(x, y, sizeof(x)), "seeding more changes what follows");
	uint8_t odd[65] = { 0 };
	memset(odd, 0xa5, sizeof(odd));
	chacha20_rng_fill(&a, odd, 63);
	ok(odd[63] == 0xa5 && odd[64] == 0xa5, "a request of 63 bytes writes 63 bytes");
	chacha20_rng_fill(&a, odd, 65);
	ok(!all_same(odd + 60, 5), "one of 65 fills the block boundary with keystream");
	return done_testing();
}
