/* The line discipline (ldisc.h): input editing and echo, output processing. The order
 * of the input steps is n_tty's: strip, CR/NL mapping, flow control, signals, then the
 * editing characters of canonical mode, then the character itself. */
#include <asm/termbits.h>
#include <asm/signal.h>
#include <string.h>
#include "ldisc.h"

#define MARK_EOL 1 /* the byte ends a line: '\n', VEOL, VEOL2 */
#define MARK_EOF 2 /* the byte is an end of file (VEOF), no data */

#define CTRL(c) ((c)&0x1f)

enum erase_kind { ERASE, WERASE, KILL };

/* Whether any of the flags mask is set in one of the termios words. */
#define IFLAG(l, mask) (((l)->t.c_iflag & (mask)) != 0)
#define OFLAG(l, mask) (((l)->t.c_oflag & (mask)) != 0)
#define LFLAG(l, mask) (((l)->t.c_lflag & (mask)) != 0)

/* Whether c is the control character cc stands for (0 disables one, as on Linux). */
static int is_cc(const struct ldisc *l, int cc, uint8_t c)
{
	return l->t.c_cc[cc] != 0 && c == l->t.c_cc[cc];
}

static int is_control(uint8_t c)
{
	return c < 0x20 || c == 0x7f;
}

void ldisc_init(struct ldisc *l)
{
	static const cc_t cc[NCCS] = {
		[VINTR] = CTRL('C'),	[VQUIT] = CTRL('\\'),  [VERASE] = 0x7f,
		[VKILL] = CTRL('U'),	[VEOF] = CTRL('D'),    [VMIN] = 1,
		[VSTART] = CTRL('Q'),	[VSTOP] = CTRL('S'),   [VSUSP] = CTRL('Z'),
		[VREPRINT] = CTRL('R'), [VWERASE] = CTRL('W'), [VLNEXT] = CTRL('V'),
		[VDISCARD] = CTRL('O'),
	};

	memset(l, 0, sizeof(*l));
	l->t.c_iflag = ICRNL | IXON;
	l->t.c_oflag = OPOST | ONLCR;
	l->t.c_cflag = B38400 | CS8 | CREAD | HUPCL;
	l->t.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	memcpy(l->t.c_cc, cc, sizeof(cc));
}

void ldisc_set(struct ldisc *l, const struct termios *t)
{
	int was_canonical = LFLAG(l, ICANON);

	l->t = *t;
	if (was_canonical && !LFLAG(l, ICANON))
		l->in_done = l->in_used;
	if (!IFLAG(l, IXON))
		l->stopped = 0;
}

/* --- output ------------------------------------------------------------------------ */

static void out_put(struct ldisc *l, uint8_t c)
{
	l->out[(l->out_head + l->out_used++) % LDISC_OUT_SIZE] = c;
}

/* The cursor after c goes out. */
static void track_column(struct ldisc *l, uint8_t c)
{
	if (c == '\r' || (c == '\n' && OFLAG(l, ONLCR | ONLRET)))
		l->column = 0;
	else if (c == '\t')
		l->column = (l->column | 7) + 1;
	else if (c == '\b')
		l->column -= l->column > 0;
	else if (!is_control(c))
		l->column++;
}

/* c through output processing into the queue if it fits below limit: 1, else 0. */
static int output_char(struct ldisc *l, uint8_t c, uint32_t limit)
{
	int crlf = OFLAG(l, OPOST) && c == '\n' && OFLAG(l, ONLCR);

	if (OFLAG(l, OPOST) && c == '\r' && OFLAG(l, OCRNL))
		c = '\n';
	if (l->out_used + 1 + crlf > limit)
		return 0;
	if (crlf)
		out_put(l, '\r');
	out_put(l, c);
	track_column(l, c);
	return 1;
}

static void echo_raw(struct ldisc *l, uint8_t c)
{
	output_char(l, c, LDISC_OUT_SIZE);
}

static void echo_string(struct ldisc *l, const char *s)
{
	while (*s)
		echo_raw(l, (uint8_t)*s++);
}

/* c as echo shows it: a control character as ^X with ECHOCTL (not tab, not newline). */
static void echo_char(struct ldisc *l, uint8_t c)
{
	if (LFLAG(l, ECHOCTL) && is_control(c) && c != '\t' && c != '\n') {
		echo_raw(l, '^');
		echo_raw(l, c ^ 0x40);
	} else {
		echo_raw(l, c);
	}
}

uint32_t ldisc_write(struct ldisc *l, const uint8_t *buf, uint32_t n)
{
	uint32_t done = 0;

	while (done < n && output_char(l, buf[done], LDISC_OUT_SIZE - LDISC_ECHO_ROOM))
		done++;
	return done;
}

