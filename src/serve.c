/* serve.c - `venuecheck serve`: options, the data directory, the first
 * start's admin link, signals; then http_run.  (Being written for issue
 * 18: until then the command says it is not available.)
 * Pipeline step: front end (server). */
#include <stdio.h>

#include "serve.h"

int serve_main(int argc, char **argv, enum lang lang)
{
	(void)argc;
	(void)argv;
	fputs(lang == LANG_EN ? "venuecheck: serve is not built yet\n"
			      : "venuecheck：serve 尚未完成\n",
	      stderr);
	return 2;
}
