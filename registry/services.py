"""Writes of the registry: importing community registries, building a group's registry, PDPA."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from bangkok_network import clock
from bangkok_network.audit import audit_log
from bangkok_network.errors import PortalError
from bangkok_network.models import Cycle, District, DistrictGroup, ProgressStatus, StepKind
from bangkok_network.selectors import districts_of_group, progress_get
from bangkok_network.services import ProgrammeError, cycle_check_open, progress_set
from bangkok_network.thai import ZERO_WIDTH
from registry import columns, duplicates, importing, text
from registry.models import (
    ColumnMapping,
    CommunityImport,
    CommunityMember,
    ImportMode,
    Member,
    MemberKind,
    MemberSource,
)

BULK_BATCH = 1000
# Fields a member copies from the community-registry row it was picked from.
COPIED_FIELDS = (
    "kind",
    "prefix",
    "first_name",
    "last_name",
    "organisation_name",
    "interest",
    "subdistrict",
    "phone",
    "email",
    "address",
    "national_id",
)
EDITABLE_FIELDS = (
    *COPIED_FIELDS,
    "district",
    "network_role",
    "is_active",
    "source_network",
    "has_consent",
    "consent_date",
)
NAME_FIELDS = ("prefix", "first_name", "last_name", "organisation_name")


class RegistryError(PortalError):
    """A rule of the registry was broken; the message is Thai and is shown to the user."""


def _full_clean(instance, **kwargs) -> None:
    try:
        instance.full_clean(**kwargs)
    except ValidationError as exc:
        raise RegistryError.from_validation(exc) from exc


# --- importing a district's community registry ----------------------------------------------

DATABASE_LOST = "ฐานข้อมูลหยุดตอบสนองระหว่างนำเข้า (การเชื่อมต่อขาดหาย) ยังไม่มีข้อมูลใดถูกบันทึก กรุณาลองอีกครั้งในสักครู่"


def _database_lost_is_a_registry_error(func):
    """Turn a connection lost mid-import into a Thai message; the transaction left nothing behind.

    The atomic block inside has rolled back (or Django closed the dead connection), so the upload
    is as it was before and the same step can be tried again on a fresh connection.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (OperationalError, InterfaceError) as exc:
            if not connection.in_atomic_block:
                connection.close_if_unusable_or_obsolete()
            raise RegistryError(DATABASE_LOST) from exc

    return wrapper


def _existing_name(values: dict) -> str:
    if values["kind"] == MemberKind.ORGANISATION:
        return values["organisation_name"]
    return f"{values['prefix']}{values['first_name']} {values['last_name']}".strip()


def _registry_index(*, district: District, fiscal_year: int) -> duplicates.Index[importing.Existing]:
    """Index the district's registry for the year (one query) to compare an upload's rows with."""
    index: duplicates.Index[importing.Existing] = duplicates.Index()
    names = ("pk", "kind", "name_key", "phone_key", *importing.UPDATABLE_FIELDS)
    for values in (
        CommunityMember.objects.filter(district=district, fiscal_year=fiscal_year, is_erased=False)
        .order_by("pk")
        .values(*names)
    ):
        registered_on = values["registered_on"]
        values["registered_on"] = registered_on.isoformat() if registered_on else ""
        found = duplicates.Identity(
            kind=values["kind"],
            name_key=values["name_key"],
            phone_key=values["phone_key"],
            national_id=values["national_id"],
        )
        data = {name: values[name] or "" for name in importing.UPDATABLE_FIELDS}
        index.add(found, importing.Existing(pk=values["pk"], name=_existing_name(values), data=data))
    return index


def _saved_mapping(district: District) -> dict[str, str]:
    saved = ColumnMapping.objects.filter(district=district).values_list("columns", flat=True).first()
    return saved or {}


def _parse(
    *, data: bytes, district: District, mapping: dict[str, str] | None = None
) -> importing.ParsedWorkbook:
    try:
        return importing.parse_workbook(data, saved_mapping=_saved_mapping(district), edited_mapping=mapping)
    except importing.WorkbookRefused as exc:
        raise RegistryError(str(exc)) from exc


def _evaluate(rows: list[importing.ParsedRow], *, district: District, fiscal_year: int, mode: str) -> None:
    importing.evaluate(rows, registry=_registry_index(district=district, fiscal_year=fiscal_year), mode=mode)


