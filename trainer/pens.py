"""Every collection of real pen digits the trainer uses, each split by writer.

A source's held-out writers are never trained on: their digits measure how the model reads people
it has not seen, source by source.
"""

from dataclasses import dataclass

from . import pendigits, unipen
from .pendigits import PenDigit


@dataclass(frozen=True)
class PenSource:
    name: str
    digits: list[PenDigit]
    held_out_writers: tuple[int, ...]

    @property
    def train(self) -> list[PenDigit]:
        return [d for d in self.digits if d.writer not in self.held_out_writers]

    @property
    def held_out(self) -> list[PenDigit]:
        return [d for d in self.digits if d.writer in self.held_out_writers]


def load_sources() -> list[PenSource]:
    """pendigits (30 writers), UNIPEN (38 writers) and UNIPEN's more writers (138), in that order,
    UNIPEN's noise filtered."""
    return [
        PenSource("pendigits", pendigits.load_pendigits(), pendigits.HELD_OUT_WRITERS),
        PenSource("unipen", unipen.load_unipen(), unipen.HELD_OUT_WRITERS),
        PenSource(
            "unipen-more", unipen.load_unipen(unipen.MORE_FILE), unipen.more_held_out_writers()
        ),
    ]
