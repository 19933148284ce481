"""Progress says what its percentage is a share of."""

from __future__ import annotations

import io

from bot.progress import Progress


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_percentage_names_what_it_measures() -> None:
    stream = Tty()
    progress = Progress("scan c w", stream, unit="of the time span read")
    progress.update(1.0, "up to 2027-01-20T10:00:00Z: 40 changes, 3 matched")
    progress.done()
    shown = stream.getvalue()
    assert "100% of the time span read, up to 2027-01-20T10:00:00Z: 40 changes" in shown
    plain = Tty()
    Progress("x", plain).update(0.5, "half")
    assert " 50%, half" in plain.getvalue()
