from django.contrib.admin.apps import AdminConfig


class EssorAdminConfig(AdminConfig):
    """Django's admin app with Essor's site (login throttling, see admin_site.py)."""

    default_site = "essor.accounts.admin_site.EssorAdminSite"
