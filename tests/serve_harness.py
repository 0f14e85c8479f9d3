"""serve_harness.py - what every test of `venuecheck serve` shares: a
server on 127.0.0.1 with a free port and its own data directory, and a
small HTTP client (urllib: no third-party package) that can send forms
with files.

    sys.path.insert(0, <the directory of this file>)
    import harness, serve_harness as sh
    with sh.Server(BIN) as srv:          # a new DIR under a temp dir
        r = sh.get(srv.admin_url)        # r.status, r.headers, r.body (bytes), r.text
        r = sh.post_form(srv.url + "/u/TOKEN/upload",
                         {"csrf": c}, {"file": ("a.xlsx", data)})
    srv.restart() / srv.kill() (SIGKILL) / srv.stop() (SIGTERM, waits)

The server prints, on standard output, a line ending with the admin link
(first start, or --new-admin-link) and, once it listens, a line ending
with its base URL; with --listen 127.0.0.1:0 that URL holds the port it
was given.  The lines (serve.c):
    管理员链接（仅显示这一次，请妥善保存）：http://127.0.0.1:PORT/admin/TOKEN
    已启动：http://127.0.0.1:PORT
(--lang en: "admin link (shown once, keep it safe): URL", "listening on URL").
"""
import os, re, shutil, signal, subprocess, tempfile, threading, time, urllib.error, urllib.request, uuid

import harness

URL_RE = re.compile(r"(https?://[^\s]+)\s*$")
TOKEN_RE = re.compile(r"(?:/u/)?([A-Za-z0-9_-]{22})\s*$")


def make_link(binary, data_dir, venue_id):
    """`venuecheck link --data DIR VENUE_ID`: the upload token it prints once."""
    r = harness.run(binary, ["link", "--data", data_dir, venue_id])
    for line in r.stdout.splitlines():
        m = TOKEN_RE.search(line)
        if m:
            return m.group(1)
    raise RuntimeError("link printed no token (exit %d): %s %s" % (r.returncode, r.stdout, r.stderr))


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name):
        return self.headers.get(name)


def request(method, url, body=None, headers=None, timeout=30):
    """One request; any status comes back as a Response (no exception)."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=timeout) as r:
            return Response(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Response(e.code, e.headers, e.read())


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are answers to look at, not to follow silently."""

    def redirect_request(self, *a, **k):
        return None


def get(url, headers=None):
    return request("GET", url, headers=headers)


def multipart(fields, files):
    """(body, content type) of a multipart/form-data form: fields
    {name: text}, files {name: (filename, bytes)}."""
    boundary = "vc" + uuid.uuid4().hex
    out = []
    for k, v in fields.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode()
                   + v.encode() + b"\r\n")
    for k, (fname, data) in files.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; '
                   f'filename="{fname}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                   + data + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary


def post_form(url, fields, files=None, headers=None):
    body, ctype = multipart(fields, files or {})
    h = {"Content-Type": ctype}
    h.update(headers or {})
    return request("POST", url, body, h)


class Server:
    """A server of BIN on a free port with DIR (a new temporary directory
    unless given); extra arguments after serve's own."""

    def __init__(self, binary, data_dir=None, args=(), lang=None):
        self.binary = binary
        self.tmp = None if data_dir else tempfile.mkdtemp(prefix="vc-serve-")
        self.data_dir = data_dir or os.path.join(self.tmp, "data")
        self.args = list(args)
        self.lang = lang
        self.proc = None
        self.url = None
        self.admin_url = None
        self.output = []
        self.errors = []  # its standard error (a log line per request), as read
        self._drain = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def start(self, extra=()):
        argv = [self.binary, "serve", "--data", self.data_dir,
                "--listen", "127.0.0.1:0"] + self.args + list(extra)
        if self.lang:
            argv += ["--lang", self.lang]
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=harness.ENV, text=True)
        # Standard error is read all the time: the server logs every
        # request there, and a full pipe would stop it.
        self._drain = threading.Thread(target=self._read_errors, args=(self.proc.stderr,),
                                       daemon=True)
        self._drain.start()
        deadline = time.time() + 30
        self.url = None
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                rc = self.proc.wait()
                self._drain.join(5)
                raise RuntimeError(f"serve exited ({rc}): {''.join(self.errors)}")
            self.output.append(line)
            m = URL_RE.search(line)
            if not m:
                continue
            if "/admin/" in m.group(1):
                self.admin_url = m.group(1)
            else:
                self.url = m.group(1)
                return self
        raise RuntimeError("serve did not say it listens: " + "".join(self.output))

    def _read_errors(self, f):
        for line in f:
            self.errors.append(line)

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Stop it (SIGTERM: it finishes what is in flight); its exit code."""
        if not self.proc:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        if self._drain:
            self._drain.join(5)
        for f in (self.proc.stdout, self.proc.stderr):
            f.close()
        self.proc = None
        return rc

    def kill(self):
        return self.stop(signal.SIGKILL)

    def restart(self, extra=()):
        self.stop()
        return self.start(extra)

    @property
    def admin_token(self):
        return self.admin_url.rsplit("/", 1)[1] if self.admin_url else None
