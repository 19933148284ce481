import pytest

from bot.exclusion import bots_allowed

CASES = [
    ("", True),
    ("Hello", True),
    ("{{nobots}}", False),
    ("{{NoBots}}", False),
    ("{{bots}}", True),
    ("{{bots|deny=all}}", False),
    ("{{bots|deny=Lib1RefBot}}", False),
    ("{{bots|deny=lib1refbot, OtherBot}}", False),
    ("{{bots|deny=OtherBot}}", True),
    ("{{bots|deny=none}}", True),
    ("{{bots|allow=none}}", False),
    ("{{bots|allow=OtherBot}}", False),
    ("{{bots|allow=Lib1RefBot}}", True),
    ("{{bots|allow=all}}", True),
    ("{{bots|optout=all}}", False),
    ("{{bots|optout=lib1ref-welcome}}", False),
    ("{{bots|optout=nosource,lib1ref-welcome}}", False),
    ("{{bots|optout=nosource}}", True),
    ("text {{bots|deny=OtherBot}} more {{nobots}}", False),
]


@pytest.mark.parametrize(("text", "allowed"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_exclusion(text: str, allowed: bool) -> None:
    assert bots_allowed(text, "Lib1RefBot", "lib1ref-welcome") is allowed
