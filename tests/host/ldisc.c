/* tty-server/ldisc.c, the line discipline: each point types at a fresh terminal in one
 * setting and checks one fact, with what Linux's n_tty does as the expectation. */
#include <asm/signal.h>
#include <stdio.h>
#include <string.h>
#include "ldisc.h"
#include "tap.h"

static struct ldisc l;

/* A terminal with Linux's defaults, changed by the flags given (set, then cleared). */
static void fresh(tcflag_t lset, tcflag_t lclear)
{
	ldisc_init(&l);
	struct termios t = l.t;
	t.c_lflag = (t.c_lflag | lset) & ~lclear;
	ldisc_set(&l, &t);
}

static void raw(cc_t min, cc_t time)
{
	fresh(0, ICANON);
	l.t.c_cc[VMIN] = min;
	l.t.c_cc[VTIME] = time;
}

/* Type s; the last signal it asked for, or 0. */
static int type(const char *s)
{
	int sig = 0;

	while (*s)
		sig = ldisc_receive(&l, (uint8_t)*s++);
	return sig;
}

/* What a read of n bytes gets, as a string. */
static const char *readn(uint32_t n)
{
	static char buf[LDISC_IN_SIZE + 1];

	buf[ldisc_read(&l, (uint8_t *)buf, n)] = 0;
	return buf;
}

/* Everything waiting for the wire, as a string. */
static const char *wire(void)
{
	static char buf[LDISC_OUT_SIZE + 1];

	buf[ldisc_output(&l, (uint8_t *)buf, LDISC_OUT_SIZE)] = 0;
	return buf;
}

static void write_str(const char *s)
{
	ldisc_write(&l, (const uint8_t *)s, (uint32_t)strlen(s));
}

static void str_is(const char *got, const char *want, const char *what)
{
	if (!ok(!strcmp(got, want), "%s", what)) {
		diag("got  %zu bytes:", strlen(got));
		for (const char *p = got; *p; p++)
			diag("  %02x", (uint8_t)*p);
		diag("want \"%s\"", want);
	}
}

static void canonical_editing(void)
{
	fresh(0, 0);
	type("abc");
	ok(!ldisc_read_ready(&l, 10), "canonical: a line is not readable before its end");
	fresh(0, 0);
	type("abc\n");
	str_is(readn(10), "abc\n", "canonical: the line with its newline");
	fresh(0, 0);
	type("a\nb\n");
	str_is(readn(10), "a\n", "canonical: a read gets one line");
	fresh(0, 0);
	type("abcd\n");
	readn(2);
	str_is(readn(10), "cd\n", "canonical: a short read leaves the rest of the line");
	fresh(0, 0);
	type("\x7fx\n");
	str_is(readn(10), "x\n", "erase at the start of a line does nothing");
	fresh(0, 0);
	type("\x7f");
	str_is(wire(), "", "erase at the start of a line echoes nothing");
	fresh(0, 0);
	type("abd\x7f"
	     "c\n");
	str_is(readn(10), "abc\n", "erase takes the last character");
	fresh(0, 0);
	type("ab\x7f");
	str_is(wire(), "ab\b \b", "ECHOE: erase rubs the character out");
	fresh(0, ECHOE);
	type("ab\x7f");
	str_is(wire(), "ab^?", "without ECHOE: erase echoes the erase character");
	fresh(0, 0);
	type("\t\x7f");
	str_is(wire(), "\t\b\b\b\b\b\b\b\b", "erasing a tab moves back to where it began");
	fresh(0, 0);
	type("\x01\x7f");
	str_is(wire(), "^A\b \b\b \b", "erasing a control character rubs out its ^X");
	fresh(0, 0);
	type("junk\x15ok\n");
	str_is(readn(10), "ok\n", "kill drops the line");
	fresh(0, 0);
	type("ab\x15");
	str_is(wire(), "ab\b \b\b \b", "ECHOKE: kill rubs the line out");
	fresh(0, ECHOKE);
	type("ab\x15");
	str_is(wire(), "ab^U\r\n", "ECHOK without ECHOKE: kill echoes ^U and a newline");
	fresh(0, 0);
	type("one two  \x17x\n");
	str_is(readn(20), "one x\n", "werase takes the spaces, then the word");
	fresh(0, 0);
	type("a.b\x17\n");
	str_is(readn(20), "a.\n", "werase stops at a character that is no word's");
	fresh(0, 0);
	type("\x16\x7f\n");
	str_is(readn(10), "\x7f\n", "LNEXT: the next character is taken as it is");
	fresh(0, IEXTEN);
	type("\x16\n");
	str_is(readn(10), "\x16\n", "without IEXTEN: LNEXT is an ordinary character");
}

