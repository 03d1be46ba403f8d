"""What the Python tests share: the fixtures folder scripts/pythonTests.mjs wrote, and skipping (or,
with CI=true, failing) when a package they need is not installed."""
import importlib
import importlib.util
import os
import sys
import unittest

FIXTURES = os.environ.get("TENSORLOOM_PYTHON_FIXTURES")


def needs(*packages):
    """A class decorator: skip the tests when a package is missing; with CI=true, fail instead."""
    missing = [name for name in packages if importlib.util.find_spec(name) is None]
    if not missing:
        return lambda cls: cls
    reason = f"{', '.join(missing)} not installed for {sys.executable} (apt install {' '.join('python3-' + m for m in missing)})"
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"CI=true and {reason}")
    return unittest.skip(reason)


def fixtures(kind):
    """The fixture folders of one kind (e.g. "torch"), by name; the tests fail when none was written."""
    if FIXTURES is None:
        raise unittest.SkipTest("no fixtures: run through npm run test:python")
    root = os.path.join(FIXTURES, kind)
    return {name: os.path.join(root, name) for name in sorted(os.listdir(root))}


def import_fresh(folder, *modules):
    """Imports modules from an export's folder: each export has its own model.py and predict.py."""
    for name in modules:
        sys.modules.pop(name, None)
    sys.path.insert(0, folder)
    try:
        return [importlib.import_module(name) for name in modules]
    finally:
        sys.path.remove(folder)
