"""Render the trainer's data once into one .npz, for `tools/ablation.py` on a GPU machine.

The trainer renders pen digits through `site/ink.py` (pure Python, CPU only); an ablation study
trains a dozen configurations, so the renderings are made once here and shipped. What is written:
MNIST; every training writer's pen digits in twice as many plain random variants as the trainer's
recipe renders (10 of pendigits, 20 of UNIPEN), so that a run can try more, plus 10 styled
variants of those `styles.eligible` accepts; twice the recipe's not-a-digit drawings (real letters
among them) and cut pieces of joined digits, made from the training writers outside the
validation writers; and the validation writers' digits rendered as
the page renders them. Validation writers are training writers set aside for the study: the
held-out writers are left alone, so that choices made on this data do not touch the test sets.

    python -m tools.ablation_data OUT.npz     # about 5 minutes on 2 cores, about 50 MB
"""

import sys
from multiprocessing import Pool

import numpy as np

from trainer import styles
from trainer.joins import cut_pieces
from trainer.letters import load_letter_source
from trainer.mnist import load_mnist
from trainer.negatives import LETTER_SHARE, not_digits, real_letters
from trainer.pens import load_sources
from trainer.recipe import RECIPES, SERVED
from trainer.render import render, render_drawings, render_variants

VALIDATION_WRITERS = {
    "pendigits": (1, 7, 13, 19, 25),
    "unipen": (1, 6, 11, 16, 21, 26, 31, 36),
    "unipen-more": (),  # too few digits a writer to score a writer on
}
PLAIN_VARIANTS = {name: 2 * count for name, count in RECIPES[SERVED].pen_variants.items()}
STYLED_VARIANTS = 10
NOT_DIGITS = 2 * RECIPES[SERVED].not_digits
CUT_PIECES = 2 * RECIPES[SERVED].cut_pieces
CHUNKS = 8


def _variants(job: tuple) -> tuple[np.ndarray, np.ndarray]:
    digits, variants, seed, styled = job
    return render_variants(digits, variants, seed, styled)


def _chunks(items: list, count: int = CHUNKS) -> list[list]:
    size = -(-len(items) // count)
    return [items[i : i + size] for i in range(0, len(items), size)]


def main(path: str) -> None:
    mnist = load_mnist()
    data = {
        "mnist_x": mnist.train_images,
        "mnist_y": mnist.train_labels,
        "mnist_tx": mnist.test_images,
        "mnist_ty": mnist.test_labels,
    }
    drawings, cuts, cut_labels = [], [], []
    sources = load_sources()
    pen_total = sum(len(source.train) for source in sources)
    data["sources"] = np.array([source.name for source in sources])
    with Pool() as pool:
        for index, source in enumerate(sources):
            name, train = source.name, source.train
            variants = PLAIN_VARIANTS[name]
            jobs = [
                (part, variants, 100 + 10 * index + i, False)
                for i, part in enumerate(_chunks(train))
            ]
            plain = np.concatenate([images for images, _ in pool.map(_variants, jobs)])
            eligible = np.array([styles.eligible(d.label, d.strokes) for d in train])
            chosen = [d for d, ok in zip(train, eligible, strict=True) if ok]
            # render_variants styles every odd variant: keep those.
            jobs = [
                (part, 2 * STYLED_VARIANTS, 200 + 10 * index + i, True)
                for i, part in enumerate(_chunks(chosen))
            ]
            styled = np.concatenate([images for images, _ in pool.map(_variants, jobs)])
            validation = [d for d in train if d.writer in VALIDATION_WRITERS[name]]
            data |= {
                f"{name}_writer": np.array([d.writer for d in train]),
                f"{name}_label": np.array([d.label for d in train], np.uint8),
                f"{name}_plain": plain.reshape(len(train), variants, 28, 28),
                f"{name}_eligible": eligible,
                f"{name}_styled": styled.reshape(len(chosen), -1, 28, 28)[:, 1::2],
                f"{name}_vx": (render(validation) * 255).round().astype(np.uint8)
                if validation
                else np.zeros((0, 28, 28), np.uint8),
                f"{name}_vy": np.array([d.label for d in validation], np.uint8),
                f"{name}_vw": np.array([d.writer for d in validation]),
            }
            others = [d for d in train if d.writer not in VALIDATION_WRITERS[name]]
            drawings += not_digits(others, NOT_DIGITS * len(train) // pen_total, 7 + index)
            made, labels = cut_pieces(others, CUT_PIECES * len(train) // pen_total, 11 + index)
            cuts += made
            cut_labels.append(labels)
            print(name, "rendered", flush=True)
        drawings += real_letters(load_letter_source().train, int(NOT_DIGITS * LETTER_SHARE), 9)
        jobs = [(part, 300 + i) for i, part in enumerate(_chunks(drawings))]
        data["neg_x"] = np.concatenate(pool.starmap(render_drawings, jobs))
        jobs = [(part, 400 + i) for i, part in enumerate(_chunks(cuts))]
        data["cut_x"] = np.concatenate(pool.starmap(render_drawings, jobs))
        data["cut_y"] = np.concatenate(cut_labels)
    np.savez_compressed(path, **data)
    print("wrote", path)


if __name__ == "__main__":
    main(sys.argv[1])
