"""Readings adapted to one person's handwriting: what they taught pulls the readings of drawings
that look like it towards its label, and nothing else changes.

An example is a drawing the person labelled: its features (the network's penultimate layer as a
unit vector in bytes, see `quantise`), what the model read it as, and the label. A correction (an
example the model misread) adds PULL nats per unit of cosine similarity above SIMILAR to its
label's log-probability in any reading it resembles, provided the model gives that label at least
PLAUSIBLE: a reading the model is sure of never moves. Where a correction pulls, every example
of the label the model reads holds it back the same way, so a confirmed 7, or a 1 taught after a
wrong pull, keeps the writer's 7s or 1s as they are. Only corrections pull: a 7 a person
confirmed never turns their 1s into 7s. docs/ has the measurements behind each constant.

Pure Python for MicroPython, Pyodide and CPython. Reading costs nothing while no correction is
stored, and otherwise one sparse dot product of small integers per correction whose label the
model finds plausible.
"""

from math import exp, log, sqrt

CLASSES = 11
"""The model's classes: the digits 0-9, then "not a digit"."""
FEATURE_SCALE = 512
"""Features are unit vectors quantised to bytes: each value times FEATURE_SCALE, rounded, at most
255. The model's largest feature value is under 0.45 of the vector's length, so none is cut, and
a similarity moves by less than 0.002."""
SIMILAR = 0.6
"""Cosine similarity above which an example acts: two drawings of different digits by one writer
are rarely this alike (1 pair in 600 among the training writers')."""
PULL = 20.0
"""Nats of log-probability an example adds per unit of similarity above SIMILAR."""
PLAUSIBLE = 0.05
"""Least probability the model must give a label for a correction to pull a reading to it: the
true digit of a misread nearly always has this much, the other digits of a right reading nearly
never."""
FLOOR = 1e-6
"""Smallest probability taken into account: keeps log() finite."""


def quantise(values) -> bytes:
    """Features (non-negative floats) as this module reads them: the unit vector times
    FEATURE_SCALE, rounded, at most 255 (`Classifier.read(images, FEATURE_SCALE)` computes the
    same in TF.js)."""
    norm = sqrt(sum([v * v for v in values]))
    if norm <= 0:
        return bytes(len(values))
    scale = FEATURE_SCALE / norm
    return bytes([min(255, round(v * scale)) for v in values])


class Example:
    """A drawing the person labelled: its features (bytes, see `quantise`), the class the model
    read it as (0 to 10) and the label they gave (0 to 10)."""

    def __init__(self, features: bytes, reading: int, label: int) -> None:
        if not (0 <= reading < CLASSES and 0 <= label < CLASSES):
            raise ValueError(f"classes are 0 to {CLASSES - 1}, not {reading} and {label}")
        self.features = features
        self.reading = reading
        self.label = label
        self.norm = sqrt(sum([v * v for v in features]))

    @property
    def is_correction(self) -> bool:
        """Whether the model misread it: only corrections pull readings to their label."""
        return self.label != self.reading


class _Query:
    """A drawing's features, ready for similarities: its non-zero values (about a third, after
    the ReLU) and its length."""

    def __init__(self, features: bytes) -> None:
        self.pairs = [(index, value) for index, value in enumerate(features) if value]
        self.norm = sqrt(sum([value * value for _, value in self.pairs]))

    def similarity(self, example: Example) -> float:
        features = example.features
        dot = 0
        for index, value in self.pairs:
            dot += features[index] * value
        scale = self.norm * example.norm
        return dot / scale if scale > 0 else 0.0


class Adapter:
    """The examples a person taught, and readings adjusted by them (`adjust`)."""

    def __init__(
        self, similar: float = SIMILAR, pull: float = PULL, plausible: float = PLAUSIBLE
    ) -> None:
        self.similar = similar
        self.pull = pull
        self.plausible = plausible
        self._reach = exp(-pull * (1 - similar))  # below this odds no pull can win
        self.examples = []
        self._corrections = []
        self._by_label = [[] for _ in range(CLASSES)]

    def __len__(self) -> int:
        return len(self.examples)

    def teach(self, features: bytes, reading: int, label: int) -> Example:
        """Add an example: the drawing with these features, which the model read as `reading`
        (its likeliest class, before any adjustment), is `label`."""
        example = Example(features, reading, label)
        self.examples.append(example)
        self._by_label[label].append(example)
        if example.is_correction:
            self._corrections.append(example)
        return example

    def forget(self, example: Example) -> None:
        """Remove one example (an undone correction); unknown examples are ignored."""
        kept = [known for known in self.examples if known is not example]
        if len(kept) != len(self.examples):
            self.clear()
            for known in kept:
                self.examples.append(known)
                self._by_label[known.label].append(known)
                if known.is_correction:
                    self._corrections.append(known)

    def clear(self) -> None:
        self.examples = []
        self._corrections = []
        self._by_label = [[] for _ in range(CLASSES)]

    def adjust(self, probabilities: list, features: bytes) -> list:
        """The model's probabilities for a drawing, adjusted by the examples: the same list when
        nothing applies, a new one otherwise."""
        corrections = self._corrections
        if not corrections:
            return probabilities
        reading = _argmax(probabilities)
        least = max(self.plausible, probabilities[reading] * self._reach)
        query = None
        pulls = {}
        for example in corrections:
            label = example.label
            if label == reading or probabilities[label] < least:
                continue
            if query is None:
                query = _Query(features)
            similarity = query.similarity(example)
            if similarity > self.similar and similarity > pulls.get(label, 0.0):
                pulls[label] = similarity
        if not pulls:
            return probabilities
        held = 0.0
        for example in self._by_label[reading]:
            held = max(held, query.similarity(example))
        scores = [log(max(p, FLOOR)) for p in probabilities]
        for label, similarity in pulls.items():
            scores[label] += self.pull * (similarity - self.similar)
        if held > self.similar:
            scores[reading] += self.pull * (held - self.similar)
        return _softmax(scores)


def _argmax(values: list) -> int:
    best = 0
    for index in range(1, len(values)):
        if values[index] > values[best]:
            best = index
    return best


def _softmax(scores: list) -> list:
    top = max(scores)
    weights = [exp(score - top) for score in scores]
    total = sum(weights)
    return [weight / total for weight in weights]