void ldisc_send_char(struct ldisc *l, uint8_t c)
{
	if (l->out_used < LDISC_OUT_SIZE)
		out_put(l, c);
}

uint32_t ldisc_output(struct ldisc *l, uint8_t *buf, uint32_t n)
{
	uint32_t i = 0;

	for (; !l->stopped && i < n && l->out_used; i++, l->out_used--) {
		buf[i] = l->out[l->out_head];
		l->out_head = (l->out_head + 1) % LDISC_OUT_SIZE;
	}
	return i;
}

uint32_t ldisc_output_pending(const struct ldisc *l)
{
	return l->out_used;
}

int ldisc_write_room(const struct ldisc *l)
{
	return l->out_used + 2 <= LDISC_OUT_SIZE - LDISC_ECHO_ROOM;
}

/* --- input ------------------------------------------------------------------------- */

static uint32_t in_index(const struct ldisc *l, uint32_t i)
{
	return (l->in_head + i) % LDISC_IN_SIZE;
}

static uint32_t line_length(const struct ldisc *l)
{
	return l->in_used - l->in_done;
}

/* Put c (with its mark) at the end of the input; 0 if there is no room for it (the
 * last place is kept for what ends a line, so that a full line can still be read). */
static int in_put(struct ldisc *l, uint8_t c, uint8_t mark)
{
	uint32_t room = LDISC_IN_SIZE - l->in_used;

	if (!room || (room == 1 && !mark && LFLAG(l, ICANON)))
		return 0;
	if (!line_length(l))
		l->line_column = l->column;
	l->in[in_index(l, l->in_used)] = c;
	l->mark[in_index(l, l->in_used)] = mark;
	l->in_used++;
	if (mark || !LFLAG(l, ICANON))
		l->in_done = l->in_used;
	return 1;
}

/* The column the edited line's first n characters end at, as they were echoed. */
static uint32_t line_column_after(const struct ldisc *l, uint32_t n)
{
	uint32_t col = l->line_column;

	for (uint32_t i = 0; i < n; i++) {
		uint8_t c = l->in[in_index(l, l->in_done + i)];
		if (c == '\t')
			col = (col | 7) + 1;
		else if (!is_control(c))
			col++;
		else if (LFLAG(l, ECHOCTL))
			col += 2;
	}
	return col;
}

/* Rub out the echo of the edited line's last character c (already taken off). */
static void echo_rubout(struct ldisc *l, uint8_t c, enum erase_kind kind)
{
	if (kind == ERASE && !LFLAG(l, ECHOE)) {
		echo_char(l, l->t.c_cc[VERASE]);
	} else if (c == '\t') {
		uint32_t col = line_column_after(l, line_length(l));
		while (l->column > col)
			echo_raw(l, '\b');
	} else if (!is_control(c) || LFLAG(l, ECHOCTL)) {
		for (int i = is_control(c) ? 2 : 1; i > 0; i--)
			echo_string(l, "\b \b");
	}
}

