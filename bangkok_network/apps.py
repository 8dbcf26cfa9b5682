from django.apps import AppConfig


class BangkokNetworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bangkok_network"
    verbose_name = "โครงการเครือข่ายประชาสังคม"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from simple_history.signals import pre_create_historical_record

        from bangkok_network.clock import stamp_history
        from bangkok_network.middleware import remember_login_time

        # History records are dated by the portal's clock, like auto_now fields (see clock.py).
        pre_create_historical_record.connect(stamp_history, dispatch_uid="portal_clock_history")
        # A session's absolute limit counts from the login (see middleware.py).
        user_logged_in.connect(remember_login_time, dispatch_uid="bangkok_network.remember_login_time")
