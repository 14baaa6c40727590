"""Read a number written on one line: split the ink into digits and read each one.

Online ink gives the cues: digits follow each other left to right, a digit is a few gestures
(pen down to pen up) that overlap or touch, and a writer who runs one digit into the next without
lifting the pen turns sharply where the two meet. So the gestures are put in reading order and
every run of a few consecutive ones that could be one digit is a candidate; a wide gesture that
no candidate reads surely as one digit is then cut at its sharp turns, and its parts take its
place in the runs. Every candidate is rendered by `ink.to_mnist` and scored by the model
(classes 0-9 and "not a digit") in one batch, and dynamic programming picks the split whose
digits score best together. A candidate that holds two digits, or a piece of one, scores as "not
a digit", which is what makes splits of different sizes comparable.

Pure Python that runs in CPython, Pyodide and MicroPython (no numpy, no `js`): the page reads with
it, and the unit tests and the bench check it in CPython.
"""

from math import log, sqrt

from ink import bounding_box, to_mnist

NOT_A_DIGIT = 10
"""Index of the model's "not a digit" class."""
FLOOR = 1e-6
"""Smallest probability taken into account: keeps log() finite."""

# Candidates: which runs of gestures (or of parts of them) may be one digit.
MAX_STROKES = 3
"""Most gestures one digit is made of (a 1 with flag and base, a crossed 7...): more are rare,
and each one more per candidate costs a rendering on every stroke."""
MAX_GAP = 0.15
"""Gestures further apart than this (in line heights) are never parts of one digit."""
MAX_WIDTH = {1: 1.8, 2: 1.8, 3: 1.3}
"""Parts of one gesture, or two or three gestures, spanning more than this (in line heights)
are never one digit: fewer candidates to read after each stroke."""
TALL = 0.7
"""A gesture at least this tall (in line heights) is the main stroke of its digit."""
TALL_OVERLAP = 0.2
"""A tall gesture that crosses the ink of a group holding a tall one by less than this (see
`crossing`) is the next digit: the main strokes of one digit cross, those of two neighbours at
most touch."""

# Cuts: where a gesture may hold the end of one digit and the start of the next.
CUT_WIDTH = 0.5
"""Only a gesture at least this wide (in line heights) is cut: narrower ink holds one digit."""
SURE = 0.8
"""A gesture is cut only if no candidate that holds it whole reads as a digit with at least this
probability: a digit written in one stroke reads so, two digits joined almost never do."""
CORNER = 0.5
"""A point is a corner when the cosine of the angle between the way in and the way out is below
this (a turn of more than 60 degrees): where the pen turns back to start the next digit."""
REACH = 0.08
"""Length of ink (in gesture heights) on either side of a point that its turn is measured over:
longer than the pen's jitter, shorter than a digit's curves."""
KINK = 0.8
"""A turn of more than about 37 degrees (this cosine) between two straight stretches of ink is a
kink too: where a straight connecting line meets a digit."""
KINK_REACH = 0.15
"""Length of ink (in gesture heights) on either side of a point that a kink is measured over."""
STRAIGHT_SIDES = 0.99
"""Ink is straight for a kink when the line between its ends is at least this share of its
length: an arc of a round 0 is not."""
STEP = 0.02
"""Points nearer than this (in gesture heights) to the last point looked at are skipped when
looking for cuts: a turn is measured over more ink than that."""
MIN_PART = 0.25
"""Least ink (in gesture heights) between two cuts or a cut and a gesture's end: no crumbs."""

