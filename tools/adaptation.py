"""Adaptation to a writer, measured offline: how many of a writer's misreads the examples they
teach fix, and how many readings they break, as the page reads (site/segment.py, site/adapt.py)
with the exported model in Keras.

The protocol, for each writer of each pen source (the held-out writers unless `--writers train`):
1. read the second half of the writer's digits (`halves`: the later half of each digit's samples);
2. go through the first half, reading each digit with what was taught so far and teaching every
   misread as its true digit (a correction; `--confirm` also teaches every right reading);
3. read the second half again.
"Teach me" instead teaches the writer's first sample of each digit 0-9, misread or not, then
reads the second half. Each digit is read as a drawing of its own strokes, split and read as the
page does (a digit read as two parts is a misread); an example is the whole drawing.

`--method` measures the alternatives to site/adapt.py's kNN rule that docs/ compares; `--tune`
reads the training writers for a grid of SIMILAR and PULL (how the constants were chosen);
`--timing` times `Adapter.adjust` with 0, 200 and 1,000 stored examples, in CPython and in
MicroPython.

    python -m tools.adaptation [--writers held-out|train] [--method NAME] [--confirm]
                               [--similar S --pull P]
    python -m tools.adaptation --tune
    python -m tools.adaptation --timing
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from trainer.pens import load_sources
from trainer.render import as_model_input

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "site"))
import adapt  # noqa: E402  (the page's modules, in site/)
import segment  # noqa: E402
from ink import to_mnist  # noqa: E402

SIMILAR_GRID = (0.5, 0.55, 0.6, 0.65, 0.7, 0.8)
PULL_GRID = (10.0, 15.0, 20.0, 30.0, 40.0)


class Item:
    """What the model gives for one image: probabilities (list), features as adapt reads them
    (bytes) and as floats (for the fine-tuning alternative)."""

    __slots__ = ("probabilities", "features", "raw")

    def __init__(self, probabilities: list, features: bytes, raw: np.ndarray) -> None:
        self.probabilities = probabilities
        self.features = features
        self.raw = raw

    @property
    def reading(self) -> int:
        return _argmax(self.probabilities)


class Model:
    """The exported model's two outputs for images, each image read once (Keras is the slow
    part: everything else here is the page's own Python)."""

    def __init__(self, keras_model) -> None:
        self.keras_model = keras_model
        self.known = {}

    def items(self, images: list) -> list:
        """An Item for each image (bytes from ink.to_mnist), reading the new ones in one batch."""
        fresh = list({bytes(image) for image in images} - self.known.keys())
        for start in range(0, len(fresh), 1000):
            batch = fresh[start : start + 1000]
            probabilities, features = self.keras_model.predict_on_batch(
                as_model_input(batch)[..., None]
            )
            for image, p, f in zip(batch, probabilities, features, strict=True):
                self.known[image] = Item(p.tolist(), adapt.quantise(f.tolist()), f)
        return [self.known[bytes(image)] for image in images]

    def predict(self, method):
        """A `predict` for segment.NumberReader: the model's probabilities, adjusted by `method`
        (None: as they are)."""

        def predict(images: list) -> list:
            items = self.items(images)
            if method is None:
                return [item.probabilities for item in items]
            return [method.adjust(item) for item in items]

        return predict


class Drawing:
    """One pen digit as the page has it: a gesture per stroke, and the item of the whole
    drawing (what an example is made of)."""

    def __init__(self, digit, model: Model) -> None:
        self.label = digit.label
        self.writer = digit.writer
        self.gestures = [[list(stroke)] for stroke in digit.strokes if stroke]
        self.image = to_mnist([piece for gesture in self.gestures for piece in gesture])
        self.model = model

    @property
    def whole(self) -> Item:
        return self.model.items([self.image])[0]

    def read(self, method) -> str:
        """The digits read as the page reads them, with `method`'s adjustment (None: none)."""
        reader = segment.NumberReader(self.model.predict(method))
        return "".join(group.label for group in reader.read(self.gestures))


