"""What the page learns from the person who writes on it: the examples they taught (a drawing's
strokes and its digit), kept in the browser, and the readings those examples adjust (`adapt`).

The examples are stored as strokes (`examples.to_record`), so that a new model can read them
again; what the model made of them (its reading and features) is stored beside them, marked with
the model's version, so that a reload needs no rendering, and features of one network are never
used with another. Drawings taught during the visit read as taught whatever `adapt` makes of
them: the reading shown changes as soon as a digit is taught.

Pure Python for MicroPython, Pyodide and CPython: the page hands in its classifier and the
browser's storage (anything with getItem, setItem and removeItem).
"""

import json
from binascii import crc32, hexlify, unhexlify

import examples
from adapt import CLASSES, FEATURE_SCALE, Adapter
from ink import to_mnist

EXAMPLES_KEY = "digit-pad/examples"
"""Storage key of the examples: one record (`record_text`) per line."""
FEATURES_KEY = "digit-pad/features"
"""Storage key of what the model made of the first stored examples: a line "VERSION COUNT LENGTH
CHECKSUM" (the model's version; how many examples; the length and CRC-32 of their lines), a line
of each one's reading and label (`CLASS_CHARS`), and a line of all their features in hex."""
CLASS_CHARS = "0123456789?"
"""A class (0 to 10) as one character."""
PROBE_KEY = "digit-pad/probe"
"""Storage key written and removed at load: does the browser let the page store anything?"""
FILE_NAME = "digit-pad-examples.txt"
"""The name "Save my examples" gives the file."""


class StorageError(Exception):
    """The browser's storage refused to keep the examples (off, private, or full)."""


class Taught:
    """One example: its stored record, what the model made of it (features as `adapt` reads
    them, the class read) and its label; `entry` is the adapter's example while it counts."""

    def __init__(self, record: str, features: bytes, reading: int, label: int) -> None:
        self.record = record
        self.features = features
        self.reading = reading
        self.label = label
        self.entry = None
        self.image = None  # the drawing's image, for one taught during this visit
        self.replaced = None  # the example of the same drawing it replaced, to bring back on undo


