"""Exports when Chromium is misconfigured, fails or never answers, and when the
files cannot be written: every wait is bounded, the browser's whole process group
is killed, the user is told in one line (command line) or in the page's language
(the export status), and no half-written file or orphan process is left."""

from __future__ import annotations

import argparse
import errno
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import plotly.graph_objects as go
import psutil
import pytest

from callbacks.exports import failure_message
from exporter.cli import run_command
from exporter.images import (
    BrowserFailed,
    ExportUnavailable,
    Renderer,
    RenderFailed,
    atomic_write,
    browser_path,
    browser_problem,
    timeout_problem,
)
from i18n import t

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD = 90  # seconds: far above the short timeouts used here; only a hang fails
# A browser that never answers: it ignores SIGTERM and sleeps.
MUTE_BROWSER = """#!{python}
import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
while True:
    time.sleep(1000)
"""


@pytest.fixture
def mute_browser(tmp_path) -> Path:
    path = tmp_path / "mute-browser"
    path.write_text(MUTE_BROWSER.format(python=sys.executable))
    path.chmod(0o755)
    return path


def figure() -> go.Figure:
    return go.Figure(go.Bar(x=[1, 2], y=[3, 4]))


def processes_running(
    marker: str, before: frozenset[int] = frozenset()
) -> list[psutil.Process]:
    """Every process whose command line mentions ``marker``, but for those
    in ``before`` (processes of the machine that were running before the
    test, such as a shell whose script happens to name the same program)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        try:
            if process.pid in before:
                continue
            if any(marker in part for part in process.info["cmdline"] or ()):
                found.append(process)
        except psutil.Error:
            continue
    return found


def alive_in_group(group: int) -> list[psutil.Process]:
    """The processes of ``group`` still running (a killed process may stay a
    zombie for a moment, until its new parent reaps it: it runs no more)."""
    alive = []
    for process in psutil.process_iter():
        try:
            if os.getpgid(process.pid) == group and process.status() != "zombie":
                alive.append(process)
        except (psutil.Error, ProcessLookupError):
            continue
    return alive


def browser_children(before: frozenset[int] = frozenset()) -> list[psutil.Process]:
    """The browser processes this test process started and has left running,
    except those running ``before`` (warm browsers of earlier tests' renderers,
    kept for their next image until the process exits)."""
    found = []
    for child in psutil.Process().children(recursive=True):
        if child.pid in before:
            continue
        try:
            if "chromium" in " ".join(child.cmdline()).lower():
                found.append(child)
        except psutil.Error:
            continue
    return found


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "dashboard.py"), "export", *args],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD * 2,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


# --- a bad BROWSER_PATH -------------------------------------------------------


def test_a_browser_path_that_is_a_folder_is_not_an_executable_file(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/etc")
    problem = browser_problem()
    assert "/etc is not an executable file" in problem
    assert "does not exist" not in problem
    with pytest.raises(ExportUnavailable, match="not an executable file"):
        Renderer().start()


def test_a_browser_path_to_a_file_that_cannot_run_is_named(monkeypatch, tmp_path):
    plain = tmp_path / "chromium"
    plain.write_text("not a program")
    monkeypatch.setenv("BROWSER_PATH", str(plain))
    assert f"{plain} is not an executable file" in browser_problem()
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "missing"))
    assert "does not exist" in browser_problem()


def test_a_bad_export_timeout_is_named_and_not_used(monkeypatch):
    for bad in ("soon", "0", "²", "100000"):
        monkeypatch.setenv("EXPORT_TIMEOUT", bad)
        assert "EXPORT_TIMEOUT must be a whole number" in timeout_problem(), bad
        assert Renderer().timeout == 60


def test_a_browser_that_exits_at_once_fails_fast(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/bin/false")
    before = frozenset(process.pid for process in processes_running("/bin/false"))
    started = time.monotonic()
    with pytest.raises(BrowserFailed) as failed:
        Renderer(timeout=20).render(figure(), "png", scale=1)
    assert time.monotonic() - started < HANG_GUARD
    message = str(failed.value)
    assert "/bin/false" in message and "\n" not in message
    assert not processes_running("/bin/false", before)


def test_a_browser_that_never_answers_is_killed_after_the_timeout(
    monkeypatch, mute_browser
):
    monkeypatch.setenv("BROWSER_PATH", str(mute_browser))
    monkeypatch.setenv("EXPORT_TIMEOUT", "2")
    started = time.monotonic()
    with pytest.raises(BrowserFailed, match="did not answer within 2 s") as failed:
        Renderer().render(figure(), "png", scale=1)
    assert time.monotonic() - started < HANG_GUARD
    assert failed.value.seconds == 2
    # The browser ignored SIGTERM: its whole group was killed, nothing is left.
    assert processes_running(str(mute_browser)) == []


def test_every_wait_on_the_browser_is_bounded_by_the_setting(monkeypatch):
    monkeypatch.setenv("EXPORT_TIMEOUT", "7")
    assert Renderer().timeout == 7
    monkeypatch.delenv("EXPORT_TIMEOUT")
    assert Renderer().timeout == 60


def test_the_browsers_whole_group_is_gone_after_stop():
    before = frozenset(child.pid for child in browser_children())
    with Renderer() as renderer:
        renderer.render(figure(), "png", scale=1)
        group = renderer.browser_group
        assert group is not None
        assert alive_in_group(group)
    assert alive_in_group(group) == []
    assert browser_children(before) == []


def test_a_process_that_exits_without_stopping_leaves_no_browser(tmp_path):
    """At shutdown (interpreter exit) the browser's group is killed too."""
    script = (
        "import plotly.graph_objects as go\n"
        "from exporter.images import Renderer\n"
        "r = Renderer()\n"
        "r.render(go.Figure(go.Bar(x=[1], y=[2])), 'png', scale=1)\n"
        "print(r.browser_group, flush=True)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    group = int(result.stdout.split()[-1])
    assert alive_in_group(group) == []


# --- the page's message -------------------------------------------------------


def test_the_page_names_the_failure_in_its_language():
    timeout = BrowserFailed("Chromium at /x did not answer within 2 s", seconds=2)
    for lang in ("zh", "en"):
        assert failure_message(lang, timeout) == t(
            "export.browser_timeout", lang, seconds="2"
        )
    zh = failure_message("zh", timeout)
    assert "Chromium" in zh and "2 秒" in zh
    exited = BrowserFailed("Chromium at /bin/false could not start")
    assert failure_message("zh", exited) == t("export.browser_failed", "zh")
    slow = RenderFailed("Chromium did not finish the image within 5 s", seconds=5)
    assert failure_message("en", slow) == t("export.render_timeout", "en", seconds="5")
    missing = ExportUnavailable("BROWSER_PATH=/etc is not an executable file")
    assert "apt-get install" in failure_message("zh", missing)
    other = failure_message("zh", RuntimeError("some English detail"))
    assert "English" not in other  # the page's language only


def test_the_unavailable_message_offers_only_what_exists():
    for lang in ("zh", "en"):
        text = t("export.unavailable", lang, command="x")
        assert "camera" not in text and "相机" not in text
        assert "CSV" in text


# --- the command line ---------------------------------------------------------


def test_cli_with_a_folder_as_browser_says_so_in_one_line(tmp_path):
    result = run_cli("--out", str(tmp_path / "out"), env={"BROWSER_PATH": "/etc"})
    line = one_line(result.stderr)
    assert result.returncode == 3
    assert "/etc is not an executable file" in line
    assert not (tmp_path / "out").exists()


def test_cli_with_a_browser_that_exits_at_once_fails_fast(tmp_path):
    started = time.monotonic()
    result = run_cli(
        "--out",
        str(tmp_path / "out"),
        "--format",
        "png",
        env={"BROWSER_PATH": "/bin/false"},
    )
    assert time.monotonic() - started < HANG_GUARD
    line = one_line(result.stderr.split("\r")[-1])
    assert result.returncode == 3
    assert "/bin/false" in line
    assert not list(tmp_path.rglob("*.png"))


def test_cli_with_a_browser_that_never_answers_stops_and_leaves_nothing(
    tmp_path, mute_browser
):
    result = run_cli(
        "--out",
        str(tmp_path / "out"),
        "--format",
        "png",
        env={"BROWSER_PATH": str(mute_browser), "EXPORT_TIMEOUT": "2"},
    )
    line = one_line(result.stderr.split("\r")[-1])
    assert result.returncode == 3
    assert "did not answer within 2 s" in line
    assert processes_running(str(mute_browser)) == []


# --- writing the files --------------------------------------------------------


@pytest.fixture
def watched_browser(tmp_path) -> tuple[Path, Path]:
    """A BROWSER_PATH that notes when it is started, then runs Chromium."""
    marker = tmp_path / "browser-started"
    path = tmp_path / "watched-chromium"
    path.write_text(f'#!/bin/sh\ntouch "{marker}"\nexec {browser_path()} "$@"\n')
    path.chmod(0o755)
    return path, marker


def test_cli_refuses_an_out_that_is_a_file_before_starting_chromium(
    tmp_path, watched_browser
):
    browser, marker = watched_browser
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    for out, said in ((a_file, "is a file"), (a_file / "sub", "is under a file")):
        result = run_cli("--out", str(out), env={"BROWSER_PATH": str(browser)})
        assert result.returncode == 2
        assert said in one_line(result.stderr)
    assert a_file.read_text() == "mine"
    assert not marker.exists(), "Chromium was started"


def test_cli_refuses_an_empty_out_instead_of_writing_here(tmp_path):
    before = sorted(tmp_path.iterdir())
    result = subprocess.run(
        [sys.executable, str(ROOT / "dashboard.py"), "export", "--out", ""],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "--out is empty" in one_line(result.stderr)
    assert sorted(tmp_path.iterdir()) == before


def test_cli_refuses_an_absurd_scale_naming_the_range(tmp_path):
    for scale in ("0.001", "1000", "nan", "inf", "-1"):
        result = run_cli("--out", str(tmp_path), "--scale", scale)
        assert result.returncode == 2, scale
        assert "--scale must be from 0.25 to 8" in one_line(result.stderr), scale


def cli_args(out: Path, fmt: str = "png") -> argparse.Namespace:
    return argparse.Namespace(
        out=str(out), format=fmt, lang="en", preset="square", scale=None
    )


def test_cli_reports_a_read_only_folder_before_starting_chromium(
    dataset, tmp_path, monkeypatch, capsys, watched_browser
):
    """Root may write into a folder without write permission, so a read-only
    file system is simulated where the files are opened."""
    browser, marker = watched_browser
    monkeypatch.setenv("BROWSER_PATH", str(browser))

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("exporter.images.open", read_only, raising=False)
    code = run_command(lambda: dataset, cli_args(tmp_path / "out"))
    line = one_line(capsys.readouterr().err)
    assert code == 2
    assert "cannot write to" in line and "the file system is read-only" in line
    assert not marker.exists(), "Chromium was started"
    assert not list(tmp_path.rglob("*.part"))


def test_a_full_disk_mid_export_is_one_line_and_leaves_no_part_file(
    dataset, tmp_path, monkeypatch, capsys
):
    real_fsync = os.fsync

    def full_disk(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}").endswith(".png.part"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr("exporter.images.os.fsync", full_disk)
    before = frozenset(child.pid for child in browser_children())
    code = run_command(lambda: dataset, cli_args(tmp_path))
    line = one_line(capsys.readouterr().err.split("\r")[-1])
    assert code == 2
    assert "cannot write" in line and "the disk is full" in line
    assert not list(tmp_path.rglob("*.part"))
    assert not list(tmp_path.rglob("*.png"))
    assert browser_children(before) == []


def test_atomic_write_removes_its_part_file_on_any_failure(tmp_path, monkeypatch):
    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("exporter.images.os.fsync", full_disk)
    with pytest.raises(OSError):
        atomic_write(tmp_path / "chart.png", b"data")
    assert list(tmp_path.iterdir()) == []


def default_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_the_export_at_once_and_cleanly(tmp_path):
    mark = uuid.uuid4().hex
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "dashboard.py"), "export", "--out", str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "EXPORT_TEST_MARK": mark},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # As a terminal starts it: a test run started in the background by a
        # script has Ctrl+C ignored, and a child would inherit that.
        preexec_fn=default_ctrl_c,
    )
    seen = b""
    try:
        while b"] 1/" not in seen:  # the first file is written
            byte = process.stderr.read(1)
            assert byte, seen.decode(errors="replace")
            seen += byte
        process.send_signal(signal.SIGINT)
        interrupted = time.monotonic()
        _, rest = process.communicate(timeout=HANG_GUARD)
        stopped_within = time.monotonic() - interrupted
    finally:
        if process.poll() is None:
            process.kill()
    stderr = (seen + rest).decode()
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    # The export's own last line; the renderer's thread may still note, in a
    # log line of its own, what failed on its loop as it stopped.
    own = [
        line for line in stderr.splitlines() if not line.startswith("chart renderer")
    ]
    assert "Export stopped: interrupted" in own[-1]
    assert stopped_within < 10  # a guard against waiting on the browser
    assert not list(tmp_path.rglob("*.part"))
    assert marked_processes(mark) == []


def marked_processes(mark: str) -> list[psutil.Process]:
    """Processes whose environment holds EXPORT_TEST_MARK=``mark``."""
    found = []
    for process in psutil.process_iter():
        try:
            if process.environ().get("EXPORT_TEST_MARK") == mark:
                found.append(process)
        except psutil.Error:
            continue
    return found


def test_a_failed_export_leaves_no_folder_of_its_own(monkeypatch, tmp_path, dataset):
    from exporter.cli import run_command

    monkeypatch.setenv("BROWSER_PATH", "/bin/false")
    out = tmp_path / "new" / "charts"
    args = argparse.Namespace(
        format="png", out=str(out), lang="zh", preset="slide", scale=None
    )
    assert run_command(lambda: dataset, args) != 0
    assert not (tmp_path / "new").exists()  # both folders it made are gone
    kept = tmp_path / "kept"
    kept.mkdir()
    args.out = str(kept)
    assert run_command(lambda: dataset, args) != 0
    assert kept.is_dir()  # a folder that was there stays
