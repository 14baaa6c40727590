"""`python -m trainer`: see trainer/train.py."""

from .train import main

main()