static void end_of_file(void)
{
	fresh(0, 0);
	type("\x04");
	ok(ldisc_read_ready(&l, 10), "^D on an empty line: a read returns");
	fresh(0, 0);
	type("\x04");
	is(ldisc_read(&l, (uint8_t[10]){ 0 }, 10), 0, "^D on an empty line: the read gets 0");
	fresh(0, 0);
	type("\x04x\n");
	readn(10);
	str_is(readn(10), "x\n", "^D is taken by the read that saw it");
	fresh(0, 0);
	type("ab\x04");
	str_is(readn(10), "ab", "^D mid-line ends the line without itself");
	fresh(0, 0);
	type("ab\x04");
	str_is(wire(), "ab", "^D is not echoed");
}

static void input_mapping(void)
{
	fresh(0, 0);
	type("a\r");
	str_is(readn(10), "a\n", "ICRNL: carriage return becomes newline");
	fresh(0, 0);
	l.t.c_iflag &= ~(tcflag_t)ICRNL;
	type("a\r");
	ok(!ldisc_read_ready(&l, 10), "without ICRNL: carriage return ends no line");
	raw(1, 0);
	l.t.c_iflag |= INLCR;
	type("\n");
	str_is(readn(10), "\r", "INLCR: newline becomes carriage return");
	fresh(0, 0);
	l.t.c_iflag |= IGNCR;
	type("a\r\n");
	str_is(readn(10), "a\n", "IGNCR: carriage return is dropped");
	raw(1, 0);
	l.t.c_iflag |= ISTRIP;
	type("\xc1");
	str_is(readn(10), "A", "ISTRIP: the eighth bit goes");
}

static void output(void)
{
	fresh(0, 0);
	write_str("x\n");
	str_is(wire(), "x\r\n", "ONLCR: newline goes out as CR LF");
	fresh(0, 0);
	l.t.c_oflag &= ~(tcflag_t)OPOST;
	write_str("x\n");
	str_is(wire(), "x\n", "without OPOST: bytes go out as written");
	fresh(0, 0);
	l.t.c_oflag |= OCRNL;
	write_str("\r");
	str_is(wire(), "\n", "OCRNL: carriage return goes out as newline");
	fresh(0, 0);
	type("\x13");
	write_str("x");
	str_is(wire(), "", "IXON: ^S stops output");
	fresh(0, 0);
	type("\x13");
	write_str("x");
	type("\x11");
	str_is(wire(), "x", "IXON: ^Q starts it again");
	fresh(0, 0);
	static uint8_t big[8000];
	memset(big, 'w', sizeof(big));
	ok(ldisc_write(&l, big, sizeof(big)) <= LDISC_OUT_SIZE - LDISC_ECHO_ROOM,
	   "a write takes no more than the queue's room less the echoes'");
	fresh(0, 0);
	ldisc_write(&l, big, sizeof(big));
	type("e");
	ok(ldisc_output_pending(&l) == LDISC_OUT_SIZE - LDISC_ECHO_ROOM + 1,
	   "an echo still goes out behind a full write");
}

static void echo(void)
{
	fresh(0, 0);
	type("a\n");
	str_is(wire(), "a\r\n", "echo of a line, newline through ONLCR");
	fresh(0, ECHO);
	type("abc\n");
	str_is(wire(), "", "without ECHO nothing is echoed");
	fresh(ECHONL, ECHO);
	type("ab\n");
	str_is(wire(), "\r\n", "ECHONL: the newline is echoed without ECHO");
	fresh(0, 0);
	type("\x01");
	str_is(wire(), "^A", "ECHOCTL: a control character echoes as ^X");
	fresh(0, ECHOCTL);
	type("\x01");
	str_is(wire(), "\x01", "without ECHOCTL: it echoes as itself");
	fresh(0, 0);
	type("\t");
	str_is(wire(), "\t", "ECHOCTL leaves a tab as it is");
}

