"""Build site/ for serving: copy the browser runtimes into it, precompress it, list its files.

The runtimes are pinned, with integrity hashes, in package-lock.json; `npm ci` installs them when
node_modules is missing or older than the lockfile. Only the files the page loads are copied, and
only when the copy is missing or was made from another lockfile or another version of this file:
PyScript's core (with the TOML parser it reads pyscript.toml with) and its two interpreters into
site/pyscript/ (the layout PyScript's `offline` attribute looks in), TF.js into site/vendor/tfjs/.

Then, on every run:
- every text and WebAssembly file of site/ gets brotli and gzip twins (`main.py.br`,
  `main.py.gz`) with the original's modification time, for servers that send precompressed files;
- site/vendor/files.js lists, for each interpreter, every file the page loads with its sha256, and
  which ones the page preloads. boot.js reads it for the preloads, sw.js for the offline cache; a
  version made of all those hashes names the cache, so a new model, runtime or page file replaces
  it whole. The page's Python modules come from pyscript.toml's `files`, the model's weight files
  from model/model.json: adding a module or retraining needs no change here.
"""

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
SITE = ROOT / "site"
COPIES = [SITE / "pyscript", SITE / "vendor"]
"""The folders this script fills (both git-ignored)."""
STAMP = SITE / "vendor" / ".stamp"
FILE_LIST = "vendor/files.js"
CONFIG = "pyscript.toml"
"""PyScript's configuration of the page."""
PYSCRIPT = "@pyscript/core/dist"

INTERPRETERS = {"micropython": "mpy", "pyodide": "py"}
"""Interpreter name (as in ?interpreter= and sw.js) and its PyScript script type."""
MODULE, FETCH = "module", "fetch"
"""How boot.js preloads a file: <link rel="modulepreload"> or <link rel="preload" as="fetch">."""
HTML, FALLBACK = "html", "fallback"
"""A file the page's HTML asks for itself (listed, not preloaded), or one only some browsers load
(copied, not listed: not cached for offline use either)."""

