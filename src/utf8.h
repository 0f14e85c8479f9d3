/* utf8.h - display width of UTF-8 text, for aligning CJK columns in a
 * terminal and sizing spreadsheet columns; and text as a quoted string. */
#ifndef VC_UTF8_H
#define VC_UTF8_H

#include <stddef.h>
#include <stdio.h>

/* Columns the text takes in a terminal: East Asian wide characters count 2.
 * Invalid bytes count 1 each. */
size_t utf8_width(const char *s);
/* s in double quotes with JSON's escapes (\" \\ \n \t \u0007), which YAML
 * reads as the same text: the JSON report and YAML output share it.
 * Control characters and DEL are escaped; other UTF-8 is written as is. */
void utf8_quoted(FILE *f, const char *s);

#endif
