"""One gunicorn server for the benchmark: started with the project's gunicorn.conf.py and
production settings, waited on until it answers, and asked for its workers' peak memory."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _status(pid):
    """/proc/<pid>/status as a dict of its fields (strings)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:  # gone meanwhile
        return {}
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


class Gunicorn:
    def __init__(self, *, env, port, log_path):
        self.env = env
        self.port = port
        self.log_path = Path(log_path)
        self.process = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603
            # The control socket is left out: its one default path is shared by every
            # gunicorn on the machine, and the benchmark has no use for it.
            [
                *(sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"),
                *("--no-control-socket", "breakingeven.wsgi"),
            ],
            cwd=ROOT,
            env={**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def _wait_until_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early; see {self.log_path}")
            try:
                with urlopen(f"{self.base_url}/_bench/ceiling/", timeout=30) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (URLError, ConnectionError, TimeoutError):  # not listening, or still booting
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log_path}")

    def worker_pids(self):
        master = str(self.process.pid)
        return [
            int(entry.name)
            for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and _status(entry.name).get("PPid", "").strip() == master
        ]

    def worker_cpu_seconds(self):
        """CPU time (user + system) the live workers have used so far."""
        ticks = 0
        for pid in self.worker_pids():
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
            ticks += int(fields[11]) + int(fields[12])  # utime and stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def worker_peak_rss_mb(self):
        """The largest peak resident set size (VmHWM) among the live workers, in MB."""
        peaks = [_status(pid).get("VmHWM", "0 kB").split()[0] for pid in self.worker_pids()]
        return max((int(kb) for kb in peaks), default=0) / 1024


def child_env(**overrides):
    """The environment for manage.py and gunicorn: the caller's, minus anything that would
    point them at another site's services, plus the benchmark's settings."""
    # GUNICORN_WORKERS and GUNICORN_THREADS stay: they are the deployment's own sizing.
    passed_on = ("GUNICORN_WORKERS", "GUNICORN_THREADS")
    env = {
        k: v
        for k, v in os.environ.items()
        if k in passed_on or not k.startswith(("GUNICORN_", "RATE_LIMIT_"))
    }
    env.update(overrides)
    return env
