"""Ablation study of the trainer's choices, in PyTorch on a GPU: a dozen runs in minutes.

The trainer (Keras, `python -m trainer`) makes the model the site serves and takes about 20
minutes a run on 2 cores, too slow to compare choices with a few seeds each. This mirrors it in
PyTorch: the network is built from the same description as the trainer's (`trainer/recipe.py`),
and trained as the trainer trains it (optimiser, learning-rate schedule, label smoothing, pixel
augmentation, data mix, all read from the recipe). BASE is the recipe `python -m trainer` uses;
every configuration of CONFIGS is BASE with a few changes, run as its own process on one GPU on
the renderings that `tools/ablation_data.py` made. It scores each on the validation writers
(training writers set aside, never the held-out ones) and on MNIST's test set, and prints a
table. Results and the choices they led to: docs/training.md.

    python -m tools.ablation_data data.npz                  # here, on the CPU
    python -m tools.ablation data.npz OUT_DIR [--smoke] [--only base_s0,nostyle_s0]  # there (torch)
"""

import json
import math
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, fields, replace

import numpy as np

from trainer.recipe import (
    CLASSES,
    INPUT_SHAPE,
    NORM_EPSILON,
    NORM_MOMENTUM,
    RECIPES,
    SERVED,
    Conv,
    Dense,
    Dropout,
    Flatten,
    Layer,
    MaxPool,
    Recipe,
    as_dict,
)

VALIDATION_SOURCES = ("pendigits", "unipen")
NOT_A_DIGIT = 10


@dataclass(frozen=True)
class Run:
    """A recipe, a seed, and two choices only the study tries (the trainer has neither)."""

    recipe: Recipe
    seed: int = 0
    ema: float = 0.0
    """Momentum of a running average of the weights, which replaces them at the end; 0: none."""
    shear: float = 0.0
    """Shear uniform in +-shear, added to the recipe's pixel augmentation."""


BASE = Run(RECIPES[SERVED])
"""What `python -m trainer` (and so `nox -s train`) trains."""
RECIPE_FIELDS = frozenset(f.name for f in fields(Recipe))


def changed(run: Run, **changes) -> Run:
    """`run` with `changes`, each to a field of Run or of its recipe."""
    recipe = {key: value for key, value in changes.items() if key in RECIPE_FIELDS}
    others = {key: value for key, value in changes.items() if key not in RECIPE_FIELDS}
    return replace(run, recipe=replace(run.recipe, **recipe), **others)


def with_dropout(layers: tuple[Layer, ...], rates: tuple[float, ...]) -> tuple[Layer, ...]:
    """`layers` with their dropout rates, in order, replaced by `rates`."""
    new = iter(rates)
    return tuple(Dropout(next(new)) if isinstance(layer, Dropout) else layer for layer in layers)


DEEP = (
    Conv(32),  # 26x26
    Conv(32),  # 24x24
    MaxPool(),  # 12x12
    Dropout(0.1),
    Conv(64),  # 10x10
    Conv(64),  # 8x8
    MaxPool(),  # 4x4
    Dropout(0.2),
    Conv(128),  # 2x2
    Flatten(),
    Dense(128),
    Dropout(0.3),
)
"""The served network with a third convolution and a dense layer of 128: 206k parameters."""
MORE_AUGMENTATION = {"rotation": 15, "zoom": 0.15, "shear": 0.2, "shift": 3.0}
UNIPEN_TWICE = {
    "pen_variants": BASE.recipe.pen_variants | {"unipen": 2 * BASE.recipe.pen_variants["unipen"]}
}
CHANGES = {
    "base": {},
    "nostyle": {"styles": False},
    "unipen_twice": UNIPEN_TWICE,
    "epochs24": {"epochs": 24},
    "deep": {"layers": DEEP},
    "deep_epochs24": {"layers": DEEP, "epochs": 24},
    "deep_nostyle": {"layers": DEEP, "styles": False},
    "augment": MORE_AUGMENTATION,
    "deep_augment_unipen_twice": {"layers": DEEP} | MORE_AUGMENTATION | UNIPEN_TWICE,
    "ema": {"ema": 0.999},
    "dropout": {"layers": with_dropout(BASE.recipe.layers, (0.2, 0.3, 0.4))},
    "not_digits8k": {"not_digits": 8000},
    "smoothing05": {"label_smoothing": 0.05},
    "shear": {"shear": 0.2},
}
CONFIGS = {
    f"{name}_s{seed}": changed(BASE, seed=seed, **change)
    for name, change in CHANGES.items()
    for seed in (0, 1)
}


