"""Real open data as it is: rows with problems of their own are rejected, with their file,
line and reason, and the valid rows import; the newest fiscal year wins whatever the order;
one organization per department whatever name a file gives it."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from organizations.models import Organization, OrganizationAlias
from organizations.names import Directory, name_key
from services import inventory
from services.models import Service, ServiceStandard, ServiceYear, StandardPerformance

DATA = Path(__file__).parent / "data"
REAL = Path(settings.BASE_DIR).parent / "shared" / "data" / "gc-service-inventory"
SERVICES = (DATA / "si_2019_older_layout.csv").read_text(encoding="utf-8")
STANDARDS = (DATA / "ss_2019_older_layout.csv").read_text(encoding="utf-8")


def _records(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


def _write(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _messy_files() -> list[tuple[str, bytes]]:
    """Older-layout files with each kind of row problem seen in real historical files:

    - service 902 is given twice for 2019-20 as two different services (lines 3 and 5);
    - standard S901-1 is given twice for 2019-20 with different wording and results;
    - a standard belongs to service 777, which is in no file and not in the database.
    """
    header, rows = _records(SERVICES)
    other = list(rows[1])
    other[2], other[7] = "Boat Licences", "res"  # same id and year, another service
    services = _write(header, [*rows, other])
    header, rows = _records(STANDARDS)
    twin = list(rows[0])
    twin[5], twin[14] = "Pay within 10 days", "60"
    orphan = list(rows[1])
    orphan[1], orphan[4] = "777", "S777-1"
    standards = _write(header, [*rows, twin, orphan])
    return [("si_2019.csv", services), ("ss_2019.csv", standards)]


def test_each_kind_of_row_problem_is_rejected_with_its_file_line_and_conflicting_line(db):
    parsed = inventory.read_files(_messy_files())
    listed = [str(r) for r in parsed.rejected]
    assert listed == [
        "si_2019.csv, line 4: service 902 in 2019-2020 is given differently on another row for "
        "the same fiscal year (line 6); none of these rows is imported",
        "si_2019.csv, line 6: service 902 in 2019-2020 is given differently on another row for "
        "the same fiscal year (line 4); none of these rows is imported",
        "ss_2019.csv, line 2: standard S901-1 of service 901 in 2019-2020 is given differently "
        "on another row for the same fiscal year (line 5); none of these rows is imported",
        "ss_2019.csv, line 4: its service 902 is given differently on several rows for "
        "2019-2020, so which service it belongs to is not known",
        "ss_2019.csv, line 5: standard S901-1 of service 901 in 2019-2020 is given differently "
        "on another row for the same fiscal year (line 2); none of these rows is imported",
        "ss_2019.csv, line 6: standard S777-1 belongs to service 777, which is neither in the "
        "services file nor already imported",
    ]


def test_without_skipping_one_rejected_row_means_nothing_is_imported(db):
    parsed = inventory.read_files(_messy_files())
    with pytest.raises(inventory.RejectedRows) as refused:
        inventory.apply(parsed)
    assert len(refused.value.problems) == 6
    assert not Service.objects.exists() and not Organization.objects.exists()


def test_skipping_imports_exactly_the_valid_rows(db):
    summary = inventory.apply(inventory.read_files(_messy_files()), skip_invalid=True)
    assert sorted(Service.objects.values_list("inventory_id", flat=True)) == ["901", "903"]
    assert list(ServiceStandard.objects.values_list("standard_id", flat=True)) == ["S901-2"]
    assert summary["services_created"] == 2 and summary["rows_rejected"] == 6


def test_the_preview_counts_what_the_import_then_does_and_saves_nothing(db):
    parsed = inventory.read_files(_messy_files())
    preview = inventory.preview(parsed)
    assert not Service.objects.exists() and not ServiceYear.objects.exists()
    assert preview == inventory.apply(parsed, skip_invalid=True)
    assert preview["services_created"] == 2 and preview["standards_created"] == 1


def test_the_command_refuses_skips_writes_the_rejected_rows_and_previews(db, tmp_path):
    for name, content in _messy_files():
        (tmp_path / name).write_bytes(content)
    files = [str(tmp_path / "si_2019.csv"), str(tmp_path / "ss_2019.csv")]
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="6 row\\(s\\) rejected; nothing was imported"):
        call_command("import_service_inventory", *files, stdout=out, stderr=err)
    assert "rejected: si_2019.csv, line 4: service 902 in 2019-2020" in err.getvalue()
    assert not Service.objects.exists()

    out = io.StringIO()
    call_command("import_service_inventory", "--dry-run", *files, stdout=out, stderr=io.StringIO())
    assert "Would change (nothing was saved):" in out.getvalue()
    assert "services created: 2" in out.getvalue()
    assert not Service.objects.exists()

    rejected = tmp_path / "rejected.csv"
    out = io.StringIO()
    call_command(
        "import_service_inventory", "--skip-invalid", "--rejected", str(rejected), *files,
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    assert out.getvalue().strip().endswith("created, 0 updated, 6 rejected row(s).")
    assert Service.objects.count() == 2
    rows = list(csv.DictReader(rejected.open(encoding="utf-8")))
    assert [(r["file"], r["line"]) for r in rows] == [
        ("si_2019.csv", "4"), ("si_2019.csv", "6"), ("ss_2019.csv", "2"),
        ("ss_2019.csv", "4"), ("ss_2019.csv", "5"), ("ss_2019.csv", "6"),
    ]  # fmt: skip
    # The original columns, as the file gave them: the rows can be corrected and imported.
    assert rows[1]["service_name_en"] == "Boat Licences" and rows[1]["service_type"] == "res"
    assert rows[5]["service_std_id"] == "S777-1" and "service 777" in rows[5]["reason"]
    assert list(rows[0])[:2] == ["fiscal_yr", "service_id"]
    assert list(rows[0])[-3:] == ["file", "line", "reason"]


def test_problems_of_a_file_still_refuse_it_with_file_and_line(db, tmp_path):
    header, rows = _records(SERVICES)
    bad = _write(header, [*rows, ["2019-20", "904", "Too short"]])
    path = tmp_path / "si.csv"
    path.write_bytes(bad)
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem\\(s\\) found; nothing was imported"):
        call_command("import_service_inventory", "--skip-invalid", str(path), stderr=err)
    assert "si.csv, line 6: expected 37 fields, found 3" in err.getvalue()  # row 4 spans 2 lines
    assert not Service.objects.exists()


def test_reasons_are_in_the_language_of_the_person(db):
    with translation.override("fr"):
        reasons = [str(r) for r in inventory.read_files(_messy_files()).rejected]
    assert reasons[0].startswith("si_2019.csv, ligne 4 : ")
    assert "ligne 6" in reasons[0] and "given" not in reasons[0]


# ------------------------------------------------------------ newest fiscal year wins

NEWER_STANDARDS = (
    "fiscal_yr,service_id,service_name_en,service_name_fr,service_standard_id,"
    "service_standard_en,service_standard_fr,type,channel,target,volume_meeting_target,"
    "total_volume,performance,target_met,owner_org,owner_org_title\n"
    "2020-2021,901,Wildfire and Flood Evacuee Support,Soutien,S901-1,Pay within 3 days,"
    "Paiement en 3 jours,TML,ONL,0.9,90,100,0.9,Y,erd-mse,"
    "Department of Example Relief | Ministère de l'Exemple du secours\n"
)


def _database() -> dict:
    """What the import wrote, without ids or times: two orders must give the same."""
    return {
        # The short name is an identifier, like the primary key: it may come from either file.
        "organizations": sorted(Organization.objects.values_list("name_en", "name_fr")),
        "services": sorted(
            Service.objects.values_list(
                "inventory_id",
                "name_en",
                "name_fr",
                "owner__name_en",
                "inventory_fiscal_year",
                "description_en",
                "channels_inferred",
            )
        ),  # fmt: skip
        "codes": sorted(
            (s.inventory_id, field, tuple(c.code for c in s.codes_of(field)))
            for s in Service.objects.all()
            for field in ("client_segments", "channels", "service_types", "service_scope")
        ),
        "years": sorted(
            ServiceYear.objects.values_list(
                "service__inventory_id", "fiscal_year", "applications_online", "phone_enquiries"
            )
        ),
        "standards": sorted(
            ServiceStandard.objects.values_list(
                "service__inventory_id",
                "standard_id",
                "text_en",
                "text_fr",
                "type",
                "channel",
                "inventory_fiscal_year",
            )
        ),  # fmt: skip
        "results": sorted(
            StandardPerformance.objects.values_list(
                "standard__standard_id", "fiscal_year", "target", "performance", "target_met"
            )
        ),
    }


def _older():
    return [("si_2019.csv", SERVICES.encode()), ("ss_2019.csv", STANDARDS.encode())]


def _newer():
    return [
        ("si_2021.csv", (DATA / "si_2021_newer_layout.csv").read_bytes()),
        ("ss_2021.csv", NEWER_STANDARDS.encode()),
    ]


@pytest.mark.django_db(transaction=True)
def test_older_then_newer_and_newer_then_older_give_the_same_database():
    for files in (_older(), _newer()):
        inventory.apply(inventory.read_files(files))
    first = _database()
    assert ("901", "S901-1", "Pay within 3 days", "Paiement en 3 jours", "TML", "ONL",
            "2020-2021") in first["standards"]  # fmt: skip
    for model in (StandardPerformance, ServiceStandard, ServiceYear, Service, Organization):
        model.objects.all().delete()
    for files in (_newer(), _older()):
        summary = inventory.apply(inventory.read_files(files))
    assert summary["standards_updated"] == 0 and summary["services_updated"] == 0
    assert _database() == first


# ------------------------------------------------------------ one organization per department


def test_names_are_compared_without_case_accents_punctuation_or_small_words():
    assert name_key("Department of Finance") == name_key("department  finance")
    assert name_key("Ministère de l'Emploi") == name_key("ministere emploi")
    assert name_key("Finance Canada") != name_key("Department of Finance")


def test_legal_and_applied_titles_of_one_department_meet_on_one_organization(db):
    header, rows = _records(SERVICES)
    rows[0][4], rows[0][5] = "Department of Agriculture and Agri-Food", "Ministère de l'Agriculture"
    rows[1][4], rows[1][5] = "AAFC", "AAC"
    rows[2][4], rows[2][5] = "Agriculture and Agri-Food Canada", "Agriculture et Agroalimentaire"
    inventory.apply(inventory.read_files([("si.csv", _write(header, rows))]))
    assert list(Organization.objects.values_list("slug", "name_en")) == [
        ("aafc-aac", "Agriculture and Agri-Food Canada")
    ]
    assert Service.objects.filter(owner__slug="aafc-aac").count() == 3


def test_a_name_staff_recorded_leads_to_its_organization(db):
    relief = Organization.objects.create(
        slug="relief",
        name_en="Relief Canada",
        name_fr="Secours Canada",
        order_of_government="federal",
    )
    OrganizationAlias.objects.create(organization=relief, name="Department of Example Relief")
    inventory.apply(inventory.read_files(_older()))
    assert Service.objects.get(inventory_id="901").owner == relief
    assert Directory().find("department example relief") == relief


@pytest.mark.skipif(not REAL.exists(), reason="the open data folder is not beside the project")
def test_the_2024_files_then_older_files_naming_departments_by_legal_or_former_names(db):
    call_command(
        "import_service_inventory", str(REAL), skip_invalid=True, verbosity=0, stdout=io.StringIO()
    )
    before = Organization.objects.count()
    header, rows = _records(SERVICES)
    names = [
        ("Department of Employment and Social Development", "Ministère de l'Emploi et du Développement social"),
        ("Citizenship and Immigration Canada", "Citoyenneté et Immigration Canada"),
        ("Department of Finance", "Ministère des Finances"),
    ]  # fmt: skip
    # Ids the 2024 files do not use, so these services are the older files' own.
    for row, (en, fr) in zip(rows, names, strict=True):
        row[1], row[4], row[5] = "OLD" + row[1], en, fr
    header_s, standards = _records(STANDARDS)
    for row in standards:
        row[1], row[-2], row[-1] = "OLD" + row[1], *names[0]
    inventory.apply(
        inventory.read_files([("si_2019.csv", _write(header, rows)), ("ss_2019.csv", _write(header_s, standards))])
    )  # fmt: skip
    assert Organization.objects.count() == before
    owners = dict(Service.objects.filter(inventory_id__startswith="OLD").values_list(
        "inventory_id", "owner__slug"))  # fmt: skip
    assert owners == {"OLD901": "esdc-edsc", "OLD902": "cic", "OLD903": "fin"}


# ------------------------------------------------------------ cells longer than their field


def test_a_cell_longer_than_its_field_rejects_its_row_and_nothing_is_cut(db):
    """A name is never kept other than as the file gives it: a service or department name,
    a program name, a standard's id or a channel list too long for its field rejects the row
    with the column, the length and the limit. Program ids and web pages are kept whole."""
    header, rows = _records(SERVICES)
    long_name, long_program, ok = list(rows[0]), list(rows[1]), list(rows[2])
    long_name[1], long_name[2] = "951", "W" * 450
    long_program[1], long_program[13] = "952", "R" * 410
    ok[1], ok[12] = "953", "https://example.ca/fr/" + "p" * 1200  # a web page of 1,222 characters
    ok[14] = "Secours aux sinistrés"
    pages = [ok[1]]
    header_s, standards = _records(STANDARDS)
    long_id = list(standards[0])
    long_id[4] = "S901-" + "9" * 40
    parsed = inventory.read_files([
        ("si_2019.csv", _write(header, [long_name, long_program, ok])),
        ("ss_2019.csv", _write(header_s, [long_id])),
    ])  # fmt: skip
    assert [str(r) for r in parsed.rejected] == [
        "si_2019.csv, line 2: service_name_en is 450 characters long; the limit is 400",
        "si_2019.csv, line 4: program_name_en is 410 characters long; the limit is 400",
        "ss_2019.csv, line 2: service_std_id is 45 characters long; the limit is 40",
    ]
    inventory.apply(parsed, skip_invalid=True)
    assert list(Service.objects.values_list("inventory_id", flat=True)) == pages
    assert Service.objects.get().url_fr == ok[12]  # whole
    assert not ServiceStandard.objects.exists()
    with translation.override("fr"):
        parsed = inventory.read_files([("si_2019.csv", _write(header, [long_name]))])
        assert "service_name_en compte 450 caractères; la limite est de 400" in str(
            parsed.rejected[0]
        )


def test_a_code_label_longer_than_its_field_is_a_problem_of_the_code_list(db):
    text = "resource_name;id;code;en;fr\nservice;service_type;GNC;" + "G" * 201 + ";Subventions\n"
    with pytest.raises(inventory.InventoryFileError) as refused:
        inventory.read_files([("dd_choices.csv", text.encode())])
    assert refused.value.problems == [
        "dd_choices.csv, line 2: en is 201 characters long; the limit is 200"
    ]


# ------------------------------------------------------------ values a file does not give


def test_channels_are_inferred_only_when_the_file_names_none_and_say_so(db, client):
    inventory.apply(inventory.read_files(_older() + _newer()))
    named = Service.objects.get(inventory_id="902")  # the older layout's channels column
    assert named.channel_codes == ["POST"] and not named.channels_inferred
    inferred = Service.objects.get(inventory_id="901")  # 2020-2021: the newer layout
    assert inferred.channels_inferred
    assert inferred.channel_codes == ["ONL", "PERSON", "POST"]


def test_a_preview_left_undecided_is_cancelled_after_some_days_and_its_uploads_deleted(
    db, staff, settings
):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from services.models import InventoryImport
    from services.tasks import expire_import_previews

    def preview(days_ago):
        job = InventoryImport.objects.create(
            requested_by=staff, status="done", step="preview",
            finished_at=timezone.now() - timedelta(days=days_ago),
        )  # fmt: skip
        job.services_file.save("si.csv", ContentFile(SERVICES.encode()))
        return job

    old, recent = preview(8), preview(2)
    imported = InventoryImport.objects.create(
        requested_by=staff, status="done", step="import",
        finished_at=timezone.now() - timedelta(days=30),
    )  # fmt: skip
    settings.INVENTORY_PREVIEW_DAYS = 7
    assert expire_import_previews() == 1
    old.refresh_from_db(), recent.refresh_from_db(), imported.refresh_from_db()
    assert old.step == "cancelled" and not old.services_file
    assert recent.step == "preview" and recent.services_file
    assert imported.step == "import"
