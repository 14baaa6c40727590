"""Read a number written on one line: split the strokes into digits and read each one.

Online ink gives the cues: each gesture (pen down to pen up) belongs to one digit, digits follow
each other left to right, and the strokes of one digit overlap or touch. So the gestures are put
in order of their horizontal centre, every run of up to MAX_STROKES consecutive gestures that is
not split by a wide gap is a candidate digit, every candidate is rendered by `ink.to_mnist` and
scored by the model (classes 0-9 and "not a digit"), and dynamic programming picks the split
whose digits score best together. A candidate that holds two digits, or a piece of one, scores as
"not a digit", which is what makes splits of different sizes comparable.

Pure Python that runs in CPython, Pyodide and MicroPython (no numpy, no `js`): the page reads with
it, and the unit tests and the bench check it in CPython.
"""

from math import log

from ink import bounding_box, to_mnist

NOT_A_DIGIT = 10
"""Index of the model's "not a digit" class."""
MAX_STROKES = 3
"""Most gestures one digit is made of (a 1 with flag and base, a crossed 7, a slashed 0...): in
the pen data one digit in 14,900 has more. Each gesture more per candidate costs a rendering and
a model input on every stroke."""
MAX_GAP = 0.15
"""Gestures further apart than this (in line heights) are never parts of one digit: in the pen
data, 99.7% of the several-stroke digits have no gap between their strokes wider than this."""
MAX_WIDTH = {2: 1.8, 3: 1.3}
"""Two or three gestures spanning more than this (in line heights) are never one digit, so no
candidate that wide is read. In 2,000 numbers of the training writers (`tools.numbers`'s layout),
the widest digit of two gestures spans 1.72 line heights, of three 1.19 (a 1 with flag and base,
a crossed 7: compact), while half the runs of three gestures that are not one digit are wider
than 1.3. Reading fewer candidates after a stroke is what keeps the page fast on a long number:
a candidate of three gestures costs three times a single one."""
TALL = 0.7
"""A gesture at least this tall (in line heights) is the main stroke of its digit."""
TALL_OVERLAP = 0.2
"""A tall gesture that crosses the ink of a group holding a tall one by less than this (see
`crossing`) is the next digit, never a part of that group: the two main strokes of one digit
cross or enclose each other (a 4's stem and its bend), those of two neighbours at most touch.
In 3,000 numbers of the training writers (`tools.numbers`'s layout), 4 of 2,797 digits of two
gestures are drawn so, and 73% of the runs of two gestures that are not one digit (3,477 of
4,737): not reading those is what keeps a stroke beside a digit written in one stroke cheap.
Against 0 (only a tall gesture right of all the ink is the next digit), 0.2 renders 30% fewer
points for the last stroke of a 6-digit number (p95, held-out writers) and reads 97.0% of those
numbers whole instead of 96.9%."""
REJECT_COST = 1.5
"""What reading a group as "not a digit" costs the split, in nats per gesture of the group: ink
is only left unread when no split into digits explains it (a letter, a scribble), and a long
run of gestures is never cheaply dismissed as one unread part."""
OVERLAP_COST = 1.5
"""What splitting two groups that overlap horizontally costs, per unit of overlap (the overlap
as a fraction of the narrower group's width): digits side by side barely overlap. Less reads
slightly more numbers whole (3,000 numbers of the training writers, `python -m tools.numbers`:
0.5 reads 97.3%, 1.5 97.0%, 0 96.2%), but takes a letter's stroke for a 1: the A of the tests
reads "1?" below 1.5, and fewer letters are rejected whole (60% at 0.5, 73% at 1.5)."""
NARROWEST = 0.4
"""Narrowest width (in line heights) that the overlap of two neighbours is measured against, in
`crossing` and in the cost of a split: a thin 1 written a little into its neighbour's box
overlaps it by most of its own width, though the two hardly share any ink. In 3,000 numbers of
the training writers (`tools.numbers`), 0.4 reads 97.4% whole instead of 97.0% (digit error
0.74% instead of 0.87%; 0.3 reads 97.3%, and 97.2% in the cost of a split alone); of 1,000
numbers of held-out writers each (seeds 1 and 2), 97.6% and 98.1% instead of 97.3% and 97.7%
with 0.3 in the cost of a split alone. As many drawn letters are rejected."""
REJECT_ODDS = 1.6
"""A group the split keeps as one part reads as "not a digit" only if the model holds that this
many times likelier than its likeliest digit; otherwise it reads as that digit, unsure. On
writers it never saw, the model spreads an odd digit's probability over the digits it could be
(a spiral 0: "not a digit" 0.47, 0 0.31, 6 0.15), which "not a digit" then outweighs. Numbers of
held-out writers (`tools.numbers`, 1,000 each, seeds 1 and 2) read whole: 96.9% and 97.4% with
the likeliest class (odds 1), 97.3% and 97.7% with 1.6 or 2; 71% of drawn letters are still
rejected whole (75% with odds 1, 69% with 2). The training writers do not tell: 97.17% with any
of these, since the model knows their digits."""
FLOOR = 1e-6
"""Smallest probability taken into account: keeps log() finite."""


