import pytest

from bangkok_network.models import District


@pytest.fixture
def phra_nakhon(db, reference_data) -> District:
    """เขตพระนคร, in bkk-central."""
    return District.objects.get(code="1001")


@pytest.fixture
def bang_rak(db, reference_data) -> District:
    """เขตบางรัก, in bkk-south."""
    return District.objects.get(code="1004")
