"""A JupyterLab server (Lab and Notebook 7) for the browser tests and the bench.

The server and its kernels write only under one state directory (`isolated_env`); it serves
`<state>/notebooks` on a free loopback port with a token of its own, logs to
`<state>/jupyter-server.log`, and counts as started once `/api/status` answers.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# In a JupyterLab page: true once a kernel is attached and idle. The execution indicator says
# idle before any kernel exists (a Run All clicked then is dropped), hence the name check too.
LAB_KERNEL_READY = """() => {
  const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
  const status = indicator?.getAttribute('data-status');
  const name = document.querySelector('.jp-KernelName')?.textContent?.trim();
  return status === 'idle' && !!name && name !== 'No Kernel';
}"""


def free_port() -> int:
    """A loopback TCP port that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """Terminate `proc`; kill it if it has not exited 20 s later."""
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def isolated_env(state: Path, base: Mapping[str, str]) -> dict[str, str]:
    """`base`, with Jupyter, JupyterLab, IPython and XDG state kept under `state`, this venv
    first on PATH (kernelspecs run `python`) and loopback never sent through a proxy."""
    env = dict(base)
    env.update(
        JUPYTER_CONFIG_DIR=str(state / "config"),
        JUPYTER_DATA_DIR=str(state / "data"),
        JUPYTER_RUNTIME_DIR=str(state / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(state / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(state / "workspaces"),
        IPYTHONDIR=str(state / "ipython"),
        XDG_CONFIG_HOME=str(state / "xdg-config"),
        XDG_CACHE_HOME=str(state / "xdg-cache"),
        XDG_STATE_HOME=str(state / "xdg-state"),
        XDG_DATA_HOME=str(state / "xdg-data"),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{base.get('PATH', '')}",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    return env


def write_lab_settings(settings: Path, *, save_widget_state: bool) -> None:
    """No news pop-up or update check; with `save_widget_state`, widget state saved with the
    notebook, as `make install` sets up through `.venv/share/jupyter/lab/settings/overrides.json`
    (repeated here: that file may be missing)."""
    plugins: dict[str, dict[str, Any]] = {
        "@jupyterlab/apputils-extension/notification": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    if save_widget_state:
        plugins["@jupyter-widgets/jupyterlab-manager/plugin"] = {"saveState": True}
    for plugin, values in plugins.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@dataclass
class JupyterServer:
    """A running Jupyter server (Lab and Notebook 7) serving `root`."""

    base_url: str
    token: str
    root: Path
    log: Path
    proc: subprocess.Popen[bytes] = field(repr=False)

    def request(self, method: str, path: str) -> Any:
        """A call to the server's REST API; its JSON answer, or None for an empty one."""
        req = urllib.request.Request(
            f"{self.base_url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def url(self, ui: str, notebook: str, workspace_prefix: str = "ci") -> str:
        """Lab opens a fresh workspace each time, so no tab of an earlier page is restored."""
        if ui == "lab":
            workspace = f"{workspace_prefix}-{secrets.token_hex(4)}"
            path = f"/lab/workspaces/{workspace}/tree/{notebook}"
            return f"{self.base_url}{path}?token={self.token}&reset"
        if ui == "notebook":
            return f"{self.base_url}/notebooks/{notebook}?token={self.token}"
        raise ValueError(f"unknown ui {ui!r}")

    def shutdown_kernels(self) -> None:
        """Delete every kernel session (and any kernel left without one)."""
        for session in self.request("GET", "/api/sessions"):
            with contextlib.suppress(urllib.error.HTTPError):
                self.request("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.request("GET", "/api/kernels"):
            with contextlib.suppress(urllib.error.HTTPError):
                self.request("DELETE", f"/api/kernels/{kernel['id']}")

    def stop(self) -> None:
        """Stop the server (its kernels go with it)."""
        stop_process(self.proc)


def start_lab(
    state: Path, env: Mapping[str, str], *, timeout: float, save_widget_state: bool
) -> JupyterServer:
    """A Jupyter server started in `env` (see `isolated_env(state, ...)`), once it answers;
    stopped again if it does not within `timeout` seconds."""
    root = state / "notebooks"
    root.mkdir(parents=True, exist_ok=True)
    write_lab_settings(state / "settings", save_widget_state=save_widget_state)
    log = state / "jupyter-server.log"
    token = secrets.token_hex(16)
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={free_port()}",
        "--ServerApp.port_retries=50",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.allow_root=True",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=root, stdout=out, stderr=subprocess.STDOUT)
    try:
        base_url = _wait_for_server(proc, token, state / "runtime", log, timeout)
    except BaseException:
        stop_process(proc)
        raise
    return JupyterServer(base_url, token, root, log, proc)


def _wait_for_server(
    proc: subprocess.Popen[bytes], token: str, runtime: Path, log: Path, timeout: float
) -> str:
    """The server's URL from its runtime file, once `/api/status` answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"jupyter server exited:\n{log.read_text()}")
        for info_file in runtime.glob("jpserver-*.json"):
            with contextlib.suppress(ValueError, OSError, KeyError):
                base = json.loads(info_file.read_text())["url"].rstrip("/")
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).close()
                return str(base)
        time.sleep(0.1)  # polling a subprocess's startup: there is no event to await
    raise RuntimeError(f"jupyter server not ready in {timeout:g} s:\n{log.read_text()}")
