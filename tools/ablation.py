"""Ablation study of the trainer's choices, in PyTorch on a GPU: a dozen runs in minutes.

The trainer (Keras, `python -m trainer`) makes the model the site serves and takes about 20
minutes a run on 2 cores, too slow to compare choices with a few seeds each. This mirrors it in
PyTorch (same layers, optimiser, learning-rate schedule, label smoothing and pixel augmentation)
and trains every configuration of CONFIGS as its own process on one GPU, on the renderings that
`tools/ablation_data.py` made. It scores each on the validation writers (training writers set
aside, never the held-out ones) and on MNIST's test set, and prints a table. Results and the
choices they led to: README, "Training".

    python -m tools.ablation_data data.npz                  # here, on the CPU
    python -m tools.ablation data.npz OUT_DIR [--smoke] [--only base_s0,nostyle_s0]  # there (torch)
"""

import json
import math
import os
import subprocess
import sys
import time

import numpy as np

VALIDATION_SOURCES = ("pendigits", "unipen")
NOT_A_DIGIT = 10
BASE = {
    "arch": "cnn",  # "deep": a third convolution (128 filters, 4x4 to 2x2) and a dense 128
    "dense": 192,
    "styles": True,
    "variants": {"pendigits": 5, "unipen": 10},
    "not_digits": 16_000,
    "epochs": 12,
    "learning_rate": 3e-3,
    "label_smoothing": 0.1,
    "weight_decay": 1e-4,
    "rotation": 10,  # degrees
    "zoom": 0.1,
    "shift": 2.5,  # pixels
    "shear": 0.0,
    "dropout": (0.1, 0.2, 0.3),
    "ema": 0.0,  # weight averaging momentum; 0: none
    "seed": 0,
    "batch": 128,
}
DEEP = {"arch": "deep", "dense": 128}
MORE_AUGMENTATION = {"rotation": 15, "zoom": 0.15, "shear": 0.2, "shift": 3.0}
CHANGES = {
    "base": {},
    "nostyle": {"styles": False},
    "unipen20": {"variants": {"pendigits": 5, "unipen": 20}},
    "epochs24": {"epochs": 24},
    "deep": DEEP,
    "deep_epochs24": DEEP | {"epochs": 24},
    "deep_nostyle": DEEP | {"styles": False},
    "augment": MORE_AUGMENTATION,
    "deep_augment_unipen20": DEEP
    | MORE_AUGMENTATION
    | {"variants": {"pendigits": 5, "unipen": 20}},
    "ema": {"ema": 0.999},
    "dropout": {"dropout": (0.2, 0.3, 0.4)},
    "not_digits8k": {"not_digits": 8000},
    "smoothing05": {"label_smoothing": 0.05},
    "shear": {"shear": 0.2},
}
CONFIGS = {
    f"{name}_s{seed}": BASE | change | {"seed": seed}
    for name, change in CHANGES.items()
    for seed in (0, 1)
}