# The split's costs, in nats, besides the model's -log(probability) of each digit.
REJECT_COST = 1.5
"""What leaving a group unread ("not a digit") costs, per gesture, part or line height of width,
whichever it has most of (a letter: per line height): ink is left unread only when no split into
digits explains it."""
REJECT_ODDS = 1.6
"""A group the split keeps reads as "not a digit" only if the model holds that this many times
likelier than its likeliest digit: on writers it never saw, the model spreads an odd digit's
probability over the digits it could be."""
OVERLAP_COST = 1.5
"""What splitting two groups that overlap horizontally costs, per unit of overlap (as a fraction
of the narrower group's width): digits side by side barely overlap."""
NARROWEST = 0.4
"""Narrowest width (in line heights) that the overlap of two neighbours is measured against: a
thin 1 written a little into its neighbour's box hardly shares any ink with it."""
CUT_COST = 0.5
"""What each cut the split makes costs: a gesture is kept whole unless its parts read better."""
CUT_SURE = 0.5
"""A group that holds part of a cut gesture reads as a digit only with at least this
probability: the strokes of a one-stroke letter (an M, an N) read as digits, but seldom surely."""
LINK_COST = 0.5
"""What leaving a link out costs (see `is_link`)."""
STRAIGHT = 1.15
"""A link's ink is at most this many times as long as the line between its ends."""
UPWARD = 0.5
"""A thin part of a gesture whose ink ends higher than it starts by more than this share of its
height is never one digit: 1s are drawn downwards, a letter's strokes and links are not."""
THIN = 0.3
"""A gesture at most this wide (in line heights) is thin, as a 1 is."""
LETTER_ODDS = 4.0
"""A candidate of whole gestures reads as one letter only if the model holds "not a digit" this
many times likelier than its likeliest digit (see `mark_letters`)."""
LETTER_COST = 1.5
"""What starting a group inside a letter costs: its strokes are not read as digits cheaply."""
COMPACT = 0.8
"""A letter spans at most this many line heights."""
FLAT = 0.5
"""A letter's bar is at most this many times as tall as it is wide."""
TOUCH = 0.02
"""Ink within this distance (in line heights) of other ink touches it."""


class Part:
    """A gesture, or the ink of a gesture between two of its cuts: what candidates are made of."""

    def __init__(self, gesture: int, span: tuple, pieces: list, box: tuple) -> None:
        self.gesture = gesture  # index into the drawing's gestures
        self.span = span  # (start, end): its cuts as `cuts` gives them, None at the gesture's ends
        self.pieces = pieces  # its ink: polylines
        self.box = box  # (x0, y0, x1, y1)

    @property
    def first(self) -> bool:
        """Whether it starts its gesture."""
        return self.span[0] is None

    @property
    def last(self) -> bool:
        """Whether it ends its gesture."""
        return self.span[1] is None


class Group:
    """A candidate digit: consecutive parts (in reading order) and their extent."""

    def __init__(self, members: tuple, pieces: list, box: tuple, size: int = 1) -> None:
        self.members = members  # indices of the gestures it has ink of
        self.pieces = pieces  # every piece of its ink
        self.box = box  # (x0, y0, x1, y1)
        self.size = size  # how many parts it holds
        self.cut = False  # whether a cut of a gesture ends it
        self.link = False  # whether it is a link between two digits, left out of the reading
        self.digit = True  # whether it may be one digit (else it may only be left unread)
        self.letter = False  # whether it reads as one letter, not as digits (see mark_letters)
        self.lines = 0.0  # its width in line heights
        self.partial = False  # whether it holds part of a gesture (a cut starts or ends it)
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
        if (
            not self.digit
            or self.partial
            and probabilities[best] < CUT_SURE
            or probabilities[NOT_A_DIGIT] > REJECT_ODDS * probabilities[best]
        ):
            return NOT_A_DIGIT
        return best

    def cost(self) -> float:
        """How badly this group explains its ink as one digit (or as a rejected part, or as a
        link left out)."""
        if self.link:
            return LINK_COST
        probabilities = self.probabilities
        units = max(1, self.lines) if self.letter else max(len(self.members), self.lines, self.size)
        rejected = -log(max(probabilities[NOT_A_DIGIT], FLOOR)) + REJECT_COST * units
        best = max(probabilities[:NOT_A_DIGIT])
        if self.digit and (best >= CUT_SURE or not self.partial):
            rejected = min(rejected, -log(max(best, FLOOR)))
        return rejected + (CUT_COST if self.cut else 0.0)


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


def cuts(gesture: list, box: tuple) -> list:
    """Where a gesture may be cut between two digits: its corners and kinks (see CORNER, KINK),
    each at least MIN_PART of ink from its piece's ends and from the next cut, as (piece, point
    index) in drawing order. Depends on the gesture alone, so it is found once per gesture."""
    scale = max(box[3] - box[1], (box[2] - box[0]) / 4, 1e-9)
    found = []
    for number, piece in enumerate(gesture):
        found += [(number, index) for index in _sharp_turns(piece, scale)]
    return found


