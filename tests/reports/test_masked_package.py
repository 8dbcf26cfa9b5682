"""Executives read packages with personal data masked, and can never get the file as built."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports import builds, policy, services
from reports.exporters import export_document
from reports.models import BuildStatus
from reports.pdf.textcheck import extract_text_pdftotext, normalise
from tests.meetings.factories import make_member
from tests.reports.factories import done_build

pytestmark = pytest.mark.django_db

PHONE, EMAIL, NATIONAL_ID = "0812345678", "sompong@example.test", "1101700203451"


@pytest.fixture
def member(cycle, group):
    return make_member(
        cycle=cycle,
        group=group,
        first_name="สมปอง",
        last_name="รักชุมชน",
        phone=PHONE,
        email=EMAIL,
        national_id=NATIONAL_ID,
    )


def _built(cycle, group, user, fmt):
    build = services.document_build_request(kind="package", cycle=cycle, group=group, fmt=fmt, user=user)
    builds.document_build_run(build_id=build.pk)
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE, build.error
    return build


def _cells(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row if value
    )


def _download(client, user, build) -> bytes:
    client.force_login(user)
    response = client.get(reverse("reports:build_download", kwargs={"pk": build.pk}))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_package_build_stores_a_masked_copy_beside_the_file_as_built(cycle, group, staff, member):
    build = _built(cycle, group, staff, "xlsx")
    as_built = _cells(build.file.open("rb").read())
    masked = _cells(build.masked_file.open("rb").read())
    assert build.masked_size == len(build.masked_file.open("rb").read()) > 0
    assert "๐๘๑๒๓๔๕๖๗๘" in as_built and EMAIL in as_built  # the group's own copy keeps them (Thai digits)
    assert "๐๘x-xxx-๕๖๗๘" in masked and "s•••@example.test" in masked
    assert "๐๘๑๒๓๔๕๖๗๘" not in masked and EMAIL not in masked and "sompong" not in masked
    assert "นายสมปอง รักชุมชน" in masked  # names stay: the memo and the minutes need them
    assert "ข้อมูลติดต่อถูกปิดบังบางส่วนตามกฎหมายคุ้มครองข้อมูลส่วนบุคคล" in masked


def test_an_executive_downloads_only_the_masked_copy_pdf_and_excel(
    client, cycle, group, staff, executive, member
):
    for fmt in ("pdf", "xlsx"):
        build = _built(cycle, group, staff, fmt)
        got = _download(client, executive, build)
        assert got == build.masked_file.open("rb").read() != build.file.open("rb").read()
        text = _cells(got) if fmt == "xlsx" else normalise(extract_text_pdftotext(got), drop_whitespace=True)
        assert "๐๘x-xxx-๕๖๗๘" in text
        assert "๐๘๑๒๓๔๕๖๗๘" not in text and "0812345678" not in text and "sompong" not in text
        assert _download(client, staff, build) == build.file.open("rb").read()


def test_every_route_an_executive_has_to_a_package_gives_the_masked_copy(
    client, cycle, group, executive, member
):
    build = done_build(
        kind="package",
        cycle=cycle,
        group=group,
        content=b"AS BUILT " + PHONE.encode(),
        masked_content=b"MASKED",
    )
    client.force_login(executive)
    page = client.get(reverse("reports:package", kwargs={"fiscal_year": 2564, "code": group.code}))
    assert page.status_code == 200 and 'id="masked-note"' in page.content.decode()
    routes = [
        reverse("reports:build_download", kwargs={"pk": build.pk}),
        reverse(
            "reports:document",
            kwargs={"kind": "package", "fiscal_year": 2564, "group": group.code, "fmt": "pdf"},
        ),
    ]
    for url in routes:
        response = client.get(url, follow=True)
        body = b"".join(response.streaming_content)
        assert body == b"MASKED", url
        assert "masked" in response["Content-Disposition"]
    # Rendered on the spot (the command line's and the runner's path) it is masked too.
    rendered = export_document(kind="package", cycle=cycle, group=group, fmt="xlsx", user=executive).content
    assert "๐๘x-xxx-๕๖๗๘" in _cells(rendered) and "๐๘๑๒๓๔๕๖๗๘" not in _cells(rendered)


def test_a_package_built_before_masked_copies_is_refused_to_executives(
    client, cycle, group, executive, staff
):
    build = done_build(kind="package", cycle=cycle, group=group)
    build.masked_file.name, build.masked_size = "", 0
    build.save(update_fields=["masked_file", "masked_size"])
    client.force_login(executive)
    response = client.get(reverse("reports:build_download", kwargs={"pk": build.pk}), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "reports:package", kwargs={"fiscal_year": 2564, "code": group.code}
    )
    assert "กรุณาสร้างชุดเอกสารใหม่" in response.content.decode()
    assert policy.stored_file(staff, build).name == build.file.name


def test_an_executive_may_ask_for_a_fresh_build_and_still_gets_it_masked(
    client, cycle, group, executive, member
):
    build = _built(cycle, group, executive, "xlsx")
    text = _cells(_download(client, executive, build))
    assert "๐๘x-xxx-๕๖๗๘" in text and "๐๘๑๒๓๔๕๖๗๘" not in text
