"""Seed the labels of the inventory codes that services use (see organizations/codes.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from organizations.codes import seed_inventory_codes

    seed_inventory_codes(apps.get_model("organizations", "InventoryCode"))


class Migration(migrations.Migration):
    dependencies = [("organizations", "0002_services")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
