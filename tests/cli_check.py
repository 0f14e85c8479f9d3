#!/usr/bin/env python3
"""cli_check.py - the command line around the commands: the progress line
(never backwards), colour and the terminal (NO_COLOR, TERM=dumb, through a
real pseudo-terminal), where packs are looked for, and the bash and zsh
completion (completion/), whose option lists must be those of
`venuecheck help CMD`.

usage: cli_check.py BINARY   (run from the repository root)"""
import os, pty, re, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, summary  # noqa: E402

BIN = os.path.abspath(sys.argv[1])
ENV = harness.ENV
tmp = tempfile.mkdtemp()
COMMANDS = ["check", "validate", "rules", "template", "explain", "convert", "trend", "diff", "help"]


def run(args, **kw):
    return harness.run(BIN, args, **kw)


# ---- the progress line: per phase, counts only grow, and end at n ----
data = os.path.join(tmp, "many")
os.makedirs(data)
village = open("tests/boundary/village.yaml").read()
N = 1000
for i in range(N):
    with open(os.path.join(data, "v%04d.yaml" % i), "w") as f:
        f.write(village)


def progress_lines(jobs, lang=()):
    r = run(["check", "--progress", "-j", str(jobs)] + list(lang) + [data])
    shown = {}
    for part in re.split(r"[\r\n]", r.stderr):
        m = re.fullmatch(r"(loading|checking|读取|检查) (\d+)/(\d+)", part)
        if m:
            check(int(m.group(3)) == N, "progress names the %d files: %r" % (N, part))
            shown.setdefault(m.group(1), []).append(int(m.group(2)))
    return shown


for jobs in (1, 2, 4, 8, 8, 8):
    shown = progress_lines(jobs)
    check(sorted(shown) == ["检查", "读取"], "-j %d: both phases shown in Chinese: %s" % (jobs, shown))
    for phase, counts in shown.items():
        check(all(a < b for a, b in zip(counts, counts[1:])) and counts[-1] == N,
              "-j %d %s: the count only grows and ends at %d: %s" % (jobs, phase, N, counts))
shown = progress_lines(2, ["--lang", "en"])
check(sorted(shown) == ["checking", "loading"], "--lang en: both phases shown in English: %s" % shown)
r = run(["check", "--no-progress", data])
check(not re.search(r"(loading|读取) \d", r.stderr), "--no-progress: no progress line")
r = run(["check", data])
check(not re.search(r"(loading|读取) \d", r.stderr), "no terminal: no progress line by default")


# ---- colour: only on a terminal that shows it, as --color auto ----
def on_tty(args, **env):
    """Standard output of BINARY ARGS on a pseudo-terminal."""
    master, slave = pty.openpty()
    e = {k: v for k, v in ENV.items() if k not in ("NO_COLOR", "TERM")}
    e.update(env)
    p = subprocess.Popen([BIN] + args, stdout=slave, stderr=subprocess.DEVNULL, env=e)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        out += chunk
    p.wait()
    os.close(master)
    return out.decode("utf-8", "replace")


ESC = "\x1b["
one = ["check", "tests/boundary/village.yaml"]
check(ESC in on_tty(one, TERM="xterm"), "a terminal (TERM=xterm) gets colour")
check(ESC not in on_tty(one, TERM="dumb"), "TERM=dumb gets no colour")
check(ESC not in on_tty(one, TERM="xterm", NO_COLOR="1"), "NO_COLOR: no colour")
check(ESC in on_tty(one, TERM="xterm", NO_COLOR=""), "an empty NO_COLOR is not set")
check(ESC in on_tty(["--color", "always"] + one, TERM="dumb"), "--color always wins over TERM=dumb")
check(ESC not in on_tty(one + ["--color", "never"], TERM="xterm"), "--color never on a terminal")
check(ESC not in run(one, env=harness.env(TERM="xterm", NO_COLOR="")).stdout,
      "not a terminal: no colour")

# ---- where packs are looked for ----
away = os.path.join(tmp, "away")
os.makedirs(away)
shutil.copy(BIN, away)
bare = {k: v for k, v in ENV.items() if k != "VENUECHECK_RULES_DIR"}
r = subprocess.run([os.path.join(away, "venuecheck"), "rules", "-r", "no-such-pack", "--lang", "en"],
                   capture_output=True, text=True, env=bare, cwd=tmp)
