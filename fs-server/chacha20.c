/* ChaCha20, after RFC 8439, and a generator on top of it. */
#include <string.h>
#include "chacha20.h"

static uint32_t rotl(uint32_t v, int n)
{
	return v << n | v >> (32 - n);
}

static uint32_t load32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void store32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16),
	p[3] = (uint8_t)(v >> 24);
}

static void quarter_round(uint32_t *x, int a, int b, int c, int d)
{
	x[a] += x[b], x[d] = rotl(x[d] ^ x[a], 16);
	x[c] += x[d], x[b] = rotl(x[b] ^ x[c], 12);
	x[a] += x[b], x[d] = rotl(x[d] ^ x[a], 8);
	x[c] += x[d], x[b] = rotl(x[b] ^ x[c], 7);
}

void chacha20_block(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12],
		    uint8_t out[CHACHA20_BLOCK])
{
	uint32_t in[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 }, x[16];

	for (int i = 0; i < 8; i++)
		in[4 + i] = load32(key + 4 * i);
	in[12] = counter;
	for (int i = 0; i < 3; i++)
		in[13 + i] = load32(nonce + 4 * i);
	memcpy(x, in, sizeof(x));
	for (int round = 0; round < 10; round++) { /* a column round and a diagonal one */
		quarter_round(x, 0, 4, 8, 12), quarter_round(x, 1, 5, 9, 13);
		quarter_round(x, 2, 6, 10, 14), quarter_round(x, 3, 7, 11, 15);
		quarter_round(x, 0, 5, 10, 15), quarter_round(x, 1, 6, 11, 12);
		quarter_round(x, 2, 7, 8, 13), quarter_round(x, 3, 4, 9, 14);
	}
	for (int i = 0; i < 16; i++)
		store32(out + 4 * i, x[i] + in[i]);
}

void chacha20_rng_seed(struct chacha20_rng *r, const void *seed, size_t len)
{
	const uint8_t *s = seed;
	uint8_t block[CHACHA20_BLOCK];

	for (size_t i = 0; i < len; i++)
		r->key[i % sizeof(r->key)] ^= s[i];
	/* run the key through the block function, so that seed bytes beyond 32 and the
	 * old key both spread over all of it */
	chacha20_block(r->key, 0, (const uint8_t[12]){ 0 }, block);
	memcpy(r->key, block, sizeof(r->key));
	memset(block, 0, sizeof(block));
}

void chacha20_rng_fill(struct chacha20_rng *r, void *buf, size_t len)
{
	static const uint8_t nonce[12] = { 'm', 'a', 's', 'q', 'u', 'e' };
	uint8_t block[CHACHA20_BLOCK], *out = buf;
	uint32_t counter = 1; /* block 0 becomes the next key */

	for (size_t done = 0; done < len; done += CHACHA20_BLOCK) {
		chacha20_block(r->key, counter++, nonce, block);
		memcpy(out + done, block,
		       len - done < CHACHA20_BLOCK ? len - done : CHACHA20_BLOCK);
	}
	chacha20_block(r->key, 0, nonce, block);
	memcpy(r->key, block, sizeof(r->key));
	memset(block, 0, sizeof(block));
}
