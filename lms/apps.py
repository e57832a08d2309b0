from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Jiangxin platform")

    def ready(self):
        post_migrate.connect(
            grant_role_permissions,
            sender=self,
            dispatch_uid="lms.grant_role_permissions",
        )


def grant_role_permissions(sender, using="default", **kwargs):
    """After every migrate (and every test-database flush), give each role group exactly
    the permissions of `lms.grants.ROLE_PERMISSIONS`.

    ``post_migrate`` reaches this app first, before Django has created the permissions
    of the apps listed after it, so they are created here first (the same idempotent
    call Django makes for each app)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from lms.grants import apply_role_grants

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    apply_role_grants(using=using)
