/* The offsets of struct frame (frame.h) and struct emul_thread (thread.h) that
 * entry.S uses; the headers check them against the structures. */
#define FRAME_RIP	   120
#define FRAME_RFLAGS	   128
#define FRAME_RSP	   136
#define FRAME_SIZE	   144
#define THREAD_STACK_TOP   8
#define THREAD_PROGRAM_RSP 16
#define THREAD_FRAME	   24
#define THREAD_PENDING	   32
#define THREAD_BLOCKED	   48
#define THREAD_RESUME_RIP  216
#define THREAD_FIXUP	   224
