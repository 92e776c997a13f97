"""`make lighthouse`: Lighthouse's four scores for the home page and an article of the demo site.

A measurement, not a test: it serves the demo content from a throwaway SQLite database on a free
port, runs Lighthouse (npm) in Debian's Chromium against each page, prints the scores and what
cost points, and stops the server. `--keep DIR` keeps each page's full report and trace in DIR,
for finding what a lost point comes from (open the trace in Chromium's Performance panel).
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.browser.pages import PAGES  # noqa: E402 (needs ROOT on the path)

MEASURED = [page for page in PAGES if page.name in ("home", "article")]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-quic"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("The demo site stopped before it answered.")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own local server)
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"The demo site did not answer at {url} within {seconds} s.")


def measure(url, folder, *, keep=False, attempts=2):
    """Run Lighthouse on one address; return its JSON report.

    A starved machine can make a run time out, so a failed run is tried once more.
    """
    report = Path(folder) / "report.json"
    command = [
        LIGHTHOUSE,
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        *(["--save-assets"] if keep else []),
    ]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM", "/usr/bin/chromium")}
    for attempt in range(1, attempts + 1):
        run = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if run.returncode == 0:
            return json.loads(report.read_text())
        print(f"Lighthouse failed on {url} (attempt {attempt}):\n{run.stderr[-2000:]}")
    sys.exit(1)


def lost_points(report, category):
    """Titles of the scored audits that did not pass in one category."""
    audits = report["audits"]
    return [
        audits[ref["id"]]["title"]
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0
        and (audits[ref["id"]]["score"] or 0) < 0.9
        and audits[ref["id"]]["scoreDisplayMode"] in ("binary", "numeric", "metricSavings")
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", metavar="DIR", type=Path, help="keep reports and traces here")
    keep = parser.parse_args().keep
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is missing: run `npm ci --ignore-scripts` first.")
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DEBUG": "true",  # runserver serves the demo's uploaded images too
            "DATABASE_URL": f"sqlite:///{folder}/demo.sqlite3",
            "MEDIA_ROOT": f"{folder}/media",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate", "--noinput", "-v0"], ["load_demo"]):
            subprocess.run([*manage, *command], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + "/", server)
            results = {}
            for page in MEASURED:
                out = keep / page.name if keep else Path(folder)
                out.mkdir(parents=True, exist_ok=True)
                results[page.name] = measure(base + page.path, out, keep=bool(keep))
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(f"\n{'page':<10}" + "".join(f"{category:>16}" for category in CATEGORIES))
    for name, report in results.items():
        scores = [round(report["categories"][category]["score"] * 100) for category in CATEGORIES]
        print(f"{name:<10}" + "".join(f"{score:>16}" for score in scores))
    for name, report in results.items():
        # Lighthouse's CPU benchmark: a busy or slow machine scores low, and performance with it.
        print(f"  {name}: CPU benchmark index {report['environment']['benchmarkIndex']:.0f}")
        for category in CATEGORIES:
            for title in lost_points(report, category):
                print(f"  {name} / {category}: {title}")


if __name__ == "__main__":
    main()
