/*
 * interrupt: Ctrl-C (SIGINT) and SIGTERM stop a run cleanly.
 *
 * The handler only sets a flag.  Runs look at it once a simulated day (an
 * engine event) and between replications, stop, and remove their
 * temporary files, so the folder keeps the files it had before; the
 * program then says so and exits with 130.  A second signal kills at once
 * (the default action is restored by the first).
 *
 * stale_remove() deletes what a killed run (SIGKILL, power loss) left:
 * temporary files ".NAME.tmp.PID" in a folder whose process is gone.
 */
#ifndef SR_INTERRUPT_H
#define SR_INTERRUPT_H

#include <signal.h>

#define EXIT_INTERRUPTED 130

extern volatile sig_atomic_t interrupted;

void interrupt_install(void);

/* Removes stale temporary files of dead runs in dir (not recursive). */
void stale_remove(const char *dir);

#endif
