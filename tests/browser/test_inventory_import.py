"""ICCS staff import messy historical inventory files in the browser: the preview lists the
rejected rows, the rejected rows download as a CSV, and the valid rows import."""

import csv
import io

import pytest

from services.models import Service, ServiceStandard
from tests.services.test_inventory import DATA

from .conftest import screenshot, wait_for_components


def _messy(tmp_path):
    """Service 903 is given twice for 2019-20 as two different services; a standard belongs to
    service 777, which is in no file."""
    services = (DATA / "si_2019_older_layout.csv").read_text(encoding="utf-8")
    last = services.splitlines()[-1]
    services += last.replace("Seniors' Information Line", "Youth Information Line") + "\n"
    standards = (DATA / "ss_2019_older_layout.csv").read_text(encoding="utf-8")
    orphan = (
        standards.splitlines()[-1]
        .replace("2019-20,902,", "2019-20,777,")
        .replace("S902-1", "S777-1")
    )
    standards += orphan + "\n"
    (tmp_path / "si_2019.csv").write_text(services, encoding="utf-8")
    (tmp_path / "ss_2019.csv").write_text(standards, encoding="utf-8")
    return tmp_path / "si_2019.csv", tmp_path / "ss_2019.csv"


@pytest.mark.django_db(transaction=True)
def test_staff_preview_messy_files_download_the_rejected_rows_and_import_the_valid_ones(
    page, sign_in, staff, tmp_path
):
    services, standards = _messy(tmp_path)
    sign_in(staff)
    page.goto("/en/staff/inventory/")
    wait_for_components(page)
    page.get_by_label("Service inventory (CSV)").set_input_files(str(services))
    page.get_by_label("Service standards (CSV)").set_input_files(str(standards))
    page.locator("gcds-button[type=submit]").click()
    page.get_by_role("heading", name="Review before importing").wait_for()
    wait_for_components(page)
    body = page.locator("main").inner_text()
    assert "3 rows have a problem and would be left out" in body
    assert "Service 903 in 2019-2020 is given differently on another row" in body
    assert "Standard S777-1 belongs to service 777" in body
    assert not Service.objects.exists()  # nothing saved by the preview
    screenshot(page, "inventory-preview")

    with page.expect_download() as caught:
        page.get_by_role("link", name="Download the rejected rows (CSV)").click()
    text = open(caught.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["file"], r["line"]) for r in rows] == [
        ("si_2019.csv", "5"),
        ("si_2019.csv", "6"),
        ("ss_2019.csv", "5"),
    ]
    assert rows[1]["service_name_en"] == "Youth Information Line"

    page.get_by_role("button", name="Import the valid rows").click()
    page.get_by_role("heading", name="The files were imported").wait_for()
    assert "3 rejected rows were left out" in page.locator("main").inner_text()
    assert sorted(Service.objects.values_list("inventory_id", flat=True)) == ["901", "902"]
    assert sorted(ServiceStandard.objects.values_list("standard_id", flat=True)) == [
        "S901-1",
        "S901-2",
        "S902-1",
    ]
    screenshot(page, "inventory-imported")