def community_import_parse(
    *, data: bytes, district: District, fiscal_year: int, mode: str = ImportMode.SKIP
) -> importing.ParsedWorkbook:
    """Read a file and compare its rows with the district's registry; writes nothing."""
    parsed = _parse(data=data, district=district)
    _evaluate(parsed.rows, district=district, fiscal_year=fiscal_year, mode=mode)
    return parsed


def _count(batch: CommunityImport, rows: list[importing.ParsedRow]) -> None:
    statuses = [row.status for row in rows]
    batch.imported_count = sum(1 for s in statuses if s in importing.IMPORTED_STATUSES)
    batch.possible_count = statuses.count(importing.POSSIBLE)
    batch.updated_count = statuses.count(importing.UPDATE)
    batch.duplicate_count = statuses.count(importing.DUPLICATE)
    batch.rejected_count = statuses.count(importing.REJECTED)


COUNT_FIELDS = ["imported_count", "possible_count", "updated_count", "duplicate_count", "rejected_count"]


def _check_mode(mode: str) -> None:
    if mode not in ImportMode.values:
        raise RegistryError("ไม่รู้จักวิธีจัดการคนที่มีอยู่แล้วที่เลือก (ข้าม / ปรับปรุง / เติมช่องว่าง)")


@_database_lost_is_a_registry_error
@transaction.atomic
def community_import_preview(
    *,
    data: bytes,
    filename: str,
    district: District,
    fiscal_year: int,
    user,
    mode: str = ImportMode.SKIP,
) -> CommunityImport:
    """Read an uploaded file and keep its rows for the user to check before importing."""
    _check_mode(mode)
    parsed = community_import_parse(data=data, district=district, fiscal_year=fiscal_year, mode=mode)
    batch = CommunityImport(
        district=district,
        fiscal_year=fiscal_year,
        filename=filename[:255],
        file_format=parsed.format,
        mode=mode,
        headers=parsed.headers,
        sheets=[sheet.as_json() for sheet in parsed.sheets],
        rows=[row.as_json() for row in parsed.rows],
        source_file=data,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _count(batch, parsed.rows)
    _full_clean(batch, exclude=["rows", "rejected", "headers", "sheets", "mapping", "source_file"])
    batch.save()
    audit_log(
        actor=user,
        action="registry.import.preview",
        obj=batch,
        details={
            "rows": len(parsed.rows),
            "district": district.code,
            "fiscal_year": fiscal_year,
            "format": parsed.format,
            "sheets": len([s for s in parsed.sheets if s.header_rows]),
            "mode": mode,
        },
    )
    return batch


def _locked_preview(batch: CommunityImport, *, with_file: bool = False) -> CommunityImport:
    found = CommunityImport.objects.select_for_update()
    if not with_file:  # up to 15 MB that only re-reading the file needs
        found = found.defer("source_file")
    batch = found.get(pk=batch.pk)
    if batch.status != CommunityImport.Status.PREVIEW:
        raise RegistryError("การนำเข้านี้ยืนยันหรือยกเลิกไปแล้ว")
    return batch


def _rows(batch: CommunityImport) -> list[importing.ParsedRow]:
    return [importing.ParsedRow.from_json(row) for row in batch.rows]


def _save_rows(batch: CommunityImport, rows: list[importing.ParsedRow], *fields: str) -> None:
    batch.rows = [row.as_json() for row in rows]
    _count(batch, rows)
    batch.save(update_fields=["rows", *COUNT_FIELDS, *fields])


@_database_lost_is_a_registry_error
@transaction.atomic
def community_import_remap(*, batch: CommunityImport, mapping: dict[str, str], user) -> CommunityImport:
    """Read the upload again with the columns a person fixed (header label → field).

    Decisions made on rows are dropped: the rows themselves may have changed.
    """
    batch = _locked_preview(batch, with_file=True)
    if batch.source_file is None:
        raise RegistryError("ไฟล์ของการนำเข้านี้ไม่ได้เก็บไว้แล้ว กรุณาอัปโหลดไฟล์อีกครั้ง")
    mapping = {str(key): value for key, value in mapping.items() if value in columns.FIELD_CHOICES}
    parsed = _parse(data=bytes(batch.source_file), district=batch.district, mapping=mapping)
    for sheet in parsed.sheets:
        if sheet.header_rows:
            problem = columns.check_fields(sheet.fields)
            if problem:
                raise RegistryError(f"ชีต “{sheet.name}”: {problem}")
    _evaluate(parsed.rows, district=batch.district, fiscal_year=batch.fiscal_year, mode=batch.mode)
    batch.mapping = mapping
    batch.headers = parsed.headers
    batch.sheets = [sheet.as_json() for sheet in parsed.sheets]
    _save_rows(batch, parsed.rows, "mapping", "headers", "sheets")
    audit_log(actor=user, action="registry.import.remap", obj=batch, details={"mapping": mapping})
    return batch


@_database_lost_is_a_registry_error
@transaction.atomic
def community_import_set_mode(*, batch: CommunityImport, mode: str, user) -> CommunityImport:
    """Choose what the import does with people already in the registry: skip, update or fill."""
    _check_mode(mode)
    batch = _locked_preview(batch)
    rows = _rows(batch)
    batch.mode = mode
    _evaluate(rows, district=batch.district, fiscal_year=batch.fiscal_year, mode=mode)
    _save_rows(batch, rows, "mode")
    audit_log(actor=user, action="registry.import.mode", obj=batch, details={"mode": mode})
    return batch


@_database_lost_is_a_registry_error
@transaction.atomic
def community_import_decide(*, batch: CommunityImport, row_id: int, decision: str, user) -> CommunityImport:
    """Overrule the duplicate rule for one flagged row: import it after all, or leave it out.

    decision is "import" (นำเข้าแถวนี้: a different person), "skip" (the same person after all) or
    "" (back to what the rule says). Nothing is written to the registry before confirmation.
    """
    if decision not in ("", importing.DECIDE_IMPORT, importing.DECIDE_SKIP):
        raise RegistryError("ไม่รู้จักคำสั่งสำหรับแถวนี้")
    batch = _locked_preview(batch)
    rows = _rows(batch)
    row = next((r for r in rows if r.id == row_id), None)
    if row is None or row.status == importing.REJECTED:
        raise RegistryError("แถวนี้นำเข้าไม่ได้ กรุณาแก้ในไฟล์แล้วอัปโหลดใหม่")
    row.decision = decision
    _evaluate(rows, district=batch.district, fiscal_year=batch.fiscal_year, mode=batch.mode)
    _save_rows(batch, rows)
    audit_log(
        actor=user,
        action="registry.import.decide",
        obj=batch,
        details={"row": row.row, "sheet": row.sheet, "decision": decision},
    )
    return batch


def _community_member(
    row: dict, *, district: District, fiscal_year: int, batch: CommunityImport | None
) -> CommunityMember:
    data = dict(row["data"])
    registered_on = data.pop("registered_on", "")
    member = CommunityMember(
        district=district,
        fiscal_year=fiscal_year,
        source_import=batch,
        source_row=row["row"],
        registered_on=date.fromisoformat(registered_on) if registered_on else None,
        **data,
    )
    text.set_keys(member)
    return member


def _apply_updates(rows: list[importing.ParsedRow]) -> list[int]:
    """Write the changes of the rows that update registry people (rows locked first)."""
    changes = {row.match["pk"]: row.changes for row in rows if row.status == importing.UPDATE}
    if not changes:
        return []
    people = (
        CommunityMember.objects.select_for_update().filter(pk__in=changes, is_erased=False).order_by("pk")
    )
    changed: set[str] = set()
    updated = []
    for person in people:
        for change in changes[person.pk]:
            value = change["new"]
            if change["field"] == "registered_on":
                value = date.fromisoformat(value) if value else None
            setattr(person, change["field"], value)
            changed.add(change["field"])
        text.set_keys(person)
        updated.append(person)
    CommunityMember.objects.bulk_update(updated, [*sorted(changed), *text.KEY_FIELDS], batch_size=BULK_BATCH)
    return [person.pk for person in updated]


def _remember_mapping(batch: CommunityImport, user) -> None:
    """Keep the district's header layout, so its next file is read the same way."""
    remembered = dict(_saved_mapping(batch.district))
    for sheet in batch.sheets:
        for key, name, origin in zip(sheet["keys"], sheet["fields"], sheet["origins"], strict=False):
            if key and (name or origin != columns.GUESSED):
                remembered[key] = name
    by = user if getattr(user, "is_authenticated", False) else None
    ColumnMapping.objects.update_or_create(
        district=batch.district, defaults={"columns": remembered, "updated_by": by}
    )


@_database_lost_is_a_registry_error
@transaction.atomic
def community_import_confirm(*, batch: CommunityImport, user, at: datetime | None = None) -> CommunityImport:
    """Import the previewed rows, all or nothing; keep the ones not imported to download.

    Rows are compared with the registry again, which may have changed since the preview; new
    people are added, people already there are updated as the mode says, decisions are kept.
    """
    batch = _locked_preview(batch)
    rows = _rows(batch)
    _evaluate(rows, district=batch.district, fiscal_year=batch.fiscal_year, mode=batch.mode)
    good = [row.as_json() for row in rows if row.status in importing.IMPORTED_STATUSES]
    CommunityMember.objects.bulk_create(
        (
            _community_member(row, district=batch.district, fiscal_year=batch.fiscal_year, batch=batch)
            for row in good
        ),
        batch_size=BULK_BATCH,
    )
    updated = _apply_updates(rows)
    _remember_mapping(batch, user)
    batch.status = CommunityImport.Status.CONFIRMED
    batch.confirmed_at = at or clock.now()
    _count(batch, rows)
    # Personal data of imported rows now lives in the registry only; keep what was not imported.
    batch.rejected = [
        row.as_json() for row in rows if row.status in (importing.DUPLICATE, importing.REJECTED)
    ]
    batch.rows = []
    batch.source_file = None
    batch.save(update_fields=["status", "confirmed_at", *COUNT_FIELDS, "rejected", "rows", "source_file"])
    audit_log(
        actor=user,
        action="registry.import.confirm",
        obj=batch,
        details={
            "imported": batch.imported_count,
            "updated": batch.updated_count,
            "updated_rows": updated,
            "duplicate": batch.duplicate_count,
            "rejected": batch.rejected_count,
            "overruled": sum(1 for row in rows if row.decision),
        },
    )
    return batch


@transaction.atomic
def community_import_cancel(*, batch: CommunityImport, user) -> CommunityImport:
    if batch.status != CommunityImport.Status.PREVIEW:
        raise RegistryError("การนำเข้านี้ยืนยันหรือยกเลิกไปแล้ว")
    batch.status = CommunityImport.Status.CANCELLED
    batch.rows = []
    batch.source_file = None
    batch.save(update_fields=["status", "rows", "source_file"])
    audit_log(actor=user, action="registry.import.cancel", obj=batch)
    return batch


def community_import_rejected_workbook(*, batch: CommunityImport, user) -> bytes:
    """Return the rows of an upload that were not (or will not be) imported; the download is logged."""
    not_imported = (importing.DUPLICATE, importing.REJECTED)
    rows = batch.rejected if batch.rejected else [r for r in batch.rows if r["status"] in not_imported]
    audit_log(
        actor=user,
        action="registry.personal_data.download",
        obj=batch,
        details={"document": "rejected_rows", "rows": len(rows)},
    )
    if any(row.get("sheet") for row in rows):  # several sheets: say which one each row came from
        headers = ["ชีต", *batch.headers]
        rows = [{**row, "raw": [row.get("sheet", ""), *row["raw"]]} for row in rows]
        return importing.rejected_workbook(headers, rows)
    return importing.rejected_workbook(batch.headers, rows)


# --- the group's registry ---------------------------------------------------------------------


def _mark_registry_started(*, cycle: Cycle, group: DistrictGroup, user) -> None:
    progress = progress_get(cycle=cycle, group=group, kind=StepKind.REGISTRY)
    if progress is None or progress.status in (ProgressStatus.NOT_STARTED, ProgressStatus.RETURNED):
        try:
            progress_set(
                cycle=cycle, group=group, kind=StepKind.REGISTRY, status=ProgressStatus.IN_PROGRESS, user=user
            )
        except ProgrammeError as exc:  # pragma: no cover - the calendar has no registry step
            raise RegistryError(str(exc)) from exc


def _check_district(*, cycle: Cycle, group: DistrictGroup, district: District) -> None:
    if not districts_of_group(cycle=cycle, group=group).filter(pk=district.pk).exists():
        raise RegistryError(f"{district} ไม่อยู่ในกลุ่ม{group.name} ในปีงบประมาณ {cycle.fiscal_year}")


def _flag_duplicate(member: Member) -> None:
    from registry.selectors import duplicate_candidates, member_identity

    found = duplicate_candidates(
        cycle=member.cycle, group=member.group, identity=member_identity(member), exclude_pk=member.pk
    )
    member.possible_duplicate_of = found[0][0] if found else None


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = " ".join(value.translate(ZERO_WIDTH).split()) if name != "address" else value.strip()
            if name == "phone":
                value = text.phone_digits(value)
            if name == "national_id":
                value = text.phone_digits(value)
            if name == "email":
                value = value.lower()
        cleaned[name] = value
    if cleaned.get("national_id") and not importing.national_id_is_valid(cleaned["national_id"]):
        raise RegistryError("เลขประจำตัวประชาชนไม่ถูกต้อง (ต้องมี 13 หลักและเลขตรวจสอบถูกต้อง)")
    if cleaned.get("has_consent") and not cleaned.get("consent_date"):
        cleaned["consent_date"] = clock.today()
    if "has_consent" in cleaned and not cleaned["has_consent"]:
        cleaned["consent_date"] = None  # consent withdrawn: no date of a consent that no longer holds
    return cleaned


@transaction.atomic
def member_create(*, cycle: Cycle, group: DistrictGroup, user, **fields) -> Member:
    """Add a member from another network in the area; a likely duplicate is flagged, not refused."""
    cycle_check_open(cycle, error=RegistryError)
    fields = _clean_fields(fields)
    fields.setdefault("source", MemberSource.OTHER_NETWORK)
    member = Member(cycle=cycle, group=group, **fields)
    if member.district_id:
        _check_district(cycle=cycle, group=group, district=member.district)
    text.set_keys(member)
    _full_clean(member)
    _flag_duplicate(member)
    member._history_user = user if getattr(user, "is_authenticated", False) else None
    member.save()
    audit_log(
        actor=user,
        action="registry.member.create",
        obj=member,
        details={"source": member.source, "possible_duplicate_of": member.possible_duplicate_of_id},
    )
    _mark_registry_started(cycle=cycle, group=group, user=user)
    return member


@transaction.atomic
def member_update(*, member: Member, user, **fields) -> Member:
    """Change a member's details; the change is kept in its history (who, when, what)."""
    if member.is_erased:
        raise RegistryError("ข้อมูลของสมาชิกนี้ถูกลบตามคำขอแล้ว แก้ไขไม่ได้")
    cycle_check_open(member.cycle, error=RegistryError)
    fields = _clean_fields({k: v for k, v in fields.items() if k in EDITABLE_FIELDS})
    for name, value in fields.items():
        setattr(member, name, value)
    if "district" in fields:
        _check_district(cycle=member.cycle, group=member.group, district=member.district)
    text.set_keys(member)
    _full_clean(member)
    _flag_duplicate(member)
    member._history_user = user if getattr(user, "is_authenticated", False) else None
    changed = [
        *fields,
        "search_key",
        "sort_key",
        "name_key",
        "phone_key",
        "possible_duplicate_of",
        "updated_at",
    ]
    member.save(update_fields=changed)
    audit_log(actor=user, action="registry.member.update", obj=member, details={"fields": sorted(fields)})
    return member


@transaction.atomic
def members_add_from_community(
    *, cycle: Cycle, group: DistrictGroup, community_members, user, network_role: str = ""
) -> list[Member]:
    """Add many community-registry rows to the group's registry at once; rows already in it are skipped.

    Each row must come from one of the group's districts; the member keeps a link to its row.
    """
    cycle_check_open(cycle, error=RegistryError)
    rows = list(community_members)
    allowed = set(districts_of_group(cycle=cycle, group=group).values_list("pk", flat=True))
    outside = [row for row in rows if row.district_id not in allowed]
    if outside:
        raise RegistryError(f"“{outside[0].display_name}” ไม่ได้อยู่ในเขตของกลุ่ม{group.name}")
    from registry.selectors import community_member_ids_in_group

    already = community_member_ids_in_group(cycle=cycle, group=group)
    created = []
    for row in rows:
        if row.pk in already or row.is_erased:
            continue
        member = Member(
            cycle=cycle,
            group=group,
            district_id=row.district_id,
            source=MemberSource.COMMUNITY,
            source_community_member=row,
            network_role=network_role or row.position,
            **{name: getattr(row, name) for name in COPIED_FIELDS},
        )
        text.set_keys(member)
        _full_clean(member, exclude=["email"])
        _flag_duplicate(member)
        member._history_user = user if getattr(user, "is_authenticated", False) else None
        member.save()
        created.append(member)
        already.add(row.pk)
    if created:
        audit_log(
            actor=user,
            action="registry.member.add_from_community",
            obj=group,
            details={"cycle": cycle.fiscal_year, "members": [m.pk for m in created]},
        )
        _mark_registry_started(cycle=cycle, group=group, user=user)
    return created


def _repoint_references(*, remove: Member, keep: Member) -> dict[str, int]:
    """Point every row that refers to `remove` at `keep`, whatever app it lives in.

    A row that would then break a uniqueness rule (the same person marked present twice at one
    meeting) is a copy of one `keep` already has, and is dropped.
    """
    moved: dict[str, int] = {}
    for relation in Member._meta.related_objects:
        if relation.related_model is Member or relation.related_model._meta.label_lower.startswith(
            "registry.historical"
        ):
            continue
        if relation.many_to_many:
            through = relation.through
            fk_names = [f.name for f in through._meta.fields if getattr(f, "related_model", None) is Member]
            model, names = through, fk_names
        else:
            model, names = relation.related_model, [relation.field.name]
        for name in names:
            count = 0
            for obj in model._base_manager.filter(**{name: remove}):
                setattr(obj, name, keep)
                try:
                    with transaction.atomic():
                        obj.save(update_fields=[name])
                except IntegrityError:
                    obj.delete()
                count += 1
            if count:
                moved[f"{model._meta.label_lower}.{name}"] = count
    return moved


@transaction.atomic
def member_merge(*, keep: Member, remove: Member, user) -> Member:
    """Merge two records of one person: `keep` stays, gains what it lacked, and every reference."""
    if keep.pk == remove.pk:
        raise RegistryError("เลือกสมาชิกคนเดียวกันสองครั้ง")
    cycle_check_open(keep.cycle, error=RegistryError)
    # Both rows are locked (in key order, so two merges cannot deadlock) and read again: a merge
    # of the same pair the other way round, or an erasure, may have committed since the page loaded.
    locked = {
        m.pk: m for m in Member.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk]).order_by("pk")
    }
    if len(locked) != 2:
        raise RegistryError("สมาชิกที่เลือกถูกรวมหรือลบไปแล้ว กรุณาเปิดหน้าทะเบียนใหม่")
    keep, remove = locked[keep.pk], locked[remove.pk]
    if (keep.cycle_id, keep.group_id) != (remove.cycle_id, remove.group_id):
        raise RegistryError("รวมได้เฉพาะสมาชิกในทะเบียนของกลุ่มและปีเดียวกัน")
    if keep.is_erased or remove.is_erased:
        raise RegistryError("สมาชิกที่ลบข้อมูลแล้วรวมกับผู้อื่นไม่ได้")
    moved = _repoint_references(remove=remove, keep=keep)
    Member.objects.filter(possible_duplicate_of=remove).update(possible_duplicate_of=None)
    gaps = [
        name
        for name in (*COPIED_FIELDS, "network_role", "source_network")
        if not getattr(keep, name) and getattr(remove, name)
    ]
    filled = {name: getattr(remove, name) for name in gaps}
    source_row = remove.source_community_member if keep.source_community_member_id is None else None
    removed_pk = remove.pk
    remove._history_user = user if getattr(user, "is_authenticated", False) else None
    remove.delete()
    for name, value in filled.items():
        setattr(keep, name, value)
    update = [
        *filled,
        "search_key",
        "sort_key",
        "name_key",
        "phone_key",
        "possible_duplicate_of",
        "updated_at",
    ]
    if source_row is not None:
        keep.source_community_member = source_row
        update.append("source_community_member")
    if remove.has_consent and not keep.has_consent:
        keep.has_consent, keep.consent_date = True, remove.consent_date
        update += ["has_consent", "consent_date"]
    text.set_keys(keep)
    keep.possible_duplicate_of = None
    _full_clean(keep)
    keep._history_user = user if getattr(user, "is_authenticated", False) else None
    keep.save(update_fields=update)
    audit_log(
        actor=user,
        action="registry.member.merge",
        obj=keep,
        details={"removed": removed_pk, "filled": sorted(filled), "moved": moved},
    )
    return keep


