# Shell TAP for the .t scripts (sourced): numbered points, their count in n; the
# script prints the plan (echo "1..$n" at the end, or a fixed one first).
n=0

# result STATUS DESCRIPTION [LOG]: one point, ok if STATUS is 0; if not, the log's
# first lines as comments.
result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		[ -z "${3:-}" ] || head -20 "$3" | sed 's/^/# /'
	fi
}

# check DESCRIPTION COMMAND...: one point, ok if COMMAND succeeds.
check() {
	what=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok $n - $what"; else echo "not ok $n - $what"; fi
}
