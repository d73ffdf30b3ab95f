"""The result categories used in practice for random inspections (the bureau edits them afterwards).

They are the result wording of 抽查检查结果 as published on 国家企业信用信息公示系统. "unreachable"
starts the abnormal-operations listing workflow (《企业经营异常名录管理暂行办法》 Art. 4(4)).
Reverse: the categories are deleted by code."""

from django.db import migrations

#: (code, name, rank, is_problem, severity, list_ground)
DEFAULT_CATEGORIES = [
    ("no_problem", "未发现问题", 0, False, "info", ""),
    ("no_activity", "未发现开展本次抽查涉及的经营活动", 5, False, "info", ""),
    ("closed", "已关闭停业或正在组织清算", 10, False, "info", ""),
    ("corrected", "发现问题已责令改正", 20, True, "minor", ""),
    ("not_disclosed", "未按规定公示应当公示的信息", 25, True, "minor", ""),
    ("follow_up", "发现问题待后续处理", 30, True, "serious", ""),
    ("transferred", "发现问题已移交/移送", 35, True, "serious", ""),
    ("obstructed", "不配合检查", 40, True, "serious", ""),
    ("unreachable", "通过登记的住所(经营场所)无法联系", 50, True, "serious", "unreachable"),
]


def install(apps, schema_editor):
    category_model = apps.get_model("inspections", "ResultCategory")
    for code, name, rank, is_problem, severity, list_ground in DEFAULT_CATEGORIES:
        category_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "rank": rank,
                "is_problem": is_problem,
                "severity": severity,
                "list_ground": list_ground,
            },
        )


def remove(apps, schema_editor):
    category_model = apps.get_model("inspections", "ResultCategory")
    category_model.objects.filter(code__in=[row[0] for row in DEFAULT_CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
