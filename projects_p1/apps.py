from django.apps import AppConfig


class ProjectsP1Config(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projects_p1"
    verbose_name = "แบบ P1"
