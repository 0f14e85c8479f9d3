/* filekind.h - what kind of venue file a name is, by its extension: the
 * one test the directory walk, the loader and the commands all use, so
 * that a file the loader reads is also one a directory yields.
 * Pipeline step: toolkit. */
#ifndef VC_FILEKIND_H
#define VC_FILEKIND_H

enum filekind {
	FILEKIND_OTHER,	   /* not a venue file */
	FILEKIND_YAML,	   /* .yaml, .yml */
	FILEKIND_WORKBOOK, /* .xlsx, .xlsm (Office Open XML) */
	FILEKIND_LEGACY	   /* .xls (read by xlsread.h), .et (refused) */
};

/* Case-insensitive, by the name's ending. */
enum filekind filekind_of(const char *name);

#endif
