"""Throughput under concurrent load: gunicorn with 2 workers on loopback, bounded in time."""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 8
DURATION_S = float(os.environ.get("BENCH_LOAD_SECONDS", "8"))
MAX_REQUESTS = 50_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(dsn: str, port: int, replay: list[str]) -> subprocess.Popen:
    """gunicorn with 2 sync workers serving the benchmark URLs on 127.0.0.1:port."""
    env = {
        **os.environ,
        "DATABASE_URL": dsn,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "BENCH_REPLAY": "\x1e".join(replay),
        "DATABASE_CONN_MAX_AGE": "60",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "backend.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start within 30 s")


def hammer(port: int, path: str, headers: dict) -> float:
    """Requests per second over CONNECTIONS keep-alive connections for DURATION_S."""
    done = [0]
    stop = time.monotonic() + DURATION_S
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop and done[0] < MAX_REQUESTS:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path} answered {response.status}")
            with lock:
                done[0] += 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.monotonic() - started)


def throughput(dsn: str, path: str, token: str, replay: list[str]) -> dict:
    """Requests/s of `path` and of the F1 view replaying its SQL, alternated twice."""
    port = free_port()
    server = start_server(dsn, port, replay)
    headers = {"Authorization": f"Token {token}", "Host": "127.0.0.1"}
    try:
        subject, floor = [], []
        for _ in range(2):
            floor.append(hammer(port, "/bench/f1/", headers))
            subject.append(hammer(port, path, headers))
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {"subject_rps": max(subject), "f1_rps": max(floor)}
