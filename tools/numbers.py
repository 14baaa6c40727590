"""Numbers and letters written by real pen writers, read offline as the page reads them.

`python -m tools.numbers` reads a set with site/segment.py and the exported model in CPython
(Keras, no browser), fast enough to tune the splitter's constants:

- `separate`: numbers of one writer's own digits, laid out left to right as
  `replay.lay_out_number` does for the page (the bench's numbers);
- `joined`: the same, with the pen never lifted between neighbours (`trainer.joins.join`) where
  a writer would (the way to the next digit runs forward and is short), each join made with
  probability `--joins`; `joined-anywhere` joins every neighbour, however far back the next
  digit starts;
- `real`: UNIPEN's 86 numbers as written in running text (`data/unipen-numbers.json.gz`),
  fitted to the pad with their strokes and order kept (all of them: `--writers` does not apply);
- `digits`: every single digit alone, to count how often one written in one stroke is cut;
- `letters`: letters that look like no digit (REFUSED_LETTERS), each alone, to count how many
  read as "?" alone.

Digits come from the training writers by default, so that the held-out writers stay a fair
check. `--slant` and `--rotate` ask how the splitter copes with other hands: each number sheared
(an italic slant, S as x shift per unit of height, leaning right) or turned (a line that climbs)
as a whole, on top of each writer's own slant. `--per-stroke` reads a number after each of its
strokes, as the page does, and counts the candidates each reading renders.

    python -m tools.numbers [--set separate|joined|real|digits|letters]
                            [--writers train|held-out] [--count 300] [--seed 0] [--joins 1]
                            [--slant S] [--rotate DEGREES] [--per-stroke]
    python -m tools.numbers --convert UNIPEN_NUMBERS_FILE WRITERS_TSV
"""

import argparse
import gzip
import math
import random
import statistics
import sys
import time
from pathlib import Path

from tools.replay import NUMBER_HEIGHT, lay_out_number
from trainer.joins import join, natural
from trainer.pendigits import PenDigit, parse_unipen, read_compact, write_compact
from trainer.pens import load_sources
from trainer.render import as_model_input

ROOT = Path(__file__).resolve().parent.parent
LENGTHS = (2, 3, 4, 5, 6)
PAD_ASPECT = 3.0
"""Width over height of the desktop pad (site/style.css)."""
REAL_NUMBERS = Path(__file__).resolve().parent / "data" / "unipen-numbers.json.gz"
SHARED_LETTERS = ROOT.parent / "shared" / "data" / "unipen" / "unipen-letters.unipen.gz"
"""UNIPEN's real letters, as shared with the project (not in the repository)."""
REFUSED_LETTERS = "CEFHJKLMNPRUVWXYacdefhjkmnprtuvwxy"
"""The letters a page must read as "?": all but those that look like a digit in someone's hand
(O o D Q and 0; I l i and 1; Z z and 2; S s and 5; G b and 6; T and 7; B and 8; g q and 9; A
and 4: the shared UNIPEN README's list)."""
SETS = ("separate", "joined", "joined-anywhere", "real", "digits", "letters")


def writers_digits(which: str) -> list[list[PenDigit]]:
    """Each writer's digits, for the training or the held-out writers of every source."""
    groups = []
    for source in load_sources():
        digits = source.held_out if which == "held-out" else source.train
        by_writer: dict[int, list[PenDigit]] = {}
        for digit in digits:
            by_writer.setdefault(digit.writer, []).append(digit)
        groups += [by_writer[writer] for writer in sorted(by_writer)]
    return groups


def make_numbers(writers: list[list[PenDigit]], count: int, seed: int) -> list[list[PenDigit]]:
    """`count` numbers, lengths cycling through LENGTHS, each of one random writer's digits (a
    writer with fewer digits than the length is drawn again)."""
    rng = random.Random(seed)
    numbers = []
    for index in range(count):
        length = LENGTHS[index % len(LENGTHS)]
        mine = writers[rng.randrange(len(writers))]
        while len(mine) < length:
            mine = writers[rng.randrange(len(writers))]
        numbers.append(rng.sample(mine, length))
    return numbers


