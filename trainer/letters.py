"""Real pen letters (UNIPEN train_r01_v07, isolated upper and lower case), for the "not a digit"
class: 30,791 letters by 172 writers of the nine UNIPEN sites.

The project keeps them compact in `data/unipen-letters.json.gz`, converted from the shared UNIPEN
text by `python -m trainer.letters UNIPEN_LETTERS_GZ WRITERS_TSV`, y pointing down, with each
writer's site and original id. Attribution: data/UNIPEN.md.

About 2% are label noise, mostly `ibm`'s, whose labels split a character into its strokes (as
for its digits; letters were not merged). `load_letter_source` drops them by three stated rules
(`broken_rule`):
- a lone straight line (`unipen.is_straight`) labelled anything but I, l or i: the bar of a t, one
  stroke of an x, a dash labelled s;
- at `ibm`, one stroke labelled a letter of SEVERAL_STROKES: the two legs of an A without its bar,
  an F's corner, one arm of a K;
- a dot: its box's longer side under DOT of its writer's median letter's (a tap labelled i).

Split by person: a letter writer is held out when the same person (site and original id) is a
held-out writer of either UNIPEN digit file (trainer/unipen.py), so that nobody held out there is
trained on here; the few letter writers with no digits are held out by the digits' per-site rule.
Only TAUGHT letters are taught as "not a digit" (trainer/negatives.py).
"""

import collections
import gzip
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from . import unipen
from .page import ink
from .pendigits import Stroke, parse_unipen, read_compact, write_compact

DATA_FILE = Path(__file__).resolve().parent / "data" / "unipen-letters.json.gz"
STRAIGHT = "Ili"
"""Letters that may be one straight stroke."""
SEVERAL_STROKES = "AEFHKTXijtx"
"""Letters that the training writers of the sites other than `ibm` write in one stroke less than
one time in ten (at most 6.5%; the next ones, D and Y, 11.6%)."""
DOT = 0.1
"""A letter less than this fraction of its writer's median letter size (the longer side of the
box) is a dot."""
LOOK_ALIKES = "ODQoIliZzSsGbTBgqA"
"""Letters that look like a digit in someone's hand, as the issue and the data's README name
them: O D Q o (0), I l i (1), Z z (2), S s (5), G b (6), T (7), B (8), g q (9), A (4)."""
TAUGHT = "CEFHKMNPRUVWXcdehjkmnptvwx"
"""Letters taught as "not a digit": every letter but LOOK_ALIKES and those that the shipped model
(before real letters) finds digits in, measured on the training writers' letters: at least one
in ten read as a digit with probability over 0.8 (J Y a f u y), or at least 5 of the training
writers' 13,508 pen digits closer to one of its letters than to any other digit in the model's
last hidden layer (L f r u y Y). Figures: docs/training.md."""
CHECK_PER_WRITER = 2
"""Held-out letters checked: at most this many of each letter by each writer, the first in file
order, so that no writer's hand (val01 wrote 3,247) outweighs the others'."""


@dataclass(frozen=True)
class PenLetter:
    label: str
    writer: int
    strokes: list[Stroke]
    """Strokes in canvas convention (x right, y down), tablet units."""


@dataclass(frozen=True)
class LetterSource:
    letters: list[PenLetter]
    held_out_writers: tuple[int, ...]
    dropped: dict[str, int]
    """How many letters each noise rule dropped."""

    @property
    def train(self) -> list[PenLetter]:
        return [s for s in self.letters if s.writer not in self.held_out_writers]

    @property
    def held_out(self) -> list[PenLetter]:
        return [s for s in self.letters if s.writer in self.held_out_writers]


