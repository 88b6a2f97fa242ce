"""The README's description of the app layout is true: every app has the files it names."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["org", "projects", "indicators", "supervision", "cases", "promotion", "ingest"]


def readme_files() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = text[text.index("has the same files:") : text.index("`tests/`") + len("`tests/`")]
    return re.findall(r"`([^`]+)`", paragraph)


def test_every_app_has_the_files_the_readme_names():
    names = readme_files()
    assert {"api.py", "actions.py", "tests/"} <= set(names)
    missing = [
        f"{app}/{name.replace('<app>', app)}"
        for app in APPS
        for name in names
        if not (ROOT / app / name.replace("<app>", app)).exists()
    ]
    assert missing == []


def test_every_folder_of_tests_is_collected():
    """`make test` runs pytest's testpaths: a folder of tests left out of it never runs in CI."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    testpaths = set(config["tool"]["pytest"]["ini_options"]["testpaths"])
    folders = {p.parent.parent.name for p in ROOT.glob("*/tests/__init__.py")}
    folders |= {p.parent.name for p in ROOT.glob("*/test_*.py")}
    folders.discard(".venv")
    assert folders - testpaths == set()
