/* The CMOS real-time clock, read once at boot for the wall-clock time. */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/rtc.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71

static uint8_t cmos(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static unsigned from_bcd(uint8_t v, int bcd)
{
	return bcd ? (v >> 4) * 10 + (v & 15) : v;
}

/* Days from 1970-01-01 to year-month-day (proleptic Gregorian). */
static uint64_t days_from_epoch(unsigned year, unsigned month, unsigned day)
{
	unsigned y = year - (month <= 2);
	unsigned era = y / 400, yoe = y % 400;
	unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (uint64_t)era * 146097 + doe - 719468;
}

uint64_t rtc_read_epoch_seconds(void)
{
	while (cmos(0x0a) & 0x80) /* an update is in progress */
		;
	uint8_t sec = cmos(0x00), min = cmos(0x02), hour = cmos(0x04);
	uint8_t day = cmos(0x07), month = cmos(0x08), year = cmos(0x09), status = cmos(0x0b);
	int bcd = !(status & 0x04);
	unsigned h = from_bcd(hour & 0x7f, bcd);

	if (!(status & 0x02) && (hour & 0x80)) /* 12-hour clock, PM */
		h = (h % 12) + 12;
	unsigned y = 2000 + from_bcd(year, bcd);
	return days_from_epoch(y, from_bcd(month, bcd), from_bcd(day, bcd)) * 86400 + h * 3600 +
	       from_bcd(min, bcd) * 60 + from_bcd(sec, bcd);
}