# --- personal data (PDPA) ---------------------------------------------------------------------


@transaction.atomic
def member_set_consent(
    *, member: Member, user, has_consent: bool, consent_date: date | None = None
) -> Member:
    """Record that a member gave (or withdrew) consent, and when."""
    member.has_consent = has_consent
    member.consent_date = (consent_date or timezone.localdate()) if has_consent else None
    _full_clean(member)
    member._history_user = user if getattr(user, "is_authenticated", False) else None
    member.save(update_fields=["has_consent", "consent_date", "updated_at"])
    audit_log(actor=user, action="registry.member.consent", obj=member, details={"has_consent": has_consent})
    return member


def member_personal_data(*, member: Member, user) -> dict[str, Any]:
    """Return everything the registry holds on a member (a subject-access request), logged."""
    if member.is_erased:
        raise RegistryError("ข้อมูลของสมาชิกนี้ถูกลบตามคำขอแล้ว")
    data = {
        "ประเภท": member.get_kind_display(),
        "คำนำหน้า": member.prefix,
        "ชื่อ": member.first_name,
        "นามสกุล": member.last_name,
        "ชื่อองค์กร/กลุ่มชุมชน": member.organisation_name,
        "ด้านที่สนใจ": member.interest,
        "เขต": str(member.district),
        "แขวง": member.subdistrict,
        "โทรศัพท์": member.phone,
        "อีเมล": member.email,
        "ที่อยู่": member.address,
        "เลขประจำตัวประชาชน": member.national_id,
        "บทบาทในเครือข่าย": member.network_role,
        "ที่มา": member.get_source_display(),
        "เครือข่ายที่มา": member.source_network,
        "ให้ความยินยอม": "ใช่" if member.has_consent else "ไม่",
        "วันที่ให้ความยินยอม": member.consent_date.isoformat() if member.consent_date else "",
        "กลุ่มเขต": str(member.group),
        "ปีงบประมาณ": member.cycle.fiscal_year,
        "บันทึกเมื่อ": timezone.localtime(member.created_at).isoformat(),
    }
    audit_log(
        actor=user, action="registry.personal_data.export", obj=member, details={"kind": "subject_access"}
    )
    return data