def _sharp_turns(piece: list, scale: float) -> list:
    """Point indices of a polyline's corners and kinks, in order, the sharpest kept where two are
    nearer than MIN_PART * scale of ink. Points nearer than STEP * scale to the last one looked
    at are skipped: a fast pen gives thousands."""
    step2 = (STEP * scale) * (STEP * scale)
    kept = [0]
    for index in range(1, len(piece) - 1):
        (ax, ay), (bx, by) = piece[kept[-1]], piece[index]
        if (bx - ax) * (bx - ax) + (by - ay) * (by - ay) >= step2:
            kept.append(index)
    if len(piece) > 1:
        kept.append(len(piece) - 1)
    line = [piece[index] for index in kept]
    count = len(line)
    arc = [0.0]
    for index in range(1, count):
        (ax, ay), (bx, by) = line[index - 1], line[index]
        arc.append(arc[-1] + sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay)))
    margin = MIN_PART * scale
    near, far = _reaches(arc, REACH * scale), _reaches(arc, KINK_REACH * scale)
    turns = []  # (how sharp, index) of every point that turns sharply
    for index in range(1, count - 1):
        if arc[index] < margin or arc[-1] - arc[index] < margin:
            continue
        back, ahead = near[index]
        cosine = _turn(line, arc, back, index, ahead, 0.0)
        if cosine < CORNER:
            turns.append((cosine, index))
            continue
        back, ahead = far[index]
        cosine = _turn(line, arc, back, index, ahead, STRAIGHT_SIDES)
        if cosine < KINK:
            turns.append((cosine, index))
    turns.sort()
    found = []
    for _, index in turns:  # sharpest first
        if all(abs(arc[index] - arc[other]) >= margin for other in found):
            found.append(index)
    found.sort()
    return [kept[index] for index in found]


def _reaches(arc: list, reach: float) -> list:
    """For each point, the last point at least `reach` of ink before it and the first at least
    `reach` after it (its own index where there is none)."""
    found, back, ahead, count = [], 0, 0, len(arc)
    for index in range(count):
        while back + 1 < index and arc[index] - arc[back + 1] >= reach:
            back += 1
        ahead = max(ahead, index)
        while ahead + 1 < count and arc[ahead] - arc[index] < reach:
            ahead += 1
        found.append(
            (
                back if arc[index] - arc[back] >= reach else index,
                ahead if arc[ahead] - arc[index] >= reach else index,
            )
        )
    return found


def _turn(piece: list, arc: list, back: int, index: int, ahead: int, straight: float) -> float:
    """Cosine of the angle between the way into a point (from `back`) and out of it (to
    `ahead`); 1 (no turn) if either way is shorter than `straight` times its ink."""
    if back == index or ahead == index or straight and (back > index - 2 or ahead < index + 2):
        return 1.0
    (px, py), (bx, by), (ax, ay) = piece[index], piece[back], piece[ahead]
    ux, uy, vx, vy = px - bx, py - by, ax - px, ay - py
    norms = (ux * ux + uy * uy) * (vx * vx + vy * vy)
    if norms <= 0:
        return 1.0
    if straight and (
        (arc[index] - arc[back]) * straight > sqrt(ux * ux + uy * uy)
        or (arc[ahead] - arc[index]) * straight > sqrt(vx * vx + vy * vy)
    ):
        return 1.0
    return (ux * vx + uy * vy) / sqrt(norms)


def wide_cuts(boxes: list, found: list, height: float) -> dict:
    """The cuts (`found[index]`, as `cuts` gives them, or None) of the gestures at least
    CUT_WIDTH line heights wide, by gesture index."""
    return {
        index: found[index]
        for index, box in enumerate(boxes)
        if found[index] and box[2] - box[0] >= CUT_WIDTH * height
    }


def cut_parts(gesture: list, at: list) -> list:
    """The gesture's ink between its cuts `at` (as `cuts` gives them): a list of pieces for each
    part, in drawing order. Neighbouring parts share the point where they were cut."""
    parts, current, start = [], [], (0, 0)
    for number, index in at + [(len(gesture), 0)]:
        while start[0] < number:
            current.append(gesture[start[0]][start[1] :])
            start = (start[0] + 1, 0)
        if number < len(gesture):
            current.append(gesture[number][start[1] : index + 1])
            parts.append(current)
            current, start = [], (number, index)
    parts.append(current)
    return parts


