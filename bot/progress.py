"""Progress for long runs: a bar on a terminal, a log line every few seconds otherwise."""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

log = logging.getLogger("lib1ref")


class Progress:
    """`update(fraction, detail)` shows the fraction of *what* `unit` says ("of the time
    span"): a scan knows how far through time it has read, not how much work is left, and
    says so rather than a bare percentage that reads as work done. `bar=False`: log lines
    even on a terminal (several wikis at once would draw over each other's bar)."""

    def __init__(
        self,
        label: str,
        stream: TextIO | None = None,
        every: float = 5.0,
        unit: str = "",
        *,
        bar: bool = True,
    ) -> None:
        self.label = label
        self.unit = f" {unit}" if unit else ""
        self.stream = stream or sys.stderr
        self.tty = bar and self.stream.isatty()
        self.every = every
        self._last = time.monotonic()
        self._drawn = False

    def update(self, fraction: float, detail: str) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        now = time.monotonic()
        if self.tty:
            filled = int(fraction * 30)
            bar = "#" * filled + "-" * (30 - filled)
            self.stream.write(f"\r{self.label} [{bar}] {fraction:4.0%}{self.unit}, {detail}\x1b[K")
            self.stream.flush()
            self._drawn = True
        elif now - self._last >= self.every:
            log.info("%s: %.0f%%%s, %s", self.label, fraction * 100, self.unit, detail)
            self._last = now

    def done(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False