@transaction.atomic
def member_erase(*, member: Member, user) -> Member:
    """Erase a member's personal data on request; the anonymous row stays so counts survive.

    The names and contact details are blanked on the member, on its history and on the
    community-registry row it came from.
    """
    if member.is_erased:
        raise RegistryError("ข้อมูลของสมาชิกนี้ถูกลบไปแล้ว")
    _scrub_import_rows(district=member.district, name_key=member.name_key, phone_key=member.phone_key)
    blank = {
        name: ""
        for name in (*NAME_FIELDS, *Member.PERSONAL_FIELDS, "subdistrict", "network_role", "source_network")
    }
    for name, value in blank.items():
        setattr(member, name, value)
    member.is_erased, member.erased_at = True, timezone.now()
    member.possible_duplicate_of = None
    text.set_keys(member)
    member._history_user = user if getattr(user, "is_authenticated", False) else None
    member.save(
        update_fields=[
            *blank,
            "is_erased",
            "erased_at",
            "possible_duplicate_of",
            "search_key",
            "sort_key",
            "name_key",
            "phone_key",
            "updated_at",
        ]
    )
    member.history.model.objects.filter(id=member.pk).update(**blank)
    Member.objects.filter(possible_duplicate_of=member).update(possible_duplicate_of=None)
    row = member.source_community_member
    if row is not None and not row.is_erased:
        community_member_erase(community_member=row, user=user)
    audit_log(actor=user, action="registry.member.erase", obj=member)
    return member


