from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = "การประชุมเครือข่าย"

    def ready(self):
        # Register this app's part of the demo with the core (see bangkok_network.extensions).
        from bangkok_network.extensions import demo_step_register
        from bangkok_network.models import StepKind
        from meetings import demo

        demo_step_register(kind=StepKind.MEETINGS, load=demo.load)