def joined_strokes(
    number: list[PenDigit],
    aspect: float,
    rng: random.Random,
    share: float = 1.0,
    every: bool = False,
) -> list[list[tuple[float, float]]]:
    """A number's digits laid out as `lay_out_number` does, in pad fractions, then written with
    the pen never lifted from each digit to the next with probability `share`, where a writer
    would (`trainer.joins.natural`), or wherever it is drawn with `every`."""
    placed = lay_out_number([d.strokes for d in number], aspect, rng)
    joined = [rng.random() < share for _ in number[1:]]
    # Join in units of equal length along x and y, then back to pad fractions.
    square = [[[(x * aspect, y) for x, y in s] for s in digit] for digit in placed]
    if not every:
        joined = [a and b for a, b in zip(joined, natural(square), strict=True)]
    strokes, _ = join(square, joined)
    return [[(x / aspect, y) for x, y in s] for s in strokes]


def load_real_numbers(path: Path = REAL_NUMBERS) -> list[PenDigit]:
    """The real numbers, in file order: `label` is the number as text (leading zeros kept)."""
    return read_compact(path)[0]


def convert_real_numbers(unipen_file: Path, writers_tsv: Path) -> list[PenDigit]:
    """Parse the shared UNIPEN numbers and write REAL_NUMBERS (see data/UNIPEN-NUMBERS.md)."""
    with unipen_file.open() as file:
        numbers = parse_unipen(file, str)
    rows = [line.split("\t") for line in writers_tsv.read_text().splitlines()[1:] if line]
    REAL_NUMBERS.parent.mkdir(parents=True, exist_ok=True)
    write_compact(numbers, REAL_NUMBERS, {"writers": {row[0]: row[1] for row in rows}})
    return numbers


def fit_number(strokes: list, aspect: float) -> list[list[tuple[float, float]]]:
    """A whole number's strokes (any units, y down) in pad fractions for a pad `aspect` times as
    wide as tall: NUMBER_HEIGHT of the pad tall (less if it would not fit 94% of its width),
    centred, strokes and their order kept."""
    xs = [x for stroke in strokes for x, _ in stroke]
    ys = [y for stroke in strokes for _, y in stroke]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    scale = min(NUMBER_HEIGHT / max(height, 1e-9), 0.94 * aspect / max(width, 1e-9))
    left, top = (aspect - width * scale) / 2, (1 - height * scale) / 2
    return [
        [((left + (x - min(xs)) * scale) / aspect, top + (y - min(ys)) * scale) for x, y in s]
        for s in strokes
    ]


def held_out_letters(path: Path = SHARED_LETTERS) -> list[PenDigit]:
    """The letters of REFUSED_LETTERS by every fifth writer of the shared UNIPEN letters (the
    3rd, 8th, 13th...), parsed from the shared file (`label` is the letter)."""
    with gzip.open(path, "rt") as file:
        letters = parse_unipen(file, str)
    return [s for s in letters if s.writer % 5 == 3 and s.label in REFUSED_LETTERS]


def tilt(points: list, slant: float, degrees: float) -> list:
    """Points (x, y: y down) sheared by `slant` (the top leaning right) and then turned by
    `degrees` (counter-clockwise on screen) about the pad's centre, in canvas units."""
    if not slant and not degrees:
        return points
    centre_x, centre_y = 0.5, 0.5 / PAD_ASPECT
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    tilted = []
    for x, y in points:
        x, y = x - centre_x - slant * (y - centre_y), y - centre_y
        tilted.append((centre_x + cos * x + sin * y, centre_y - sin * x + cos * y))
    return tilted


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions."""
    row = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, char_b in enumerate(b, 1):
            previous, row[j] = (
                row[j],
                min(row[j] + 1, row[j - 1] + 1, previous + (char_a != char_b)),
            )
    return row[-1]


def wilson_interval(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default).

    How far a figure on a few hundred numbers can be from the rate it estimates: on 300 numbers
    read 97% whole, 94.4% to 98.4%. Numbers by one writer share that writer's digits, so the
    true spread between samples is wider still.
    """
    share = successes / trials
    centre = (share + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials))
    half /= 1 + z * z / trials
    return max(0.0, centre - half), min(1.0, centre + half)


