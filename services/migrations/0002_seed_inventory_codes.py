"""Seed the labels of the inventory codes that services use (see services/codes.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from services.codes import seed_inventory_codes

    seed_inventory_codes(apps.get_model("services", "InventoryCode"))


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
