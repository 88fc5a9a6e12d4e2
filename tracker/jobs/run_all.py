"""``python -m tracker.jobs.run_all``: the web server and a worker together (``make run``).

Starts ``flask run`` and ``flask worker`` as child processes. Ctrl-C (or SIGTERM) stops
both; if either stops on its own, the other is stopped too and the exit code says
which failed. Production runs them separately (see "Production" in README.md).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="5000")
    parser.add_argument("--workers", default="2", help="threads of the worker")
    args = parser.parse_args(argv)
    flask = [sys.executable, "-m", "flask", "--app", "tracker"]
    children = {
        "web": subprocess.Popen(flask + ["run", "--host", args.host, "--port", args.port]),
        "worker": subprocess.Popen(flask + ["worker", "--workers", args.workers]),
    }
    stopping = False

    def stop(_signum=None, _frame=None):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, child in children.items():
            code = child.poll()
            if code is not None:
                print(f"run_all: the {name} process stopped (exit code {code}); stopping the other.", file=sys.stderr)
                exit_code = code or 1
                stopping = True
                break
        time.sleep(0.3)
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    return exit_code


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
