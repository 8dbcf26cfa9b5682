from django.apps import AppConfig


class BangkokNetworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bangkok_network"
    verbose_name = "โครงการเครือข่ายประชาสังคม"
