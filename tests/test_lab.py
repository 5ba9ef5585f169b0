"""`make lab`: JupyterLab on the book, with the project's interpreter as the kernel.

Starts the server as `make lab` does (from book/, loopback only, on a free port), checks its status
endpoint, starts a kernel through the REST API and runs code in it over the kernel's websocket, then
shuts everything down. Skipped when JupyterLab is not installed (`make lab` or `make lab-env`
installs it from requirements-lab.txt; CI does).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest

from minirepro import book

pytest.importorskip("jupyterlab", reason="JupyterLab is not installed: `make lab-env` installs requirements-lab.txt")
websocket = pytest.importorskip("tornado.websocket")

TOKEN = uuid.uuid4().hex


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(base: str, path: str, method: str = "GET", body: dict | None = None) -> dict:
    request = urllib.request.Request(f"{base}{path}", method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


@pytest.fixture(scope="module")
def lab():
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINIREPRO_")}  # as `make lab`: book scale, seed 0
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={TOKEN}", *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=book.root() / "book", env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                _api(base, "/api/status")
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"JupyterLab exited: {server.stderr.read()[-2000:]}")
                time.sleep(0.25)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


async def _run(base: str, kernel_id: str, code: str) -> str:
    """Execute ``code`` in the kernel over its websocket; return what it printed."""
    url = base.replace("http", "ws", 1) + f"/api/kernels/{kernel_id}/channels?token={TOKEN}"
    conn = await websocket.websocket_connect(url)
    msg_id = uuid.uuid4().hex
    await conn.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True}}))
    printed = []
    while True:
        msg = json.loads(await asyncio.wait_for(conn.read_message(), timeout=60))
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            printed.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            printed.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")
        elif msg["msg_type"] == "execute_reply":
            conn.close()
            return "".join(printed)


def test_lab_serves_the_book_and_runs_minirepro_in_its_kernel(lab):
    assert "started" in _api(lab, "/api/status")
    assert any(item["name"] == "catalogue.yaml" for item in _api(lab, "/api/contents")["content"]), \
        "the server starts in book/"
    kernel = _api(lab, "/api/kernels", "POST", {"name": "python3"})
    try:
        out = asyncio.run(_run(lab, kernel["id"], "import sys, minirepro\nprint(minirepro.config.current())\n"
                                                     "print(sys.executable)"))
    finally:
        _api(lab, f"/api/kernels/{kernel['id']}", "DELETE")
    current, executable = out.strip().splitlines()
    assert current == "scale=book seed=0 device=cpu"
    assert executable == sys.executable, "the kernel runs the project's interpreter"