def score(pairs: list[tuple[str, str]]) -> dict:
    """Whole-number accuracy per length and overall with its 95% interval, the digit error
    rate (edit distance over the number's length) and the share of digits read as "?", for
    (truth, read) pairs."""
    by_length: dict[int, list[bool]] = {}
    errors = digits = whole = rejected = 0
    for truth, read in pairs:
        right = truth == read
        whole += right
        by_length.setdefault(len(truth), []).append(right)
        errors += edit_distance(truth, read)
        digits += len(truth)
        rejected += read.count("?")
    return {
        "numbers": len(pairs),
        "accuracy": whole / len(pairs),
        "accuracy_interval": wilson_interval(whole, len(pairs)),
        "per_length": {n: sum(ok) / len(ok) for n, ok in sorted(by_length.items())},
        "digit_error_rate": errors / digits,
        "rejected": rejected / digits,
    }


def drawings(which: str, writers: str, count: int, seed: int, share: float = 1.0) -> list:
    """(truth, strokes in pad fractions) for a set of SETS; `count` applies to the made-up
    numbers and is a cap for the others."""
    rng = random.Random(seed)
    if which == "separate":
        made = make_numbers(writers_digits(writers), count, seed)
        return [
            (
                _text(n),
                [s for d in lay_out_number([d.strokes for d in n], PAD_ASPECT, rng) for s in d],
            )
            for n in made
        ]
    if which in ("joined", "joined-anywhere"):
        made = make_numbers(writers_digits(writers), count, seed)
        every = which == "joined-anywhere"
        return [(_text(n), joined_strokes(n, PAD_ASPECT, rng, share, every)) for n in made]
    if which == "real":
        return [(n.label, fit_number(n.strokes, PAD_ASPECT)) for n in load_real_numbers()]
    if which == "digits":
        alone = [d for mine in writers_digits(writers) for d in mine]
        return [(str(d.label), fit_number(d.strokes, PAD_ASPECT)) for d in alone][:count]
    letters = held_out_letters()
    rng.shuffle(letters)
    return [(s.label, fit_number(s.strokes, PAD_ASPECT)) for s in letters[:count]]


def _text(number: list[PenDigit]) -> str:
    return "".join(str(d.label) for d in number)


def read_all(reader, drawn: list, slant: float = 0.0, degrees: float = 0.0, per_stroke=False):
    """Read each drawing as the page does (canvas units: x and y over the pad's width): at once,
    or after each stroke with `per_stroke`. Returns the readings (Groups, left to right) and the
    candidates rendered after each stroke: all strokes, and the last one of 6-digit numbers."""
    readings, rendered, last_six = [], [], []
    for truth, strokes in drawn:
        gestures = [[tilt([(x, y / PAD_ASPECT) for x, y in s], slant, degrees)] for s in strokes]
        for count in range(1 if per_stroke else len(gestures), len(gestures) + 1):
            digits = reader.read(gestures[:count])
            rendered.append(reader.rendered)
        if len(truth) == 6 and truth.isdigit():
            last_six.append(reader.rendered)
        readings.append(digits)
        reader.read([])
    return readings, rendered, last_six


