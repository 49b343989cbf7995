"""Web benchmark: gunicorn serving the bundled curriculum, loaded by wrk over loopback.

Targets (2-core machine): a lesson page at 64 concurrent connections, p99 <= 30 ms and >= 1,000
requests/s; search p99 <= 10 ms. Needs `wrk` (Debian package). Run: .venv/bin/python bench/bench_web.py
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from sysdojo.cli import default_workers

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer at {url}")


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, *, connections: int, seconds: int, threads: int, cookie: str = "") -> dict[str, float]:
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", *headers, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    latency = {p: _ms(v, u) for p, v, u in re.findall(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": latency["50"],
        "p90": latency["90"],
        "p99": latency["99"],
        "non2xx": float(errors.group(1)) if errors else 0.0,
    }


def reader_cookie(base: str) -> str:
    """The cookies of a reader who has marked a page: every page they open is rendered for them."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(base + "/csrf").close()
    token = next(c.value for c in jar if c.name == "csrftoken")
    request = urllib.request.Request(
        base + "/learn/caching/status",
        data=b"status=learning",
        headers={"X-CSRFToken": token, "Referer": base + "/learn/caching/"},
    )
    opener.open(request).close()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=default_workers(), help="default: one per core")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--worker-class", default="gthread", help="gunicorn worker class (sync, gthread)")
    parser.add_argument("--worker-threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument(
        "--search-connections", type=int, default=1, help="connections for the search latency run"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    data = Path(tempfile.mkdtemp(prefix="sysdojo-bench-web-"))
    env = {
        **os.environ,
        "SYSDOJO_DATA_DIR": str(data),
        "SYSDOJO_DEBUG": "0",
        "SYSDOJO_ALLOWED_HOSTS": "127.0.0.1",
    }
    subprocess.run([BIN / "sysdojo", "content", "sync"], check=True, env=env, capture_output=True)
    subprocess.run([BIN / "sysdojo", "manage", "collectstatic", "--noinput", "-v0"], check=True, env=env)
    port = _free_port()
    server = subprocess.Popen(
        [
            BIN / "gunicorn",
            "sysdojo.web.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "--log-level",
            "warning",
            "--no-control-socket",
            "--reuse-port",  # as `sysdojo serve`: a socket per worker, connections spread evenly
            "-k",
            args.worker_class,
            "--threads",
            str(args.worker_threads),
        ],
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/learn/caching/")
        # (name, path, connections, p99 target ms, throughput target req/s). The lesson target is the
        # issue's "64 concurrent connections"; search's p99 target is the latency one searcher sees, so
        # it is measured with one connection (at 64, queueing alone would add 64 / throughput to each).
        conns = args.connections
        reader = reader_cookie(base)
        # The last field is the Cookie header: a first-time visitor sends none and gets the shared page.
        cases = [
            ("lesson page", "/learn/caching/", conns, 30.0, 1000.0, ""),
            ("lesson, reader", "/learn/caching/", conns, 0.0, 0.0, reader),
            ("Learn page", "/", conns, 60.0, 0.0, ""),
            ("search API", "/api/search?q=consistent%20hashing", args.search_connections, 10.0, 0.0, ""),
            ("search page", "/search/?q=cache%20stampede", args.search_connections, 30.0, 0.0, ""),
        ]
        failed = False
        print(
            f"gunicorn, {args.workers} {args.worker_class} workers x {args.worker_threads} threads; "
            f"wrk {args.threads} threads, {args.seconds} s each, on {os.cpu_count()} cores"
        )
        for name, path, connections, p99_target, rps_target, cookie in cases:
            run = {"connections": connections, "threads": args.threads, "cookie": cookie}
            wrk(base + path, seconds=2, **run)  # type: ignore[arg-type]  # warm-up
            r = wrk(base + path, seconds=args.seconds, **run)  # type: ignore[arg-type]
            ok = (not p99_target or r["p99"] <= p99_target) and r["rps"] >= rps_target and r["non2xx"] == 0
            failed |= not ok
            target = f"p99 <= {p99_target:g} ms" if p99_target else "no target"
            target += f", >= {rps_target:,.0f} req/s" if rps_target else ""
            print(
                f"{name:14} c={connections:<3} {r['rps']:8,.0f} req/s  p50 {r['p50']:6.2f} ms  "
                f"p90 {r['p90']:6.2f} ms  p99 {r['p99']:6.2f} ms  [{target}] {'ok' if ok else 'MISSED'}"
            )
        return 1 if failed else 0
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
