/* http_server.c - the daemon of the HTTP layer (http.h): the listening
 * socket, TLS, MHD's pool of threads and its limits, the connections and
 * their deadline, and a clean stop on SIGINT or SIGTERM.
 *
 * Why a watchdog: MHD caps connections in all and per address and closes
 * idle ones, but its timeout is reset by every byte, so a client sending
 * a byte a second would hold a connection (and, with a small pool, the
 * server) for ever.  A thread therefore cuts every connection whose
 * current request has lasted longer than the whole-request deadline
 * (3 x --timeout), by shutting its socket down (under the mutex that the
 * connection's close notification takes, so the descriptor cannot have
 * been reused).
 * Pipeline step: front end (server). */
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "http_impl.h"
#include "serve.h"
#include "xalloc.h"

#define HTTP_MEMORY (64 * 1024) /* MHD's per-connection pool: headers */
#define HTTP_TLS_MAX (1 << 20)  /* a PEM file larger than this is no PEM */

struct http_server {
	struct http_ctx x;
	int listen_fd;
	sigset_t sigs;
};

/* ---- connections ---- */

static void http_notify_conn(void *cls, struct MHD_Connection *c,
			     void **socket_context,
			     enum MHD_ConnectionNotificationCode toe)
{
	struct http_ctx *x = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct http_conn *k = xcalloc(1, sizeof *k);
		k->fd = ci ? ci->connect_fd : -1;
		k->since = http_now();
		pthread_mutex_lock(&x->mu);
		k->next = x->conns;
		if (x->conns)
			x->conns->prev = k;
		x->conns = k;
		x->nconns++;
		pthread_mutex_unlock(&x->mu);
		*socket_context = k;
		return;
	}
	struct http_conn *k = *socket_context;
	if (!k)
		return;
	pthread_mutex_lock(&x->mu);
	if (k->prev)
		k->prev->next = k->next;
	else
		x->conns = k->next;
	if (k->next)
		k->next->prev = k->prev;
	x->nconns--;
	pthread_mutex_unlock(&x->mu);
	*socket_context = NULL;
	free(k);
}

/* The cap on connections in all.  (MHD's own limit is split between
 * its threads, and a thread at its share stops accepting, leaving a
 * connection waiting unanswered in the kernel's queue; here the extra
 * one is closed at once.) */
static enum MHD_Result http_accept(void *cls, const struct sockaddr *addr,
				   socklen_t addrlen)
{
	(void)addr;
	(void)addrlen;
	struct http_ctx *x = cls;
	pthread_mutex_lock(&x->mu);
	bool ok = x->nconns < x->s->o->max_conns && !atomic_load(&x->stopping);
	pthread_mutex_unlock(&x->mu);
	return ok ? MHD_YES : MHD_NO;
}

static void *http_watchdog(void *arg)
{
	struct http_ctx *x = arg;
	const struct timespec tick = {0, 100L * 1000 * 1000};
	for (;;) {
		nanosleep(&tick, NULL);
		pthread_mutex_lock(&x->mu);
		bool quit = x->quit;
		for (struct http_conn *k = x->conns; k && !quit; k = k->next)
			if (!k->cut && k->fd >= 0 &&
			    http_ms_since(k->since) > 1000.0 * x->deadline) {
				/* MHD sees the end of the stream and closes
				 * the connection (and tells http_notify_conn,
				 * which waits for this mutex). */
				shutdown(k->fd, SHUT_RDWR);
				k->cut = true;
			}
		pthread_mutex_unlock(&x->mu);
		if (quit)
			return NULL;
	}
}

/* ---- starting and stopping ---- */

/* A message in the server's language; both formats are literals. */
#define HTTP_TR(o, zh, en) ((o)->lang == LANG_EN ? (en) : (zh))

/* HOST and PORT of "HOST:PORT" ("[::1]:8080" for IPv6). */
static bool http_split(const char *listen, char *host, size_t hsize, char *port,
		       size_t psize)
{
	const char *colon = strrchr(listen, ':');
	if (!colon || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1) ||
	    strlen(colon + 1) >= psize)
		return false;
	const char *h = listen;
	size_t n = (size_t)(colon - listen);
	if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
		h++;
		n -= 2;
	}
	if (n >= hsize || strtoul(colon + 1, NULL, 10) > 65535)
		return false;
	memcpy(host, h, n);
	host[n] = '\0';
	snprintf(port, psize, "%s", colon + 1);
	return true;
}