ERASED_TEXT = "ลบข้อมูลแล้ว"


def _scrub_import_rows(*, district: District, name_key: str, phone_key: str, pk: int | None = None) -> int:
    """Blank the person's rows kept in uploads of the district (previews, rows not imported).

    A waiting preview also drops its copy of the file (it holds the person too) and names the
    person no more where another row was compared with them.
    """
    scrubbed = 0
    for batch in CommunityImport.objects.filter(district=district).exclude(rows=[], rejected=[]):
        changed = False
        for field in ("rows", "rejected"):
            for row in getattr(batch, field):
                row_name, row_phone = importing.row_keys(row["data"])
                if (name_key and row_name == name_key) or (phone_key and row_phone == phone_key):
                    row["data"] = {
                        **{k: "" for k in row["data"]},
                        "kind": row["data"].get("kind", MemberKind.PERSON),
                    }
                    row["raw"] = [ERASED_TEXT if value else "" for value in row["raw"]]
                    row["status"], row["problems"], row["errors"] = (
                        importing.REJECTED,
                        [ERASED_TEXT],
                        [ERASED_TEXT],
                    )
                    row["match"], row["changes"] = None, []
                    changed = True
                    scrubbed += 1
                elif pk is not None and (row.get("match") or {}).get("pk") == pk:
                    row["match"]["name"] = ERASED_TEXT
                    row["problems"], row["changes"] = [ERASED_TEXT], []
                    changed = True
        if changed:
            batch.source_file = None
            batch.save(update_fields=["rows", "rejected", "source_file"])
    return scrubbed


