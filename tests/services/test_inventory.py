"""The GC Service Inventory importer: both layouts, missing values, idempotence, bad files."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from organizations.models import Organization
from services import inventory
from services.models import (
    InventoryCode,
    Service,
    ServiceStandard,
    ServiceYear,
    StandardPerformance,
)

DATA = Path(__file__).parent / "data"
REAL = Path(settings.BASE_DIR).parent / "shared" / "data" / "gc-service-inventory"


def _files(*names):
    return [(name, (DATA / name).read_bytes()) for name in names]


def _import(*names):
    return inventory.apply(inventory.read_files(_files(*names)))


@pytest.mark.skipif(not REAL.exists(), reason="the open data folder is not beside the project")
def test_the_real_inventory_imports_with_the_expected_counts_and_twice_changes_nothing(db):
    # Twelve services name lists of programs longer than a program name may be (400
    # characters, up to 2,349 in French): their rows and their 13 standards are rejected,
    # where they used to be cut without a word.
    parsed = inventory.read_files([(p.name, p.read_bytes()) for p in REAL.glob("s?_2024.csv")])
    reasons = [r.reason for r in parsed.rejected]
    assert len(reasons) == 25
    assert sum("program_name_" in r and "the limit is 400" in r for r in reasons) == 12
    assert sum(r.startswith("its service ") for r in reasons) == 13
    call_command("import_service_inventory", str(REAL), skip_invalid=True, verbosity=0)
    assert Service.objects.filter(inventory_id__isnull=False).count() == 1751 - 12
    assert (
        Organization.objects.filter(services__inventory_id__isnull=False).distinct().count() == 79
    )
    assert ServiceStandard.objects.count() == 2343 - 13
    assert StandardPerformance.objects.count() == 2343 - 13
    assert ServiceYear.objects.count() == 1752 - 12  # one service reports two fiscal years
    # Program ids are kept whole (the longest imported is 71 characters; 60 were kept before).
    assert max(len(s.program_id) for s in Service.objects.all()) == 71
    counts = [
        m.objects.count()
        for m in (Organization, Service, ServiceStandard, StandardPerformance, ServiceYear)
    ]
    summary = inventory.apply(
        inventory.read_files([(p.name, p.read_bytes()) for p in REAL.glob("s?_2024.csv")]),
        skip_invalid=True,
    )
    assert summary.pop("rows_rejected") == 25
    assert set(summary.values()) == {0}
    assert counts == [
        m.objects.count()
        for m in (Organization, Service, ServiceStandard, StandardPerformance, ServiceYear)
    ]
    # Codes are mapped to labels from dd_choices.csv.
    assert (
        InventoryCode.objects.get(field="service_type", code="GNC").label_fr
        == "Subventions et contributions"
    )


def test_older_layout_names_departments_lower_case_codes_and_percentages(db):
    _import("si_2019_older_layout.csv", "ss_2019_older_layout.csv")
    relief = Organization.objects.get(name_en="Department of Example Relief")
    assert relief.name_fr == "Ministère de l'Exemple du secours"
    evacuees = Service.objects.get(inventory_id="901")
    assert evacuees.owner == relief
    assert evacuees.client_segment_codes == ["PERSON", "NGO"]  # multi-valued, kept in order
    assert evacuees.service_type_codes == ["GNC", "RES"]
    assert evacuees.service_scope_codes == ["EXTERN"]
    assert "Payments for people forced from their homes\nby wildfire." == evacuees.description_en
    pay = StandardPerformance.objects.get(standard__standard_id="S901-1")
    assert pay.standard.type == "TML" and pay.standard.channel == "ONL"
    assert pay.target == Decimal("0.8000") and pay.performance == Decimal("0.9500")
    assert pay.target_met is True
    grants = ServiceStandard.objects.get(standard_id="S902-1")
    assert grants.channel == "POST,EML"
    assert grants.performances.get().target_met is False


def test_na_and_nd_are_missing_never_zero(db):
    _import("si_2019_older_layout.csv", "ss_2019_older_layout.csv")
    line = ServiceYear.objects.get(service__inventory_id="903")
    assert line.phone_enquiries == 88000
    assert line.applications_online is None  # ND
    assert line.applications_in_person is None  # NA
    evacuees = ServiceYear.objects.get(service__inventory_id="901")
    assert evacuees.website_visits is None and evacuees.phone_enquiries is None
    assert evacuees.applications_by_mail is None  # empty cell
    calls = StandardPerformance.objects.get(standard__standard_id="S901-2")
    assert calls.volume_meeting_target is None and calls.total_volume is None
    assert calls.performance is None and calls.target_met is None
    assert calls.target == Decimal("0.9000")


def test_a_newer_fiscal_year_adds_that_year_and_updates_the_service(db):
    _import("si_2019_older_layout.csv", "ss_2019_older_layout.csv")
    summary = _import("si_2021_newer_layout.csv")
    assert summary["services_created"] == 0 and summary["organizations_created"] == 0
    service = Service.objects.get(inventory_id="901")
    assert service.name_en == "Wildfire and Flood Evacuee Support"
    assert list(service.years.values_list("fiscal_year", flat=True)) == ["2020-2021", "2019-2020"]
    # Importing the older year again does not overwrite the newer description.
    assert set(_import("si_2019_older_layout.csv").values()) == {0}
    service.refresh_from_db()
    assert service.name_en == "Wildfire and Flood Evacuee Support"


def test_importing_the_same_files_twice_changes_nothing(db):
    _import("si_2019_older_layout.csv", "ss_2019_older_layout.csv")
    assert set(_import("si_2019_older_layout.csv", "ss_2019_older_layout.csv").values()) == {0}


def _csv_with_rows(rows: int) -> bytes:
    header = (DATA / "si_2021_newer_layout.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    template = (DATA / "si_2021_newer_layout.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    lines = [header] + [template.replace(",901,", f",{1000 + i},", 1) for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def test_the_import_uses_bulk_queries_not_one_per_row(db):
    counts = []
    for rows in (5, 60):
        parsed = inventory.read_files([(f"si_{rows}.csv", _csv_with_rows(rows))])
        # Each run starts from the same empty database.
        with transaction.atomic():
            with CaptureQueriesContext(connection) as queries:
                inventory.apply(parsed)
            assert Service.objects.count() == rows
            transaction.set_rollback(True)
        counts.append(len(queries.captured_queries))
    # Twelve times the rows costs at most a few more bulk batches (SQLite limits the
    # parameters of one statement), never a query per row.
    assert counts[1] - counts[0] <= 3
    assert counts[1] < 20


def _problems(files):
    with pytest.raises(inventory.InventoryFileError) as caught:
        inventory.read_files(files)
    return caught.value.problems


def test_a_file_in_another_encoding_names_the_line(db):
    text = (DATA / "si_2019_older_layout.csv").read_text(encoding="utf-8")
    problems = _problems([("si.csv", text.encode("cp1252"))])
    # Line 2 holds the first accented letter ("évacuées").
    assert len(problems) == 1
    assert problems[0].startswith("si.csv, line 2: the file is not UTF-8 text")
    assert problems[0].endswith("Save it as UTF-8 (CSV UTF-8) and import it again.")


def test_missing_required_columns_are_named(db):
    text = (DATA / "si_2021_newer_layout.csv").read_text(encoding="utf-8-sig")
    broken = text.replace("service_name_fr,", "name_fr_typo,", 1)
    problems = _problems([("si.csv", broken.encode())])
    assert problems == [
        "si.csv, line 1: missing required column(s) for the 2024+ layout: service_name_fr"
    ]


def test_malformed_rows_import_nothing_and_every_problem_names_its_line(db):
    text = (DATA / "si_2019_older_layout.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[4] = lines[4].replace(",88000,", ",lots,")  # service 903: not a number
    lines.append("2019-20,904,Too short,Trop court")  # wrong number of fields
    lines.append(lines[3].replace("2019-20,902", "2019/20,905"))  # bad fiscal year
    problems = _problems([("si.csv", ("\n".join(lines) + "\n").encode())])
    assert "si.csv, line 5: calls_received should be a number, NA or ND, not 'lots'" in problems
    assert "si.csv, line 6: expected 37 fields, found 4" in problems
    assert "si.csv, line 7: fiscal_yr should look like 2023-2024, not '2019/20'" in problems
    assert Service.objects.count() == 0 and Organization.objects.count() == 0


def test_standards_for_unknown_services_are_rejected_with_file_and_line(db):
    parsed = inventory.read_files(_files("ss_2019_older_layout.csv"))
    assert [str(r) for r in parsed.rejected][0] == (
        "ss_2019_older_layout.csv, line 2: standard S901-1 belongs to service 901, which is "
        "neither in the services file nor already imported"
    )
    assert [r.line for r in parsed.rejected] == [2, 3, 4]
    with pytest.raises(inventory.RejectedRows):
        inventory.apply(parsed)
    assert ServiceStandard.objects.count() == 0


def test_a_file_that_is_not_an_inventory_is_refused(db):
    problems = _problems([("notes.csv", b"a,b,c\n1,2,3\n")])
    assert problems[0].startswith("notes.csv, line 1: not an inventory file")


def test_a_row_repeated_identically_counts_once(db):
    text = (DATA / "si_2021_newer_layout.csv").read_text(encoding="utf-8-sig")
    doubled = text + text.splitlines()[1] + "\n"
    parsed = inventory.read_files([("si.csv", doubled.encode())])
    assert parsed.rejected == [] and len(parsed.services) == 1


def test_the_command_reports_problems_and_fails(db, tmp_path):
    bad = tmp_path / "si_bad.csv"
    bad.write_bytes("é".encode("latin-1"))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_service_inventory", str(bad), verbosity=0)


def test_an_unknown_code_is_refused_not_guessed_unless_the_code_list_brings_it(db):
    text = (DATA / "si_2021_newer_layout.csv").read_text(encoding="utf-8-sig")
    unknown = text.replace('"GNC,RES"', '"GNC,XYZ"', 1).encode()
    rejected = inventory.read_files([("si.csv", unknown)]).rejected
    assert len(rejected) == 1
    assert str(rejected[0]).startswith(
        "si.csv, line 2: service_type holds the unknown code(s) XYZ; the code list has APIR, CER"
    )
    assert not Service.objects.exists()
    choices = "resource_name;id;code;en;fr\nservice;service_type;XYZ;New type;Nouveau type\n"
    inventory.apply(inventory.read_files([("si.csv", unknown), ("dd.csv", choices.encode())]))
    assert Service.objects.get(inventory_id="901").service_type_codes == ["GNC", "XYZ"]


def test_changed_codes_update_the_service_and_only_what_differs_is_written(db):
    _import("si_2019_older_layout.csv")
    text = (DATA / "si_2019_older_layout.csv").read_text(encoding="utf-8")
    changed = text.replace('"person, ngo"', '"ngo, ptc"', 1).encode()
    summary = inventory.apply(inventory.read_files([("si.csv", changed)]))
    assert summary["services_updated"] == 1 and summary["services_created"] == 0
    assert Service.objects.get(inventory_id="901").client_segment_codes == ["NGO", "PTC"]
    assert set(inventory.apply(inventory.read_files([("si.csv", changed)])).values()) == {0}


def test_a_file_of_countless_bad_rows_lists_the_first_two_hundred_and_a_count(db):
    text = (DATA / "si_2019_older_layout.csv").read_text(encoding="utf-8")
    header = text.splitlines()[0]
    bad = "\n".join(f"2019-20,{n},short" for n in range(5000))
    problems = _problems([("si.csv", f"{header}\n{bad}\n".encode())])
    assert len(problems) == 201
    assert problems[0] == "si.csv, line 2: expected 37 fields, found 3"
    assert problems[-1] == "… and 4800 more problem(s), not listed: fix these first"


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("Infinity", "calls_received should be a number, NA or ND, not 'Infinity'"),
        ("NaN", "calls_received should be a number, NA or ND, not 'NaN'"),
        ("1e30", "calls_received is too large to be a count: '1e30'"),
    ],
)
def test_numbers_the_database_cannot_hold_are_refused_with_their_line(db, cell, problem):
    text = (DATA / "si_2019_older_layout.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[4] = lines[4].replace(",88000,", f",{cell},")
    problems = _problems([("si.csv", ("\n".join(lines) + "\n").encode())])
    assert f"si.csv, line 5: {problem}" in problems
    assert Service.objects.count() == 0
