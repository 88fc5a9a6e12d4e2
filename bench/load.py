"""Throughput under gunicorn: 2 workers, 16 concurrent connections, loopback only."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.common import ROOT, SECRET
from bench.latency import percentile


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def throughput(url: str, paths: list[str], args) -> dict:
    """Requests per second over ``paths`` (each request the next one: a different filter
    combination every time): gunicorn, 2 workers, 16 connections, loopback only."""
    path = paths[0]
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=SECRET)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "tracker:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(base + path, timeout=60) as response:
                    response.read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            return {"measured": False, "reason": "gunicorn did not start"}
        if shutil.which("wrk"):
            script = Path(tempfile.mkstemp(suffix=".lua")[1])
            script.write_text(
                "paths = {" + ", ".join(json.dumps(p) for p in paths) + "}\ni = 0\n"
                "request = function() i = i + 1; return wrk.format('GET', paths[(i % #paths) + 1]) end\n"
            )
            output = subprocess.run(
                [
                    "wrk",
                    "-t2",
                    "-c16",
                    f"-d{args.load_seconds}s",
                    "--timeout",
                    "30s",
                    "--latency",
                    "-s",
                    str(script),
                    base,
                ],
                capture_output=True,
                text=True,
                timeout=args.load_seconds + 60,
            ).stdout
            script.unlink()
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
            p50 = re.search(r"50%\s+([\d.]+)(\w+)", output)
            return {
                "measured": True,
                "tool": "wrk -t2 -c16",
                "rps": rps,
                "seconds": args.load_seconds,
                "p50_under_load": f"{p50.group(1)} {p50.group(2)}" if p50 else None,
            }
        return _python_load([base + p for p in paths], args.load_seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _python_load(targets: list[str], seconds: int) -> dict:
    # A bounded pool of 16 threads, each keeping one request in flight, for a fixed time.
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    turn = itertools.count()

    def worker() -> None:
        while time.monotonic() < deadline:
            target = targets[next(turn) % len(targets)]
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(target, timeout=60) as response:
                    response.read()
                with lock:
                    latencies.append(time.perf_counter() - started)
            except OSError:
                with lock:
                    errors[0] += 1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        for _ in range(16):
            pool.submit(worker)
    elapsed = time.monotonic() - started
    return {
        "measured": True,
        "tool": "Python thread pool, 16 connections",
        "rps": round(len(latencies) / elapsed, 1),
        "seconds": round(elapsed, 1),
        "errors": errors[0],
        "p50_under_load": f"{percentile(latencies, 0.5) * 1000:.0f} ms" if latencies else None,
    }
