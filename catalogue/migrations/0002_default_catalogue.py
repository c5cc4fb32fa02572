"""Load the default catalogue (catalogue/default_catalogue.yaml) and publish it as version 1."""

from django.db import migrations


def load(apps, schema_editor):
    from catalogue.defaults import load_default_catalogue

    load_default_catalogue(
        CatalogueVersion=apps.get_model("catalogue", "CatalogueVersion"),
        MaturityLevel=apps.get_model("catalogue", "MaturityLevel"),
        Attribute=apps.get_model("catalogue", "Attribute"),
        LevelDescriptor=apps.get_model("catalogue", "LevelDescriptor"),
    )


def unload(apps, schema_editor):
    CatalogueVersion = apps.get_model("catalogue", "CatalogueVersion")
    CatalogueVersion.objects.filter(label="1", created_by__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