class Group:
    """A candidate digit: consecutive gestures (in reading order) and their extent."""

    def __init__(self, members: tuple, pieces: list, box: tuple) -> None:
        self.members = members  # indices into the drawing's gestures
        self.pieces = pieces  # every piece of ink of those gestures
        self.box = box  # (x0, y0, x1, y1)
        self.pixels = None  # the 28x28 image the model reads (784 bytes), once rendered
        self.probabilities = None  # the model's 11 probabilities, once read

    @property
    def label(self) -> str:
        """The digit read, or "?" for not a digit."""
        choice = self.choice
        return "?" if choice == NOT_A_DIGIT else str(choice)

    @property
    def confidence(self) -> float:
        """The probability of what was read."""
        return self.probabilities[self.choice]

    @property
    def choice(self) -> int:
        """The class read: the likeliest digit, unless "not a digit" beats it by REJECT_ODDS."""
        probabilities = self.probabilities
        best = _argmax(probabilities[:NOT_A_DIGIT])
        if probabilities[NOT_A_DIGIT] > REJECT_ODDS * probabilities[best]:
            return NOT_A_DIGIT
        return best

    def cost(self) -> float:
        """How badly this group explains its ink as one digit (or as a rejected part)."""
        probabilities = self.probabilities
        digit = -log(max(max(probabilities[:NOT_A_DIGIT]), FLOOR))
        rejected = -log(max(probabilities[NOT_A_DIGIT], FLOOR)) + REJECT_COST * len(self.members)
        return min(digit, rejected)


def _argmax(values: list) -> int:
    best = 0
    for index in range(1, len(values)):
        if values[index] > values[best]:
            best = index
    return best


def reading_order(boxes: list) -> list:
    """Gesture indices sorted by horizontal centre (drawing order breaks ties)."""
    keyed = [((box[0] + box[2]) / 2, index) for index, box in enumerate(boxes)]
    keyed.sort()
    return [index for _, index in keyed]


def line_height(boxes: list) -> float:
    """Height of the written line: the tallest gesture, or the whole ink if that is taller than
    twice it (a tall digit of small strokes). Never zero."""
    tallest = max(box[3] - box[1] for box in boxes)
    whole = max(box[3] for box in boxes) - min(box[1] for box in boxes)
    return max(min(whole, 2 * tallest), tallest, 1e-9)


def candidates(gestures: list, boxes: list) -> list:
    """Every candidate digit: runs of up to MAX_STROKES gestures in reading order, where no
    gesture starts more than MAX_GAP line heights right of the ink before it (nor barely
    crosses it, if both are TALL: see TALL_OVERLAP), and that span at most MAX_WIDTH line
    heights for their size (a single gesture is always one). Returns, for each position i of
    the reading order, the candidates that start there."""
    order = reading_order(boxes)
    height = line_height(boxes)
    gap_limit, tall, narrowest = MAX_GAP * height, TALL * height, NARROWEST * height
    groups = []
    for start in range(len(order)):
        here = []
        x0, y0, x1, y1 = boxes[order[start]]
        has_tall = y1 - y0 >= tall
        pieces = []
        for end in range(start, min(start + MAX_STROKES, len(order))):
            box = boxes[order[end]]
            is_tall = box[3] - box[1] >= tall
            if end > start and (
                box[0] - x1 > gap_limit
                or (
                    is_tall
                    and has_tall
                    and crossing((x0, y0, x1, y1), box, narrowest) < TALL_OVERLAP
                )
            ):
                break
            has_tall = has_tall or is_tall
            x0, y0 = min(x0, box[0]), min(y0, box[1])
            x1, y1 = max(x1, box[2]), max(y1, box[3])
            if end > start and x1 - x0 > MAX_WIDTH[end - start + 1] * height:
                break
            pieces = pieces + gestures[order[end]]
            members = tuple(sorted(order[start : end + 1]))
            here.append(Group(members, pieces, (x0, y0, x1, y1)))
        groups.append(here)
    return groups


