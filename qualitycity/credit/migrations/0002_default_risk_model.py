"""The default credit-risk model of domain-rules §11 (the data is `credit.risk.DEFAULT_MODEL`)."""

from django.db import migrations


def create(apps, schema_editor):
    from qualitycity.credit.risk import create_default_model

    create_default_model(apps.get_model("credit", "RiskModel"), apps.get_model("credit", "RiskIndicator"))


class Migration(migrations.Migration):
    dependencies = [("credit", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