def broken_rule(letter: PenLetter, site: str, relative_size: float) -> str | None:
    """The first noise rule that `letter` breaks ("lone line", "ibm piece", "dot"), or None.
    `site` is its writer's site, `relative_size` its `size` over its writer's median one."""
    if letter.label not in STRAIGHT and unipen.is_straight(letter.strokes):
        return "lone line"
    if site == "ibm" and len(letter.strokes) == 1 and letter.label in SEVERAL_STROKES:
        return "ibm piece"
    if relative_size < DOT:
        return "dot"
    return None


def size(letter: PenLetter) -> float:
    """The longer side of the letter's box."""
    x0, y0, x1, y1 = ink.bounding_box(letter.strokes)
    return max(x1 - x0, y1 - y0)


def read_letters(path: str | Path = DATA_FILE) -> tuple[list[PenLetter], dict[int, str]]:
    """Every letter of the file, noise included, in file order, and each writer's person: site
    and original id, e.g. 'syn:jwd' (the same person in every UNIPEN file)."""
    samples, document = read_compact(path)
    people = {int(writer): person for writer, person in document["writers"].items()}
    return [PenLetter(s.label, s.writer, s.strokes) for s in samples], people


def noise_rules(letters: list[PenLetter], people: dict[int, str]) -> list[str | None]:
    """The noise rule each letter breaks (see `broken_rule`), judged among its writer's letters."""
    sizes = [size(letter) for letter in letters]
    by_writer: dict[int, list[float]] = {}
    for letter, value in zip(letters, sizes, strict=True):
        by_writer.setdefault(letter.writer, []).append(value)
    medians = {writer: statistics.median(values) for writer, values in by_writer.items()}
    return [
        broken_rule(s, people[s.writer].split(":")[0], value / max(medians[s.writer], 1e-9))
        for s, value in zip(letters, sizes, strict=True)
    ]


def held_out_writers(people: dict[int, str]) -> tuple[int, ...]:
    """The letter writers who are held-out digit writers, and by `unipen.held_out_by_site` among
    the writers who wrote no digits."""
    digit_people = set(unipen.writer_sites().values())
    digit_people |= set(unipen.writer_sites(unipen.MORE_FILE).values())
    held = unipen.held_out_people()
    letters_only = {w: person for w, person in people.items() if person not in digit_people}
    chosen = {w for w, person in people.items() if person in held}
    return tuple(sorted(chosen | set(unipen.held_out_by_site(letters_only))))


def load_letter_source(path: str | Path = DATA_FILE) -> LetterSource:
    """The letters that break no noise rule (30,166 of 30,791), in file order, split by person."""
    letters, people = read_letters(path)
    rules = noise_rules(letters, people)
    kept = [s for s, rule in zip(letters, rules, strict=True) if not rule]
    dropped = dict(sorted(collections.Counter(rule for rule in rules if rule).items()))
    return LetterSource(kept, held_out_writers(people), dropped)


def check_letters(letters: list[PenLetter], taught: bool = True) -> list[PenLetter]:
    """Of `letters` (a source's held-out ones), the TAUGHT ones (or with `taught=False` the
    others), at most CHECK_PER_WRITER of each letter by each writer, in file order."""
    seen: dict[tuple[int, str], int] = {}
    chosen = []
    for letter in letters:
        key = (letter.writer, letter.label)
        if (letter.label in TAUGHT) == taught and seen.get(key, 0) < CHECK_PER_WRITER:
            seen[key] = seen.get(key, 0) + 1
            chosen.append(letter)
    return chosen


def convert(unipen_gz: Path, writers_tsv: Path, target: Path = DATA_FILE) -> list[PenLetter]:
    """Parse the shared gzip'd UNIPEN text and write the compact file (every letter)."""
    with gzip.open(unipen_gz, "rt") as file:
        samples = parse_unipen(file, str)
    write_compact(samples, target, {"writers": unipen.read_writers(writers_tsv)})
    return [PenLetter(s.label, s.writer, s.strokes) for s in samples]


if __name__ == "__main__":
    parsed = convert(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{len(parsed)} letters, {len({s.writer for s in parsed})} writers -> {DATA_FILE}")