def summary(which: str, drawn: list, readings: list) -> str:
    """What a set's readings come to, in a few lines."""
    texts = ["".join(d.label for d in digits) for digits in readings]
    truths = [truth for truth, _ in drawn]
    if which == "letters":
        refused = sum(text == "?" for text in texts)
        several = sum(len(text) > 1 for text in texts)
        others: dict[str, int] = {}
        for truth, text in zip(truths, texts, strict=True):
            if text != "?":
                others[f"{truth}->{text}"] = others.get(f"{truth}->{text}", 0) + 1
        common = sorted(others.items(), key=lambda item: -item[1])[:40]
        return (
            f"{len(texts)} letters: {refused / len(texts):.1%} read as ? alone, "
            f"{several / len(texts):.1%} as several characters\n"
            f"the rest: {' '.join(f'{k} ({v})' for k, v in common)}"
        )
    if which == "digits":
        one_stroke = [i for i, (_, strokes) in enumerate(drawn) if len(strokes) == 1]
        cut = [i for i in one_stroke if len(readings[i]) > 1 or readings[i][0].partial]
        right = sum(t == x for t, x in zip(truths, texts, strict=True))
        as_unknown = sum("?" in x for x in texts)
        split = [f"{truths[i]}->{texts[i]}" for i in cut]
        return (
            f"{len(texts)} single digits: {right / len(texts):.2%} read right, "
            f"{as_unknown / len(texts):.2%} with a ?; of {len(one_stroke)} written in one stroke, "
            f"{len(cut)} cut ({len(cut) / max(1, len(one_stroke)):.2%}): {' '.join(split[:30])}"
        )
    result = score(list(zip(truths, texts, strict=True)))
    per_length = "  ".join(f"{n}: {v:.1%}" for n, v in result["per_length"].items())
    low, high = result["accuracy_interval"]
    mistakes = [f"{t}->{x}" for t, x in zip(truths, texts, strict=True) if t != x]
    return (
        f"{result['numbers']} numbers: {result['accuracy']:.1%} whole "
        f"(95% interval {low:.1%} to {high:.1%}; {per_length}), "
        f"digit error rate {result['digit_error_rate']:.2%}, digits read as ? "
        f"{result['rejected']:.2%}\nmistakes: {' '.join(mistakes[:40])}"
    )


def percentiles(values: list) -> str:
    if not values:
        return "none"
    p95 = statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]
    return f"p50 {statistics.median(values):g} p95 {p95:g} max {max(values)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=SETS, default="separate")
    parser.add_argument("--writers", choices=["train", "held-out"], default="train")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--joins", type=float, default=1.0, help="share of neighbours joined")
    parser.add_argument("--model", type=Path, default=ROOT / "site" / "model")
    parser.add_argument("--slant", type=float, default=0.0, help="italic shear, e.g. 0.3")
    parser.add_argument("--rotate", type=float, default=0.0, help="degrees, e.g. 10")
    parser.add_argument("--per-stroke", action="store_true", help="read after every stroke")
    parser.add_argument("--convert", nargs=2, type=Path, metavar=("UNIPEN_FILE", "WRITERS_TSV"))
    args = parser.parse_args()
    if args.convert:
        numbers = convert_real_numbers(*args.convert)
        print(f"{len(numbers)} numbers -> {REAL_NUMBERS}")
        return

    sys.path.insert(0, str(ROOT / "site"))
    import segment  # the page's module, in site/

    from trainer.export import load_exported_model  # imports TensorFlow: only here

    model = load_exported_model(args.model)
    reader = segment.NumberReader(lambda images: model.predict_on_batch(_batch(images)).tolist())
    started = time.perf_counter()
    drawn = drawings(args.set, args.writers, args.count, args.seed, args.joins)
    readings, rendered, last_six = read_all(reader, drawn, args.slant, args.rotate, args.per_stroke)
    writers = {"real": "all", "letters": "every fifth"}.get(args.set, args.writers)
    print(
        f"{args.set}, {writers} writers, seed {args.seed}, joins {args.joins} (slant "
        f"{args.slant}, turned {args.rotate} degrees), {time.perf_counter() - started:.0f} s: "
        + summary(args.set, drawn, readings)
    )
    print(
        f"candidates rendered per reading: {percentiles(rendered)}; "
        f"last stroke of a 6-digit number: {percentiles(last_six)}"
    )


def _batch(images: list[bytearray]):
    return as_model_input(images)[..., None]


if __name__ == "__main__":
    main()
