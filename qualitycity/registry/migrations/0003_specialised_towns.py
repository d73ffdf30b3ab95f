"""The ten specialised towns (专业镇) of the plan's section (十八), with their counties."""

from django.db import migrations

#: code, name, county code, industry focus
TOWNS = [
    ("zezhou-casting", "泽州铸造专业镇", "140525", "铸造"),
    ("yangcheng-ceramics", "阳城陶瓷琉璃(珐华)专业镇", "140522", "陶瓷琉璃(珐华)"),
    ("gaoping-silk", "高平潞绸专业镇", "140581", "潞绸"),
    ("lingchuan-herbs", "陵川中药材文旅康养专业镇", "140524", "中药材、文旅康养"),
    ("gaoping-pigs", "高平生猪专业镇", "140581", "生猪"),
    ("zezhou-hawthorn-wine", "泽州山楂红酒专业镇", "140525", "山楂红酒"),
    ("gaoping-pears", "高平黄梨专业镇", "140581", "黄梨"),
    ("yangcheng-sericulture", "阳城蚕桑专业镇", "140522", "蚕桑"),
    ("qinshui-goats", "沁水黑山羊专业镇", "140521", "黑山羊"),
    ("qinshui-honey", "沁水蜂蜜专业镇", "140521", "蜂蜜"),
]


def add_towns(apps, schema_editor):
    Division = apps.get_model("core", "Division")
    SpecialisedTown = apps.get_model("registry", "SpecialisedTown")
    counties = {d.code: d for d in Division.objects.filter(code__in={t[2] for t in TOWNS})}
    for code, name, county_code, focus in TOWNS:
        county = counties.get(county_code)
        if county is None:  # a deployment for another city has no Jincheng counties
            continue
        SpecialisedTown.objects.update_or_create(
            code=code, defaults={"name": name, "county": county, "industry_focus": focus}
        )


def remove_towns(apps, schema_editor):
    SpecialisedTown = apps.get_model("registry", "SpecialisedTown")
    SpecialisedTown.objects.filter(code__in=[t[0] for t in TOWNS], entities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_reference_data"),
        ("registry", "0002_entity_contact_phone_entity_former_names_and_more"),
    ]

    operations = [migrations.RunPython(add_towns, remove_towns)]
