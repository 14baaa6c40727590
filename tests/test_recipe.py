"""One description of the networks (trainer/recipe.py): the Keras model built from it is what it
says, the site serves that network, and the PyTorch ablation starts from the recipe the trainer
trains (tools/ablation.py imports without PyTorch)."""

import json
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pytest

from tools import ablation
from tools.ablation_data import CUT_PIECES, NOT_DIGITS, PLAIN_VARIANTS
from trainer import recipe
from trainer.export import for_inference
from trainer.models import build, cnn
from trainer.recipe import CLASSES, INPUT_SHAPE, RECIPES, SERVED
from trainer.train import parse_args, recipe_for

ROOT = Path(__file__).resolve().parent.parent
NETWORKS = {
    "cnn": RECIPES["cnn"].layers,
    "mlp": RECIPES["mlp"].layers,
    "deep": ablation.DEEP,
    "dropout": ablation.CONFIGS["dropout_s0"].recipe.layers,
}


def expected_keras_layers(layers) -> list[tuple]:
    """(Keras class, its settings) of each layer the description implies, and the softmax."""
    norm = {"momentum": recipe.NORM_MOMENTUM, "epsilon": recipe.NORM_EPSILON}
    norm_relu = [("BatchNormalization", norm), ("ReLU", {"max_value": None})]
    linear = {"use_bias": False, "activation": "linear"}  # batch norm and ReLU follow
    expected = []
    for layer in layers:
        if isinstance(layer, recipe.Conv):
            size = (layer.size, layer.size)
            conv = {"filters": layer.filters, "kernel_size": size, "padding": "valid"}
            expected += [("Conv2D", conv | {"strides": (1, 1)} | linear), *norm_relu]
        elif isinstance(layer, recipe.Dense) and layer.batch_norm:
            expected += [("Dense", {"units": layer.units} | linear), *norm_relu]
        elif isinstance(layer, recipe.Dense):
            expected.append(("Dense", {"units": layer.units, "activation": "relu"}))
        elif isinstance(layer, recipe.MaxPool):
            expected.append(("MaxPooling2D", {"pool_size": (2, 2), "strides": (2, 2)}))
        elif isinstance(layer, recipe.Dropout):
            expected.append(("Dropout", {"rate": layer.rate}))
        else:
            expected.append(("Flatten", {}))
    return expected + [("Dense", {"units": CLASSES, "activation": "softmax", "use_bias": True})]


def parameters(layers) -> dict[str, int]:
    """Parameters of the network described, counted by formula: all (batch norm's moving mean and
    variance included), trainable, and after folding each batch norm into the layer before it."""
    height, width, channels = INPUT_SHAPE
    weights = normed = 0
    for layer in layers:
        if isinstance(layer, recipe.Conv):
            weights += layer.size * layer.size * channels * layer.filters
            normed += layer.filters
            height, width, channels = height - layer.size + 1, width - layer.size + 1, layer.filters
        elif isinstance(layer, recipe.MaxPool):
            height, width = height // 2, width // 2
        elif isinstance(layer, recipe.Flatten):
            height, width, channels = 1, 1, height * width * channels
        elif isinstance(layer, recipe.Dense):
            weights += channels * layer.units
            if layer.batch_norm:
                normed += layer.units
            else:
                weights += layer.units  # its bias
            channels = layer.units
    weights += channels * CLASSES + CLASSES
    return {
        "all": weights + 4 * normed,  # gamma, beta, moving mean and variance
        "trainable": weights + 2 * normed,
        "folded": weights + normed,  # a bias per channel
    }


@pytest.mark.parametrize("name", NETWORKS)
def test_keras_model_is_the_description(name):
    layers = NETWORKS[name]
    model = build(layers, name)
    built = [(layer.__class__.__name__, layer.get_config()) for layer in model.layers]
    expected = expected_keras_layers(layers)
    assert [kind for kind, _ in built] == [kind for kind, _ in expected]
    for (kind, config), (_, settings) in zip(built, expected, strict=True):
        assert {key: config[key] for key in settings} == settings, kind
    assert model.input_shape == (None, *INPUT_SHAPE) and model.output_shape == (None, CLASSES)
    counts = parameters(layers)
    assert model.count_params() == counts["all"]
    assert sum(w.shape.num_elements() for w in model.trainable_weights) == counts["trainable"]
    assert for_inference(model).count_params() == counts["folded"]


