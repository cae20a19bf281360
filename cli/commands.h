/*
 * commands: the subcommands that live in their own files.
 *
 *   cmd_compare (cli/compare.c): several scenarios on common random numbers
 *   cmd_when (cli/when.c): when automatic growth alone reaches a quota
 *
 * Each takes main's argc and argv and returns the exit status.
 */
#ifndef SR_COMMANDS_H
#define SR_COMMANDS_H

int cmd_compare(int argc, char **argv);

/* Redraws a comparison's overlay plots when DIR holds comparison.csv
 * (*found says whether it does).  Returns the exit status. */
int compare_replot(const char *dir, int *found);
int cmd_when(int argc, char **argv);

#endif