# (source folder under node_modules, destination under site/, the interpreter that loads the files
# or None for both, {glob pattern of the files to copy: how the page loads them})
RUNTIMES = [
    # PyScript's core, the one plugin chunk it imports whatever pyscript.toml's `plugins` say, and
    # its TOML parser (see core_chunks).
    (
        PYSCRIPT,
        "pyscript",
        None,
        {
            "core.js": HTML,
            "core.css": HTML,
            "core-*.js": MODULE,
            "error-*.js": MODULE,
            "toml-*.js": MODULE,
        },
    ),
    (
        "@micropython/micropython-webassembly-pyscript",
        "pyscript/micropython",
        "micropython",
        {"micropython.mjs": MODULE, "micropython.wasm": FETCH},
    ),
    (
        "pyodide",
        "pyscript/pyodide",
        "pyodide",
        {
            "pyodide.mjs": MODULE,
            "pyodide.asm.mjs": MODULE,
            "pyodide.asm.wasm": FETCH,
            "python_stdlib.zip": FETCH,
            "pyodide-lock.json": FETCH,
        },
    ),
    # TF.js's parts the page uses (not the converter, data or WebGL), as ES2017 builds: smaller,
    # and free of the polyfills that need eval(), which the page's Content-Security-Policy
    # forbids. The CPU backend is the classifier's fallback where WebAssembly fails.
    ("@tensorflow/tfjs-core/dist", "vendor/tfjs", None, {"tf-core.es2017.min.js": HTML}),
    (
        "@tensorflow/tfjs-backend-cpu/dist",
        "vendor/tfjs",
        None,
        {"tf-backend-cpu.es2017.min.js": HTML},
    ),
    ("@tensorflow/tfjs-layers/dist", "vendor/tfjs", None, {"tf-layers.es2017.min.js": HTML}),
    # SIMD and plain WebAssembly: browsers with SIMD (all current ones) load only the SIMD build;
    # offline, one without falls back to TF.js's CPU backend. The threaded build needs
    # cross-origin isolation, which the page does without.
    (
        "@tensorflow/tfjs-backend-wasm/dist",
        "vendor/tfjs",
        None,
        {
            "tf-backend-wasm.es2017.min.js": HTML,
            "tfjs-backend-wasm-simd.wasm": FETCH,
            "tfjs-backend-wasm.wasm": FALLBACK,
        },
    ),
]
APP_SHELL = [
    "./",
    "boot.js",
    "pyscript-main.js",
    "style.css",
    "manifest.webmanifest",
    "icons/*",
    FILE_LIST,
]
"""The page's own files that its HTML asks for ("./" is index.html)."""
COMPRESSED = {
    ".bin",
    ".css",
    ".html",
    ".js",
    ".json",
    ".mjs",
    ".py",
    ".svg",
    ".toml",
    ".wasm",
    ".webmanifest",
}
"""Suffixes of the files that get precompressed twins: text, WebAssembly, the model's weights."""
TWINS = (".br", ".gz")


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
    subprocess.run([tool("npm"), "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        sys.exit(f"{name} not found: install Node.js with npm (see README.md, Prerequisites).")
    return path


def copy_runtimes() -> list[Path]:
    """Copy the listed runtime files into fresh copy folders and return what was copied."""
    for folder in COPIES:
        shutil.rmtree(folder, ignore_errors=True)
    copied = []
    for source, destination, _, patterns in RUNTIMES:
        source_dir = NODE_MODULES / source
        target_dir = SITE / destination
        target_dir.mkdir(parents=True, exist_ok=True)
        imported = core_chunks(source_dir) if source == PYSCRIPT else None
        for pattern, use in patterns.items():
            matches = sorted(source_dir.glob(pattern))
            if imported is not None and use == MODULE:
                matches = [path for path in matches if path.name in imported]
            if not matches:
                sys.exit(f"vendor: nothing matches {source}/{pattern}; run `npm ci` again.")
            for path in matches:
                shutil.copy2(path, target_dir / path.name)
                copied.append(target_dir / path.name)
    STAMP.write_text(stamp())
    return copied


def core_chunks(dist: Path) -> set[str]:
    """The chunks PyScript's core imports, statically or lazily (file names in `dist`).

    Only these can load on the page: dist also holds a full TOML parser that only the py-editor
    and py-game plugins import, next to the small one the core reads the config with.
    """
    text = "".join(path.read_text() for path in [dist / "core.js", *dist.glob("core-*.js")])
    return set(re.findall(r'"\./([\w-]+\.js)"', text))


def read_config(site: Path) -> dict:
    """The page's PyScript configuration."""
    return tomllib.loads((site / CONFIG).read_text())


def page_files(site: Path, interpreter: str) -> list[tuple[str, str | None]]:
    """(path relative to site/, preload) for every file the page loads on `interpreter`."""
    files = []
    for pattern in APP_SHELL:
        files += [(path, None) for path in _glob(site, pattern)]
    files.append((CONFIG, FETCH))
    config = read_config(site)
    modules = ["main.py", *(name.removeprefix("./") for name in config.get("files", {}))]
    files += [(module, FETCH) for module in modules]
    model = json.loads((site / "model" / "model.json").read_text())
    weights = [path for group in model["weightsManifest"] for path in group["paths"]]
    files += [(f"model/{path}", FETCH) for path in ["model.json", *weights]]
    for _, destination, used_by, patterns in RUNTIMES:
        if used_by in (None, interpreter):
            for pattern, use in patterns.items():
                preload = use if use in (MODULE, FETCH) else None
                if use != FALLBACK:
                    files += [(path, preload) for path in _glob(site, f"{destination}/{pattern}")]
    return files


def _glob(site: Path, pattern: str) -> list[str]:
    if not any(wildcard in pattern for wildcard in "*?["):
        return [pattern]  # a name: the file must be there (files.js is being written)
    paths = [path for path in site.glob(pattern) if path.suffix not in TWINS]
    return sorted(path.relative_to(site).as_posix() for path in paths)


def write_file_list(site: Path = SITE) -> dict:
    """Write site/vendor/files.js for `site` and return what it says."""
    listing = {}
    for interpreter in INTERPRETERS:
        entries = []
        for path, preload in page_files(site, interpreter):
            # files.js cannot hold its own hash; the service worker fetches it without one.
            integrity = None if path == FILE_LIST else _integrity(site, path)
            entries.append([path, integrity, preload])
        version = hashlib.sha256(json.dumps(entries).encode()).hexdigest()[:16]
        listing[interpreter] = {"version": version, "files": entries}
    interpreters = "".join(
        f',\n"{name}": {{"version": "{listed["version"]}", "files": [\n'
        + ",\n".join(json.dumps(entry) for entry in listed["files"])
        + "\n]}"
        for name, listed in listing.items()
    )
    plugins = read_config(site).get("plugins", [])
    text = (
        "// Written by tools/vendor.py: the files the page loads, by interpreter, as [path,"
        " integrity, preload];\n// boot.js preloads them, sw.js caches them for offline use"
        " under the version. `plugins` is\n// pyscript.toml's, for boot.js to give the other"
        " interpreter too.\n"
        f'self.SITE_FILES = {{\n"plugins": {json.dumps(plugins)}{interpreters}\n}};\n'
    )
    target = site / FILE_LIST
    if not target.exists() or target.read_text() != text:  # unchanged keeps its date for caches
        target.write_text(text)
    return listing


def _integrity(site: Path, path: str) -> str:
    """A file's Subresource Integrity value."""
    data = (site / ("index.html" if path == "./" else path)).read_bytes()
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def compress(site: Path = SITE) -> list[Path]:
    """Give every text and wasm file of `site` brotli and gzip twins, where missing or stale.

    A twin carries its original's modification time: the server sends it only while they match.
    """
    stale = [
        path
        for path in sorted(site.rglob("*"))
        if path.is_file()
        and path.suffix in COMPRESSED
        and not all(
            twin.exists() and twin.stat().st_mtime == path.stat().st_mtime for twin in _twins(path)
        )
    ]
    if stale:
        subprocess.run(
            [tool("node"), str(ROOT / "tools" / "compress.mjs"), *map(str, stale)], check=True
        )
        for path in stale:
            times = (path.stat().st_atime, path.stat().st_mtime)
            for twin in _twins(path):
                os.utime(twin, times)
    return stale


def _twins(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in TWINS]


def main() -> None:
    npm_install_if_needed()
    if STAMP.exists() and STAMP.read_text() == stamp():
        print("vendor: the runtimes in site/ are up to date")
    else:
        copied = copy_runtimes()
        size = sum(path.stat().st_size for path in copied)
        print(f"vendor: copied {len(copied)} runtime files ({size / 1e6:.1f} MB) into site/")
    listing = write_file_list()
    compressed = compress()
    if compressed:
        print(f"vendor: compressed {len(compressed)} files (brotli and gzip)")
    for interpreter, listed in listing.items():
        print(f"vendor: {interpreter}: {len(listed['files'])} files, version {listed['version']}")


if __name__ == "__main__":
    main()