looked = [l.strip() for l in r.stderr.splitlines() if l.startswith("  ")]
check(r.returncode == 2 and "'no-such-pack' not found" in r.stderr, "a missing pack: exit 2: %s" % (r,))
check(looked[:2] == [away + "/rules (beside the binary)",
                     away + "/../share/venuecheck/rules (the binary's share directory)"]
      and len(looked) == 3 and looked[2].endswith("/share/venuecheck/rules (the install directory)"),
      "a copied binary says each place it looked, in order: %s" % looked)
r = subprocess.run([os.path.join(away, "venuecheck"), "rules", "-r", "no-such-pack"],
                   capture_output=True, text=True, env=dict(bare, VENUECHECK_RULES_DIR=tmp), cwd=tmp)
check(r.stderr.splitlines()[0] == "venuecheck：找不到规则包“no-such-pack”；在以下目录中查找了 "
      "no-such-pack.yaml：" and r.stderr.splitlines()[1] == "  %s（$VENUECHECK_RULES_DIR）" % tmp
      and r.stderr.splitlines()[2] == "  %s/rules（程序旁的 rules 目录）" % away,
      "in Chinese by default, $VENUECHECK_RULES_DIR looked in first: %s" % r.stderr)
# A copy beside a rules/ directory (the source tree's layout) finds it.
shutil.copytree("rules", os.path.join(away, "rules"))
r = subprocess.run([os.path.join(away, "venuecheck"), "rules", "--ids"], capture_output=True,
                   text=True, env=bare, cwd=tmp)
check(r.returncode == 0 and len(r.stdout.split()) == 112, "a copy beside rules/ finds its pack: %s"
      % r.stderr)


# ---- the options each command's help lists (the completions' reference) ----
def help_options(cmd):
    r = run(["help", cmd])
    check(r.returncode == 0 and r.stdout.startswith("usage: venuecheck " + cmd),
          "help %s: its usage, exit 0" % cmd)
    opts = set()
    for line in r.stdout.split("Options:\n", 1)[1].split("\n\n", 1)[0].splitlines():
        names = re.split(r"\s{2,}", line.strip())[0]  # "-r, --rules PACK"
        if names.startswith("-"):
            opts.update(re.findall(r"(?:^|[ ,])(--?[a-zA-Z][a-z-]*)", names))
    return opts


HELP = {c: help_options(c) for c in COMMANDS if c != "help"}
check(HELP["rules"] >= {"--ids", "--lint", "--test", "-t", "--tier"} and "--waivers" not in HELP["rules"],
      "help rules: the rules options only: %s" % sorted(HELP["rules"]))
check("--progress" in HELP["check"] and "--no-progress" in HELP["check"], "help check: --progress")
r = run(["check", "--help"])
check(r.returncode == 0 and r.stdout == run(["help", "check"]).stdout, "check --help = help check")
FORMATS = re.search(r"--format FMT +(.*)\n", run(["help", "check"]).stdout).group(1)
FORMATS = re.split(r", | or ", FORMATS)

# ---- bash completion, for real: the function on a made-up command line ----
BASH_FILE = "completion/venuecheck.bash"


def bash_complete(*words):
    """What _venuecheck offers for the line BINARY WORDS... (the last the
    word being completed)."""
    script = ('source %s; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); '
              '_venuecheck; printf "%%s\\n" "${COMPREPLY[@]}"' % BASH_FILE)
    r = subprocess.run(["bash", "-c", script, "bash", BIN] + list(words), capture_output=True,
                       text=True, env=ENV)
    check(r.returncode == 0 and not r.stderr, "bash completion of %s runs clean: %s" % (words, r.stderr))
    return [w for w in r.stdout.split("\n") if w]