def training_set(
    data: dict, config: dict, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """uint8 images and labels: MNIST, the pen variants the config asks for, not-digits."""
    images, labels = [data["mnist_x"]], [data["mnist_y"]]
    for name in VALIDATION_SOURCES:
        keep = ~np.isin(data[f"{name}_writer"], np.unique(data[f"{name}_vw"]))
        count = config["variants"][name]
        variants = data[f"{name}_plain"][:, :count].copy()
        if config["styles"]:  # as the trainer: odd variants of eligible digits are styled
            styled = data[f"{name}_styled"]
            eligible = np.nonzero(data[f"{name}_eligible"])[0]
            for variant in range(1, count, 2):
                variants[eligible, variant] = styled[:, (variant // 2) % styled.shape[1]]
        images.append(variants[keep].reshape(-1, 28, 28))
        labels.append(np.repeat(data[f"{name}_label"][keep], count))
    drawings = data["neg_x"][rng.permutation(len(data["neg_x"]))[: config["not_digits"]]]
    images.append(drawings)
    labels.append(np.full(len(drawings), NOT_A_DIGIT, np.uint8))
    return np.concatenate(images), np.concatenate(labels)


def train_and_score(name: str, data_path: str, out_path: str, smoke: bool) -> None:
    import torch
    import torch.nn.functional as F
    from torch import nn

    config = CONFIGS[name]
    started = time.time()
    torch.manual_seed(config["seed"])
    torch.backends.cudnn.benchmark = True
    data = dict(np.load(data_path))
    x, y = training_set(data, config, np.random.default_rng(config["seed"]))
    epochs = config["epochs"]
    if smoke:
        x, y, epochs = x[::50], y[::50], 1
    device = torch.device("cuda")
    images = torch.tensor(x, device=device).float().div_(255).unsqueeze(1)
    targets = torch.tensor(y.astype(np.int64), device=device)
    model = _model(config, nn).to(device)
    batch, steps = config["batch"], len(images) // config["batch"]
    total, warm, peak = steps * epochs, steps // 2, config["learning_rate"]
    optimiser = torch.optim.AdamW(model.parameters(), lr=peak, weight_decay=config["weight_decay"])
    averaged = [p.detach().clone() for p in model.parameters()] if config["ema"] else None
    generator = torch.Generator(device=device)
    generator.manual_seed(config["seed"])

    def learning_rate(step: int) -> float:  # Keras' CosineDecay with a linear warm-up
        if step < warm:
            return peak / 10 + (peak - peak / 10) * step / warm
        return peak * 0.5 * (1 + math.cos(math.pi * min(1.0, (step - warm) / (total - warm))))

    def augment(batch_images):  # rotation, zoom, shear and shift, bilinear, as trainer/augment
        draws = torch.rand(len(batch_images), 5, device=device, generator=generator) * 2 - 1
        angle = draws[:, 0] * math.radians(config["rotation"])
        zoom = 1 + draws[:, 1] * config["zoom"]
        shear = draws[:, 4] * config["shear"]
        cos, sin = torch.cos(angle) / zoom, torch.sin(angle) / zoom
        theta = torch.stack(
            [
                torch.stack([cos, cos * shear - sin, draws[:, 2] * config["shift"] / 13.5], 1),
                torch.stack([sin, sin * shear + cos, draws[:, 3] * config["shift"] / 13.5], 1),
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
    for _ in range(epochs):
        order = torch.randperm(len(images), device=device, generator=generator)
        for i in range(steps):
            chosen = order[i * batch : (i + 1) * batch]
            for group in optimiser.param_groups:
                group["lr"] = learning_rate(step)
            loss = F.cross_entropy(
                model(augment(images[chosen])),
                targets[chosen],
                label_smoothing=config["label_smoothing"],
            )
            optimiser.zero_grad(set_to_none=True)
            loss.backward()
            optimiser.step()
            if averaged is not None:
                with torch.no_grad():
                    for mean, parameter in zip(averaged, model.parameters(), strict=True):
                        mean.lerp_(parameter.detach(), 1 - config["ema"])
            step += 1
    if averaged is not None:  # as Keras' use_ema: the averages replace the weights at the end
        with torch.no_grad():
            for mean, parameter in zip(averaged, model.parameters(), strict=True):
                parameter.copy_(mean)

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


def _model(config: dict, nn):
    def convolution(inputs: int, filters: int) -> list:
        return [
            nn.Conv2d(inputs, filters, 3, bias=False),
            nn.BatchNorm2d(filters, eps=1e-3, momentum=0.01),  # Keras' defaults
            nn.ReLU(),
        ]

    first, second, head = config["dropout"]
    layers = [*convolution(1, 32), *convolution(32, 32), nn.MaxPool2d(2), nn.Dropout(first)]
    layers += [*convolution(32, 64), *convolution(64, 64), nn.MaxPool2d(2), nn.Dropout(second)]
    flat = 4 * 4 * 64
    if config["arch"] == "deep":
        layers += convolution(64, 128)
        flat = 2 * 2 * 128
    dense = config["dense"]
    layers += [nn.Flatten(), nn.Linear(flat, dense, bias=False)]
    layers += [nn.BatchNorm1d(dense, eps=1e-3, momentum=0.01), nn.ReLU(), nn.Dropout(head)]
    return nn.Sequential(*layers, nn.Linear(dense, NOT_A_DIGIT + 1))


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