class Teacher:
    """The examples, the adapter they make, and their storage."""

    def __init__(self, classifier, storage) -> None:
        self.classifier = classifier
        self.storage = storage  # None where the browser gives none
        self.adapter = Adapter()
        self.taught = []  # Taught, in the order stored
        self.pending = []  # records the model has yet to read (a new model, a file loaded)
        self._exact = {}  # image (bytes) -> label: drawings taught during this visit
        self._corrections = 0

    @property
    def count(self) -> int:
        """How many examples there are, read or still to be read."""
        return len(self.taught) + len(self.pending)

    def predict(self, images: list) -> list:
        """The model's probabilities for each image, adjusted by the examples: what the page
        reads every candidate digit with, so that the splitter sees the adapted readings too."""
        if self._corrections:
            probabilities, features = self.classifier.read(images, FEATURE_SCALE)
            adjust = self.adapter.adjust
            probabilities = [adjust(p, f) for p, f in zip(probabilities, features)]
        else:
            probabilities = self.classifier.predict(images)
        if self._exact:
            for index, image in enumerate(images):
                label = self._exact.get(bytes(image))
                if label is not None:
                    probabilities[index] = certain(label)
        return probabilities

    def teach(self, strokes: list, image, label: int) -> Taught:
        """Teach that a drawing (its strokes and its 28x28 image) is `label`; an example of the
        same drawing taught before is replaced. Raises ValueError for a drawing that cannot be
        an example (see `examples.Example`)."""
        record = record_text(examples.Example(strokes, label))
        [probabilities], [features] = self.classifier.read([image], FEATURE_SCALE)
        taught = Taught(record, features, argmax(probabilities), label)
        taught.image = bytes(image)
        for earlier in self.taught:
            if earlier.image == taught.image:
                self._remove(earlier)
                taught.replaced = earlier
                break
        self._add(taught)
        return taught

    def undo(self, taught: Taught) -> None:
        """Take back what `teach` did, bringing back the example it replaced."""
        if taught in self.taught:
            self._remove(taught)
            if taught.replaced is not None:
                self._add(taught.replaced)

    def clear(self) -> None:
        """Forget every example, stored ones too."""
        self.taught = []
        self.pending = []
        self._exact = {}
        self._corrections = 0
        self.adapter.clear()
        if self.storage is not None:
            try:
                self.storage.removeItem(EXAMPLES_KEY)
                self.storage.removeItem(FEATURES_KEY)
            except Exception as error:  # a JS error: the storage is off
                raise StorageError(str(error)) from None

    def load(self) -> None:
        """The stored examples: those whose features the stored model version made count at
        once, the others are left `pending`. Raises StorageError, once they are loaded, if the
        storage cannot be read or written."""
        if self.storage is None:
            raise StorageError("no storage")
        try:
            text = self.storage.getItem(EXAMPLES_KEY)
            cache = self.storage.getItem(FEATURES_KEY)
        except Exception as error:  # a JS error: the storage is off
            raise StorageError(str(error)) from None
        if isinstance(text, str) and text:
            records = text.split("\n")
            known = self._cached(text, cache if isinstance(cache, str) else "")
            for index, (features, reading, label) in enumerate(known):
                self._add(Taught(records[index], features, reading, label))
            self.pending = records[len(known) :]
        try:
            self.storage.setItem(PROBE_KEY, "1")
            self.storage.removeItem(PROBE_KEY)
        except Exception as error:  # a JS error: full, or off
            raise StorageError(str(error)) from None

    def _cached(self, text: str, cache: str) -> list:
        """(features, reading, label) of the first examples of `text`, from the cache if this
        model made it for them; [] otherwise."""
        lines = cache.split("\n")
        head = lines[0].split()
        if len(lines) != 3 or len(head) != 4 or head[0] != self.classifier.version:
            return []
        count, length = int(head[1]), int(head[2])
        prefix = text[:length]
        if (
            not count
            or len(lines[1]) != 2 * count
            or length > len(text)
            or (length < len(text) and text[length] != "\n")
            or prefix.count("\n") != count - 1
            or f"{crc32(prefix.encode()) & 0xFFFFFFFF:08x}" != head[3]
        ):
            return []
        data = unhexlify(lines[2])
        width = len(data) // count
        classes = lines[1]
        return [
            (
                data[index * width : (index + 1) * width],
                CLASS_CHARS.index(classes[2 * index]),
                CLASS_CHARS.index(classes[2 * index + 1]),
            )
            for index in range(count)
        ]

    def read_pending(self, most: int) -> int:
        """Let the model read up to `most` pending examples (rendered through `ink`), which then
        count; return how many are left. Records that hold no example are dropped."""
        batch, self.pending = self.pending[:most], self.pending[most:]
        found = []
        for record in batch:
            try:
                found.append((record, examples.from_record(_parse(record))))
            except ValueError:
                pass
        if found:
            images = [to_mnist(example.strokes) for _, example in found]
            probabilities, features = self.classifier.read(images, FEATURE_SCALE)
            for index, (record, example) in enumerate(found):
                reading = argmax(probabilities[index])
                self._add(Taught(record, features[index], reading, example.label))
        return len(self.pending)

    def add_file(self, text: str) -> int:
        """Add the examples of a saved file (`examples.to_unipen`), to be read (`read_pending`);
        examples already known are skipped. Returns how many were new; raises ValueError, saying
        why, for a file that is not an examples file (nothing changes then)."""
        found = examples.from_unipen(text)
        known = set([taught.record for taught in self.taught] + self.pending)
        new = []
        for example in found:
            record = record_text(example)
            if record not in known:
                known.add(record)
                new.append(record)
        self.pending += new
        return len(new)

    def to_unipen(self) -> str:
        """Every example, read or pending, as the text of a saved file."""
        records = [taught.record for taught in self.taught] + self.pending
        return examples.to_unipen([examples.from_record(_parse(record)) for record in records])

    def save(self) -> None:
        """Store the examples and what the model made of them; StorageError if there is no
        storage or it refuses at once (they still count for this visit; a storage that writes
        later reports a refusal itself)."""
        if self.storage is None:
            raise StorageError("no storage")
        records = [taught.record for taught in self.taught]
        prefix = "\n".join(records)
        text = "\n".join(records + self.pending)
        classes = "".join(
            [CLASS_CHARS[taught.reading] + CLASS_CHARS[taught.label] for taught in self.taught]
        )
        data = hexlify(b"".join([taught.features for taught in self.taught])).decode()
        checksum = f"{crc32(prefix.encode()) & 0xFFFFFFFF:08x}"
        head = f"{self.classifier.version} {len(records)} {len(prefix)} {checksum}"
        try:
            if text:
                self.storage.setItem(EXAMPLES_KEY, text)
                self.storage.setItem(FEATURES_KEY, f"{head}\n{classes}\n{data}")
            else:
                self.storage.removeItem(EXAMPLES_KEY)
                self.storage.removeItem(FEATURES_KEY)
        except Exception as error:  # a JS error: full, or off
            raise StorageError(str(error)) from None

    def _add(self, taught: Taught) -> None:
        """Make an example count (one taught during this visit: its drawing reads as taught)."""
        taught.entry = self.adapter.teach(taught.features, taught.reading, taught.label)
        self.taught.append(taught)
        self._corrections += taught.entry.is_correction
        if taught.image is not None:
            self._exact[taught.image] = taught.label

    def _remove(self, taught: Taught) -> None:
        self.adapter.forget(taught.entry)
        self.taught = [known for known in self.taught if known is not taught]
        self._corrections -= taught.entry.is_correction
        if taught.image is not None:
            self._exact.pop(taught.image, None)


def record_text(example) -> str:
    """An example's stored form: `examples.to_record` as compact JSON, the same text on every
    interpreter, so that one example is stored once."""
    label, strokes = examples.to_record(example)
    inner = ",".join(["[" + ",".join([str(value) for value in flat]) + "]" for flat in strokes])
    return f"[{label},[{inner}]]"


def _parse(record: str):
    """A stored record's JSON, or None if it is not JSON."""
    try:
        return json.loads(record)
    except ValueError:
        return None


def certain(label: int) -> list:
    """Probabilities that hold `label` for sure."""
    probabilities = [0.0] * CLASSES
    probabilities[label] = 1.0
    return probabilities


def argmax(values: list) -> int:
    best = 0
    for index in range(1, len(values)):
        if values[index] > values[best]:
            best = index
    return best
