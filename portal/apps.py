from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's admin site (two-factor login) as `admin.site`, so
    every app's `admin.site.register` lands on it.

    Named in INSTALLED_APPS in place of "django.contrib.admin". `default = False`, and the admin's
    apps module imported rather than its AdminConfig, so that Django still picks PortalConfig
    for "portal".
    """

    default = False
    default_site = "portal.admin_site.PortalAdminSite"