def training_set(data: dict, run: Run, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """uint8 images and labels: MNIST, the pen variants the recipe asks for, not-digits, cut
    pieces of joined digits."""
    images, labels = [data["mnist_x"]], [data["mnist_y"]]
    for name in data["sources"]:
        keep = ~np.isin(data[f"{name}_writer"], np.unique(data[f"{name}_vw"]))
        count = run.recipe.pen_variants[name]
        if count > data[f"{name}_plain"].shape[1]:
            raise ValueError(f"{count} {name} variants asked for, the data has fewer")
        variants = data[f"{name}_plain"][:, :count].copy()
        if run.recipe.styles:  # as the trainer: odd variants of eligible digits are styled
            styled = data[f"{name}_styled"]
            eligible = np.nonzero(data[f"{name}_eligible"])[0]
            for variant in range(1, count, 2):
                variants[eligible, variant] = styled[:, (variant // 2) % styled.shape[1]]
        images.append(variants[keep].reshape(-1, 28, 28))
        labels.append(np.repeat(data[f"{name}_label"][keep], count))
    drawings = data["neg_x"][rng.permutation(len(data["neg_x"]))[: run.recipe.not_digits]]
    images.append(drawings)
    labels.append(np.full(len(drawings), NOT_A_DIGIT, np.uint8))
    cuts = rng.permutation(len(data["cut_x"]))[: run.recipe.cut_pieces]
    images.append(data["cut_x"][cuts])
    labels.append(data["cut_y"][cuts])
    return np.concatenate(images), np.concatenate(labels)


def torch_model(layers: tuple[Layer, ...]):
    """The network `layers` describes, as trainer/models.py builds it in Keras, in PyTorch: the
    same layers, batch norm settings and initial weights (Glorot-uniform kernels, zero biases)."""
    from torch import nn

    def norm_relu(norm, width: int) -> list:  # Keras' momentum is the share the average keeps
        return [norm(width, eps=NORM_EPSILON, momentum=1 - NORM_MOMENTUM), nn.ReLU()]

    channels, side, built = INPUT_SHAPE[2], INPUT_SHAPE[0], []
    for layer in layers:
        match layer:
            case Conv(filters, size):
                built += [nn.Conv2d(channels, filters, size, bias=False)]
                built += norm_relu(nn.BatchNorm2d, filters)
                channels, side = filters, side - size + 1
            case Dense(units, batch_norm=True):
                built += [nn.Linear(channels, units, bias=False), *norm_relu(nn.BatchNorm1d, units)]
                channels = units
            case Dense(units):
                built += [nn.Linear(channels, units), nn.ReLU()]
                channels = units
            case MaxPool():
                built.append(nn.MaxPool2d(2))
                side //= 2
            case Dropout(rate):
                built.append(nn.Dropout(rate))
            case Flatten():
                built.append(nn.Flatten())
                channels, side = channels * side * side, 1
            case _:
                raise TypeError(f"not a layer of trainer.recipe: {layer!r}")
    model = nn.Sequential(*built, nn.Linear(channels, CLASSES))  # softmax: in the loss
    for module in model.modules():
        if isinstance(module, nn.Conv2d | nn.Linear):
            nn.init.xavier_uniform_(module.weight)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
    return model


def train_and_score(name: str, data_path: str, out_path: str, smoke: bool) -> None:
    import torch
    import torch.nn.functional as F

    run = CONFIGS[name]
    recipe = replace(run.recipe, epochs=1) if smoke else run.recipe
    started = time.time()
    torch.manual_seed(run.seed)
    torch.backends.cudnn.benchmark = True
    data = dict(np.load(data_path))
    x, y = training_set(data, run, np.random.default_rng(run.seed))
    if smoke:
        x, y = x[::50], y[::50]
    device = torch.device("cuda")
    images = torch.tensor(x, device=device).float().div_(255).unsqueeze(1)
    targets = torch.tensor(y.astype(np.int64), device=device)
    model = torch_model(recipe.layers).to(device)
    batch, steps = recipe.batch_size, len(images) // recipe.batch_size
    peak, warm = recipe.learning_rate, int(steps * recipe.warmup_epochs)
    decay = steps * recipe.epochs
    optimiser = torch.optim.AdamW(  # eps: Keras' default
        model.parameters(), lr=peak, eps=1e-7, weight_decay=recipe.weight_decay
    )
    averaged = [p.detach().clone() for p in model.parameters()] if run.ema else None
    generator = torch.Generator(device=device)
    generator.manual_seed(run.seed)

    def learning_rate(step: int) -> float:  # Keras' CosineDecay with its linear warm-up
        if step < warm:
            start = peak * recipe.warmup_start
            return start + (peak - start) * step / warm
        return peak * 0.5 * (1 + math.cos(math.pi * min(step - warm, decay) / decay))

    def augment(batch_images):  # rotation, zoom, shear and shift, bilinear, as trainer/augment
        draws = torch.rand(len(batch_images), 5, device=device, generator=generator) * 2 - 1
        angle = draws[:, 0] * math.radians(recipe.rotation)
        zoom = 1 + draws[:, 1] * recipe.zoom
        shear = draws[:, 4] * run.shear
        shift = recipe.shift / 13.5  # in grid units: the image spans -1..1, 27 pixels
        cos, sin = torch.cos(angle) / zoom, torch.sin(angle) / zoom
        theta = torch.stack(
            [
                torch.stack([cos, cos * shear - sin, draws[:, 2] * shift], 1),
                torch.stack([sin, sin * shear + cos, draws[:, 3] * shift], 1),
            ],
            1,
        )
        grid = F.affine_grid(theta, list(batch_images.shape), align_corners=True)
        return F.grid_sample(batch_images, grid, padding_mode="zeros", align_corners=True)

    def predict(pixels: np.ndarray) -> np.ndarray:
        model.eval()
        with torch.no_grad():
            batches = [
                F.softmax(
                    model(
                        torch.tensor(pixels[i : i + 4096], device=device)
                        .float()
                        .div(255)
                        .unsqueeze(1)
                    ),
                    1,
                )
                for i in range(0, len(pixels), 4096)
            ]
        model.train()
        return torch.cat(batches).cpu().numpy()

    step = 0
    for _ in range(recipe.epochs):
        order = torch.randperm(len(images), device=device, generator=generator)
        for i in range(steps):
            chosen = order[i * batch : (i + 1) * batch]
            for group in optimiser.param_groups:
                group["lr"] = learning_rate(step)
            loss = F.cross_entropy(
                model(augment(images[chosen])),
                targets[chosen],
                label_smoothing=recipe.label_smoothing,
            )
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            if averaged is not None:
                with torch.no_grad():
                    for mean, parameter in zip(averaged, model.parameters(), strict=True):
                        mean.lerp_(parameter.detach(), 1 - run.ema)
            step += 1
    if averaged is not None:  # as Keras' use_ema: the averages replace the weights at the end
        with torch.no_grad():
            for mean, parameter in zip(averaged, model.parameters(), strict=True):
                parameter.copy_(mean)

    config = asdict(run) | {"recipe": as_dict(recipe)}
    result = {"config": config, "seconds": round(time.time() - started)}
    result["params"] = sum(p.numel() for p in model.parameters())
    result["mnist_test"] = float(np.mean(predict(data["mnist_tx"]).argmax(1) == data["mnist_ty"]))
    for source in VALIDATION_SOURCES:
        read = predict(data[f"{source}_vx"]).argmax(1)
        truth = data[f"{source}_vy"]
        result[source] = {
            "accuracy": float(np.mean(read == truth)),
            "errors": int(np.sum(read != truth)),
            "per_digit": {str(d): float(np.mean(read[truth == d] == d)) for d in range(10)},
        }
    with open(out_path, "w") as file:
        json.dump(result, file)


def main() -> None:
    data_path, out_dir = sys.argv[1:3]
    smoke = "--smoke" in sys.argv
    if sys.argv[3:4] == ["--child"]:
        train_and_score(sys.argv[4], data_path, sys.argv[5], smoke)
        return
    names = (
        sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else list(CONFIGS)
    )
    os.makedirs(out_dir, exist_ok=True)
    running = {}
    for name in names:  # one process each: the GPU runs them side by side
        path = os.path.join(out_dir, f"{name}.json")
        command = [
            sys.executable,
            "-m",
            "tools.ablation",
            data_path,
            out_dir,
            "--child",
            name,
            path,
        ]
        running[name] = (subprocess.Popen(command + ["--smoke"] * smoke), path)
    results = {}
    for name, (process, path) in running.items():
        process.wait()
        results[name] = (
            json.load(open(path)) if os.path.exists(path) else {"failed": process.returncode}
        )
    with open(os.path.join(out_dir, "results.json"), "w") as file:
        json.dump(results, file, indent=1)
    print("config                         MNIST  pendigits  UNIPEN  UNIPEN 0 / 1 / 7")
    for name, result in results.items():
        if "failed" in result:
            print(f"{name:28s} failed ({result['failed']})")
            continue
        unipen = result["unipen"]
        print(
            f"{name:28s} {result['mnist_test']:.2%}  {result['pendigits']['accuracy']:.2%}    "
            f"{unipen['accuracy']:.2%}  "
            + " / ".join(f"{unipen['per_digit'][d]:.1%}" for d in "017")
        )


if __name__ == "__main__":
    main()
