"""The page's pure-Python modules (in site/), imported unchanged by the trainer.

`ink` renders strokes as the page does, and its `bounding_box` is the one extent of strokes that
the trainer's data code uses.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "site"))
import ink  # noqa: E402

__all__ = ["ink"]
