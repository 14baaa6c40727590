"""Taught examples and their file (site/examples.py): saved as UNIPEN text that the trainer's own
reader parses, read back the same, anything else refused with a message; the trainer's pen
source of such files (trainer/penfile.py); the same text on MicroPython."""

import json
import subprocess
from pathlib import Path

import examples
import pytest
from examples import RESOLUTION, Example, from_record, from_unipen, to_record, to_unipen
from ink import to_mnist

from trainer.idx import DataError
from trainer.pendigits import parse_unipen
from trainer.penfile import NAME, held_out_writers, load_pen_files
from trainer.pens import load_sources

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "tests" / "js" / "micropython.mjs"


def page_examples(count: int = 12) -> list:
    """Real pen digits as the page would hold them: strokes in canvas units (a digit about 0.3
    wide, somewhere on the pad), y down."""
    digits = load_sources()[0].held_out[:count]
    found = []
    for index, digit in enumerate(digits):
        xs = [x for stroke in digit.strokes for x, _ in stroke]
        ys = [y for stroke in digit.strokes for _, y in stroke]
        scale = 0.3 / max(max(xs) - min(xs), max(ys) - min(ys))
        strokes = [
            [(0.1 * index + (x - min(xs)) * scale, 0.05 + (y - min(ys)) * scale) for x, y in s]
            for s in digit.strokes
        ]
        found.append(Example(strokes, digit.label))
    return found


def moved_to_origin(example: Example) -> list:
    x0 = min(x for stroke in example.strokes for x, _ in stroke)
    y0 = min(y for stroke in example.strokes for _, y in stroke)
    return [[(x - x0, y - y0) for x, y in stroke] for stroke in example.strokes]


def assert_same_drawing(read: Example, original: Example) -> None:
    assert read.label == original.label
    expected = moved_to_origin(original)
    assert [len(s) for s in read.strokes] == [len(s) for s in expected]
    for stroke, expected_stroke in zip(read.strokes, expected, strict=True):
        for (x, y), (ex, ey) in zip(stroke, expected_stroke, strict=True):
            assert abs(x - ex) <= 1 / RESOLUTION and abs(y - ey) <= 1 / RESOLUTION


def test_round_trip_keeps_labels_and_strokes():
    originals = page_examples()
    text = to_unipen(originals)
    read = from_unipen(text)
    assert len(read) == len(originals)
    for example, original in zip(read, originals, strict=True):
        assert_same_drawing(example, original)
    assert to_unipen(read) == text  # what was read writes the same file again
    assert from_unipen(text.replace("\n", "\r\n"))[0] == read[0]  # a file edited on Windows


def test_the_trainers_reader_parses_the_saved_file():
    """trainer.pendigits.parse_unipen (the reader of shared/data) reads every example: its label,
    the one writer, and its strokes in whole file units with y down, as the other sources."""
    originals = page_examples()
    digits = parse_unipen(to_unipen(originals).splitlines())
    assert [d.label for d in digits] == [e.label for e in originals]
    assert {d.writer for d in digits} == {examples.WRITER}
    for digit, original in zip(digits, originals, strict=True):
        y_top = min(y for stroke in digit.strokes for _, y in stroke)
        strokes = [
            [(x / RESOLUTION, (y - y_top) / RESOLUTION) for x, y in s] for s in digit.strokes
        ]
        assert_same_drawing(Example(strokes, digit.label), original)
        assert all(float(v).is_integer() for s in digit.strokes for point in s for v in point)


def test_the_file_looks_like_shared_data():
    text = to_unipen(page_examples(2))
    lines = text.splitlines()
    segment = lines.index(next(line for line in lines if line.startswith(".SEGMENT")))
    assert lines[segment].startswith(".SEGMENT DIGIT") and lines[segment].endswith('"')
    label = lines[segment].split('"')[1]
    assert lines[segment + 1] == f".COMMENT {label} 1 1"
    assert lines[segment + 2] == ".PEN_DOWN"
    x, y = lines[segment + 3].split()
    assert int(x) >= 0 and int(y) >= 0
    assert text.endswith(".PEN_UP\n\n")


GOOD = '.SEGMENT DIGIT 0 ? "7"\n.COMMENT 7 1 1\n.PEN_DOWN\n 0 0\n 10 20\n.PEN_UP\n\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no examples"),
        ("hello, world\n", "line 1: unexpected 'hello, world'"),
        ('{"examples": []}', "unexpected"),
        (".VERSION 1.0\n.HIERARCHY DIGIT\n", "no examples"),
        (GOOD.replace('"7"', '"A"'), 'expected .SEGMENT DIGIT ... "D"'),
        (GOOD.replace("DIGIT", "CHARACTER"), "expected .SEGMENT DIGIT"),
        (GOOD.replace(".COMMENT 7 1 1\n", ""), "has no .COMMENT with its writer"),
        (GOOD.replace(".COMMENT 7", ".COMMENT 4"), "line 2: expected .COMMENT 7 WRITER"),
        (GOOD.replace(".PEN_UP\n", ""), ".PEN_DOWN without .PEN_UP"),
        (GOOD.replace(".PEN_DOWN\n", ""), "unexpected '0 0' outside a stroke"),
        (GOOD.replace(" 10 20", " 10 20 30"), "line 5: expected a point"),
        (GOOD.replace(" 10 20", " ten 20"), "expected a point"),
        (GOOD.replace(" 10 20", " nan 20"), "out of range"),
        (GOOD.replace(" 0 0\n 10 20\n", ""), "a stroke without points"),
        (GOOD.replace(".PEN_DOWN\n 0 0\n 10 20\n.PEN_UP\n", ""), "has no strokes"),
        (GOOD + GOOD.replace(".COMMENT 7 1 1", ".COMMENT 7 2 1"), "the digits of 2 writers"),
    ],
    ids=lambda value: value[:24] if isinstance(value, str) else value,
)
def test_a_broken_file_is_refused_with_a_message(text, message):
    with pytest.raises(ValueError, match=message.replace(".", r"\.").replace("?", r"\?")):
        from_unipen(text)