def prepare(digits: list, model: Model) -> list:
    """Every digit as a Drawing, read once by the model alone (which reads and renders every
    candidate once: later readings find them known)."""
    drawings = [Drawing(digit, model) for digit in digits]
    model.items([drawing.image for drawing in drawings])
    for drawing in drawings:
        drawing.read(None)
    return drawings


def _memoised(render):
    """ink.to_mnist, remembering its images by the points they were drawn from: a digit is read
    many times here, and rendering is what costs."""
    images = {}

    def to_mnist(pieces: list, *args) -> bytearray:
        key = (tuple(tuple(point) for piece in pieces for point in piece), len(pieces), args)
        if key not in images:
            images[key] = render(pieces, *args)
        return images[key]

    return to_mnist


def halves(digits: list) -> tuple[list, list]:
    """A writer's digits as (first half, second half): for each digit 0-9, the first half of its
    samples in the writer's order (the larger half if odd) go first. Some writers wrote their
    digits sorted (all 0s, then all 1s...), so halves by position would teach other digits than
    they read."""
    first, second = [], []
    for label in range(10):
        samples = [d for d in digits if d.label == label]
        cut = (len(samples) + 1) // 2
        first += samples[:cut]
        second += samples[cut:]
    order = {id(d): index for index, d in enumerate(digits)}
    return sorted(first, key=lambda d: order[id(d)]), sorted(second, key=lambda d: order[id(d)])


# The method (site/adapt.py) and the alternatives docs/ compares it with, one interface:
# teach(item, label) and adjust(item) -> probabilities.


class Knn:
    """site/adapt.py's rule: corrections pull, every example holds its own label."""

    def __init__(self, **settings) -> None:
        self.adapter = adapt.Adapter(**settings)

    def teach(self, item: Item, label: int) -> None:
        self.adapter.teach(item.features, item.reading, label)

    def adjust(self, item: Item) -> list:
        return self.adapter.adjust(item.probabilities, item.features)


class KnnConfirmationsPull(Knn):
    """As Knn, but confirmed examples (read right when taught) pull too, above `similar` with
    `pull` nats a unit, under the same PLAUSIBLE gate: what "teach me" needs to fix misreads
    that no correction covers."""

    def __init__(self, similar: float = 0.6, pull: float = 5.0) -> None:
        super().__init__()
        self.similar, self.pull = similar, pull
        self.confirmed = []

    def teach(self, item: Item, label: int) -> None:
        super().teach(item, label)
        if label == item.reading:
            self.confirmed.append((_unit(item.raw), label))

    def adjust(self, item: Item) -> list:
        p = super().adjust(item)
        reading = _argmax(p)
        query = _unit(item.raw)
        pulls = {}
        for vector, label in self.confirmed:
            if label != reading and p[label] >= adapt.PLAUSIBLE:
                similarity = float(query @ vector)
                if similarity > max(self.similar, pulls.get(label, 0.0)):
                    pulls[label] = similarity
        if not pulls:
            return p
        scores = np.log(np.maximum(p, adapt.FLOOR))
        for label, similarity in pulls.items():
            scores[label] += self.pull * (similarity - self.similar)
        return _softmax(scores)


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


class Prototypes:
    """Class prototypes: the corrections of each label averaged into one unit vector, which pulls
    like a correction (same gate and constants); the examples of the reading's label, averaged,
    hold it."""

    def __init__(self) -> None:
        self.examples = []

    def teach(self, item: Item, label: int) -> None:
        self.examples.append((_unit(item.raw), item.reading, label))

    def adjust(self, item: Item) -> list:
        p = item.probabilities
        reading = item.reading
        corrections = [(v, label) for v, r, label in self.examples if label != r]
        if not corrections:
            return p
        query = _unit(item.raw)
        scores = np.log(np.maximum(p, adapt.FLOOR))
        moved = False
        for label in {label for _, label in corrections}:
            if label == reading or p[label] < adapt.PLAUSIBLE:
                continue
            similarity = _similarity(query, [v for v, c in corrections if c == label])
            if similarity > adapt.SIMILAR:
                scores[label] += adapt.PULL * (similarity - adapt.SIMILAR)
                moved = True
        if not moved:
            return p
        held = [v for v, _, label in self.examples if label == reading]
        if held:
            scores[reading] += adapt.PULL * max(0.0, _similarity(query, held) - adapt.SIMILAR)
        return _softmax(scores)


