from django.apps import AppConfig


class ProgressConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "progress"
    verbose_name = "รายงานผลการดำเนินงานโครงการ"

    def ready(self):
        # Register this app's demo, its step page and what the review page shows of its step with
        # the core (see bangkok_network.extensions).
        from bangkok_network.extensions import demo_step_register, review_summary_register, step_page_register
        from bangkok_network.models import StepKind
        from progress import demo, selectors

        demo_step_register(kind=StepKind.PROJECTS, load=demo.load)
        step_page_register(kind=StepKind.PROJECTS, url_name="progress:report_list")
        review_summary_register(kind=StepKind.PROJECTS, summarise=selectors.projects_review_summary)