def overlap(left: tuple, right: tuple, narrowest: float = 0.0) -> float:
    """Horizontal overlap of two boxes as a fraction of the narrower one's width, or of
    `narrowest` if that is wider (0 to 1); a box of no width (a perfectly upright stroke)
    overlaps a box it is within (edges included)."""
    shared = min(left[2], right[2]) - max(left[0], right[0])
    narrower = max(min(left[2] - left[0], right[2] - right[0]), narrowest)
    if shared < 0 or (shared == 0 and narrower > 0):
        return 0.0
    return 1.0 if narrower <= 0 else min(1.0, shared / narrower)


def crossing(group: tuple, box: tuple, narrowest: float) -> float:
    """How much a gesture's box crosses a group's, horizontally (0 to 1): fully if either lies
    within the other's extent (a 4's stem on its bar, a slash within its 0), otherwise their
    `overlap` against at least `narrowest`."""
    if group[0] <= box[0] and box[2] <= group[2] or box[0] <= group[0] and group[2] <= box[2]:
        return 1.0
    return overlap(group, box, narrowest)


def best_split(groups: list, height: float) -> list:
    """The groups, left to right, that cover every gesture once at the least total cost:
    each group's own cost plus OVERLAP_COST for each pair of neighbours that overlap (measured
    against at least NARROWEST line heights of `height`).

    Dynamic programming over (position in reading order, last group); `groups` as returned by
    `candidates`, every group already read by the model.
    """
    narrowest = NARROWEST * height
    count = len(groups)
    # best[end] maps a group ending just before `end` to (total cost, previous group, its end).
    best = [{} for _ in range(count + 1)]
    best[0][None] = (0.0, None, None)
    for start in range(count):
        if not best[start]:
            continue
        for group in groups[start]:
            end = start + len(group.members)
            own = group.cost()
            choice = None
            for previous, (total, _, _) in best[start].items():
                joint = total + own
                if previous is not None:
                    joint += OVERLAP_COST * overlap(previous.box, group.box, narrowest)
                if choice is None or joint < choice[0]:
                    choice = (joint, previous, start)
            best[end][group] = choice
    split = []
    ends = best[count]
    group = min(ends, key=lambda g: ends[g][0]) if ends else None
    end = count
    while group is not None:
        split.append(group)
        _, previous, start = best[end][group]
        group, end = previous, start
    split.reverse()
    return split


class NumberReader:
    """Reads a drawing's gestures as a number, reusing what it rendered and read before.

    `predict` takes a list of 28x28 images (784 bytes each) and returns, for each, the
    model's 11 probabilities: one batched call per reading. Groups already read are kept by the
    identity and length of their gestures, so a new stroke costs only the candidates it is part
    of, and the extents of the gestures before it are not measured again; entries no longer used
    are dropped at each reading.
    """

    def __init__(self, predict) -> None:
        self.predict = predict
        self._known = {}
        self.rendered = 0  # candidates rendered by the last reading (for the bench)

    def read(self, gestures: list) -> list:
        """The digits (Groups, left to right) read from `gestures`, each a list of pieces."""
        gestures = [gesture for gesture in gestures if gesture]
        if not gestures:
            self._known = {}
            self.rendered = 0
            return []
        keys = [(id(gesture), sum(len(piece) for piece in gesture)) for gesture in gestures]
        boxes = []
        for gesture, key in zip(gestures, keys):
            alone = self._known.get((key,))  # the gesture as a candidate of its own, if read
            boxes.append(alone[0].box if alone else bounding_box(gesture))
        groups = candidates(gestures, boxes)
        known, fresh = {}, []
        for here in groups:
            for group in here:
                key = tuple(keys[m] for m in group.members)
                seen = self._known.get(key)
                if seen is None:
                    group.pixels = to_mnist(group.pieces)
                    fresh.append(group)
                else:
                    group.pixels, group.probabilities = seen[0].pixels, seen[0].probabilities
                # Keeping the gestures themselves keeps their ids from being reused.
                known[key] = (group, [gestures[m] for m in group.members])
        if fresh:
            read = self.predict([group.pixels for group in fresh])
            for index, group in enumerate(fresh):
                group.probabilities = list(read[index])
        self._known = known
        self.rendered = len(fresh)
        return best_split(groups, line_height(boxes))
