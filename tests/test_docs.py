"""The docs keep up with the code: settings, management commands and README links.

These tests read the source, so a new setting or command fails here until it is documented.
"""

import ast
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "config" / "settings.py"
CONFIGURATION = ROOT / "docs" / "configuration.md"
OPERATIONS = ROOT / "docs" / "operations.md"
README = ROOT / "README.md"


def environment_variables(source: str) -> set[str]:
    """Names read from the environment: os.environ.get/[], os.getenv and env_* helpers."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Subscript) and _is_environ(node.value):
            key = node.slice
        elif isinstance(node, ast.Call) and node.args and _reads_environment(node.func):
            key = node.args[0]
        else:
            continue
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.add(key.value)
    return names


def _is_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def _reads_environment(func: ast.AST) -> bool:
    if isinstance(func, ast.Attribute):
        return (func.attr in {"get", "setdefault"} and _is_environ(func.value)) or (
            func.attr == "getenv"
        )
    return isinstance(func, ast.Name) and func.id.startswith("env_")


def management_commands() -> set[str]:
    return {
        path.stem
        for path in ROOT.glob("naptrack/*/management/commands/*.py")
        if not path.stem.startswith("_")
    }


def backticked(text: str) -> set[str]:
    return set(re.findall(r"`([^`\s]+)`", text))


def documented_commands(text: str) -> set[str]:
    words = backticked(text)
    words |= set(re.findall(r"manage\.py ([a-z0-9_]+)", text))
    return words


def readme_doc_links() -> list[str]:
    return re.findall(r"\]\((docs/[^)#\s]*)", README.read_text())


def test_environment_variables_scanner_finds_every_form():
    source = (
        "import os\n"
        "A = os.environ.get('ONE', 'x')\n"
        "B = os.environ['TWO']\n"
        "C = env_bool('THREE', False)\n"
        "D = int(os.getenv('FOUR', '1'))\n"
        "E = env_list('FIVE', '')\n"
        "F = settings.get('NOT_ENV')\n"
    )
    assert environment_variables(source) == {"ONE", "TWO", "THREE", "FOUR", "FIVE"}


def test_environment_variables_scanner_reads_the_real_settings():
    found = environment_variables(SETTINGS.read_text())
    assert {"DATABASE_URL", "NAPTRACK_SECRET_KEY", "NAPTRACK_PRODUCTION"} <= found


def test_configuration_documents_every_environment_variable():
    documented = backticked(CONFIGURATION.read_text())
    missing = sorted(environment_variables(SETTINGS.read_text()) - documented)
    assert not missing, (
        f"config/settings.py reads these; add them to docs/configuration.md: {missing}"
    )


def test_configuration_lists_only_variables_the_settings_read():
    rows = re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", CONFIGURATION.read_text(), re.MULTILINE)
    assert "DATABASE_URL" in rows
    stale = sorted(set(rows) - environment_variables(SETTINGS.read_text()))
    assert not stale, f"docs/configuration.md lists variables nothing reads: {stale}"


def test_management_commands_scanner_finds_load_reference_data():
    assert "load_reference_data" in management_commands()


def test_configuration_documents_every_management_command():
    documented = documented_commands(CONFIGURATION.read_text())
    missing = sorted(management_commands() - documented)
    assert not missing, f"add these management commands to docs/configuration.md: {missing}"


def test_readme_links_docs():
    assert "docs/configuration.md" in readme_doc_links()


@pytest.mark.parametrize("link", readme_doc_links())
def test_readme_doc_link_points_to_an_existing_file(link):
    assert (ROOT / link).exists(), f"README.md links {link}, which does not exist"


def test_operations_collectstatic_succeeds_with_manifest_storage(tmp_path, settings):
    """docs/operations.md runs collectstatic with production storage, which fails on any
    file that references a missing one (a vendored script's source map, say). Django's
    manifest storage does that check; whitenoise's production storage only adds compression,
    which this test skips to stay fast."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    assert (tmp_path / manifest["paths"]["css/naptrack.css"]).is_file()
    assert manifest["paths"]["css/naptrack.css"] != "css/naptrack.css"
