"""--output writes where it points without replacing what it points at: through a
symbolic link to its target, straight into a device or a FIFO, and through a temporary
file and a rename only onto a regular file, whose mode it keeps. A temporary file left by
a run killed at the rename is removed by the next run. Each case builds its own targets
in a temporary folder (never touching the real /dev nodes)."""
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL_RULES, SEEDS


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def regular_file(tmp: Path):
    target = tmp / "report.json"
    target.write_text("old")
    target.chmod(0o640)

    def check():
        assert target.is_file() and not target.is_symlink()
        assert json.loads(target.read_text())["summary"]["conflict"] == 1
        assert stat.S_IMODE(target.stat().st_mode) == 0o640  # its mode kept
    return target, check


def new_file(tmp: Path):
    target = tmp / "report.json"

    def check():
        assert json.loads(target.read_text())["summary"]["conflict"] == 1
        assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()  # as the umask says
    return target, check


def symbolic_link(tmp: Path):
    (tmp / "reports").mkdir()
    real = tmp / "reports" / "real.json"
    real.write_text("old")
    link = tmp / "report.json"
    link.symlink_to(Path("reports") / "real.json")

    def check():
        assert link.is_symlink() and os.readlink(link) == str(Path("reports") / "real.json")
        assert json.loads(real.read_text())["summary"]["conflict"] == 1
        assert sorted(p.name for p in (tmp / "reports").iterdir()) == ["real.json"]
    return link, check


def link_to_a_new_file(tmp: Path):
    link = tmp / "report.json"
    link.symlink_to("made.json")

    def check():
        assert link.is_symlink() and json.loads((tmp / "made.json").read_text())
    return link, check


def chain_of_links(tmp: Path):
    real = tmp / "real.json"
    real.write_text("old")
    (tmp / "middle.json").symlink_to("real.json")
    link = tmp / "report.json"
    link.symlink_to("middle.json")

    def check():
        assert link.is_symlink() and (tmp / "middle.json").is_symlink()
        assert json.loads(real.read_text())["summary"]["conflict"] == 1
    return link, check


def fifo(tmp: Path):
    target = tmp / "report.fifo"
    os.mkfifo(target)
    reader = os.open(target, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so writing can start

    def check():
        assert stat.S_ISFIFO(os.stat(target).st_mode)  # still a FIFO, not a file
        data = b""
        while True:
            try:
                chunk = os.read(reader, 1 << 16)
            except BlockingIOError:
                break
            if not chunk:
                break
            data += chunk
        os.close(reader)
        assert json.loads(data)["summary"]["conflict"] == 1
    return target, check


def device(tmp: Path):
    target = tmp / "null"
    try:
        os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a device like /dev/null
    except (PermissionError, OSError):
        pytest.skip("device nodes cannot be made here (not root)")

    def check():
        assert stat.S_ISCHR(os.lstat(target).st_mode)  # still the device
        assert not [p for p in tmp.iterdir() if p.name != "null"]  # no temporary file left
    return target, check


def process_file_descriptor(tmp: Path):
    """/dev/stdout is a link to /proc/self/fd/1: a path into /proc is written as it is."""
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    os.set_inheritable(write_end, True)
    target = Path(f"/proc/self/fd/{write_end}")
    if not target.exists():
        pytest.skip("no /proc here")

    def check():
        os.close(write_end)
        assert json.loads(os.read(read_end, 1 << 20))["summary"]["conflict"] == 1
        os.close(read_end)
    return target, check


# (id, setup: tmp -> (the --output path, a check run afterwards))
CASES = [
    ("regular file keeps its mode", regular_file),
    ("new file follows the umask", new_file),
    ("symbolic link is written through", symbolic_link),
    ("link to a file not made yet", link_to_a_new_file),
    ("chain of links", chain_of_links),
    ("fifo", fifo),
    ("device", device),
    ("a path into /proc", process_file_descriptor),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_output_writes_through_to_what_it_points_at(run, tmp_path, case):
    _, setup = case
    target, check = setup(tmp_path)
    result = run("compare", SEEDS, "--format", "json", "--output", target)
    assert result.exit_code == 1, result.stderr
    assert result.stderr == ""
    check()


def test_output_to_a_fifo_nobody_reads_is_one_line_not_a_hang(tmp_path):
    target = tmp_path / "report.fifo"
    os.mkfifo(target)
    (tmp_path / "rules.yaml").write_text(MINIMAL_RULES)  # quick to compile
    done = subprocess.run([sys.executable, "-m", "crypto_diff", "compare", str(SEEDS),
                           "--format", "json", "--output", str(target)],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"crypto-diff: error: {target}: cannot write: "
                                        "nothing reads from this FIFO"]
    assert stat.S_ISFIFO(os.stat(target).st_mode)


def test_a_temporary_file_left_by_a_killed_run_is_removed_by_the_next(run, tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process id that no longer runs: the run that was killed
    left = tmp_path / f".report.json.{gone.pid}.x1y2z3.tmp"
    left.write_text("half a report")
    alive = tmp_path / f".report.json.{os.getpid()}.a1b2c3.tmp"  # a run still writing
    alive.write_text("being written")
    result = run("compare", SEEDS, "--format", "json", "--output", tmp_path / "report.json")
    assert result.exit_code == 1
    assert not left.exists() and alive.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [alive.name, "report.json"]
