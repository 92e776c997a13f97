import http.server
import re
import shutil
import threading

import pytest

from bench import wrk

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/
  1 threads and 4 connections
  5000 requests in 10.00s, 50.00MB read
BENCH_RESULT {"requests":5000,"duration_us":10000000,"p50_us":1500,"p99_us":9250,\
"connect":0,"read":1,"write":0,"status":3,"timeout":2}
"""


def decode_lua(literal):
    """Undo lua_string: decimal escapes back to bytes."""
    body = literal[1:-1]
    raw = re.sub(r"\\(\d{3})", lambda m: chr(int(m.group(1))), body)
    return raw.encode("latin-1").decode()


def test_reads_the_done_hooks_line():
    """Requests per second and latency percentiles come from the hook's JSON."""
    result = wrk.parse(WRK_OUTPUT)
    assert result.rps == 500
    assert (result.p50_ms, result.p99_ms) == (1.5, 9.25)
    assert result.errors == 3
    assert result.bad_status == 3


def test_missing_result_line_is_an_error():
    """If wrk printed no result (it failed), the harness says so instead of reporting zeros."""
    with pytest.raises(ValueError, match="no result line"):
        wrk.parse("unable to connect to 127.0.0.1:8000 Connection refused\n")


def test_lua_strings_survive_any_text():
    """Quotes, backslashes, newlines and non-ASCII text are escaped and come back intact."""
    text = 'a "quoted" \\ back\nslash, héllo & csrftoken=abc;'
    literal = wrk.lua_string(text)
    assert literal.startswith('"') and literal.endswith('"')
    assert '"' not in literal[1:-1] and "\n" not in literal
    assert decode_lua(literal) == text


def test_script_sets_method_headers_and_body_and_reports():
    """A POST script carries its method, headers and body, and always the reporting hook."""
    lua = wrk.script(method="POST", headers={"Cookie": "csrftoken=x"}, body="a=1")
    assert 'wrk.method = "POST"' in lua
    assert 'wrk.headers["Cookie"] = "csrftoken=x"' in lua
    assert 'wrk.body = "a=1"' in lua
    assert wrk.MARKER in lua and "done = function" in lua


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_counter_makes_every_body_unique(tmp_path):
    """With a counter, wrk sends each POST with a body of its own, whole numbers only."""
    bodies = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            bodies.append(self.rfile.read(int(self.headers["Content-Length"])).decode())
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        lua = wrk.script(method="POST", body="a=1&message=hi", counter=True)
        url = f"http://127.0.0.1:{server.server_port}/"
        wrk.run(url, lua, seconds=1, connections=1, workdir=tmp_path)
    finally:
        server.shutdown()
    assert len(bodies) > 1
    assert len(set(bodies)) == len(bodies)
    assert all(re.fullmatch(r"a=1&message=hi\+\d+", body) for body in bodies)
