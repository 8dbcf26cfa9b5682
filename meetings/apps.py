from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = "การประชุมเครือข่าย"

    def ready(self):
        # Register this app's part of the demo and what the review page shows of its step with the
        # core (see bangkok_network.extensions).
        from bangkok_network.extensions import demo_step_register, review_summary_register
        from bangkok_network.models import StepKind
        from meetings import demo, selectors

        demo_step_register(kind=StepKind.MEETINGS, load=demo.load)
        review_summary_register(kind=StepKind.MEETINGS, summarise=selectors.meetings_review_summary)
        from bangkok_network.extensions import district_records_register
        from meetings.selectors import districts_with_key_issues

        district_records_register(key="meetings.key_issues", districts=districts_with_key_issues)