def _similarity(query: np.ndarray, vectors: list) -> float:
    prototype = np.mean(vectors, axis=0)
    return float(query @ prototype / max(float(np.linalg.norm(prototype)), 1e-12))


class FineTune:
    """The last layer fine-tuned on the examples: `steps` of gradient descent on the cross
    entropy (labels smoothed by 0.1, as in training) of a change to its weights and bias,
    penalised by `decay` times its square; a reading adds that change to the logits."""

    def __init__(self, model, rate: float = 0.03, steps: int = 30, decay: float = 1.0) -> None:
        self.kernel, self.bias = model.layers[-1].get_weights()
        self.rate, self.steps, self.decay = rate, steps, decay
        self.x, self.y = [], []
        self.d_kernel = np.zeros_like(self.kernel)
        self.d_bias = np.zeros_like(self.bias)

    def teach(self, item: Item, label: int) -> None:
        self.x.append(item.raw)
        self.y.append(label)
        x = np.array(self.x)
        targets = np.eye(adapt.CLASSES)[self.y] * 0.9 + 0.1 / adapt.CLASSES
        d_kernel, d_bias = np.zeros_like(self.kernel), np.zeros_like(self.bias)
        for _ in range(self.steps):
            logits = x @ (self.kernel + d_kernel) + self.bias + d_bias
            gradient = (_softmax_rows(logits) - targets) / len(x)
            d_kernel -= self.rate * (x.T @ gradient + self.decay * d_kernel)
            d_bias -= self.rate * (gradient.sum(0) + self.decay * d_bias)
        self.d_kernel, self.d_bias = d_kernel, d_bias

    def adjust(self, item: Item) -> list:
        if not self.x:
            return item.probabilities
        scores = np.log(np.maximum(item.probabilities, adapt.FLOOR))
        return _softmax(scores + item.raw @ self.d_kernel + self.d_bias)


def _softmax_rows(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(1, keepdims=True))
    return shifted / shifted.sum(1, keepdims=True)


def _softmax(scores) -> list:
    return _softmax_rows(np.asarray(scores, dtype=np.float64)[None])[0].tolist()


def _argmax(values: list) -> int:
    return max(range(len(values)), key=values.__getitem__)


METHODS = {
    "knn": lambda model: Knn(),
    "knn-ungated": lambda model: Knn(plausible=0.0),
    "knn-confirmations-pull": lambda model: KnnConfirmationsPull(),
    "prototypes": lambda model: Prototypes(),
    "fine-tune": lambda model: FineTune(model),
}


class Result:
    """One writer's errors on the second half: before, after their corrections, after "teach
    me"; and how many examples each taught."""

    def __init__(self, source: str, writer: int, first: int, second: int) -> None:
        self.source, self.writer, self.first, self.second = source, writer, first, second
        self.before = self.corrected = self.taught = 0
        self.corrections = 0
        self.coverable = 0  # second-half misreads of a digit the writer corrected in the first
        self.misreads = []  # (digit, read before, read after corrections) on the second half


def run_writer(drawings: list, source: str, make, confirm: bool) -> Result:
    """The protocol (module docstring) for one writer's drawings."""
    first, second = halves(drawings)
    result = Result(source, drawings[0].writer, len(first), len(second))
    before = [d.read(None) for d in second]
    result.before = sum(read != str(d.label) for d, read in zip(second, before, strict=True))
    method = make()
    corrected = set()
    for drawing in first:
        right = drawing.read(method) == str(drawing.label)
        if confirm or not right:
            method.teach(drawing.whole, drawing.label)
        if not right:
            result.corrections += 1
            corrected.add(drawing.label)
    result.coverable = sum(
        read != str(d.label) and d.label in corrected
        for d, read in zip(second, before, strict=True)
    )
    after = [d.read(method) for d in second]
    result.corrected = sum(read != str(d.label) for d, read in zip(second, after, strict=True))
    result.misreads = [
        (d.label, old, new)
        for d, old, new in zip(second, before, after, strict=True)
        if str(d.label) != old or str(d.label) != new
    ]
    method = make()
    taught = set()
    for drawing in first:
        if drawing.label not in taught:
            taught.add(drawing.label)
            method.teach(drawing.whole, drawing.label)
    result.taught = sum(d.read(method) != str(d.label) for d in second)
    return result


