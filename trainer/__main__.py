"""`python -m trainer`: see trainer/train.py."""

import sys

from .idx import DataError
from .train import main

try:
    main()
except DataError as error:
    sys.exit(f"python -m trainer: {error}")
