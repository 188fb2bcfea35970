"""The package imports quickly and exposes its error type; topics import without widgets."""

import json
import subprocess
import sys

import musclepain_lib


def run_python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_importing_the_package_is_light_and_fast():
    out = run_python(
        "import sys, time; t = time.perf_counter(); import musclepain_lib; "
        "dt = time.perf_counter() - t; import json; "
        "print(json.dumps({'seconds': dt, 'heavy': sorted(m for m in ('numpy', 'pandas', 'matplotlib', "
        "'ipywidgets') if m in sys.modules)}))"
    )
    result = json.loads(out)
    assert result["heavy"] == []
    assert result["seconds"] < 0.5


def test_the_version_and_input_error_are_public():
    assert musclepain_lib.__version__.count(".") == 2
    assert issubclass(musclepain_lib.InputError, ValueError)
    assert issubclass(musclepain_lib.DataFileError, ValueError)


def test_the_release_is_citable_and_described():
    """CITATION.cff and the changelog name the package's version."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    citation = (root / "CITATION.cff").read_text()
    assert f"\nversion: {musclepain_lib.__version__}\n" in citation
    assert "cff-version: 1.2.0" in citation and "BSD-3-Clause" in citation and "CC-BY-4.0" in citation
    changelog = (root / "CHANGELOG.md").read_text()
    assert f"\n## {musclepain_lib.__version__} (" in changelog
