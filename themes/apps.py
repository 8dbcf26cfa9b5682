from django.apps import AppConfig


class ThemesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "themes"
    verbose_name = "ประเด็นร่วมของกลุ่มเขต"

    def ready(self):
        # The department dashboard shows the shared themes (see bangkok_network.extensions).
        from bangkok_network.extensions import dashboard_panel_register
        from themes.panels import dashboard_panel

        dashboard_panel_register(key="themes", panel=dashboard_panel)
