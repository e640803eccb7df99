from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = _("Policy framework")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import content_version, page_cache  # noqa: F401  (page_cache: its receiver)

        post_migrate.connect(content_version.install_triggers, sender=self)
