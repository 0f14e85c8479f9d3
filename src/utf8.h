/* utf8.h - display width of UTF-8 text, for aligning CJK columns in a
 * terminal and sizing spreadsheet columns. */
#ifndef VC_UTF8_H
#define VC_UTF8_H

#include <stddef.h>

/* Columns the text takes in a terminal: East Asian wide characters count 2.
 * Invalid bytes count 1 each. */
size_t utf8_width(const char *s);

#endif
