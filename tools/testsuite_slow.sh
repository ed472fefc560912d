# shellcheck shell=sh
# Sourced by tests/busybox/testsuite.t and tools/bench_testsuite.sh: the tests of
# BusyBox's testsuite skipped on both sides, and how. Each writes millions of lines into
# a pipe a line at a time (bc flushes after each print: 5 million writev for one, more
# for the other, 20 s and 110 s on this Linux natively), far past what TCG allows.
SLOW='"bc parsing of numbers" | "bc printing of numbers"'

# The copy of testsuite/ in $1: its testing() skips the SLOW tests.
skip_slow() {
	sed -i 's/^testing()$/testing_upstream()/' "$1/testing.sh"
	cat >>"$1/testing.sh" <<SKIP
testing() {
	case \$1 in
	$SLOW) echo "SKIPPED: \$1 (too slow under TCG: tools/testsuite_slow.sh)" ;;
	*) testing_upstream "\$@" ;;
	esac
}
SKIP
}