def test_the_site_serves_the_described_network():
    """The committed model has the layers and parameters of the served recipe, folded."""
    metadata = json.loads((ROOT / "site" / "model" / "metadata.json").read_text())
    served = for_inference(cnn())
    assert metadata["architecture"] == SERVED
    assert metadata["layers"] == [layer.__class__.__name__ for layer in served.layers]
    assert (
        metadata["params"] == served.count_params() == parameters(RECIPES[SERVED].layers)["folded"]
    )


def test_ablation_starts_from_the_recipe_the_trainer_trains():
    trained = recipe_for(parse_args([]))  # `nox -s train` with no arguments
    assert ablation.BASE.recipe == trained == RECIPES[SERVED]
    assert ablation.CONFIGS["base_s0"] == ablation.BASE
    assert ablation.CONFIGS["base_s1"] == replace(ablation.BASE, seed=1)
    assert (ablation.BASE.ema, ablation.BASE.shear) == (0, 0)  # the trainer has neither
    assert ablation.CONFIGS["nostyle_s0"].recipe == replace(trained, styles=False)


def test_ablation_data_covers_every_configuration():
    for run in ablation.CONFIGS.values():
        assert all(run.recipe.pen_variants[n] <= PLAIN_VARIANTS[n] for n in PLAIN_VARIANTS)
        assert run.recipe.not_digits <= NOT_DIGITS
        assert run.recipe.cut_pieces <= CUT_PIECES


def test_command_line_changes_the_recipe():
    quick = recipe_for(parse_args(["--quick", "--no-styles"]))
    assert quick == replace(
        RECIPES[SERVED],
        epochs=1,
        pen_variants=dict.fromkeys(RECIPES[SERVED].pen_variants, 1),
        not_digits=1000,
        cut_pieces=500,
        styles=False,
    )
    assert recipe_for(parse_args(["--arch", "mlp", "--epochs", "3"])) == replace(
        RECIPES["mlp"], epochs=3
    )


def test_recipe_as_json_names_each_layer():
    data = recipe.as_dict(RECIPES["mlp"])
    assert data["layers"] == [
        {"kind": "Flatten"},
        {"kind": "Dense", "units": 512, "batch_norm": False},
        {"kind": "Dropout", "rate": 0.2},
    ]
    assert set(data) == {f.name for f in fields(recipe.Recipe)}
    assert json.loads(json.dumps(data)) == data


def test_the_ablation_trains_on_the_recipes_data_mix():
    """Every pen source in its variants, the not-digits and the cut pieces, as many as the
    recipe asks for (made-up data of the layout tools/ablation_data.py writes)."""
    rng = np.random.default_rng(0)
    recipe = ablation.BASE.recipe
    data = {"mnist_x": np.zeros((7, 28, 28), np.uint8), "mnist_y": np.zeros(7, np.uint8)}
    data["sources"] = np.array(list(recipe.pen_variants))
    for name in recipe.pen_variants:
        data |= {
            f"{name}_writer": np.array([1, 2, 3]),
            f"{name}_label": np.array([4, 5, 6], np.uint8),
            f"{name}_plain": np.zeros((3, PLAIN_VARIANTS[name], 28, 28), np.uint8),
            f"{name}_eligible": np.array([True, False, False]),
            f"{name}_styled": np.ones((1, 10, 28, 28), np.uint8),
            f"{name}_vw": np.array([3]),
        }
    data |= {
        "neg_x": np.zeros((NOT_DIGITS, 28, 28), np.uint8),
        "cut_x": np.zeros((CUT_PIECES, 28, 28), np.uint8),
        "cut_y": np.full(CUT_PIECES, 10, np.uint8),
    }
    images, labels = ablation.training_set(data, ablation.BASE, rng)
    pen = sum(2 * count for count in recipe.pen_variants.values())  # writers 1 and 2 of each
    assert len(images) == len(labels) == 7 + pen + recipe.not_digits + recipe.cut_pieces
