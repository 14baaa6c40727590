"""UNIPEN parsing and the compact pen-digit file committed in trainer/data."""

import collections
from unittest.mock import ANY

import pytest

from trainer.idx import DataError
from trainer.pendigits import (
    DATA_FILE,
    HELD_OUT_WRITERS,
    PenDigit,
    load_pendigits,
    parse_unipen,
    read_compact,
    split_by_writer,
    write_compact,
)

SAMPLE = """\
.INCLUDE        dene.doc

.LEXICON "0" "1" "2" "3" "4" "5" "6" "7" "8" "9"
.HIERARCHY      DIGIT

.SEGMENT DIGIT    0 ? "8"
.COMMENT 8 12  224
.PEN_DOWN
 267  333
 267  336
 266  342
.PEN_UP

.SEGMENT DIGIT    1 ? "4"
.COMMENT 4 7  3
.PEN_DOWN
 10  20
 11  25
.PEN_UP
.PEN_DOWN
 30  40
.PEN_UP
"""


def test_parse_unipen():
    digits = parse_unipen(SAMPLE.splitlines())
    assert [(d.label, d.writer, len(d.strokes)) for d in digits] == [(8, 12, 1), (4, 7, 2)]
    assert digits[0].strokes[0] == [(267, -333), (267, -336), (266, -342)]  # y flipped
    assert digits[1].strokes[1] == [(30, -40)]


def test_parse_unipen_rejects_mismatched_label():
    with pytest.raises(DataError, match="comment label 5 != 8"):
        parse_unipen(SAMPLE.replace(".COMMENT 8 12", ".COMMENT 5 12").splitlines())


def test_compact_round_trip(tmp_path):
    digits = parse_unipen(SAMPLE.splitlines())
    write_compact(digits, tmp_path / "a.json.gz")
    write_compact(digits, tmp_path / "b.json.gz")
    assert (tmp_path / "a.json.gz").read_bytes() == (tmp_path / "b.json.gz").read_bytes()
    assert load_pendigits(tmp_path / "a.json.gz") == digits
    write_compact(digits, tmp_path / "c.json.gz", {"writers": {"12": "x"}})
    assert read_compact(tmp_path / "c.json.gz") == (digits, {"format": ANY, "writers": {"12": "x"}})


def test_committed_file():
    digits = load_pendigits()
    assert DATA_FILE.stat().st_size < 600_000
    assert len(digits) == 7494
    writers = collections.Counter(d.writer for d in digits)
    assert sorted(writers) == list(range(1, 31))
    assert collections.Counter(d.label for d in digits).keys() == set(range(10))
    digit = digits[0]
    assert isinstance(digit, PenDigit) and digit.label == 8 and digit.writer == 12
    assert digit.strokes[0][0] == (267, -333)
    train, held = split_by_writer(digits)
    assert len(HELD_OUT_WRITERS) == 5 and set(HELD_OUT_WRITERS) <= set(writers)
    assert {d.writer for d in held} == set(HELD_OUT_WRITERS)
    assert len(train) + len(held) == 7494 and not {d.writer for d in train} & set(HELD_OUT_WRITERS)


def test_y_points_down():
    """The first point of a 7 (start of its top bar) lies above (smaller y) its last point."""
    sevens = [d for d in load_pendigits() if d.label == 7]
    above = sum(d.strokes[0][0][1] < d.strokes[-1][-1][1] for d in sevens)
    assert above > 0.9 * len(sevens)
