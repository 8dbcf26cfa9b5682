"""The themes' panel on the department dashboard."""

from __future__ import annotations

from bangkok_network.extensions import DashboardPanel
from bangkok_network.models import Cycle
from themes.selectors import themes_for_cycle

PANEL_THEMES = 6


def dashboard_panel(*, cycle: Cycle, user) -> DashboardPanel:
    themes = themes_for_cycle(cycle=cycle)
    return DashboardPanel(
        template="themes/partials/dashboard_panel.html",
        context={"themes": themes[:PANEL_THEMES], "theme_total": len(themes), "cycle": cycle},
    )