static int is_word(uint8_t c)
{
	return c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* ERASE, WERASE or KILL on the edited line, echoed as n_tty does. */
static void erase(struct ldisc *l, enum erase_kind kind)
{
	int words = 0;

	if (!line_length(l))
		return;
	if (kind == KILL && LFLAG(l, ECHO) &&
	    !(LFLAG(l, ECHOK) && LFLAG(l, ECHOKE) && LFLAG(l, ECHOE))) {
		l->in_used = l->in_done;
		echo_char(l, l->t.c_cc[VKILL]);
		if (LFLAG(l, ECHOK))
			echo_raw(l, '\n');
		return;
	}
	while (line_length(l)) {
		uint8_t c = l->in[in_index(l, l->in_used - 1)];
		if (kind == WERASE && is_word(c))
			words++;
		else if (kind == WERASE && words)
			break;
		l->in_used--;
		if (LFLAG(l, ECHO))
			echo_rubout(l, c, kind);
		if (kind == ERASE)
			break;
	}
}

/* An interrupting character: input and output flushed (unless NOFLSH), c echoed. */
static int interrupt(struct ldisc *l, uint8_t c, int sig)
{
	if (!LFLAG(l, NOFLSH))
		ldisc_flush(l, LDISC_FLUSH_IN | LDISC_FLUSH_OUT);
	if (LFLAG(l, ECHO))
		echo_char(l, c);
	return sig;
}

/* A character that ends a line: '\n', EOL, EOL2 (kept) and EOF (not). */
static void end_line(struct ldisc *l, uint8_t c, int eof)
{
	if (!in_put(l, c, eof ? MARK_EOF : MARK_EOL))
		return;
	if (!eof && (LFLAG(l, ECHO) || (c == '\n' && LFLAG(l, ECHONL))))
		c == '\n' ? echo_raw(l, c) : echo_char(l, c);
}

/* A character of canonical mode's editing, or 0 if c is an ordinary one. */
static int canonical_special(struct ldisc *l, uint8_t c)
{
	int ext = LFLAG(l, IEXTEN);

	if (ext && is_cc(l, VLNEXT, c)) {
		l->literal = 1;
		if (LFLAG(l, ECHO) && LFLAG(l, ECHOCTL))
			echo_string(l, "^\b");
		return 1;
	}
	if (is_cc(l, VERASE, c) || is_cc(l, VKILL, c) || (ext && is_cc(l, VWERASE, c))) {
		erase(l, is_cc(l, VERASE, c) ? ERASE : is_cc(l, VKILL, c) ? KILL : WERASE);
		return 1;
	}
	if (is_cc(l, VEOF, c) || c == '\n' || is_cc(l, VEOL, c) || (ext && is_cc(l, VEOL2, c))) {
		end_line(l, c, is_cc(l, VEOF, c));
		return 1;
	}
	return 0;
}

/* c goes into the input as it is, echoed. */
static void ordinary(struct ldisc *l, uint8_t c)
{
	if (!in_put(l, c, 0))
		return;
	if (LFLAG(l, ECHO))
		echo_char(l, c);
	else if (c == '\n' && LFLAG(l, ECHONL) && LFLAG(l, ICANON))
		echo_raw(l, c);
}

int ldisc_receive(struct ldisc *l, uint8_t c)
{
	if (l->literal) {
		l->literal = 0;
		if (LFLAG(l, ECHO) && LFLAG(l, ECHOCTL))
			echo_string(l, "\b");
		ordinary(l, c);
		return 0;
	}
	if (IFLAG(l, ISTRIP))
		c &= 0x7f;
	if (c == '\r' && IFLAG(l, IGNCR))
		return 0;
	if (c == '\r' && IFLAG(l, ICRNL))
		c = '\n';
	else if (c == '\n' && IFLAG(l, INLCR))
		c = '\r';
	if (IFLAG(l, IXON) && (is_cc(l, VSTOP, c) || is_cc(l, VSTART, c))) {
		l->stopped = is_cc(l, VSTOP, c);
		return 0;
	}
	if (LFLAG(l, ISIG)) {
		if (is_cc(l, VINTR, c))
			return interrupt(l, c, SIGINT);
		if (is_cc(l, VQUIT, c))
			return interrupt(l, c, SIGQUIT);
		if (is_cc(l, VSUSP, c))
			return interrupt(l, c, SIGTSTP);
	}
	if (!LFLAG(l, ICANON) || !canonical_special(l, c))
		ordinary(l, c);
	return 0;
}

/* --- reading ----------------------------------------------------------------------- */

int ldisc_read_ready(const struct ldisc *l, uint32_t n)
{
	uint32_t min = l->t.c_cc[VMIN];

	if (LFLAG(l, ICANON))
		return l->in_done > 0;
	if (!min)
		return l->in_done > 0 || !l->t.c_cc[VTIME];
	return l->in_done >= (min < n ? min : n);
}

uint32_t ldisc_read_timer(const struct ldisc *l)
{
	if (LFLAG(l, ICANON) || !l->t.c_cc[VTIME])
		return 0;
	return !l->t.c_cc[VMIN] || l->in_done ? l->t.c_cc[VTIME] : 0;
}

uint32_t ldisc_read(struct ldisc *l, uint8_t *buf, uint32_t n)
{
	uint32_t got = 0;
	int canonical = LFLAG(l, ICANON);

	while (got < n && l->in_done) {
		uint8_t c = l->in[l->in_head], mark = l->mark[l->in_head];
		l->in_head = in_index(l, 1);
		l->in_used--, l->in_done--;
		if (mark & MARK_EOF) {
			if (canonical)
				break;
			continue;
		}
		buf[got++] = c;
		if (canonical && (mark & MARK_EOL))
			break;
	}
	return got;
}

uint32_t ldisc_readable(const struct ldisc *l)
{
	return l->in_done;
}

uint32_t ldisc_input_room(const struct ldisc *l)
{
	uint32_t room = LDISC_IN_SIZE - l->in_used;

	if (!LFLAG(l, ICANON))
		return room;
	if (!l->in_done)
		return UINT32_MAX;	/* no whole line: only a line too long is cut */
	return room > 1 ? room - 1 : 0; /* the last place is a line end's */
}

void ldisc_flush(struct ldisc *l, int which)
{
	if (which & LDISC_FLUSH_IN) {
		l->in_used = l->in_done = 0;
		l->literal = 0;
	}
	if (which & LDISC_FLUSH_OUT)
		l->out_used = 0;
}
