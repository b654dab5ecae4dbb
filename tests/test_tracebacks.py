"""No traceback, and never exit status 1 (which means "new contradictions") for trouble:
a worker process killed, standard output full or closed, a file name that is not UTF-8,
a baseline or rules file nested too deep, an endless binary standard input with a huge
--max-size. Each is one line and exit status 2 (a closed standard output: no line, as
cat). Killing the main process with SIGTERM stops its workers too. Each case runs the
real command in a process of its own."""
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import MINIMAL_RULES, ROOT

GOOD = "The exchange said hackers stole $15 from its cold wallet on Friday.\n"
OTHER = "Hackers stole $16 from the exchange's cold wallet, it said.\n"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def python(code: str, root: Path, **kwargs):
    return subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                          env=ENV, timeout=120, **kwargs)


def crypto_diff_code(args: list, before: str = "") -> str:
    return (f"import os, sys, io, errno\n{before}\nfrom crypto_diff.cli import main\n"
            f"raise SystemExit(main({args!r}))\n")


def articles(root: Path, count: int = 2):
    folder = root / "articles"
    folder.mkdir()
    for i in range(count):
        (folder / f"{i:03d}.txt").write_text(GOOD if i % 2 else OTHER)
    return folder


def killed_worker(root: Path):
    articles(root, 80)  # more than one group, so the groups go to worker processes
    code = crypto_diff_code(["compare", "articles", "--jobs", "2"], before="""
import crypto_diff.pipeline as pipeline
def _extract_in_worker(task, options):
    os.kill(os.getpid(), 9)
pipeline._extract_in_worker = _extract_in_worker
""")
    return python(code, root, text=True), 2, ["crypto-diff: error: a worker process stopped "
                                              "before its work was done (killed, or out of memory)"]


FULL = """
class Full(io.RawIOBase):
    def writable(self):
        return True
    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
sys.stdout = io.TextIOWrapper(Full(), encoding="utf-8")
"""


def full_stdout(fmt: str):
    def setup(root: Path):
        articles(root)
        code = crypto_diff_code(["compare", "articles", "--format", fmt], before=FULL)
        return python(code, root, text=True), 2, ["crypto-diff: error: cannot write to standard "
                                                  "output: No space left on device"]
    return setup


def closed_stdout(root: Path):
    articles(root)
    reader, writer = os.pipe()
    os.close(reader)  # nobody reads: the first write fails with a broken pipe
    try:
        done = subprocess.run([sys.executable, "-m", "crypto_diff", "compare", "articles",
                               "--format", "json"], cwd=root, stdout=writer,
                              stderr=subprocess.PIPE, env=ENV, timeout=120, text=True)
    finally:
        os.close(writer)
    return done, 2, []


def closed_stdout_for_help(root: Path):
    reader, writer = os.pipe()
    os.close(reader)  # help is written before any command runs: the same quiet stop
    try:
        done = subprocess.run([sys.executable, "-m", "crypto_diff", "compare", "--help"], cwd=root,
                              stdout=writer, stderr=subprocess.PIPE, env=ENV, timeout=120, text=True)
    finally:
        os.close(writer)
    return done, 2, []


def not_utf8_name(fmt: str):
    def setup(root: Path):
        folder = articles(root)
        name = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
        with open(name, "wb") as handle:
            handle.write(b"Hackers stole $17 from the exchange's cold wallet, it said.\n")
        done = subprocess.run([sys.executable, "-m", "crypto_diff", "compare", "articles",
                               "--format", fmt], cwd=root, capture_output=True, env=ENV, timeout=120)
        report = json.loads(done.stdout.decode("utf-8"))  # valid UTF-8, valid JSON
        assert "articles/caf\\\\xe9.txt" in json.dumps(report)  # the name, its byte as \\xe9
        if fmt == "sarif":  # the location names the file as the reports write it
            uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
                    for result in report["runs"][0]["results"] for loc in result["locations"]
                    + result.get("relatedLocations", [])}
            assert "articles/caf%5Cxe9.txt" in uris
        done.stderr = done.stderr.decode("utf-8")
        return done, 1, ["crypto-diff: warning: articles/caf\\xe9.txt: the file name is not UTF-8: "
                         "reports write its bytes as \\x escapes"]
    return setup


