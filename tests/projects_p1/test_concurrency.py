"""Two people saving the same P1 at the same moment, for real, on PostgreSQL (row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from projects_p1 import services
from projects_p1.models import P1Form
from tests.projects_p1.factories import complete_form

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_simultaneous_saves_with_the_same_version_let_exactly_one_through(cycle, group, staff, chair):
    form = complete_form(cycle=cycle, group=group, user=staff)
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(user, text):
        try:
            start.wait()
            services.p1_form_save(
                cycle=cycle,
                group=group,
                user=user,
                lock_version=form.lock_version,
                key_issue_id=form.key_issue_id,
                approach=text,
                projects=[],
            )
            outcomes[text] = "saved"
        except services.P1ConflictError:
            outcomes[text] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(u, t)) for u, t in ((staff, "เจ้าหน้าที่"), (chair, "ประธาน"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values()) == ["conflict", "saved"]
    winner = next(text for text, outcome in outcomes.items() if outcome == "saved")
    saved = P1Form.objects.get(pk=form.pk)
    assert (saved.approach, saved.lock_version) == (winner, form.lock_version + 1)


def test_withdraw_and_opening_at_the_same_moment_never_both_happen(cycle, group, staff, officer, monkeypatch):
    """The group withdraws while the officer opens the review: one comes first, the other sees it."""
    from tests.races import race

    form = complete_form(cycle=cycle, group=group, user=staff)
    services.p1_form_submit(form=form, user=staff)
    # Withdrawing has checked "not opened", and stops before writing; the officer opens meanwhile.
    withdraw, opening = race(
        lambda: services.p1_form_withdraw(form=P1Form.objects.get(pk=form.pk), user=staff),
        lambda: services.p1_review_open(form=P1Form.objects.get(pk=form.pk), user=officer),
        monkeypatch=monkeypatch,
        pause_at=(services, "progress_withdraw"),
    )
    assert withdraw.error is None and opening.error is None
    assert opening.value is None  # it waited for the lock, then found nothing waiting for review
    submission = form.submissions.get()
    assert (submission.status, submission.review_opened_at) == ("withdrawn", None)

    services.p1_form_submit(form=P1Form.objects.get(pk=form.pk), user=staff)
    # The other order: the officer's opening has written, not committed; the withdrawal waits, then refuses.
    opening, withdraw = race(
        lambda: services.p1_review_open(form=P1Form.objects.get(pk=form.pk), user=officer),
        lambda: services.p1_form_withdraw(form=P1Form.objects.get(pk=form.pk), user=staff),
        monkeypatch=monkeypatch,
        pause_at=(services, "audit_log"),
    )
    assert opening.error is None and isinstance(withdraw.error, services.P1Error)
    assert "จึงถอนคืนไม่ได้" in str(withdraw.error)
    assert P1Form.objects.get(pk=form.pk).status == "submitted"
