/*
 * ChaCha20 (RFC 8439), the generator behind /dev/random and /dev/urandom: its block
 * function, and a generator that erases its key as it goes, so that what it gave out
 * cannot be worked back from its state (the "fast key erasure" construction).
 */
#ifndef FS_SERVER_CHACHA20_H
#define FS_SERVER_CHACHA20_H

#include <stddef.h>
#include <stdint.h>

#define CHACHA20_BLOCK 64

/* The keystream block counter of (key, nonce), as RFC 8439 section 2.3 defines it. */
void chacha20_block(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12],
		    uint8_t out[CHACHA20_BLOCK]);

struct chacha20_rng {
	uint8_t key[32];
};

/* Mix seed into the generator's key (any length; more seeding only adds). */
void chacha20_rng_seed(struct chacha20_rng *r, const void *seed, size_t len);

/* Fill buf with len random bytes, then replace the key by fresh keystream. */
void chacha20_rng_fill(struct chacha20_rng *r, void *buf, size_t len);

#endif
