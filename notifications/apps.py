from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = "การแจ้งเตือน"

    def ready(self):
        # Steps moved by any app reach the inbox through the core's signal (bangkok_network.signals);
        # imported here: apps.py is read before the models are ready.
        from bangkok_network.extensions import demo_epilogue_register
        from bangkok_network.models import StepProgress
        from bangkok_network.signals import progress_changed
        from notifications import demo, services

        progress_changed.connect(
            services.on_progress_changed, sender=StepProgress, dispatch_uid="notifications.progress_changed"
        )
        demo_epilogue_register(label="การแจ้งเตือน", load=demo.load)
