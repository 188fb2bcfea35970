"""The package imports quickly and exposes its error type; topics import without widgets."""

import json
from pathlib import Path
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


def test_the_models_and_their_text_helpers_never_load_widgets_or_figures():
    out = run_python(
        "import sys, json; from musclepain_lib.core import manifest; import importlib\n"
        "for t in manifest.topic_names(): importlib.import_module('musclepain_lib.' + t)\n"
        "from musclepain_lib.diabetes import describe_dka_course, simulate_dka\n"
        "from musclepain_lib.cases.model import blood_value_rows, describe_blood_values, load_case\n"
        "from musclepain_lib.electrolytes import reference_ranges\n"
        "text = describe_dka_course(simulate_dka())\n"
        "case = load_case('thiazide'); text += describe_blood_values(case, blood_value_rows(case, reference_ranges()))\n"
        "print(json.dumps({'text': text, 'heavy': sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules)}))"
    )
    result = json.loads(out)
    assert result["heavy"] == []
    assert "ketones rise to" in result["text"] and "Below: sodium" in result["text"]


def test_every_package_the_library_imports_is_declared():
    import ast
    from pathlib import Path

    try:
        import tomllib
    except ModuleNotFoundError:
        import tomli as tomllib
    from packaging.requirements import Requirement

    root = Path(musclepain_lib.__file__).parent
    imported = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"musclepain_lib"}
    project = tomllib.loads((root.parent / "pyproject.toml").read_text())["project"]
    # the hub's progress service (classroom/progress_service.py, progress_db.py) runs where the hub extra is installed
    needed = [*project["dependencies"], *project["optional-dependencies"]["hub"]]
    declared = {Requirement(text).name.replace("-", "_").lower() for text in needed}
    assert third_party <= declared, f"declare in pyproject.toml: {sorted(third_party - declared)}"


def _imports_of_the_library() -> dict[str, set[str]]:
    """Each module of the library and the library modules it imports (anywhere in it)."""
    import ast

    root = Path(__file__).resolve().parent.parent
    found = {}
    for path in (root / "musclepain_lib").rglob("*.py"):
        name = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("musclepain_lib"):
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(a.name for a in node.names if a.name.startswith("musclepain_lib"))
        found[name] = names
    return found


def test_no_module_of_the_library_imports_one_that_imports_it_back():
    graph = _imports_of_the_library()

    def reaches(start, goal, seen):
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in graph.get(start, ()))

    circles = sorted(m for m in graph if reaches(m, m, {m}))
    assert circles == [], f"import circles through {circles}"


def test_topics_and_core_never_import_the_learners_runtime_or_the_classroom():
    graph = _imports_of_the_library()
    for module, names in graph.items():
        if (module.split(".") + [""])[1] not in ("learner", "classroom"):
            assert not [n for n in names if n.split(".")[1:2] in (["learner"], ["classroom"])], module


def test_every_browser_test_lives_in_tests_browser_where_make_test_runs_them():
    """`make test` runs the browser tests from tests/browser only (collecting the rest costs
    every process of that session about 18 s); a browser test elsewhere would run in neither session."""
    tests = Path(__file__).resolve().parent
    elsewhere = [path.name for path in tests.glob("*.py") if "mark.browser" in path.read_text(encoding="utf-8")
                 and path.name != Path(__file__).name]
    assert elsewhere == []
    makefile = (tests.parent / "Makefile").read_text(encoding="utf-8")
    assert "-m browser --ignore=tests/browser/test_site.py tests/browser" in makefile
