"""Pictures of a training run (matplotlib, Agg): confusion matrices, learning curves, mistakes."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def confusion(labels: np.ndarray, predicted: np.ndarray, classes: int = 11) -> np.ndarray:
    """Counts: row = true class, column = predicted class (10 = not a digit)."""
    matrix = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(matrix, (labels.astype(int), predicted.astype(int)), 1)
    return matrix


def plot_confusion(matrix: np.ndarray, title: str, path: Path) -> None:
    figure, axes = plt.subplots(figsize=(6, 5.5))
    errors = matrix.copy()
    np.fill_diagonal(errors, 0)
    axes.imshow(errors, cmap="Reds")
    for (row, col), count in np.ndenumerate(matrix):
        if count:
            colour = "black" if row != col else "grey"
            axes.text(col, row, str(count), ha="center", va="center", fontsize=7, color=colour)
    ticks = range(len(matrix))
    axes.set(xticks=ticks, yticks=ticks, xlabel="predicted", ylabel="true", title=title)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def plot_curves(history: dict[str, list[float]], path: Path) -> None:
    figure, (loss, accuracy) = plt.subplots(1, 2, figsize=(10, 4))
    epochs = range(1, len(history["loss"]) + 1)
    for key, values in history.items():
        (loss if "loss" in key else accuracy).plot(epochs, values, marker=".", label=key)
    loss.set(xlabel="epoch", title="loss")
    accuracy.set(xlabel="epoch", title="accuracy")
    for axes in (loss, accuracy):
        axes.legend()
        axes.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def plot_mistakes(
    images: np.ndarray, labels: np.ndarray, probabilities: np.ndarray, title: str, path: Path
) -> None:
    """The (up to) 40 wrong predictions the model was most sure of."""
    predicted = probabilities.argmax(1)
    wrong = np.flatnonzero(predicted != labels)
    wrong = wrong[np.argsort(-probabilities[wrong, predicted[wrong]], kind="stable")][:40]
    figure, grid = plt.subplots(4, 10, figsize=(12, 5.6))
    for axes in grid.flat:
        axes.axis("off")
    for axes, index in zip(grid.flat, wrong, strict=False):
        axes.imshow(images[index].reshape(28, 28), cmap="gray", vmin=0, vmax=1)
        confidence = probabilities[index, predicted[index]]
        truth, read = (_name(c) for c in (labels[index], predicted[index]))
        axes.set_title(f"{truth}→{read} {confidence:.2f}", fontsize=8)
    figure.suptitle(f"{title}: {len(np.flatnonzero(predicted != labels))} mistakes, worst first")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def _name(label: int) -> str:
    return "?" if label == 10 else str(label)
