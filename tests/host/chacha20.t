#!/bin/sh
# fs-server/chacha20.c, the generator of /dev/random: its block function against
# openssl's ChaCha20 (the keystream is the encryption of zeros; openssl takes the
# counter, little-endian, and the nonce as its 16-byte IV) for keys, counters and
# nonces from a seed, then the generator's own checks.
B=build/host
HOSTCFLAGS="-std=gnu11 -O1 -g -Wall -Wextra -Werror -fsanitize=address,undefined \
-fno-sanitize-recover=all -Ifs-server"

mkdir -p "$B" || exit 1
# shellcheck disable=SC2086
if ! gcc $HOSTCFLAGS -o "$B/chacha20" tests/host/chacha20.c fs-server/chacha20.c tests/host/tap.c >"$B/chacha20.log" 2>&1; then
	echo "1..1"
	echo "not ok 1 - build tests/host/chacha20.c"
	sed 's/^/# /' "$B/chacha20.log"
	exit 1
fi
seed=${1:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "# seed $seed"
n=0
for i in 1 2 3 4 5 6 7 8; do
	hex=$(printf '%s-%s' "$seed" "$i" | sha512sum | cut -c1-92)
	key=$(echo "$hex" | cut -c1-64) nonce=$(echo "$hex" | cut -c65-88)
	counter=$(( 0x$(echo "$hex" | cut -c89-92) ))
	[ "$i" = 8 ] && counter=4294967295
	le=$(printf '%08x' "$counter" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')
	want=$(head -c 64 /dev/zero | openssl enc -chacha20 -K "$key" -iv "$le$nonce" | od -An -tx1 -v | tr -d ' \n')
	got=$("$B/chacha20" "$key" "$counter" "$nonce")
	n=$((n + 1))
	if [ "$got" = "$want" ]; then
		echo "ok $n - block $counter of a key and nonce from the seed is openssl's"
	else
		echo "not ok $n - block $counter of key $key nonce $nonce: $got, openssl $want"
	fi
done
# the generator's own points, numbered on from ours
"$B/chacha20" | awk -v n="$n" '
/^ok [0-9]+/ { $2 = $2 + n }
/^not ok [0-9]+/ { $3 = $3 + n }
/^1\.\.[0-9]+$/ { $0 = "1.." (substr($0, 4) + n) }
{ print }'