def by_writer(drawings: list) -> list:
    writers = {}
    for drawing in drawings:
        writers.setdefault(drawing.writer, []).append(drawing)
    return [writers[writer] for writer in sorted(writers)]


def load(which: str, model: Model) -> dict:
    """{source name: its held-out (or training) writers' Drawings}."""
    return {
        source.name: prepare(source.held_out if which == "held-out" else source.train, model)
        for source in load_sources()
    }


def protocol(sources: dict, make, confirm: bool) -> list:
    return [
        run_writer(drawings, name, make, confirm)
        for name, all_drawings in sources.items()
        for drawings in by_writer(all_drawings)
    ]


def print_results(results: list, title: str) -> None:
    print(f"\n{title}")
    print(
        f"{'source':<10} {'writer':>6} {'digits':>9} {'before':>6} {'corrected':>9} "
        f"{'(taught)':>8} {'teach me':>8}  digit:read before>after, where either is wrong"
    )
    for r in results:
        changes = " ".join(f"{digit}:{old}>{new}" for digit, old, new in r.misreads)
        print(
            f"{r.source:<10} {r.writer:>6} {r.first:>4}+{r.second:<4} {r.before:>6} "
            f"{r.corrected:>9} {r.corrections:>8} {r.taught:>8}  {changes}"
        )
    for source in sorted({r.source for r in results}) + ["all"]:
        chosen = [r for r in results if source in ("all", r.source)]
        before = sum(r.before for r in chosen)
        coverable = sum(r.coverable for r in chosen)
        print(
            f"{source:<10} total: before {before} ({coverable} of a digit corrected in the first "
            f"half), corrections {_change(chosen, 'corrected')}, "
            f"teach me {_change(chosen, 'taught')}"
        )
    worst = max(results, key=lambda r: (r.corrected - r.before, r.corrected))
    print(
        f"worst writer after corrections: {worst.source} {worst.writer} "
        f"({worst.before} -> {worst.corrected} errors of {worst.second})"
    )


def _change(results: list, field: str) -> str:
    before = sum(r.before for r in results)
    after = sum(getattr(r, field) for r in results)
    worse = sum(getattr(r, field) > r.before for r in results)
    fall = f"{(before - after) / before:.0%}" if before else "-"
    return f"{before} -> {after} ({fall} fewer, {worse} writers worse)"


def tune(sources: dict) -> None:
    """The corrections and "teach me" protocols on these writers for a grid of SIMILAR, PULL."""
    print("similar  pull  | corrections                         | teach me")
    for similar in SIMILAR_GRID:
        for pull in PULL_GRID:
            results = protocol(sources, lambda s=similar, p=pull: Knn(similar=s, pull=p), False)
            print(
                f"{similar:<7}  {pull:<5} | {_change(results, 'corrected'):<35} | "
                f"{_change(results, 'taught')}",
                flush=True,
            )


TIMING_SCRIPT = """
import json, sys, time
from adapt import Adapter
now = time.ticks_us if sys.implementation.name == "micropython" else time.perf_counter_ns
unit = 1 if sys.implementation.name == "micropython" else 1000
pool, queries = json.loads(DATA)
queries = [(p, bytes.fromhex(f)) for p, f in queries]
for count in (0, 200, 1000):
    for kind in (0, 1):
        adapter = Adapter()
        for f, reading, label, second in pool[:count]:
            adapter.teach(bytes.fromhex(f), reading, second if kind else label)
        best = None
        for _ in range(3):
            started = now()
            for p, f in queries:
                adapter.adjust(p, f)
            took = (now() - started) / unit / len(queries)
            best = took if best is None else min(best, took)
        corrections = sum([e.is_correction for e in adapter.examples])
        print(json.dumps([count, kind, corrections, best]))
        if not count:
            break
"""
"""Times Adapter.adjust, the same in CPython and MicroPython: DATA is [examples, images]."""


