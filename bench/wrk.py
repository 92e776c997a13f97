"""Drive `wrk` and read its results.

wrk reports through a Lua `done` hook appended to every script: it prints one line of JSON
(requests, duration, p50/p99 latency in microseconds, error counts) that `parse` reads back,
which is sturdier than scraping wrk's human-readable summary.
"""

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

MARKER = "BENCH_RESULT "

DONE_HOOK = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    "MARKER", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
""".replace("MARKER", MARKER)


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int  # socket errors and timeouts
    bad_status: int  # responses with a status of 400 or more
    cpu_ms: float | None = None  # gunicorn workers' CPU time per request, when known
    # The ceiling as loaded in turn with this target (bench.run), to compare it with.
    ceiling: "Result | None" = None

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds else 0.0


def lua_string(value):
    """A Lua string literal for any text (wrk scripts carry headers and form bodies)."""
    plain = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.:/=&%+;,@")
    escaped = "".join(chr(byte) if byte in plain else f"\\{byte:03d}" for byte in value.encode())
    return f'"{escaped}"'


def script(*, method="GET", headers=None, body=None, counter=False):
    """The Lua for one kind of request, with the reporting hook.

    With `counter`, each request's body ends with " <n>" (form-encoded), n counting up
    from a start taken from the clock.
    """
    lines = [f"wrk.method = {lua_string(method)}"]
    for name, value in (headers or {}).items():
        lines.append(f"wrk.headers[{lua_string(name)}] = {lua_string(value)}")
    if body is not None:
        lines.append(f"wrk.body = {lua_string(body)}")
    if counter:
        lines += [
            # Counting from the clock keeps bodies unique across runs (warm-up, then load).
            "local sent = (os.time() % 1000000) * 100000",
            "request = function()",
            "  sent = sent + 1",
            '  return wrk.format(nil, nil, nil, wrk.body .. "+" .. sent)',
            "end",
        ]
    return "\n".join(lines) + "\n" + DONE_HOOK


def parse(output):
    """Read the `done` hook's line out of wrk's output."""
    for line in output.splitlines():
        if line.startswith(MARKER):
            data = json.loads(line[len(MARKER) :])
            return Result(
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                p50_ms=data["p50_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
                errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
                bad_status=data["status"],
            )
    raise ValueError(f"wrk printed no result line:\n{output}")


def run(url, lua, *, seconds, connections, threads=1, workdir):
    """Load `url` for `seconds` with the request described by the Lua text `lua`."""
    path = Path(workdir) / "request.lua"
    path.write_text(lua)
    command = [
        shutil.which("wrk") or "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={path}",
        url,
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return parse(completed.stdout)