@transaction.atomic
def community_member_erase(*, community_member: CommunityMember, user) -> CommunityMember:
    _scrub_import_rows(
        district=community_member.district,
        name_key=community_member.name_key,
        phone_key=community_member.phone_key,
        pk=community_member.pk,
    )
    blank = {
        name: ""
        for name in (*NAME_FIELDS, *CommunityMember.PERSONAL_FIELDS, "subdistrict", "position", "occupation")
    }
    for name, value in blank.items():
        setattr(community_member, name, value)
    community_member.is_erased, community_member.erased_at = True, timezone.now()
    text.set_keys(community_member)
    community_member.save(
        update_fields=[*blank, "is_erased", "erased_at", "search_key", "sort_key", "name_key", "phone_key"]
    )
    audit_log(actor=user, action="registry.community_member.erase", obj=community_member)
    return community_member


def personal_data_download_log(*, user, group: DistrictGroup, cycle: Cycle, what: str, masked: bool) -> None:
    """Record that a user downloaded a document holding the registry's personal data."""
    audit_log(
        actor=user,
        action="registry.personal_data.download",
        obj=group,
        details={"cycle": cycle.fiscal_year, "document": what, "masked": masked},
    )


# --- sending the registry ---------------------------------------------------------------------


@transaction.atomic
def registry_submit(*, cycle: Cycle, group: DistrictGroup, user, at: datetime | None = None):
    """Send the group's registry to the department (step 1 of the calendar)."""
    cycle_check_open(cycle, error=RegistryError)
    if not Member.objects.filter(cycle=cycle, group=group, is_active=True, is_erased=False).exists():
        raise RegistryError("ทะเบียนยังไม่มีสมาชิกที่ปฏิบัติงานอยู่ กรุณาเพิ่มสมาชิกก่อนส่ง")
    try:
        progress = progress_set(
            cycle=cycle,
            group=group,
            kind=StepKind.REGISTRY,
            status=ProgressStatus.SUBMITTED,
            user=user,
            at=at,
        )
    except ProgrammeError as exc:
        raise RegistryError(str(exc)) from exc
    audit_log(actor=user, action="registry.submit", obj=group, details={"cycle": cycle.fiscal_year})
    return progress


__all__ = [
    "RegistryError",
    "community_import_parse",
    "community_import_preview",
    "community_import_confirm",
    "community_import_cancel",
    "member_create",
    "member_update",
    "members_add_from_community",
    "member_merge",
    "member_set_consent",
    "member_personal_data",
    "member_erase",
    "community_member_erase",
    "personal_data_download_log",
    "registry_submit",
    "MemberKind",
]
