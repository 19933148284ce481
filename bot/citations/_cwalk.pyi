def walk(
    text: str,
    pos: int,
    until: int,
    horizon: int,
    los: list[int],
    his: list[int],
    horizons: list[int],
    memo: object,
) -> tuple[int, int, int, bool]: ...
def memo(text: str) -> object: ...
