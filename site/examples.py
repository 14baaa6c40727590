"""Taught examples, each a drawing's strokes and its digit, and the file a person keeps them in.

The file is UNIPEN text, as in shared/data, of one writer: the trainer reads it as one more pen
source (trainer/penfile.py). `to_unipen` writes it, `from_unipen` reads it back and refuses,
with a ValueError that says why, anything that is not such a file. `to_record` and
`from_record` give the compact form the page stores.

Pure Python for MicroPython, Pyodide and CPython.
"""

RESOLUTION = 10000
"""File units per canvas unit (the canvas's width): the file's coordinates are whole numbers."""
LABELS = "0123456789"
"""What an example can be taught as."""
MAX_EXAMPLES = 10000
"""Most examples one file may hold."""
MAX_POINTS = 10000
"""Most points one example may hold."""
WRITER = 1
"""The writer number the file gives its one writer."""
HEADER = (
    ".VERSION 1.0\n"
    ".DATA_SOURCE Digit pad: examples taught on one device\n"
    ".COMMENT One writer. Each .SEGMENT is one example: its digit, then .COMMENT digit writer"
    " number, then its strokes.\n"
    f".COMMENT Coordinates: {RESOLUTION} units per canvas width, y up, each example from 0 0.\n"
    '.LEXICON "0" "1" "2" "3" "4" "5" "6" "7" "8" "9"\n'
    ".HIERARCHY DIGIT\n"
)


class Example:
    """A drawing (strokes: lists of (x, y) points in canvas units, y down) taught as `label`
    (0 to 9)."""

    def __init__(self, strokes: list, label: int) -> None:
        if type(label) is not int or not 0 <= label < len(LABELS):
            raise ValueError(f"an example is a digit 0 to 9, not {label!r}")
        self.strokes = [[(float(x), float(y)) for x, y in stroke] for stroke in strokes if stroke]
        if not self.strokes:
            raise ValueError("an example needs at least one point")
        if sum(len(stroke) for stroke in self.strokes) > MAX_POINTS:
            raise ValueError(f"an example holds at most {MAX_POINTS} points")
        self.label = label

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, Example)
            and self.label == other.label
            and self.strokes == other.strokes
        )


def to_unipen(examples: list) -> str:
    """The examples as UNIPEN text: each moved to start at 0 0, y turned to point up, in whole
    file units."""
    lines = [HEADER]
    for number, example in enumerate(examples, 1):
        x0 = min(x for stroke in example.strokes for x, _ in stroke)
        y1 = max(y for stroke in example.strokes for _, y in stroke)
        label = LABELS[example.label]
        lines.append(f'.SEGMENT DIGIT 0 ? "{label}"\n.COMMENT {label} {WRITER} {number}\n')
        for stroke in example.strokes:
            points = [
                f" {round((x - x0) * RESOLUTION)} {round((y1 - y) * RESOLUTION)}\n"
                for x, y in stroke
            ]
            lines.append(".PEN_DOWN\n" + "".join(points) + ".PEN_UP\n")
        lines.append("\n")
    return "".join(lines)


def from_unipen(text: str) -> list:
    """The examples of a file written by `to_unipen` (or any UNIPEN text of one writer's digits
    with their strokes), each moved to start at 0 0 in canvas units, y down.

    Raises ValueError, naming the line, for anything else: no examples, a label that is not a
    digit, strokes outside an example or unfinished, points that are not two numbers, examples of
    several writers, more than MAX_EXAMPLES examples or MAX_POINTS points in one.
    """
    reader = _Reader()
    number = 0
    for number, line in enumerate(text.split("\n"), 1):
        try:
            reader.line(line.strip())
        except ValueError as error:
            raise ValueError(f"line {number}: {error}") from None
    try:
        reader.finish()
    except ValueError as error:
        raise ValueError(f"line {number}: {error}") from None
    if not reader.examples:
        raise ValueError("no examples: an examples file is UNIPEN text of .SEGMENT DIGIT lines")
    writers = sorted(set(reader.writers))
    if len(writers) > 1:
        raise ValueError(
            f"the file holds the digits of {len(writers)} writers; an examples file holds one's"
        )
    return reader.examples


