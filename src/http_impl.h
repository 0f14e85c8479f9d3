/* http_impl.h - what the two halves of the HTTP layer share: http.c
 * (a request: reading it, routing it, answering it) and http_server.c
 * (the daemon: the socket, TLS, the connections and their watchdog,
 * starting and stopping).  Internal to them; handlers see http.h only.
 * Pipeline step: front end (server). */
#ifndef VC_HTTP_IMPL_H
#define VC_HTTP_IMPL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <microhttpd.h>

#include "http.h"

/* A live connection, for the watchdog. */
struct http_conn {
	struct http_conn *prev, *next;
	int fd;
	struct timespec since;  /* accepted, or its last request ended */
	bool cut;
};

/* The server's state: set up by http_start, shared by MHD's threads and
 * the watchdog; the counters and the list under mu. */
struct http_ctx {
	const struct serve *s;
	struct MHD_Daemon *d;
	pthread_mutex_t mu;
	struct http_conn *conns;
	unsigned nconns, inflight;
	size_t buffered;        /* body bytes held by all requests */
	atomic_bool stopping;   /* read by every thread without the mutex */
	bool quit;
	unsigned deadline;      /* seconds a request may take in all */
	pthread_t watchdog;
	char *tls_cert, *tls_key;
};

struct timespec http_now(void);
double http_ms_since(struct timespec a);
/* A malloc'ed printf, for messages and bodies. */
char *http_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* MHD's callbacks for a request (http.c); cls is the struct http_ctx. */
void *http_uri_log(void *cls, const char *uri, struct MHD_Connection *c);
enum MHD_Result http_access(void *cls, struct MHD_Connection *c, const char *url,
			    const char *method, const char *version,
			    const char *data, size_t *size, void **con_cls);
void http_completed(void *cls, struct MHD_Connection *c, void **con_cls,
		    enum MHD_RequestTerminationCode toe);

#endif
