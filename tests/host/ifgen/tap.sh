# Shared by the generator's test scripts (sourced): numbered TAP lines, and the check
# that a broken .defs is refused. Expects $tmp, a scratch folder.

. tools/tap.sh

# refused DEFS [IFGEN OPTIONS]: the generator fails on DEFS with exactly the message on
# its first line ("# expect: ...") and writes nothing.
refused() {
	defs=$1
	shift
	want=$(sed -n '1s/^# expect: //p' "$defs")
	python3 tools/ifgen.py "$@" "$defs" --out "$tmp/bad" >"$tmp/log" 2>&1
	status=$?
	got=$(cat "$tmp/log")
	if [ $status -ne 0 ] && [ -n "$want" ] && [ "$got" = "$want" ] && [ ! -e "$tmp/bad" ]; then
		result 0 "refused: $defs"
	else
		printf 'want: %s\ngot (status %s): %s\n' "$want" $status "$got" >"$tmp/log"
		result 1 "refused: $defs" "$tmp/log"
	fi
}
