"""Copy the browser runtimes the page needs from node_modules into site/vendor/.

The runtimes are pinned, with integrity hashes, in package-lock.json; `npm ci` installs them when
node_modules is missing or older than the lockfile. Only the files the page loads are copied, and
only when the copy is missing or was made from another lockfile or another version of this file.
"""

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "site" / "vendor"
STAMP = VENDOR / ".stamp"

# (source folder under node_modules, destination under site/vendor, files to copy: glob patterns)
RUNTIMES = [
    # PyScript's core and the chunks it imports at start-up: the editor, terminal and game chunks
    # are imported whether the page uses them or not (their CodeMirror and xterm parts are not).
    (
        "@pyscript/core/dist",
        "pyscript",
        [
            "core.js",
            "core.css",
            "core-*.js",
            "deprecations-manager-*.js",
            "donkey-*.js",
            "error-*.js",
            "py-editor-*.js",
            "py-game-*.js",
            "py-terminal-*.js",
            "toml-*.js",
        ],
    ),
    (
        "pyodide",
        "pyodide",
        [
            "pyodide.mjs",
            "pyodide.asm.mjs",
            "pyodide.asm.wasm",
            "python_stdlib.zip",
            "pyodide-lock.json",
        ],
    ),
    ("@tensorflow/tfjs/dist", "tfjs", ["tf.min.js"]),
    # Plain and SIMD WebAssembly; the threaded build needs cross-origin isolation the page lacks.
    (
        "@tensorflow/tfjs-backend-wasm/dist",
        "tfjs",
        ["tf-backend-wasm.min.js", "tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm"],
    ),
]


def stamp() -> str:
    """Identify what a copy was made from: the lockfile and this script."""
    digest = hashlib.sha256((ROOT / "package-lock.json").read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def npm_install_if_needed() -> None:
    """Run `npm ci` when node_modules is missing or older than package-lock.json."""
    installed = NODE_MODULES / ".package-lock.json"
    lockfile = ROOT / "package-lock.json"
    if installed.exists() and installed.stat().st_mtime >= lockfile.stat().st_mtime:
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm not found: install Node.js with npm (see README.md, Prerequisites).")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)


def copy_runtimes() -> list[Path]:
    """Copy the listed runtime files into a fresh site/vendor/ and return what was copied."""
    shutil.rmtree(VENDOR, ignore_errors=True)
    copied = []
    for source, destination, patterns in RUNTIMES:
        source_dir = NODE_MODULES / source
        target_dir = VENDOR / destination
        target_dir.mkdir(parents=True, exist_ok=True)
        for pattern in patterns:
            matches = sorted(source_dir.glob(pattern))
            if not matches:
                sys.exit(f"vendor: nothing matches {source}/{pattern}; run `npm ci` again.")
            for path in matches:
                shutil.copy2(path, target_dir / path.name)
                copied.append(target_dir / path.name)
    STAMP.write_text(stamp())
    return copied


def main() -> None:
    npm_install_if_needed()
    if STAMP.exists() and STAMP.read_text() == stamp():
        print(f"vendor: {VENDOR.relative_to(ROOT)} is up to date")
        return
    copied = copy_runtimes()
    size = sum(path.stat().st_size for path in copied)
    print(
        f"vendor: copied {len(copied)} files ({size / 1e6:.1f} MB) into {VENDOR.relative_to(ROOT)}"
    )


if __name__ == "__main__":
    main()
