/* printf-style formatting into any sink: the one formatter of the kernel and of native
 * programs. */
#include <format.h>
#include <stdint.h>
#include <string.h>

struct spec {
	int left; /* '-' flag */
	char pad; /* ' ' or '0' */
	int width;
	int precision; /* -1: none */
	int size;      /* bytes of the integer argument */
};

struct out {
	format_sink sink;
	void *ctx;
	int count;
};

static void emit(struct out *o, char c)
{
	o->sink(o->ctx, c);
	o->count++;
}

static void emit_padded(struct out *o, const struct spec *s, const char *str, int len)
{
	int fill = s->width > len ? s->width - len : 0;

	if (!s->left)
		while (fill-- > 0)
			emit(o, s->pad);
	while (len-- > 0)
		emit(o, *str++);
	if (s->left)
		while (fill-- > 0)
			emit(o, ' ');
}

static void emit_number(struct out *o, const struct spec *s, uint64_t v, int base, int negative,
			int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int i = sizeof(buf);

	do
		buf[--i] = digits[v % base];
	while (v /= base);
	if (negative) {
		if (s->pad == '0' && s->width > 0 && !s->left) {
			struct spec rest = *s;
			emit(o, '-');
			rest.width--;
			emit_padded(o, &rest, buf + i, sizeof(buf) - i);
			return;
		}
		buf[--i] = '-';
	}
	emit_padded(o, s, buf + i, sizeof(buf) - i);
}

/* Reads the integer argument of the size the length modifier gave. */
static uint64_t fetch_unsigned(va_list *ap, int size)
{
	switch (size) {
	case 1:
		return (unsigned char)va_arg(*ap, unsigned int);
	case 2:
		return (unsigned short)va_arg(*ap, unsigned int);
	case 4:
		return va_arg(*ap, unsigned int);
	default:
		return va_arg(*ap, uint64_t);
	}
}

static int64_t fetch_signed(va_list *ap, int size)
{
	switch (size) {
	case 1:
		return (signed char)va_arg(*ap, int);
	case 2:
		return (short)va_arg(*ap, int);
	case 4:
		return va_arg(*ap, int);
	default:
		return va_arg(*ap, int64_t);
	}
}

/* Parses flags, width, precision and length; returns the conversion character. */
static const char *parse_spec(const char *f, struct spec *s, va_list *ap)
{
	s->left = 0, s->pad = ' ', s->width = 0, s->precision = -1, s->size = 4;
	for (;; f++) {
		if (*f == '-')
			s->left = 1;
		else if (*f == '0')
			s->pad = '0';
		else
			break;
	}
	if (*f == '*') {
		s->width = va_arg(*ap, int), f++;
	} else {
		while (*f >= '0' && *f <= '9')
			s->width = s->width * 10 + (*f++ - '0');
	}
	if (*f == '.') {
		s->precision = 0, f++;
		if (*f == '*') {
			s->precision = va_arg(*ap, int), f++;
		} else {
			while (*f >= '0' && *f <= '9')
				s->precision = s->precision * 10 + (*f++ - '0');
		}
	}
	for (;; f++) {
		if (*f == 'h')
			s->size = s->size == 2 ? 1 : 2;
		else if (*f == 'l' || *f == 'z')
			s->size = 8;
		else
			break;
	}
	return f;
}

static void convert(struct out *o, struct spec *s, char conv, va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		int64_t v = fetch_signed(ap, s->size);
		emit_number(o, s, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, 0);
		break;
	}
	case 'u':
		emit_number(o, s, fetch_unsigned(ap, s->size), 10, 0, 0);
		break;
	case 'x':
		emit_number(o, s, fetch_unsigned(ap, s->size), 16, 0, 0);
		break;
	case 'X':
		emit_number(o, s, fetch_unsigned(ap, s->size), 16, 0, 1);
		break;
	case 'o':
		emit_number(o, s, fetch_unsigned(ap, s->size), 8, 0, 0);
		break;
	case 'p':
		emit(o, '0'), emit(o, 'x');
		emit_number(o, s, (uintptr_t)va_arg(*ap, void *), 16, 0, 0);
		break;
	case 'c': {
		char c = (char)va_arg(*ap, int);
		emit_padded(o, s, &c, 1);
		break;
	}
	case 's': {
		const char *str = va_arg(*ap, const char *);
		if (!str)
			str = "(null)";
		int len = s->precision >= 0 ? (int)strnlen(str, s->precision) : (int)strlen(str);
		emit_padded(o, s, str, len);
		break;
	}
	default:
		emit(o, '%'), emit(o, conv);
		break;
	}
}

int vformat(format_sink sink, void *ctx, const char *fmt, va_list ap)
{
	struct out o = { sink, ctx, 0 };
	struct spec s;
	va_list args;

	va_copy(args, ap);
	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			emit(&o, *f);
			continue;
		}
		if (f[1] == '%') {
			emit(&o, '%'), f++;
			continue;
		}
		f = parse_spec(f + 1, &s, &args);
		if (!*f)
			break;
		convert(&o, &s, *f, &args);
	}
	va_end(args);
	return o.count;
}

struct bufctx {
	char *buf;
	size_t size, used;
};

static void buf_sink(void *ctx, char c)
{
	struct bufctx *b = ctx;

	if (b->used + 1 < b->size)
		b->buf[b->used] = c;
	b->used++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct bufctx b = { buf, size, 0 };
	int n = vformat(buf_sink, &b, fmt, ap);

	if (size)
		buf[b.used < size ? b.used : size - 1] = 0;
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
