"""The spot-check catalogue: industrial starting list and the 39 food 大类 with their 品种."""

from django.db import migrations


def install(apps, schema_editor):
    from qualitycity.spotchecks.catalogue import install as install_catalogue

    install_catalogue(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("spotchecks", "0001_initial"), ("registry", "0005_category_group_unregistered")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
