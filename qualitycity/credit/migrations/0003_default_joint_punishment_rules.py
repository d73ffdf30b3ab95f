"""Install the shipped joint-punishment rules (the bureau edits them afterwards)."""

from django.db import migrations


def install(apps, schema_editor):
    from qualitycity.credit.punishment import DEFAULT_RULES

    rule_model = apps.get_model("credit", "JointPunishmentRule")
    department_model = apps.get_model("core", "Department")
    for spec in DEFAULT_RULES:
        rule, created = rule_model.objects.get_or_create(
            name=spec["name"],
            defaults={
                "condition": str(spec["condition"]),
                "params": spec["params"],
                "restricted_actions": [str(a) for a in spec["restricted_actions"]],
                "legal_basis": spec["legal_basis"],
            },
        )
        if created:
            rule.notify_departments.set(department_model.objects.filter(code__in=spec["notify"]))


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0002_default_risk_model"),
        ("core", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