def parts_in_order(gestures: list, boxes: list, at: dict) -> list:
    """The Parts of a drawing in reading order: gestures by horizontal centre, the parts of a
    gesture cut at `at[index]` (positions from `cuts`) in drawing order."""
    parts = []
    for index in reading_order(boxes):
        where = at.get(index) or []
        if not where:
            parts.append(Part(index, (None, None), gestures[index], boxes[index]))
            continue
        ends = [None] + where + [None]
        for number, ink in enumerate(cut_parts(gestures[index], where)):
            parts.append(Part(index, (ends[number], ends[number + 1]), ink, bounding_box(ink)))
    return parts


def candidates(parts: list, height: float) -> list:
    """Every candidate digit: runs of consecutive parts of at most MAX_STROKES gestures, where no
    gesture starts more than MAX_GAP line heights right of the ink before it (nor barely crosses
    it, if both are TALL: see TALL_OVERLAP), and that span at most MAX_WIDTH line heights for
    their gestures (a whole gesture, or a single part, is always one). Returns,
    for each position in `parts`, the candidates that start there."""
    gap_limit, tall, narrowest = MAX_GAP * height, TALL * height, NARROWEST * height
    groups = []
    for start in range(len(parts)):
        first = parts[start]
        here = []
        if is_link(first):
            link = Group((first.gesture,), first.pieces, first.box)
            link.cut = link.link = True
            here.append(link)
        x0, y0, x1, y1 = first.box
        has_tall = y1 - y0 >= tall
        members, pieces = [first.gesture], []
        for end in range(start, len(parts)):
            part = parts[end]
            box = part.box
            is_tall = box[3] - box[1] >= tall
            if end > start and part.gesture != parts[end - 1].gesture:
                if (
                    len(members) == MAX_STROKES
                    or box[0] - x1 > gap_limit
                    or is_tall
                    and has_tall
                    and crossing((x0, y0, x1, y1), box, narrowest) < TALL_OVERLAP
                ):
                    break
                members.append(part.gesture)
            has_tall = has_tall or is_tall
            x0, y0 = min(x0, box[0]), min(y0, box[1])
            x1, y1 = max(x1, box[2]), max(y1, box[3])
            pieces = pieces + part.pieces
            wide = end > start and x1 - x0 > MAX_WIDTH[len(members)] * height
            whole = len(members) == 1 and first.first and part.last
            if wide and not whole:
                if len(members) == 1 and first.first:
                    continue  # the whole gesture is still to come
                break
            group = Group(tuple(sorted(members)), pieces, (x0, y0, x1, y1), end - start + 1)
            group.cut, group.lines = not part.last, (x1 - x0) / height
            group.partial = not first.first or not part.last
            group.digit = not wide and (
                len(members) > 1 or whole or x1 - x0 > THIN * height or not upward(pieces)
            )
            here.append(group)
        groups.append(here)
    return groups


def upward(pieces: list) -> bool:
    """Whether ink runs upwards by more than UPWARD of its height: a thin part of a gesture drawn
    so is the pen's way between digits or a letter's stroke, not a 1 (1s are drawn down)."""
    x0, y0, x1, y1 = bounding_box(pieces)
    return pieces[0][0][1] - pieces[-1][-1][1] > UPWARD * (y1 - y0)


def is_link(part: Part) -> bool:
    """Whether a part may be the pen's way from one digit to the next: cut at both ends, nearly
    straight, and running right (no steeper than 45 degrees down) or upwards."""
    if part.first or part.last or len(part.pieces) != 1:
        return False
    line = part.pieces[0]
    (ax, ay), (bx, by) = line[0], line[-1]
    dx, dy = bx - ax, by - ay
    length = 0.0
    for index in range(1, len(line)):
        (px, py), (qx, qy) = line[index - 1], line[index]
        length += sqrt((qx - px) * (qx - px) + (qy - py) * (qy - py))
    return length <= STRAIGHT * sqrt(dx * dx + dy * dy) and (dy < 0 or dy <= dx)


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


