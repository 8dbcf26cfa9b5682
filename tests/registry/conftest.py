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


@pytest.fixture
def lose_connection_mid_import(monkeypatch):
    """Kill this test's PostgreSQL backend (pg_terminate_backend) after the import wrote a few rows.

    Only PostgreSQL can do this to a live connection; the test is skipped on SQLite.
    """
    from django.db import connection
    from django.db.models import QuerySet

    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend is PostgreSQL's; SQLite has no server connection to lose")
    import psycopg2

    real = QuerySet.bulk_create
    killed = []

    def bulk_create_then_lose_the_connection(self, objs, *args, **kwargs):
        objs = list(objs)
        if killed:
            return real(self, objs, *args, **kwargs)
        real(self, objs[:2], *args, **kwargs)  # written inside the transaction, then lost with it
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        killer = psycopg2.connect(**connection.get_connection_params())
        killer.autocommit = True
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])  # waits until it is gone
        killer.close()
        killed.append(pid)
        return real(self, objs[2:], *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", bulk_create_then_lose_the_connection)
    return killed


@pytest.fixture
def desktop_page(browser):
    """A desktop-sized page (1366 px, the common office laptop width)."""
    context = browser.new_context(locale="th-TH", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
