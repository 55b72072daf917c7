"""What every figure group works with: the emulator, the bench's own API client, the request
clock, the sizes, a scratch directory, fresh kernels and the shared JupyterLab + Chromium."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.browser import LabSession
from bench.clock import RequestClock
from bench.config import Sizes
from bench.kernel import Kernel, kernel_env
from bench.seed import Api
from puffle_widgets.emulator import Emulator

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Context:
    """Shared by the figure groups of one `python -m bench` run."""

    emu: Emulator
    api: Api
    clock: RequestClock
    sizes: Sizes
    state: Path
    lab: LabSession

    def scratch(self, prefix: str) -> Path:
        """A new directory under the run's state directory."""
        path = Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir=self.state)).resolve()
        (path / "ipython").mkdir()
        (path / "runtime").mkdir()
        return path

    def kernel_env(self, state: Path) -> dict[str, str]:
        """A kernel's environment: the emulator's URL and key, isolated IPython state."""
        return kernel_env(self.emu.env(), state)

    def kernel(self) -> Kernel:
        """A fresh kernel that sees the emulator (use with `with`)."""
        state = self.scratch("kernel")
        return Kernel(self.kernel_env(state), state)

    def at_latency(self, seconds: float) -> None:
        """Tasks started from now on take `seconds`."""
        self.emu.latency = seconds