def nested_baseline(root: Path):
    articles(root)
    (root / "base.yaml").write_text("version: 1\ncontradictions: " + "[" * 200 + "]" * 200 + "\n")
    done = python(crypto_diff_code(["compare", "articles", "--baseline", "base.yaml"]), root, text=True)
    return done, 2, ["crypto-diff: error: base.yaml:2:80: nested deeper than 64 levels: "
                  "a baseline is never that deep"]


def nested_rules(root: Path):
    articles(root)
    (root / "r.yaml").write_text(MINIMAL_RULES + "pieces: " + "{a: " * 200 + "x" + "}" * 200 + "\n")
    done = python(crypto_diff_code(["compare", "articles", "--rules", "r.yaml"]), root, text=True)
    return done, 2, ["crypto-diff: error: r.yaml:8:261: nested deeper than 64 levels: "
                  "a rules file is never that deep"]


def endless_zeros_on_stdin(root: Path):
    process = subprocess.Popen([sys.executable, "-m", "crypto_diff", "compare", "-",
                                "--max-size", str(10 ** 15)], cwd=root, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV, text=False)

    def feed():  # zeros without end, as /dev/zero gives
        try:
            while True:
                process.stdin.write(b"\0" * 65536)
        except (BrokenPipeError, OSError, ValueError):
            pass
    threading.Thread(target=feed, daemon=True).start()
    try:
        out, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    done = subprocess.CompletedProcess(process.args, process.returncode, out, err.decode())
    return done, 2, ["crypto-diff: warning: <stdin>: skipped: binary, or not in a text encoding crypto-diff reads",
                  "crypto-diff: error: -: no article could be read (every input was skipped)"]


# (id, setup: folder -> (finished process, its exit status, its stderr lines))
CASES = [
    ("a worker process killed", killed_worker),
    ("standard output full (json)", full_stdout("json")),
    ("standard output full (table)", full_stdout("table")),
    ("standard output closed", closed_stdout),
    ("standard output closed, help", closed_stdout_for_help),
    ("a file name that is not UTF-8, sarif", not_utf8_name("sarif")),
    ("a file name that is not UTF-8, json", not_utf8_name("json")),
    ("a deeply nested baseline", nested_baseline),
    ("a deeply nested rules file", nested_rules),
    ("endless zeros on standard input, huge --max-size", endless_zeros_on_stdin),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_trouble_is_one_line_and_exit_2(tmp_path, case):
    _, setup = case
    (tmp_path / "rules.yaml").write_text(MINIMAL_RULES)  # quick to compile
    done, status, stderr = setup(tmp_path)
    assert "Traceback" not in done.stderr
    assert (done.returncode, done.stderr.splitlines()) == (status, stderr)


def _children(pid: int) -> set:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return {int(p) for p in handle.read().split()}
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_sigterm_stops_the_workers_too(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    slow = MINIMAL_RULES.replace("'\\$(?P<num>\\d+)'", "'\\$(?P<num>\\d+)(?=(x|xx)+y)'")
    assert slow != MINIMAL_RULES
    (tmp_path / "rules.yaml").write_text(slow + "timeout: 60\n")  # slow, and under the budget
    for i in range(80):
        (folder / f"{i:03d}.txt").write_text(f"It paid ${i}" + "x" * 29 + ".\n")
    errors = tmp_path / "stderr.txt"
    with open(errors, "w") as err:  # a file: the workers must not keep a pipe open
        process = subprocess.Popen([sys.executable, "-m", "crypto_diff", "compare", "articles",
                                    "--jobs", "2"], cwd=tmp_path, env=ENV,
                                   stdout=subprocess.DEVNULL, stderr=err)
    workers = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
            workers = _children(process.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "no worker processes started"
        time.sleep(0.5)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _alive(pid)]
    finally:
        if process.poll() is None:
            process.kill()
        for pid in workers:  # never leave one running after the test
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert process.returncode == 2
    assert errors.read_text().splitlines() == ["crypto-diff: error: terminated"]
