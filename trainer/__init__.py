"""Train the digit model for the draw-a-digit page and export it to TF.js (`python -m trainer`).

TF.js 4.22 only loads Keras 2 style exports, so the whole package uses `tf_keras` (legacy Keras);
the environment variable below makes `tf.keras` resolve to it too. It must be set before anything
imports tensorflow, hence here.
"""

import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# tensorflowjs imports tensorflow_decision_forests, whose welcome message imports IPython (not
# installed) whenever stdout is not a terminal, as under pytest or in CI.
os.environ.setdefault("TFDF_DISABLE_WELCOME_MESSAGE", "1")
