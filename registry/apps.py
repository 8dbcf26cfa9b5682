from django.apps import AppConfig


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = "ทะเบียนบัญชีประชาสังคม"

    def ready(self):
        # Register this app's part of the demo with the core (see bangkok_network.demo).
        from bangkok_network.demo import demo_step_register
        from bangkok_network.models import StepKind
        from registry import demo

        demo_step_register(kind=StepKind.REGISTRY, load=demo.load)
