"""The shipped food-safety standards and their replacement chain (nqi/data/food_safety_gb.csv)."""

from django.db import migrations


def install(apps, schema_editor):
    from qualitycity.nqi.services import load_shipped_standards

    load_shipped_standards(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("nqi", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
