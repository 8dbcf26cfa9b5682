from django.apps import AppConfig


class ProjectsP1Config(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projects_p1"
    verbose_name = "แบบ P1"

    def ready(self):
        # Register this app's part of the demo with the core (see bangkok_network.demo).
        from bangkok_network.demo import demo_step_register
        from bangkok_network.models import StepKind
        from projects_p1 import demo

        demo_step_register(kind=StepKind.P1, load=demo.load)
