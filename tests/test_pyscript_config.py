"""site/pyscript.toml: PyScript's own TOML parser reads it as tomllib does, and the parser is
vendored and listed like every other file the page loads (so preloaded and cached offline)."""

import json
import subprocess

from tools import vendor

PARSE = """
import { readFileSync } from "node:fs";
const { parse } = await import(process.argv[1]);
process.stdout.write(JSON.stringify(parse(readFileSync(process.argv[2], "utf8"))));
"""


def toml_parsers() -> list:
    return sorted((vendor.SITE / "pyscript").glob("toml-*.js"))


def test_pyscript_reads_the_config_as_tomllib_does():
    """PyScript's parser is a small one of its own: a quirk of it must not change the config."""
    [parser] = toml_parsers()
    config = vendor.SITE / vendor.CONFIG
    result = subprocess.run(
        ["node", "--input-type=module", "-e", PARSE, parser.as_uri(), str(config)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == vendor.read_config(vendor.SITE)


def test_the_config_names_the_page_modules_and_turns_plugins_off():
    config = vendor.read_config(vendor.SITE)
    assert config["files"], "no Python modules"
    for name in config["files"]:
        assert (vendor.SITE / name).is_file(), name
    assert all(plugin.startswith("!") for plugin in config["plugins"])


def test_the_config_and_its_parser_are_preloaded_on_both_interpreters():
    """Only the parser PyScript's core imports is copied (not the py-editor plugin's)."""
    [parser] = toml_parsers()
    for interpreter in vendor.INTERPRETERS:
        files = dict(vendor.page_files(vendor.SITE, interpreter))
        assert files[vendor.CONFIG] == vendor.FETCH
        assert files[f"pyscript/{parser.name}"] == vendor.MODULE
