"""Examples files saved by the page ("Save my examples", site/examples.py) as one more pen source:
`nox -s train -- --pen-file FILE`, once per file.

One file is one writer (the files' own writer numbers are not kept: each device's file says
writer 1), numbered in the order given. Like the other sources it is split by writer: every fifth
file is held out (writers 5, 10...), so one to four files are all trained on.
"""

from pathlib import Path

from . import page  # noqa: F401  (puts the page's modules, site/, on the path)
from .idx import DataError
from .pendigits import PenDigit
from .pens import PenSource

NAME = "pen-files"
HELD_OUT_EVERY = 5


def held_out_writers(count: int) -> tuple[int, ...]:
    """The writers (files, numbered from 1) held out of training among `count`."""
    return tuple(range(HELD_OUT_EVERY, count + 1, HELD_OUT_EVERY))


def load_pen_files(paths: list[str | Path]) -> PenSource:
    """The digits of the examples files at `paths`, file k being writer k; DataError, naming the
    file, for one that cannot be read or is not an examples file."""
    import examples  # site/examples.py, the page's own reader of these files

    digits = []
    for writer, path in enumerate(paths, 1):
        try:
            found = examples.from_unipen(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise DataError(f"{path}: cannot read it ({error})") from error
        except ValueError as error:
            raise DataError(f"{path}: not an examples file ({error})") from error
        scale = examples.RESOLUTION  # back to whole file units, as the other sources keep
        digits += [
            PenDigit(e.label, writer, [[(x * scale, y * scale) for x, y in s] for s in e.strokes])
            for e in found
        ]
    return PenSource(NAME, digits, held_out_writers(len(paths)))
