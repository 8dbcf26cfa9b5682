from django.apps import AppConfig


class ProgressConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "progress"
    verbose_name = "รายงานผลการดำเนินงานโครงการ"

    def ready(self):
        # Register this app's part of the demo with the core (see bangkok_network.extensions).
        from bangkok_network.extensions import demo_step_register
        from bangkok_network.models import StepKind
        from progress import demo

        demo_step_register(kind=StepKind.PROJECTS, load=demo.load)
