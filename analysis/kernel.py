"""The notebook's kernel: a python3 kernel of this interpreter, started ahead of the notebook.

Light on purpose (jupyter_client only): ``newsbrief run`` starts the kernel before it imports
nbconvert and papermill, so that the kernel's own start-up and imports (pandas, matplotlib,
seaborn: seconds) overlap with them and with the analysis check.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager


class CurrentInterpreterKernelManager(AsyncKernelManager):
    """Start the ``python3`` kernel with *this* interpreter, whatever kernelspec is on the path."""

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        if "-m" in cmd:  # [python, -m, ipykernel_launcher, -f, conn] -> current interpreter
            # log_level: the kernel's start-up chatter (e.g. "running over TCP") is not for the
            # user of a CLI; errors in cells still reach them as RenderError
            return [sys.executable, *cmd[cmd.index("-m"):], "--IPKernelApp.log_level=ERROR"]
        return cmd


class WarmKernel:
    """A python3 kernel started (and ``preload`` imported) in a thread while newsbrief imports the
    rest of what it needs and checks (or makes) the analysis tables.

    Kernel start-up and the imports of pandas/matplotlib/seaborn take seconds that need not wait
    for the corpus to be parsed. Only imports are run ahead: the notebook's cells and variables
    all come from papermill's execution, so the executed notebook is the whole story. A context
    manager: leaving it shuts the kernel down.
    """

    def __init__(self, cwd: Path, preload: str = "import analysis.briefing"):
        self.km = CurrentInterpreterKernelManager(kernel_name="python3")
        self.error: BaseException | None = None
        self._cwd, self._preload = cwd, preload
        self._thread = threading.Thread(target=self._run, name="newsbrief-kernel", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            asyncio.run(self._start())
        except BaseException as exc:  # reported by ready(): the caller starts a fresh kernel instead
            self.error = exc

    async def _start(self) -> None:
        await self.km.start_kernel(cwd=str(self._cwd))
        kc = self.km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            await kc.execute_interactive(self._preload, store_history=False, silent=True, timeout=60)
        finally:
            kc.stop_channels()

    def ready(self) -> AsyncKernelManager | None:
        """The started kernel manager, or None (after cleaning up) if the warm-up failed."""
        self._thread.join()
        if self.error is None and self.km.has_kernel:
            return self.km
        self.shutdown()
        return None

    def __enter__(self) -> "WarmKernel":
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()

    def shutdown(self) -> None:
        """Stop the kernel (again: nothing)."""
        self._thread.join()
        try:
            if self.km.has_kernel:
                asyncio.run(self.km.shutdown_kernel(now=True))
        except Exception:  # the kernel is gone already; nothing a user can do about it
            pass
