/* cli_diff.c - `diff OLD.json NEW.json`. */
#include "cli.h"

int cli_diff(const struct opts *o, int argc, char **argv)
{
	(void)o; (void)argc; (void)argv;
	return EXIT_INVALID;
}
