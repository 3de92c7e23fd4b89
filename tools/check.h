/* SPDX-License-Identifier: GPL-2.0 */
/* The commands of loopboot(8), and their --help */
#ifndef LOOPBOOT_CHECK_H
#define LOOPBOOT_CHECK_H

#include <stdio.h>

int cmd_check(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_grow(int argc, char **argv);
int cmd_entry(int argc, char **argv);
void usage_check(FILE *f);
void usage_create(FILE *f);
void usage_grow(FILE *f);
void usage_entry(FILE *f);

#endif
