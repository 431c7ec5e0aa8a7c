import shutil

import pytest

from naptrack.registry.reference import REFERENCE_DIR


@pytest.fixture
def data_dir(tmp_path):
    """A copy of the shipped reference files, for a test to edit and load."""
    target = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, target)
    return target
