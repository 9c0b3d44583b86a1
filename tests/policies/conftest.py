import pytest

from .builders import owning_group


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def group(business, chair, member):
    return owning_group(business, chair=chair, members=[member])
