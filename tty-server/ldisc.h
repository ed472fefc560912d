/*
 * The line discipline: what a terminal does with the characters typed at it and the
 * bytes written to it, as Linux's n_tty does under a struct termios (the kernel's
 * layout, asm-generic/termbits.h). Pure code: it holds the input queue and the
 * output queue and knows no device, no time and no process; the server feeds it
 * received characters, drains its output to the wire, answers reads from it and
 * sends the signals it asks for.
 *
 * Canonical mode (ICANON): input is edited a line at a time (ERASE, WERASE, KILL,
 * LNEXT) and a read gets at most one line; EOF (^D) ends a line without itself, and
 * on an empty line makes a read return 0. Raw mode: every character is readable at
 * once; VMIN and VTIME say when a read returns (ldisc_read_ready, ldisc_read_timer).
 */
#ifndef TTY_LDISC_H
#define TTY_LDISC_H

#include <asm/termbits.h>
#include <stdint.h>

#define LDISC_IN_SIZE	4096 /* input kept unread, as Linux's N_TTY_BUF_SIZE */
#define LDISC_OUT_SIZE	4096
#define LDISC_ECHO_ROOM 256 /* output room writes leave for echoes */
#define LDISC_FLUSH_IN	1
#define LDISC_FLUSH_OUT 2

struct ldisc {
	struct termios t;
	uint8_t in[LDISC_IN_SIZE];   /* a ring: the readable bytes, then the line edited */
	uint8_t mark[LDISC_IN_SIZE]; /* per byte of in: MARK_* */
	uint32_t in_head, in_used;   /* the oldest byte; how many */
	uint32_t in_done;	     /* of them, the ones a read may take (whole lines) */
	uint8_t out[LDISC_OUT_SIZE]; /* a ring: bytes for the wire */
	uint32_t out_head, out_used;
	uint32_t column;      /* where the cursor is, for erasing tabs */
	uint32_t line_column; /* where the edited line began */
	int literal;	      /* the previous character was LNEXT */
	int stopped;	      /* output stopped (^S, TCOOFF) */
};

/* A terminal with Linux's defaults (stty sane: ICRNL, OPOST|ONLCR, ISIG|ICANON|ECHO|
 * ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN, the usual control characters, 38400 baud). */
void ldisc_init(struct ldisc *l);

/* Settings from t. Leaving canonical mode makes the edited line readable. */
void ldisc_set(struct ldisc *l, const struct termios *t);

/* One character from the keyboard: the signal (SIGINT, SIGQUIT, SIGTSTP) to send to
 * the foreground process group, or 0. */
int ldisc_receive(struct ldisc *l, uint8_t c);

/* Whether a read of n bytes may be answered now: canonical, a whole line or an end of
 * file is there; raw, VMIN bytes (or n if fewer) are, or VMIN is 0 and VTIME is 0. */
int ldisc_read_ready(const struct ldisc *l, uint32_t n);

/* Raw mode: the time in tenths of seconds after which a waiting read returns what is
 * there (VTIME: from the read's start if VMIN is 0, else from the last character once
 * one came), or 0 for none. */
uint32_t ldisc_read_timer(const struct ldisc *l);

/* Take up to n readable bytes into buf (canonical: up to the end of one line, the
 * newline included; an end of file is taken and gives 0). */
uint32_t ldisc_read(struct ldisc *l, uint8_t *buf, uint32_t n);

/* The bytes a read could take now (FIONREAD). */
uint32_t ldisc_readable(const struct ldisc *l);

/* How many more characters the input takes now before one that a read would have is
 * lost: a writer that can wait (a pseudo-terminal's master) waits for a reader then.
 * Canonical input without a whole line takes any number: what does not fit of a line
 * too long is dropped, as Linux's n_tty does, since no read could make room for it. */
uint32_t ldisc_input_room(const struct ldisc *l);

/* Write n bytes through output processing (OPOST: ONLCR, OCRNL): how many of them
 * went into the output queue (fewer when it is full). */
uint32_t ldisc_write(struct ldisc *l, const uint8_t *buf, uint32_t n);

/* Queue c for the wire as it is, ahead of nothing (TCIOFF, TCION); dropped when the
 * queue is full. */
void ldisc_send_char(struct ldisc *l, uint8_t c);

/* Up to n bytes for the wire, taken from the output queue (none while stopped). */
uint32_t ldisc_output(struct ldisc *l, uint8_t *buf, uint32_t n);

/* Bytes waiting in the output queue. */
uint32_t ldisc_output_pending(const struct ldisc *l);

/* Whether a write of at least one byte would fit now. */
int ldisc_write_room(const struct ldisc *l);

/* Throw away unread input and/or unsent output (LDISC_FLUSH_IN, LDISC_FLUSH_OUT). */
void ldisc_flush(struct ldisc *l, int which);

#endif
