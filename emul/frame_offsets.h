/* The offsets of struct frame (frame.h) and struct emul_thread (thread.h) that
 * entry.S uses; the headers check them against the structures. */
#define FRAME_RIP	   120
#define FRAME_RFLAGS	   128
#define FRAME_RSP	   136
#define FRAME_SIZE	   144
#define THREAD_STACK_TOP   8
#define THREAD_PROGRAM_RSP 16
#define THREAD_FRAME	   24
