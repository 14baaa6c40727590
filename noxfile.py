"""Every task of the draw-a-digit recognizer is a nox session: `nox -l` lists them."""

import sys

import nox

nox.options.download_python = "never"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "tests"]

REQUIREMENTS = "requirements.txt"
RUFF = "ruff==0.17.6"


def vendor_runtimes(session: nox.Session) -> None:
    """Install the pinned npm packages if needed, copy the runtimes into site/, compress, list."""
    session.run(sys.executable, "tools/vendor.py", external=True)


@nox.session(python=False)
def vendor(session: nox.Session) -> None:
    """Copy PyScript, MicroPython, Pyodide and TF.js into site/, precompress it, list its files."""
    vendor_runtimes(session)


@nox.session(python=False)
def serve(session: nox.Session) -> None:
    """Serve site/ on 127.0.0.1, precompressed; print its URL (`nox -s serve -- --port 9000`)."""
    vendor_runtimes(session)
    session.run(sys.executable, "-m", "tools.serve", *session.posargs, external=True)


@nox.session
def train(session: nox.Session) -> None:
    """Train, evaluate and export the model the site serves (`nox -s train -- --help`)."""
    session.install("-r", REQUIREMENTS)
    vendor_runtimes(session)  # the pinned MNIST files come with the npm packages
    session.run("python", "-m", "trainer", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the unit tests and the end-to-end tests in Chromium (`-- -m "not e2e"` skips those)."""
    session.install("-r", REQUIREMENTS)
    vendor_runtimes(session)
    session.run("pytest", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Replay held-out pen digits into the real page; print accuracy, latency, load times."""
    session.install("-r", REQUIREMENTS)
    vendor_runtimes(session)
    session.run("python", "-m", "tools.bench", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and common mistakes with ruff."""
    session.install(RUFF)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
