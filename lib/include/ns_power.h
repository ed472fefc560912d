/* What ns.power (interfaces/ns.defs) is asked to do with the machine. */
#ifndef LIB_NS_POWER_H
#define LIB_NS_POWER_H

#define NS_POWER_OFF   0 /* power off (also for a halt: nothing here halts but off) */
#define NS_POWER_RESET 1 /* reset, as a reboot */

#endif