/* A listening socket on one of addr's addresses; -1 with errno. */
static int http_bind(const struct addrinfo *ai)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
			ai->ai_protocol);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 128) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int http_listen(const struct serve_opts *o, unsigned *port, char **error)
{
	char host[256], serv[8];
	if (!http_split(o->listen, host, sizeof host, serv, sizeof serv)) {
		*error = http_fmt(HTTP_TR(o, "--listen “%s”：应为 HOST:PORT，如 127.0.0.1:8080",
					  "--listen '%s': expected HOST:PORT, as 127.0.0.1:8080"),
				  o->listen);
		return -1;
	}
	struct addrinfo hints = {.ai_flags = AI_PASSIVE | AI_NUMERICSERV,
				 .ai_socktype = SOCK_STREAM}, *ai = NULL;
	int rc = getaddrinfo(host[0] ? host : NULL, serv, &hints, &ai);
	if (rc != 0) {
		*error = http_fmt(HTTP_TR(o, "--listen “%s”：%s", "--listen '%s': %s"),
				  o->listen, gai_strerror(rc));
		return -1;
	}
	int fd = -1, e = 0;
	for (const struct addrinfo *a = ai; a && fd < 0; a = a->ai_next)
		if ((fd = http_bind(a)) < 0)
			e = errno;
	freeaddrinfo(ai);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	if (fd < 0 || getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
		*error = http_fmt(HTTP_TR(o, "无法在 %s 上监听：%s", "cannot listen on %s: %s"),
				  o->listen, strerror(e ? e : errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*port = ntohs(ss.ss_family == AF_INET6
		      ? ((struct sockaddr_in6 *)(void *)&ss)->sin6_port
		      : ((struct sockaddr_in *)(void *)&ss)->sin_port);
	return fd;
}

/* A PEM file whole, NUL-terminated (GnuTLS and MHD read it from
 * memory); NULL with *error. */
static char *http_read_pem(const struct serve_opts *o, const char *path,
			   char **error)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > HTTP_TLS_MAX) {
		*error = http_fmt(HTTP_TR(o, "无法读取 TLS 文件 %s：%s",
					  "cannot read the TLS file %s: %s"),
				  path, !f ? strerror(errno)
				  : HTTP_TR(o, "不是 PEM 文件", "not a PEM file"));
		if (f)
			fclose(f);
		return NULL;
	}
	char *buf = xmalloc((size_t)st.st_size + 1);
	size_t n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* Whether the PEM text holds a certificate GnuTLS can read.  (Tried on
 * its own first: GnuTLS 3.7 leaks when gnutls_certificate_set_x509_key_mem
 * meets a certificate it cannot decode.) */
static int http_tls_cert_ok(const char *pem)
{
	gnutls_x509_crt_t crt;
	gnutls_datum_t d = {(unsigned char *)(uintptr_t)pem, (unsigned)strlen(pem)};
	int rc = gnutls_x509_crt_init(&crt);
	if (rc < 0)
		return rc;
	rc = gnutls_x509_crt_import(crt, &d, GNUTLS_X509_FMT_PEM);
	gnutls_x509_crt_deinit(crt);
	return rc;
}

/* The certificate and key read and tried together before MHD sees
 * them, so a wrong file is told as such (not as a failed start). */
static bool http_tls_load(struct http_ctx *x, char **error)
{
	const struct serve_opts *o = x->s->o;
	x->tls_cert = http_read_pem(o, o->tls_cert, error);
	x->tls_key = x->tls_cert ? http_read_pem(o, o->tls_key, error) : NULL;
	if (!x->tls_key)
		return false;
	int rc = http_tls_cert_ok(x->tls_cert);
	gnutls_certificate_credentials_t cred;
	if (rc >= 0 && (rc = gnutls_certificate_allocate_credentials(&cred)) >= 0) {
		gnutls_datum_t c = {(unsigned char *)x->tls_cert, (unsigned)strlen(x->tls_cert)};
		gnutls_datum_t k = {(unsigned char *)x->tls_key, (unsigned)strlen(x->tls_key)};
		rc = gnutls_certificate_set_x509_key_mem(cred, &c, &k, GNUTLS_X509_FMT_PEM);
		gnutls_certificate_free_credentials(cred);
	}
	if (rc < 0)
		*error = http_fmt(HTTP_TR(o, "--tls-cert %s / --tls-key %s：不是 PEM 证书及其私钥（%s）",
					  "--tls-cert %s / --tls-key %s: not a PEM certificate and its key (%s)"),
				  o->tls_cert, o->tls_key, gnutls_strerror(rc));
	return rc >= 0;
}

static void http_tls_free(struct http_ctx *x)
{
	if (x->tls_key)
		memset(x->tls_key, 0, strlen(x->tls_key)); /* a key is not left in freed memory */
	free(x->tls_key);
	free(x->tls_cert);
}

static struct MHD_Daemon *http_daemon(struct http_ctx *x, int fd)
{
	const struct serve_opts *o = x->s->o;
	unsigned flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC;
	if (o->tls_cert)
		flags |= MHD_USE_TLS;
	/* The total cap is http_accept's; MHD's (split between its
	 * threads) is one above it per thread, so it never queues. */
	unsigned limit = o->max_conns + o->threads;
	return MHD_start_daemon(
		flags, 0, http_accept, x, http_access, x,
		MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(o->threads > 1 ? o->threads : 0),
		MHD_OPTION_CONNECTION_LIMIT, limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, o->max_per_ip,
		MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_MEMORY,
		MHD_OPTION_URI_LOG_CALLBACK, http_uri_log, x,
		MHD_OPTION_NOTIFY_COMPLETED, http_completed, x,
		MHD_OPTION_NOTIFY_CONNECTION, http_notify_conn, x,
		o->tls_cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, x->tls_cert,
		MHD_OPTION_HTTPS_MEM_KEY, x->tls_key,
		MHD_OPTION_END);
}

struct http_server *http_start(const struct serve *s, int fd, char **error)
{
	struct http_server *h = xcalloc(1, sizeof *h);
	struct http_ctx *x = &h->x;
	x->s = s;
	x->deadline = 3 * (s->o->timeout ? s->o->timeout : 10);
	h->listen_fd = fd;
	pthread_mutex_init(&x->mu, NULL);
	atomic_init(&x->stopping, false);
	/* The signals are taken by http_wait alone: blocked here, before
	 * any thread is made, every thread inherits the mask. */
	sigemptyset(&h->sigs);
	sigaddset(&h->sigs, SIGINT);
	sigaddset(&h->sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &h->sigs, NULL);
	*error = NULL;
	if (s->o->tls_cert && !http_tls_load(x, error))
		goto fail;
	x->d = http_daemon(x, fd);
	if (!x->d) {
		*error = xstrdup(HTTP_TR(s->o, "无法启动 HTTP 服务", "cannot start the HTTP server"));
		goto fail;
	}
	if (pthread_create(&x->watchdog, NULL, http_watchdog, x) != 0) {
		MHD_stop_daemon(x->d);
		*error = xstrdup(HTTP_TR(s->o, "无法启动线程", "cannot start a thread"));
		goto fail;
	}
	return h;
fail:
	/* (MHD closes the listening socket itself when it fails to start
	 * with it, so it is not closed here.) */
	http_tls_free(x);
	pthread_mutex_destroy(&x->mu);
	free(h);
	return NULL;
}

static unsigned http_inflight(struct http_ctx *x)
{
	pthread_mutex_lock(&x->mu);
	unsigned n = x->inflight;
	pthread_mutex_unlock(&x->mu);
	return n;
}

void http_wait(struct http_server *h)
{
	struct http_ctx *x = &h->x;
	int sig;
	while (sigwait(&h->sigs, &sig) != 0)
		;
	/* No new connection (the socket is closed, so a client is refused
	 * at once), a 503 for a new request on a kept-alive one, and the
	 * requests in flight finished: each is bounded by the deadline. */
	atomic_store(&x->stopping, true);
	MHD_socket ls = MHD_quiesce_daemon(x->d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	struct timespec t0 = http_now(), tick = {0, 20L * 1000 * 1000};
	while (http_inflight(x) > 0 && http_ms_since(t0) < 1000.0 * (x->deadline + 2))
		nanosleep(&tick, NULL);
	MHD_stop_daemon(x->d);
	pthread_mutex_lock(&x->mu);
	x->quit = true;
	pthread_mutex_unlock(&x->mu);
	pthread_join(x->watchdog, NULL);
	http_tls_free(x);
	pthread_mutex_destroy(&x->mu);
	free(h);
}
