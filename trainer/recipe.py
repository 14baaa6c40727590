"""The networks and how they are trained, described once, as data.

`trainer/models.py` builds the Keras model from a `Recipe`'s layers and `trainer/train.py` trains
it with the rest; `tools/ablation.py` builds and trains the same in PyTorch on a GPU machine,
starting from the very recipe `python -m trainer` uses. A change made here reaches both. Nothing
heavy is imported: the GPU machine has PyTorch and no TensorFlow.
"""

from dataclasses import asdict, dataclass, field

INPUT_SHAPE = (28, 28, 1)
"""Height, width, channels: MNIST-style images in 0..1, white ink on black."""
CLASSES = 11
"""The digits 0-9, then "not a digit" (index 10)."""
NORM_EPSILON = 1e-3
NORM_MOMENTUM = 0.99
"""Batch norm (Keras' defaults): the moving averages keep 0.99 of themselves at each step."""


@dataclass(frozen=True)
class Conv:
    """A size x size convolution, stride 1, no padding, no bias, then batch norm and ReLU."""

    filters: int
    size: int = 3


@dataclass(frozen=True)
class MaxPool:
    """2x2 max pooling, stride 2."""


@dataclass(frozen=True)
class Dropout:
    """In training, each input zeroed with probability `rate` (the others scaled up to match)."""

    rate: float


@dataclass(frozen=True)
class Flatten:
    """The feature maps as one vector."""


@dataclass(frozen=True)
class Dense:
    """A fully connected layer, then ReLU; with batch norm before the ReLU (and no bias, which
    batch norm makes useless), or with a bias and no batch norm."""

    units: int
    batch_norm: bool = True


Layer = Conv | MaxPool | Dropout | Flatten | Dense
"""Every network is INPUT_SHAPE, its layers in order, then a dense softmax over CLASSES."""

CNN = (
    Conv(32),  # 26x26
    Conv(32),  # 24x24
    MaxPool(),  # 12x12
    Dropout(0.1),
    Conv(64),  # 10x10
    Conv(64),  # 8x8
    MaxPool(),  # 4x4
    Dropout(0.2),
    Flatten(),
    Dense(192),
    Dropout(0.3),
)
"""The network the site serves: two blocks of two convolutions, then a dense layer of 192."""

MLP = (Flatten(), Dense(512, batch_norm=False), Dropout(0.2))
"""The seed's network: 784-512-11."""


@dataclass(frozen=True)
class Recipe:
    """A network and how it is trained: AdamW on label-smoothed cross-entropy; the learning rate
    rises linearly to its peak over the warm-up, then falls as a cosine that would reach 0
    `epochs` epochs later (Keras' CosineDecay: training, `epochs` epochs in all, stops a little
    before); each image of a batch is rotated, zoomed and shifted by its own random amounts."""

    layers: tuple[Layer, ...]
    epochs: int = 12
    batch_size: int = 128
    learning_rate: float = 3e-3
    """The peak, reached at the end of the warm-up."""
    warmup_epochs: float = 0.5
    warmup_start: float = 0.1
    """The warm-up's first learning rate, as a fraction of the peak."""
    weight_decay: float = 1e-4
    label_smoothing: float = 0.1
    rotation: float = 10.0
    """Degrees, uniform in +-rotation."""
    zoom: float = 0.1
    """Scale uniform in 1 +- zoom."""
    shift: float = 2.5
    """Pixels, uniform in +-shift along each axis."""
    pen_variants: dict[str, int] = field(
        default_factory=lambda: {"pendigits": 4, "unipen": 8, "unipen-more": 10, "pen-files": 10}
    )
    """Renderings of each training writer's digit, by pen source: the fewer digits a source's
    writers wrote each, and the more varied they are, the more often they are seen."""
    styles: bool = True
    """Half the variants of zeros, plain 1s and 7s get a school style (trainer/styles.py)."""
    not_digits: int = 16_000
    """Drawings of the "not a digit" class, shared among the pen sources by size."""
    cut_pieces: int = 8_000
    """Drawings of what the page's cuts make of digits joined without lifting the pen
    (trainer/joins.py): half digits keeping a stub of the connecting stroke, half pieces that are
    not one digit; shared among the pen sources by size."""


RECIPES = {"cnn": Recipe(CNN), "mlp": Recipe(MLP, learning_rate=1e-3)}
"""By architecture, as `python -m trainer --arch NAME` trains them."""
SERVED = "cnn"
"""The architecture `python -m trainer` (and so `nox -s train`) trains by default."""


def as_dict(recipe: Recipe) -> dict:
    """The recipe as JSON-ready data, each layer as {"kind": its class name, its fields}."""
    layers = [{"kind": type(layer).__name__, **asdict(layer)} for layer in recipe.layers]
    return asdict(recipe) | {"layers": layers}