static void signals(void)
{
	fresh(0, 0);
	is(type("\x03"), SIGINT, "^C asks for SIGINT");
	fresh(0, 0);
	is(type("\x1c"), SIGQUIT, "^\\ asks for SIGQUIT");
	fresh(0, 0);
	is(type("\x1a"), SIGTSTP, "^Z asks for SIGTSTP");
	fresh(0, 0);
	type("\x03");
	str_is(wire(), "^C", "^C is echoed as ^C");
	fresh(0, 0);
	type("abc\x03"
	     "def\n");
	str_is(readn(10), "def\n", "^C throws the edited line away");
	fresh(NOFLSH, 0);
	type("abc\n\x03");
	str_is(readn(10), "abc\n", "NOFLSH: ^C keeps the input");
	fresh(0, ISIG);
	is(type("\x03"), 0, "without ISIG: ^C asks for no signal");
	fresh(0, ISIG);
	type("\x03\n");
	str_is(readn(10), "\x03\n", "without ISIG: ^C is read as a character");
}

static void raw_mode(void)
{
	raw(1, 0);
	type("ab");
	str_is(readn(10), "ab", "raw: characters are readable at once");
	raw(3, 0);
	type("ab");
	ok(!ldisc_read_ready(&l, 10), "VMIN 3: two characters are not enough");
	raw(3, 0);
	type("abc");
	ok(ldisc_read_ready(&l, 10), "VMIN 3: three are");
	raw(3, 0);
	type("ab");
	ok(ldisc_read_ready(&l, 2), "VMIN 3: a read of two needs only two");
	raw(0, 0);
	ok(ldisc_read_ready(&l, 10), "VMIN 0, VTIME 0: a read returns with nothing");
	raw(0, 5);
	ok(!ldisc_read_ready(&l, 10), "VMIN 0, VTIME 5: a read waits for a character");
	raw(0, 5);
	is(ldisc_read_timer(&l), 5, "VMIN 0, VTIME 5: for at most half a second");
	raw(2, 5);
	is(ldisc_read_timer(&l), 0, "VMIN 2, VTIME 5: no timer before the first character");
	raw(2, 5);
	type("a");
	is(ldisc_read_timer(&l), 5, "VMIN 2, VTIME 5: the timer runs after one");
	fresh(0, 0);
	type("abc");
	struct termios t = l.t;
	t.c_lflag &= ~(tcflag_t)ICANON;
	ldisc_set(&l, &t);
	str_is(readn(10), "abc", "leaving canonical mode makes the edited line readable");
	raw(1, 0);
	type("x");
	str_is(wire(), "x", "raw with ECHO: echoed");
}

static void buffering(void)
{
	static char many[LDISC_IN_SIZE + 1000];

	raw(1, 0);
	memset(many, 'k', 4000);
	many[4000] = 0;
	type(many);
	is(ldisc_readable(&l), 4000, "4000 characters typed unread are all kept");
	fresh(0, ECHO);
	memset(many, 'k', sizeof(many) - 1);
	many[sizeof(many) - 1] = 0;
	type(many);
	type("\n");
	is(strlen(readn(LDISC_IN_SIZE)), LDISC_IN_SIZE, "a full line still ends with its newline");
	fresh(0, 0);
	type("abc\n");
	ldisc_flush(&l, LDISC_FLUSH_IN);
	is(ldisc_readable(&l), 0, "flushing input drops it");
	fresh(0, 0);
	type("abc\nde");
	is(ldisc_readable(&l), 4, "FIONREAD counts whole lines only");
}

int main(void)
{
	canonical_editing();
	end_of_file();
	input_mapping();
	output();
	echo();
	signals();
	raw_mode();
	buffering();
	return done_testing();
}
