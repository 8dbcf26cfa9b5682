"""The document build's state table."""

from reports.models import BUILD_TRANSITIONS, BuildStatus


def test_the_build_table():
    assert BUILD_TRANSITIONS.sources(BuildStatus.RUNNING) == [BuildStatus.QUEUED]
    assert BUILD_TRANSITIONS.sources(BuildStatus.FAILED) == [BuildStatus.QUEUED, BuildStatus.RUNNING]
    assert BUILD_TRANSITIONS.targets(BuildStatus.DONE) == BUILD_TRANSITIONS.targets(BuildStatus.FAILED) == []
