from django.apps import AppConfig


class ProjectsP1Config(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projects_p1"
    verbose_name = "แบบ P1"

    def ready(self):
        # Register this app's part of the demo, its own review page and its step page with the core
        # (see bangkok_network.extensions).
        from bangkok_network.extensions import demo_step_register, review_page_register, step_page_register
        from bangkok_network.models import StepKind
        from projects_p1 import demo

        demo_step_register(kind=StepKind.P1, load=demo.load)
        review_page_register(kind=StepKind.P1, url_name="projects_p1:form_detail")
        step_page_register(kind=StepKind.P1, url_name="projects_p1:form_detail")
