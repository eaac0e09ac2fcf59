"""The editorial roles as groups: editor, publisher and viewer, for the registries and the figures.

Editors change drafts and submit them; publishers also approve, publish, withdraw and schedule
(publishing.workflow checks both on the server); viewers read the admin. Reference tables that
are not versioned (districts, batches, domains, plans, targets) are changed by publishers only,
since a change to them is live at once. Permissions are made here first: on a new database
Django creates them only after the last migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"

REGISTRY_MODELS = ["landmark", "landmarkdistrict", "district", "batch", "datanote", "landmarktombstone"]
FIGURES_MODELS = ["indicator", "observation", "domain", "actionplan", "target", "targetmeasure", "workstream"]

ROLES = {
    "registry viewer": {"landmarks": {model: [VIEW] for model in REGISTRY_MODELS}},
    "registry editor": {
        "landmarks": {
            **{model: [VIEW] for model in REGISTRY_MODELS},
            "landmark": [VIEW, ADD, CHANGE],
            "landmarkdistrict": [VIEW, ADD, CHANGE, DELETE],
        }
    },
    "registry publisher": {
        "landmarks": {
            **{model: [VIEW] for model in REGISTRY_MODELS},
            "landmark": [VIEW, ADD, CHANGE, "publish"],
            "landmarkdistrict": [VIEW, ADD, CHANGE, DELETE],
            "district": [VIEW, ADD, CHANGE],
            "batch": [VIEW, ADD, CHANGE],
            "datanote": [VIEW, ADD, CHANGE],
        }
    },
    "figures viewer": {"indicators": {model: [VIEW] for model in FIGURES_MODELS}},
    "figures editor": {
        "indicators": {
            **{model: [VIEW] for model in FIGURES_MODELS},
            "indicator": [VIEW, ADD, CHANGE],
            "observation": [VIEW, ADD, CHANGE, DELETE],
        }
    },
    "figures publisher": {
        "indicators": {
            **{model: [VIEW, ADD, CHANGE] for model in FIGURES_MODELS},
            "indicator": [VIEW, ADD, CHANGE, "publish"],
            "observation": [VIEW, ADD, CHANGE, DELETE],
            "target": [VIEW, ADD, CHANGE, DELETE],
            "targetmeasure": [VIEW, ADD, CHANGE, DELETE],
            "workstream": [VIEW, ADD, CHANGE, DELETE],
        }
    },
}
# Every role reads the audit log.
SHARED = {"publishing": {"auditentry": [VIEW]}}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        codenames = [
            (app_label, f"{action}_{model}")
            for app_label, models in {**grants, **SHARED}.items()
            for model, actions in models.items()
            for action in actions
        ]
        permissions = [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in codenames]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_api_key"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("landmarks", "0008_versions_and_schedule"),
        ("indicators", "0005_versions_and_schedule"),
        ("publishing", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
