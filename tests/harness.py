"""harness.py - what every Python test script of tests/ shares: the
environment the binary runs in, the pass/fail/skip tally and the skip
policy.

    sys.path.insert(0, <the directory of this file>)
    import harness
    from harness import check, summary
    r = harness.run(BIN, ["check", "x.yaml"])     # with harness.ENV
    check(r.returncode == 0, "what was expected")
    openpyxl = harness.need("openpyxl", "python3-openpyxl")  # or skip it all
    if harness.have("soffice", "libreoffice-calc-nogui", "the re-save"): ...
    sys.exit(summary("json"))   # "json: N passed, M failed[, K skipped]"

Skip policy: a check that cannot run because a command or module is
missing is skipped, visibly, naming the Debian package (scripts/deps.txt).
With CI=true it fails instead: CI installs every package, so there a skip
means a broken install, not a missing tool.
"""
import importlib, os, shutil, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CI = os.environ.get("CI") == "true"
# The binary's environment: the repository's packs (a binary built elsewhere,
# as by make sanitize, finds the same ones) and no colour.
ENV = dict(os.environ, NO_COLOR="1", VENUECHECK_RULES_DIR=os.path.join(ROOT, "rules"))

counts = {"passed": 0, "failed": 0, "skipped": 0}


def env(**extra):
    """ENV with more variables set."""
    return dict(ENV, **extra)


def run(binary, args, **kw):
    """Run BINARY ARGS in ENV, text output captured (keywords override)."""
    opts = dict(capture_output=True, text=True, env=ENV)
    opts.update(kw)
    return subprocess.run([binary] + list(args), **opts)


def check(cond, what):
    if cond:
        counts["passed"] += 1
    else:
        counts["failed"] += 1
        print("FAIL:", what)
    return bool(cond)


def skip(what, package):
    """WHAT cannot run here: PACKAGE is missing.  A failure with CI=true."""
    if CI:
        counts["failed"] += 1
        print("FAIL: %s: %s is not installed (CI=true: nothing may be skipped)" % (what, package))
    else:
        counts["skipped"] += 1
        print("SKIP: %s: %s is not installed (apt-get install %s)" % (what, package, package))


def have(command, package, what):
    """Whether COMMAND is on $PATH; if not, WHAT is skipped."""
    if shutil.which(command):
        return True
    skip(what, package)
    return False


def need(module, package, name=None):
    """Import MODULE; without it the whole script is skipped: its summary
    (NAME, default the script's) is printed and it exits."""
    try:
        return importlib.import_module(module)
    except ImportError:
        skip("all checks (python module %s)" % module, package)
        sys.exit(summary(name or os.path.basename(sys.argv[0]).replace("_check.py", "")))


def summary(name):
    """Print the closing line; return the exit status (1 if any failed)."""
    line = "%s: %d passed, %d failed" % (name, counts["passed"], counts["failed"])
    if counts["skipped"]:
        line += ", %d skipped" % counts["skipped"]
    print(line)
    return 1 if counts["failed"] else 0
