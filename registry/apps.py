from django.apps import AppConfig
from django.core.signals import request_started


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = "ทะเบียนบัญชีประชาสังคม"

    def ready(self):
        # Register this app's demo, its step page and what the review page shows of its step with
        # the core (see bangkok_network.extensions).
        from bangkok_network.extensions import demo_step_register, review_summary_register, step_page_register
        from bangkok_network.models import StepKind
        from registry import demo, selectors, text

        demo_step_register(kind=StepKind.REGISTRY, load=demo.load)
        step_page_register(kind=StepKind.REGISTRY, url_name="registry:member_list")
        review_summary_register(kind=StepKind.REGISTRY, summarise=selectors.registry_review_summary)
        from bangkok_network.extensions import district_records_register
        from registry.selectors import districts_with_members

        district_records_register(key="registry.members", districts=districts_with_members)
        # A serving process loads pythainlp's word list (about two seconds) beside its first
        # request, not inside someone's first search; commands that serve nothing never load it.
        request_started.connect(text.warm_up_once, dispatch_uid="registry.text.warm_up_once")
