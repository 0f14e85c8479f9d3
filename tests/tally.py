"""tally.py - the pass/fail count the Python test scripts share.

    from tally import check, summary
    check(cond, "what was expected")
    sys.exit(summary("json"))   # prints "json: N passed, M failed"
"""

counts = {"passed": 0, "failed": 0}


def check(cond, what):
    if cond:
        counts["passed"] += 1
    else:
        counts["failed"] += 1
        print("FAIL:", what)


def summary(name):
    """Print the closing line; return the exit status (1 if any failed)."""
    print("%s: %d passed, %d failed" % (name, counts["passed"], counts["failed"]))
    return 1 if counts["failed"] else 0
