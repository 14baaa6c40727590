"""More real pen digits from UNIPEN (train_r01_v07, isolated digits), other countries and styles
than pendigits (slashed zeros, flagged 1s, crossed 7s), in two files: `data/unipen.json.gz`, 38
writers of six sites with about 200 digits each, and `data/unipen-more.json.gz`, 138 writers of
three more sites (cedar, tos, imp) with 8 to 30 digits each.

Both are converted from the shared UNIPEN text by
`python -m trainer.unipen UNIPEN_FILE WRITERS_TSV [TARGET]`, with each writer's collecting site
and original id. The y axis of that text points up, as in pendigits, so the same parser makes it
point down. Attribution: data/UNIPEN.md.

About 0.5% of the first file's digits are label noise (2 of the more writers' 2,192), and
`load_unipen` drops them by two stated rules that no real digit of these writers or of pendigits
breaks:
- too flat: more than `MAX_ASPECT` times as wide as tall (a dash labelled 1 or 4, a run of zeros);
- a lone straight line labelled anything but 1: one stroke whose ink is less than
  `MAX_STRAIGHTNESS` times as long as the line between its ends (the vertical stroke of a 4 or
  the half of a 0 that an `ibm` label kept without the rest).
"""

import gzip
import json
import math
import sys
from pathlib import Path

from .page import ink
from .pendigits import PenDigit, Stroke, parse_unipen, read_compact, write_compact

DATA_FILE = Path(__file__).resolve().parent / "data" / "unipen.json.gz"
MORE_FILE = DATA_FILE.with_name("unipen-more.json.gz")
HELD_OUT_WRITERS = (3, 8, 13, 18, 23, 28, 33, 38)
"""Of DATA_FILE, every fifth writer: sites art, ibm (2), pri, syn (3) and val. Never trained on."""
HELD_OUT_EVERY = 5
"""MORE_FILE's held-out writers: of each site's writers, in writer number order, the third and
every fifth after it (see `held_out_by_site`)."""
MAX_ASPECT = 2.5
"""A digit wider than this many times its height is a dash or several digits, not one digit."""
MAX_STRAIGHTNESS = 1.2
"""A stroke whose ink is shorter than this many times the distance between its ends is a line."""


def is_too_flat(digit: PenDigit) -> bool:
    x0, y0, x1, y1 = ink.bounding_box(digit.strokes)
    return x1 - x0 > MAX_ASPECT * (y1 - y0)


def is_straight(strokes: list[Stroke]) -> bool:
    """One stroke that runs nearly straight from its first point to its last."""
    if len(strokes) != 1:
        return False
    stroke = strokes[0]
    ink_length = sum(math.dist(a, b) for a, b in zip(stroke, stroke[1:], strict=False))
    return ink_length < MAX_STRAIGHTNESS * math.dist(stroke[0], stroke[-1])


def is_lone_line(digit: PenDigit) -> bool:
    """One straight stroke that is not labelled 1: a piece of a digit, not a digit."""
    return digit.label != 1 and is_straight(digit.strokes)


def load_unipen(path: str | Path = DATA_FILE) -> list[PenDigit]:
    """The digits that pass the noise rules, in file order: 7,400 of DATA_FILE's 7,436 and
    2,190 of MORE_FILE's 2,192."""
    return [
        digit
        for digit in read_compact(path)[0]
        if not is_too_flat(digit) and not is_lone_line(digit)
    ]


def dropped(path: str | Path = DATA_FILE) -> dict[str, int]:
    """How many digits of the file each noise rule drops (a digit under the first it breaks)."""
    digits = read_compact(path)[0]
    flat = sum(map(is_too_flat, digits))
    lone = sum(1 for d in digits if is_lone_line(d) and not is_too_flat(d))
    return {"too flat": flat, "lone line": lone}


def writer_sites(path: str | Path = DATA_FILE) -> dict[int, str]:
    """Writer number -> collecting site and original id, e.g. 'syn:cam'."""
    writers = json.loads(gzip.decompress(Path(path).read_bytes()))["writers"]
    return {int(writer): site for writer, site in writers.items()}


def held_out_by_site(sites: dict[int, str]) -> tuple[int, ...]:
    """Of each site's writers, in writer number order, the third and every HELD_OUT_EVERY-th after
    it (3rd, 8th, 13th...): a fifth of every site, whatever its size, chosen before any result."""
    by_site: dict[str, list[int]] = {}
    for writer in sorted(sites):
        by_site.setdefault(sites[writer].split(":")[0], []).append(writer)
    return tuple(sorted(w for writers in by_site.values() for w in writers[2::HELD_OUT_EVERY]))


def more_held_out_writers() -> tuple[int, ...]:
    """MORE_FILE's held-out writers: 27 of 138 (cedar 9, tos 11, imp 7)."""
    return held_out_by_site(writer_sites(MORE_FILE))


def held_out_people() -> set[str]:
    """Site and original id ('syn:jwd') of every held-out writer of both digit files: the same
    people's letters are held out too (trainer/letters.py)."""
    sites, more_sites = writer_sites(DATA_FILE), writer_sites(MORE_FILE)
    more_held = held_out_by_site(more_sites)
    return {sites[w] for w in HELD_OUT_WRITERS} | {more_sites[w] for w in more_held}


def convert(unipen_file: Path, writers_tsv: Path, target: Path = DATA_FILE) -> list[PenDigit]:
    """Parse the shared UNIPEN text and write the compact file (every digit, noise included)."""
    with unipen_file.open() as file:
        digits = parse_unipen(file)
    write_compact(digits, target, {"writers": read_writers(writers_tsv)})
    return digits


def read_writers(writers_tsv: Path) -> dict[str, str]:
    """A shared `.writers.tsv`: writer number -> site and original id (first two columns)."""
    rows = [line.split("\t") for line in writers_tsv.read_text().splitlines()[1:] if line]
    return {row[0]: row[1] for row in rows}


if __name__ == "__main__":
    out = Path(sys.argv[3]) if len(sys.argv) > 3 else DATA_FILE
    parsed = convert(Path(sys.argv[1]), Path(sys.argv[2]), out)
    print(f"{len(parsed)} digits, {len({d.writer for d in parsed})} writers -> {out}")
