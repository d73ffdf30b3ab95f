"""Load the Jincheng quality plan (晋市政发〔2023〕18号) shipped as data."""

from django.db import migrations


def load(apps, schema_editor):
    from qualitycity.plan.seed import load_jincheng

    load_jincheng(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [
        ("plan", "0001_initial"),
        ("core", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