if harness.have("bash", "bash", "the bash completion"):
    check(bash_complete("") == COMMANDS, "bash: commands")
    check(bash_complete("--lang", "en", "") == COMMANDS, "bash: commands after an option")
    check(bash_complete("ru") == ["rules"], "bash: a command's prefix")
    check("--rules-for" in bash_complete("trend", "--ru") and bash_complete("trend", "--ye") == [],
          "bash: trend offers --rules-for, not --year (each file's year decides)")
    check(bash_complete("rules", "--tier", "") == ["city", "county", "town", "village"], "bash: tiers")
    check(bash_complete("rules", "--tier", "=", "t") == ["town"], "bash: --tier=t")
    check(bash_complete("check", "-l", "") == ["zh", "en"], "bash: languages")
    check(bash_complete("check", "--format", "") == FORMATS, "bash: the formats of the help: %s"
          % FORMATS)
    check(bash_complete("check", "--fail-on", "") == ["fail", "missing", "warning", "new"], "bash: --fail-on")
    check(set(bash_complete("check", "--baseline", "tests/e2e/baseline/")) >=
          {"tests/e2e/baseline/examples-old.json", "tests/e2e/baseline/examples-new.json"} and
          "tests/e2e/baseline/make-old.py" not in bash_complete("check", "--baseline", "tests/e2e/baseline/"),
          "bash: --baseline offers JSON reports, not other files")
    check(bash_complete("check", "--color", "") == ["auto", "always", "never"], "bash: --color")
    ids = run(["rules", "--ids"]).stdout.split()
    check(len(ids) == 112 and bash_complete("explain", "") == ids, "bash: explain offers the rule ids")
    town = [i for i in ids if i.startswith("town.open.")]
    check(town and bash_complete("explain", "town.open.") == town, "bash: rule ids by prefix")
    # nanhu-2024 adds town.activity.exhibitions to its base's rules.
    check(bash_complete("-r", "rules/local/nanhu-2024.yaml", "explain", "town.activity.ex") ==
          ["town.activity.exhibitions"] and bash_complete("explain", "town.activity.ex") == [],
          "bash: the rule ids of the pack given with -r")
    check(set(bash_complete("explain", town[0], "examples/towns/")) ==
          {"examples/towns/" + f for f in os.listdir("examples/towns")},
          "bash: explain's second word is a data file")
    check(bash_complete("help", "") == COMMANDS and bash_complete("help", "check", "") == [],
          "bash: help takes one command")
    for cmd, opts in HELP.items():
        got = set(bash_complete(cmd, "-"))
        check(got == opts, "bash: %s's options are those of `help %s`: missing %s, extra %s"
              % (cmd, cmd, sorted(opts - got), sorted(got - opts)))
    allopts = set().union(*HELP.values())
    check(set(bash_complete("-")) == allopts, "bash: before a command, every option")

# ---- zsh completion: its syntax, and the completion system run in a zpty ----
ZSH_FILE = "completion/_venuecheck"


def zsh_complete(line):
    r = subprocess.run(["zsh", "-f", "tests/zsh-complete.zsh", "completion", line],
                       capture_output=True, text=True, timeout=60,
                       env=dict(ENV, PATH=os.path.dirname(BIN) + ":" + ENV["PATH"]))
    return [w for w in r.stdout.split("\n") if w]


if harness.have("zsh", "zsh", "the zsh completion"):
    r = subprocess.run(["zsh", "-n", ZSH_FILE], capture_output=True, text=True)
    check(r.returncode == 0 and not r.stderr, "zsh -n %s: %s" % (ZSH_FILE, r.stderr))
    if os.path.basename(BIN) == "venuecheck":  # the completion is for that name
        check(zsh_complete("venuecheck ") == COMMANDS, "zsh: commands")
        check("--rules-for" in zsh_complete("venuecheck trend --ru") and
              zsh_complete("venuecheck trend --ye") == [],
              "zsh: trend offers --rules-for, not --year (each file's year decides)")
        check(zsh_complete("venuecheck rules --tier ") == ["city", "county", "town", "village"],
              "zsh: tiers")
        check(zsh_complete("venuecheck check --lang ") == ["zh", "en"], "zsh: languages")
        check(zsh_complete("venuecheck check --format ") == FORMATS, "zsh: formats")
        check(zsh_complete("venuecheck explain town.open.") == town, "zsh: rule ids")
        check(zsh_complete("venuecheck explain --lang en town.open.") == town,
              "zsh: rule ids after an option of the command")
        check(zsh_complete("venuecheck -r rules/local/nanhu-2024.yaml explain town.activity.ex")
              == ["town.activity.exhibitions"] and
              zsh_complete("venuecheck explain -r rules/local/nanhu-2024.yaml town.activity.ex")
              == ["town.activity.exhibitions"] and
              zsh_complete("venuecheck explain town.activity.ex") == [],
              "zsh: the rule ids of the pack given with -r, before or after the command")
        zopts = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", open(ZSH_FILE).read()))
        helplong = {o for o in set().union(*HELP.values()) if o.startswith("--")}
        check(helplong <= zopts | {"--colour"}, "zsh: every long option: missing %s"
              % sorted(helplong - zopts))

shutil.rmtree(tmp)
sys.exit(summary("cli"))