def test_shared_data_of_many_writers_is_not_an_examples_file():
    head = (ROOT.parent / "shared" / "data" / "pendigits" / "pendigits-train.unipen").read_text()
    with pytest.raises(ValueError, match="writers; an examples file holds one's"):
        from_unipen(head[:200_000].rsplit("\n.SEGMENT", 1)[0])


def test_too_many_examples_are_refused(monkeypatch):
    monkeypatch.setattr(examples, "MAX_EXAMPLES", 2)
    assert len(from_unipen(GOOD * 2)) == 2
    with pytest.raises(ValueError, match="line 15: more than 2 examples"):
        from_unipen(GOOD * 3)


def test_an_example_is_a_digit_with_points():
    with pytest.raises(ValueError, match="digit 0 to 9"):
        Example([[(0, 0)]], 10)
    with pytest.raises(ValueError, match="digit 0 to 9"):
        Example([[(0, 0)]], "7")
    with pytest.raises(ValueError, match="at least one point"):
        Example([[], []], 1)
    assert Example([[], [(1, 2)]], 1).strokes == [[(1.0, 2.0)]]


def test_records_round_trip_and_refuse_anything_else():
    for original in page_examples(5):
        record = json.loads(json.dumps(to_record(original)))  # as stored
        read = from_record(record)
        assert read.label == original.label
        points = [p for s in read.strokes for p in s]
        expected = [p for s in original.strokes for p in s]
        assert [len(s) for s in read.strokes] == [len(s) for s in original.strokes]
        for (x, y), (ex, ey) in zip(points, expected, strict=True):
            assert abs(x - ex) <= 0.5 / RESOLUTION and abs(y - ey) <= 0.5 / RESOLUTION
    for bad in [None, [], [3], [3, [[1, 2, 3]]], [3, "strokes"], [11, [[1, 2]]], [3, [["a", 2]]]]:
        with pytest.raises(ValueError):
            from_record(bad)


def test_pen_files_are_a_source_split_by_writer(tmp_path):
    """Each file is one writer, numbered in the order given; every fifth is held out; the
    digits render as the page renders the examples."""
    originals = page_examples(10)
    paths = []
    for index in range(5):
        path = tmp_path / f"mine-{index}.unipen"
        path.write_text(to_unipen(originals[2 * index : 2 * index + 2]))
        paths.append(path)
    source = load_pen_files(paths)
    assert source.name == NAME
    assert [d.writer for d in source.digits] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert [d.label for d in source.digits] == [e.label for e in originals]
    assert source.held_out_writers == (5,) and len(source.train) == 8
    assert load_pen_files(paths[:4]).held_out == []
    assert held_out_writers(12) == (5, 10)
    for digit, original in zip(source.digits, originals, strict=True):
        page, trainer = to_mnist(original.strokes), to_mnist(digit.strokes)
        assert max(abs(a - b) for a, b in zip(page, trainer, strict=True)) <= 8  # grey levels


def test_a_bad_pen_file_names_the_file(tmp_path):
    good, bad, binary = tmp_path / "good.unipen", tmp_path / "bad.unipen", tmp_path / "x.bin"
    good.write_text(to_unipen(page_examples(1)))
    bad.write_text("not an examples file\n")
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(DataError, match=r"bad\.unipen: not an examples file \(line 1"):
        load_pen_files([good, bad])
    with pytest.raises(DataError, match=r"x\.bin: cannot read it"):
        load_pen_files([binary])
    with pytest.raises(DataError, match=r"missing\.unipen: cannot read it"):
        load_pen_files([tmp_path / "missing.unipen"])


def test_micropython_writes_and_reads_the_same_file(tmp_path):
    """The page's interpreter makes the same file from the same examples and reads it back
    the same, and refuses a broken one with the same message."""
    originals = page_examples(4)
    records = json.dumps([to_record(e) for e in originals])
    script = tmp_path / "script.py"
    script.write_text(
        "import json\n"
        "from examples import from_record, from_unipen, to_record, to_unipen\n"
        f"examples = [from_record(r) for r in json.loads({records!r})]\n"
        "text = to_unipen(examples)\n"
        "print(json.dumps([text, [to_record(e) for e in from_unipen(text)]]))\n"
        "try:\n"
        f"    from_unipen({GOOD.replace(' 10 20', ' 10')!r})\n"
        "except ValueError as error:\n"
        "    print(json.dumps(str(error)))\n"
    )
    run = subprocess.run(
        ["node", str(RUNNER), str(script)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    first, second = run.stdout.strip().splitlines()[-2:]
    text, records_back = json.loads(first)
    stored = [from_record(r) for r in json.loads(records)]
    assert text == to_unipen(stored)
    assert records_back == [to_record(e) for e in from_unipen(text)]
    with pytest.raises(ValueError) as error:
        from_unipen(GOOD.replace(" 10 20", " 10"))
    assert json.loads(second) == str(error.value)