def mark_letters(groups: list, boxes: list, touch) -> None:
    """Mark as a letter each compact candidate of whole gestures that the model reads as not a
    digit by LETTER_ODDS to one, where a FLAT gesture bridges two others: it touches both, and
    they do not touch each other (an H's bar, a #'s bars). Leaving it unread costs REJECT_COST per
    line height, not per gesture, and a split that starts a group inside it costs LETTER_COST:
    its strokes are not read as 1s. `touch(a, b)` tells whether the ink of gestures a and b
    touches."""
    for here in groups:
        for group in here:
            probabilities = group.probabilities
            members = group.members
            if (
                len(members) < 3
                or not group.digit
                or group.partial
                or group.lines > COMPACT
                or probabilities[NOT_A_DIGIT] < LETTER_ODDS * max(probabilities[:NOT_A_DIGIT])
            ):
                continue
            for bar in members:
                x0, y0, x1, y1 = boxes[bar]
                if y1 - y0 > FLAT * (x1 - x0):
                    continue
                ends = [m for m in members if m != bar and touch(bar, m)]
                if any(not touch(a, b) for a in ends for b in ends if a < b):
                    group.letter = True
                    break


def touches(a: list, b: list, reach: float) -> bool:
    """Whether the ink of two gestures (lists of pieces) comes within `reach` of each other."""
    ax0, ay0, ax1, ay1 = bounding_box(a)
    bx0, by0, bx1, by1 = bounding_box(b)
    if ax0 > bx1 + reach or bx0 > ax1 + reach or ay0 > by1 + reach or by0 > ay1 + reach:
        return False
    region = (max(ax0, bx0) - reach, max(ay0, by0) - reach, min(ax1, bx1) + reach)
    region += (min(ay1, by1) + reach,)
    near_b = _segments_in(b, region)
    for p, q in _segments_in(a, region):
        for r, t in near_b:
            if _distance(p, q, r, t) <= reach:
                return True
    return False


def _segments_in(gesture: list, region: tuple) -> list:
    """The segments (pairs of points; a lone point twice) of a gesture that reach into a box."""
    x0, y0, x1, y1 = region
    found = []
    for piece in gesture:
        pairs = zip(piece, piece[1:]) if len(piece) > 1 else [(piece[0], piece[0])]
        for p, q in pairs:
            if (
                min(p[0], q[0]) <= x1
                and max(p[0], q[0]) >= x0
                and min(p[1], q[1]) <= y1
                and max(p[1], q[1]) >= y0
            ):
                found.append((p, q))
    return found


def _distance(p: tuple, q: tuple, r: tuple, t: tuple) -> float:
    """Distance between segments p-q and r-t: 0 if they cross."""
    if _side(p, q, r) * _side(p, q, t) < 0 and _side(r, t, p) * _side(r, t, q) < 0:
        return 0.0
    return min(
        _to_segment(p, r, t), _to_segment(q, r, t), _to_segment(r, p, q), _to_segment(t, p, q)
    )


def _side(p: tuple, q: tuple, r: tuple) -> float:
    return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])


