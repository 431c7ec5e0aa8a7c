"""Each fixture name means one thing across the suite: no fixture name is defined in two
places (two conftest files, or a conftest and a test module, or two test modules).

A fixture defined twice is either a copy (it belongs once, in the nearest conftest both
folders share) or two different things under one name (`kenya` a country here and a plan
there), which makes a test read one way and run another. Fixtures imported from another
module (`from tests.reporting.conftest import reporting_plan`) are the same definition and
do not count."""

import ast
from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).parent

# Names that may be defined in more than one place, each with the reason. Keep it empty:
# an override with the same meaning is a copy to fold into a shared conftest instead.
ALLOWED: dict[str, str] = {}


def _is_fixture(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return ast.unparse(target) in {"pytest.fixture", "fixture"}


def _fixture_name(function: ast.FunctionDef, decorator: ast.expr) -> str:
    """The name pytest knows the fixture by: `name=` when the decorator gives one."""
    if isinstance(decorator, ast.Call):
        for keyword in decorator.keywords:
            if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                return keyword.value.value
    return function.name


def _functions(tree: ast.Module):
    """Module-level functions and the methods of module-level classes (test classes)."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node
        elif isinstance(node, ast.ClassDef):
            yield from (
                n for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
            )


def fixture_definitions(root: Path = TESTS) -> dict[str, list[str]]:
    """{fixture name: ["path:line", ...]} for every fixture defined under `root`."""
    found = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for function in _functions(tree):
            for decorator in function.decorator_list:
                if _is_fixture(decorator):
                    where = f"{path.relative_to(root.parent)}:{function.lineno}"
                    found[_fixture_name(function, decorator)].append(where)
    return found


def test_no_fixture_name_is_defined_twice():
    twice = {
        name: places
        for name, places in fixture_definitions().items()
        if len(places) > 1 and name not in ALLOWED
    }
    listing = "\n".join(f"  {name}: {', '.join(places)}" for name, places in sorted(twice.items()))
    assert not twice, (
        "Fixture names defined in more than one place (give each its own name, or move a "
        f"shared one to tests/conftest.py):\n{listing}"
    )


def test_the_check_finds_a_fixture_defined_twice(tmp_path):
    """The guard itself can fail: two modules defining `kenya` are reported."""
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "conftest.py").write_text(
            "import pytest\n\n\n@pytest.fixture\ndef kenya():\n    return 1\n"
        )
    (tmp_path / "two" / "test_named.py").write_text(
        "import pytest\n\n\n@pytest.fixture(name='kenya_plan')\ndef _plan():\n    return 2\n"
    )
    found = fixture_definitions(tmp_path)
    assert len(found["kenya"]) == 2
    assert found["kenya_plan"] == [f"{tmp_path.name}/two/test_named.py:5"]
