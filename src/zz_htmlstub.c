#include "htmlreport.h"
void htmlreport_venue(FILE *f, const struct pack *p, const struct check_report *rep, const struct diags *w, enum lang l){(void)f;(void)p;(void)rep;(void)w;(void)l;}
void htmlreport_invalid(FILE *f, const char *n, const struct diags *e, enum lang l){(void)f;(void)n;(void)e;(void)l;}
