/* The wall-clock time at boot. */
#ifndef ARCH_RTC_H
#define ARCH_RTC_H

#include <stdint.h>

uint64_t rtc_read_epoch_seconds(void);

#endif