class _Reader:
    """The state of `from_unipen`: the examples read, the one being read."""

    def __init__(self) -> None:
        self.examples = []
        self.writers = []
        self.label = None  # of the example being read
        self.writer = None
        self.strokes = []
        self.stroke = None  # the stroke being read

    def line(self, line: str) -> None:
        words = line.split()
        if not words:
            self.finish()
        elif words[0] == ".SEGMENT":
            self.finish()
            self.segment(line, words)
        elif words[0] == ".COMMENT" and self.label is not None and self.writer is None:
            if len(words) < 3 or words[1] != LABELS[self.label] or not words[2].isdigit():
                raise ValueError(f"expected .COMMENT {LABELS[self.label]} WRITER NUMBER")
            self.writer = int(words[2])
        elif words[0] == ".PEN_DOWN":
            if self.label is None or self.stroke is not None:
                raise ValueError(".PEN_DOWN outside an example or inside a stroke")
            self.stroke = []
        elif words[0] == ".PEN_UP":
            if self.stroke is None:
                raise ValueError(".PEN_UP without .PEN_DOWN")
            if not self.stroke:
                raise ValueError("a stroke without points")
            self.strokes.append(self.stroke)
            self.stroke = None
        elif self.stroke is not None:
            self.point(words)
        elif not line.startswith("."):
            raise ValueError(f"unexpected {line[:40]!r} outside a stroke")

    def segment(self, line: str, words: list) -> None:
        quoted = line.split('"')
        if words[1:2] != ["DIGIT"] or len(quoted) != 3 or quoted[1] not in LABELS:
            raise ValueError('expected .SEGMENT DIGIT ... "D", D a digit 0 to 9')
        if len(self.examples) == MAX_EXAMPLES:
            raise ValueError(f"more than {MAX_EXAMPLES} examples")
        self.label = LABELS.index(quoted[1])

    def point(self, words: list) -> None:
        try:
            x, y = [float(word) for word in words]
        except ValueError:
            raise ValueError(f"expected a point (x y), not {' '.join(words)[:40]!r}") from None
        if not (abs(x) < 1e9 and abs(y) < 1e9):  # also refuses nan and inf
            raise ValueError("a coordinate out of range")
        self.stroke.append((x, y))

    def finish(self) -> None:
        """End the example being read, if any."""
        if self.label is None:
            return
        if self.stroke is not None:
            raise ValueError(".PEN_DOWN without .PEN_UP")
        if self.writer is None:
            raise ValueError(f"example {len(self.examples) + 1} has no .COMMENT with its writer")
        if not self.strokes:
            raise ValueError(f"example {len(self.examples) + 1} has no strokes")
        x0 = min(x for stroke in self.strokes for x, _ in stroke)
        y1 = max(y for stroke in self.strokes for _, y in stroke)
        strokes = [
            [((x - x0) / RESOLUTION, (y1 - y) / RESOLUTION) for x, y in stroke]
            for stroke in self.strokes
        ]
        self.examples.append(Example(strokes, self.label))
        self.writers.append(self.writer)
        self.label = self.writer = self.stroke = None
        self.strokes = []


def to_record(example: Example) -> list:
    """The example as plain data for storage: [label, strokes as flat lists of whole file units,
    x y x y ...]."""
    return [
        example.label,
        [
            [value for x, y in stroke for value in (round(x * RESOLUTION), round(y * RESOLUTION))]
            for stroke in example.strokes
        ],
    ]


def from_record(record) -> Example:
    """The example a `to_record` list holds; ValueError if it holds none."""
    try:
        label, flat = record
        strokes = []
        for values in flat:
            if len(values) % 2:
                raise ValueError
            pairs = range(0, len(values), 2)
            strokes.append([(values[i] / RESOLUTION, values[i + 1] / RESOLUTION) for i in pairs])
    except (TypeError, ValueError):
        raise ValueError("not a stored example: [label, [[x, y, x, y, ...], ...]]") from None
    return Example(strokes, label)