def timing(sources: dict) -> None:
    """Microseconds per `Adapter.adjust` call (the best of 3 passes over 1,000 images the page
    reads: candidates and whole digits) with 0, 200 and 1,000 examples of these writers, in
    CPython and in MicroPython (Node, tests/js/micropython.mjs): taught with their true labels
    (mostly confirmations: as a person corrects misreads and confirms some right readings), or
    all as corrections (each labelled as its second likeliest class), the worst case. And how
    many images the page reads after each stroke of these digits, which a stroke's cost is."""
    drawings = [d for all_drawings in sources.values() for d in all_drawings]
    rng = np.random.default_rng(0)
    pool = [
        [
            d.whole.features.hex(),
            d.whole.reading,
            d.label,
            int(np.argsort(d.whole.probabilities)[-2]),
        ]
        for d in (drawings[i] for i in rng.permutation(len(drawings)))
    ]
    items = list(drawings[0].model.known.values())
    queries = [
        [items[i].probabilities, items[i].features.hex()]
        for i in rng.choice(len(items), 1000, replace=False)
    ]
    code = f"DATA = {json.dumps(json.dumps([pool, queries]))}\n" + TIMING_SCRIPT
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "timing.py"
        script.write_text(code)
        runs = {
            "CPython": subprocess.run(
                [sys.executable, str(script)],
                env={**os.environ, "PYTHONPATH": str(ROOT / "site")},
                capture_output=True,
                text=True,
            ),
            "MicroPython": subprocess.run(
                ["node", str(ROOT / "tests" / "js" / "micropython.mjs"), str(script)],
                cwd=ROOT,
                capture_output=True,
                text=True,
            ),
        }
    for name, run in runs.items():
        if run.returncode:
            print(f"{name}: failed\n{run.stderr}")
            continue
        for line in run.stdout.splitlines():
            count, kind, corrections, took = json.loads(line)
            taught = "all corrections" if kind else "true labels"
            print(
                f"{name:<11} {count:>5} examples ({taught}, {corrections} corrections): "
                f"{took:.1f} us per image"
            )
    fresh = []
    for drawing in drawings:
        reader = segment.NumberReader(drawing.model.predict(None))
        for end in range(1, len(drawing.gestures) + 1):
            reader.read(drawing.gestures[:end])
            fresh.append(reader.rendered)
    print(
        f"images read per stroke: mean {np.mean(fresh):.2f}, p95 {np.percentile(fresh, 95):.0f}, "
        f"max {max(fresh)} ({len(fresh)} strokes)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writers", choices=["held-out", "train"], default="held-out")
    parser.add_argument("--method", choices=sorted(METHODS), default="knn")
    parser.add_argument("--confirm", action="store_true", help="also teach every right reading")
    parser.add_argument("--similar", type=float, default=adapt.SIMILAR, help="for --method knn")
    parser.add_argument("--pull", type=float, default=adapt.PULL, help="for --method knn")
    parser.add_argument("--tune", action="store_true", help="grid of SIMILAR and PULL, training")
    parser.add_argument("--timing", action="store_true", help="time Adapter.adjust")
    parser.add_argument("--model", type=Path, default=ROOT / "site" / "model")
    args = parser.parse_args()

    from trainer.export import load_exported_model  # imports TensorFlow: only here

    segment.to_mnist = _memoised(to_mnist)  # the tool reads each digit many times
    keras_model = load_exported_model(args.model, features=True)
    model = Model(keras_model)
    started = time.perf_counter()
    sources = load("train" if args.tune else args.writers, model)
    count = sum(len(d) for d in sources.values())
    print(f"read {count} digits in {time.perf_counter() - started:.0f} s")
    if args.tune:
        tune(sources)
    elif args.timing:
        timing(sources)
    else:
        make = lambda: METHODS[args.method](keras_model)  # noqa: E731
        title = f"{args.writers} writers, method {args.method}"
        if args.method == "knn":
            make = lambda: Knn(similar=args.similar, pull=args.pull)  # noqa: E731
            title += f" (similar {args.similar}, pull {args.pull})"
        results = protocol(sources, make, args.confirm)
        print_results(results, title + (", right readings confirmed too" if args.confirm else ""))


if __name__ == "__main__":
    main()
