from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "รายงานและเอกสาร"

    def ready(self):
        # Register this app's demo, its step page and its review page with the core
        # (see bangkok_network.extensions).
        # Imported here: apps.py is read before the models are ready, and the demo needs them.
        from bangkok_network.extensions import demo_step_register, review_page_register, step_page_register
        from bangkok_network.models import StepKind
        from reports import demo

        demo_step_register(kind=StepKind.PACKAGE, load=demo.load_package)
        demo_step_register(kind=StepKind.EVALUATION, load=demo.load_evaluation)
        step_page_register(kind=StepKind.PACKAGE, url_name="reports:package")
        # The package is reviewed beside its checklist (a missing part is accepted only as an
        # exception, with its reason), never on the generic step review.
        review_page_register(kind=StepKind.PACKAGE, url_name="reports:package_review")
