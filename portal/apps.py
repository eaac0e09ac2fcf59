from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        # Each failed admin login is written to the site's audit log (publishing.AuditEntry).
        from django.contrib.auth.signals import user_login_failed

        from portal.logins import note_failed_login

        user_login_failed.connect(note_failed_login, dispatch_uid="portal.logins.note_failed_login")


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's admin site (two-factor login) as `admin.site`, so
    every app's `admin.site.register` lands on it.

    Named in INSTALLED_APPS in place of "django.contrib.admin". `default = False`, and the admin's
    apps module imported rather than its AdminConfig, so that Django still picks PortalConfig
    for "portal".
    """

    default = False
    default_site = "portal.admin_site.PortalAdminSite"
