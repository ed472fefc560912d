/* CPU-time alarms of a task (task_cpu_alarm). */
#ifndef TASK_CPU_ALARM_H
#define TASK_CPU_ALARM_H

struct task;

/* At each tick that charged t: send the alarms whose time has come. */
void cpu_alarm_check(struct task *t);

/* The task is going: its alarms are off, their rights dropped. */
void cpu_alarm_drop_all(struct task *t);

#endif
