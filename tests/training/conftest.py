import pytest

from .builders import make_course, make_session, make_trainer


@pytest.fixture
def course(business):
    return make_course(business)


@pytest.fixture
def trainer(business, member, agency):
    """The partnership member from the agency trains in the pool."""
    return make_trainer(business, member, agency)


@pytest.fixture
def session(business, course, trainer):
    return make_session(business, course, trainers=[trainer], capacity=2)
