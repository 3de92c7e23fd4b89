/* SPDX-License-Identifier: GPL-2.0 */
/* The commands of loopboot(8) */
#ifndef LOOPBOOT_CHECK_H
#define LOOPBOOT_CHECK_H

#include <stdio.h>

int cmd_check(int argc, char **argv);
void usage_check(FILE *f);

#endif
