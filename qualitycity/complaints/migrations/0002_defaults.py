from django.db import migrations


def load(apps, schema_editor):
    from qualitycity.complaints.defaults import load as load_defaults

    load_defaults(apps.get_model)


def unload(apps, schema_editor):
    apps.get_model("complaints", "RoutingRule").objects.all().delete()
    apps.get_model("complaints", "DisclosurePolicy").objects.all().delete()
    apps.get_model("complaints", "Category").objects.filter(parent__isnull=False).delete()
    apps.get_model("complaints", "Category").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("core", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(load, unload)]