def _to_segment(p: tuple, a: tuple, b: tuple) -> float:
    """Distance from point p to segment a-b."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = (
        0.0
        if length2 == 0
        else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    )
    ex, ey = a[0] + t * dx - p[0], a[1] + t * dy - p[1]
    return sqrt(ex * ex + ey * ey)


def best_split(groups: list, height: float) -> list:
    """The groups, left to right, that cover every part once at the least total cost: each
    group's own cost plus OVERLAP_COST for each pair of neighbours that overlap (measured
    against at least NARROWEST line heights of `height`).

    A split that starts a group inside a letter (see `mark_letters`) costs LETTER_COST more.
    Dynamic programming over (position in reading order, last group); `groups` as returned by
    `candidates`, every group already read by the model.
    """
    narrowest = NARROWEST * height
    count = len(groups)
    inside = [0.0] * (count + 1)  # what starting a group at each position costs more
    for start, here in enumerate(groups):
        for group in here:
            if group.letter:
                for position in range(start + 1, start + group.size):
                    inside[position] = LETTER_COST
    # best[end] maps a group ending just before `end` to (total cost, previous group, its end).
    best = [{} for _ in range(count + 1)]
    best[0][None] = (0.0, None, None)
    for start in range(count):
        if not best[start]:
            continue
        for group in groups[start]:
            end = start + group.size
            own = group.cost() + inside[start]
            choice = None
            for previous, (total, _, _) in best[start].items():
                joint = total + own
                if previous is not None and not previous.link and not group.link:
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
    return [group for group in split if not group.link]


class NumberReader:
    """Reads a drawing's gestures as a number, reusing what it rendered and read before.

    `predict` takes a list of 28x28 images (784 bytes each) and returns, for each, the
    model's 11 probabilities: one batched call per reading, and a second one when a gesture may
    hold two digits joined (see SURE). Gestures are known by their identity
    and length, and candidates by the ink of each gesture they hold, so a new stroke costs only
    the candidates it is part of, and the extents and cuts of the gestures before it are not
    measured again; entries no longer used are dropped at each reading.
    """

    def __init__(self, predict) -> None:
        self.predict = predict
        self._known = {}  # candidate key -> Group
        # Gesture key -> [box, cuts, the gesture]: keeping the gesture keeps its id from reuse.
        self._gestures = {}
        self._touching = {}  # (gesture key, gesture key) -> whether their ink touches
        self.rendered = 0  # candidates rendered by the last reading (for the bench)

    def read(self, gestures: list) -> list:
        """The digits (Groups, left to right) read from `gestures`, each a list of pieces."""
        gestures = [gesture for gesture in gestures if gesture]
        self.rendered = 0
        if not gestures:
            self._known, self._gestures, self._touching = {}, {}, {}
            return []
        keys = [(id(gesture), sum(len(piece) for piece in gesture)) for gesture in gestures]
        boxes, seen = [], {}
        for gesture, key in zip(gestures, keys):
            known = self._gestures.get(key)
            if known is None:
                known = [bounding_box(gesture), None, gesture]  # its cuts, once needed
            seen[key] = known
            boxes.append(known[0])
        self._gestures = seen
        height = line_height(boxes)
        known = {}
        groups = self._candidates(gestures, keys, boxes, height, {}, known)
        # A wide gesture that no candidate holding it whole reads as a sure digit may be two
        # digits joined: it is cut, and the candidates read again.
        sure = set()
        for here in groups:
            for group in here:
                if group.digit and max(group.probabilities[:NOT_A_DIGIT]) >= SURE:
                    sure.update(group.members)
        found = []
        for index, box in enumerate(boxes):
            entry = seen[keys[index]]
            if index not in sure and box[2] - box[0] >= CUT_WIDTH * height and entry[1] is None:
                entry[1] = cuts(gestures[index], box)
            found.append(entry[1] if index not in sure else None)
        at = wide_cuts(boxes, found, height)
        if at:
            groups = self._candidates(gestures, keys, boxes, height, at, known)
        self._known = known
        touching, reach = {}, TOUCH * height

        def touch(a: int, b: int) -> bool:
            pair = (keys[a], keys[b])
            found = touching.get(pair)
            if found is None:
                found = self._touching.get(pair)
                if found is None:
                    found = touches(gestures[a], gestures[b], reach)
                touching[pair] = found
            return found

        mark_letters(groups, boxes, touch)
        self._touching = touching
        return best_split(groups, height)

    def _candidates(
        self, gestures: list, keys: list, boxes: list, height: float, at: dict, known: dict
    ) -> list:
        """The candidates of the gestures cut at `at`, read: those read before (noted in
        `known` and `_known`) are reused, the others rendered and read in one batch."""
        parts = parts_in_order(gestures, boxes, at)
        groups = candidates(parts, height)
        # A part is known by its gesture and cuts; the last part of a gesture grows with it.
        spans = [(keys[p.gesture][0], p.span[0], p.span[1] or keys[p.gesture][1]) for p in parts]
        fresh = []
        for start, here in enumerate(groups):
            for group in here:
                if not group.link:
                    self._look_up(group, _key(spans[start : start + group.size]), known, fresh)
        if fresh:
            read = self.predict([group.pixels for group in fresh])
            for index, group in enumerate(fresh):
                group.probabilities = list(read[index])
            self.rendered += len(fresh)
        return groups

    def _look_up(self, group: Group, key: tuple, known: dict, fresh: list) -> None:
        """Give a group the image and reading of the same ink read before, or render it and add
        it to `fresh`; note it in `known`."""
        seen = known.get(key) or self._known.get(key)
        if seen is None:
            group.pixels = to_mnist(group.pieces)
            fresh.append(group)
        else:
            group.pixels, group.probabilities = seen.pixels, seen.probabilities
        known[key] = group


def _key(spans: list) -> tuple:
    """A candidate's key: for each gesture it holds ink of, (its identity, where that ink starts
    and ends), so that all the parts of a gesture are known as the gesture itself."""
    key = [spans[0]]
    for span in spans[1:]:
        if span[0] == key[-1][0]:
            key[-1] = (span[0], key[-1][1], span[2])
        else:
            key.append(span)
    return tuple(key)
