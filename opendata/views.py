"""Public views: open to everyone, no login, and nothing on them about a person (see selectors)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.views import View
from django.views.generic import TemplateView

from bangkok_network import selectors as core_selectors
from opendata import formats
from opendata.selectors import DATASETS, open_cycle, open_cycles


class OpenIndexView(TemplateView):
    template_name = "opendata/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycles=open_cycles(), **kwargs)


class OpenCycleView(TemplateView):
    template_name = "opendata/cycle.html"

    def get_context_data(self, **kwargs):
        cycle = core_selectors.cycle_get(fiscal_year=self.kwargs["fiscal_year"])
        return super().get_context_data(
            open=open_cycle(cycle=cycle),
            cycle=cycle,
            datasets=DATASETS.values(),
            license=settings.OPEN_DATA_LICENSE,
            **kwargs,
        )


class OpenDatasetView(View):
    def get(self, request, fiscal_year: int, dataset: str, fmt: str):
        if dataset not in DATASETS or fmt not in formats.MEDIA_TYPES:
            raise Http404("ไม่มีชุดข้อมูลนี้")
        cycle = core_selectors.cycle_get(fiscal_year=fiscal_year)
        spec, rows = DATASETS[dataset], open_cycle(cycle=cycle).rows[dataset]
        if fmt == "csv":
            body = formats.dataset_csv(spec, rows)
        else:
            body = formats.dataset_json(spec, rows, cycle=cycle)
        response = HttpResponse(body, content_type=f"{formats.MEDIA_TYPES[fmt]}; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{dataset}-{fiscal_year}.{fmt}"'
        response["Access-Control-Allow-Origin"] = "*"  # open data: any portal may fetch it
        return response


class CatalogView(View):
    """The DCAT-US catalogue at a stable address, for CKAN harvesters."""

    def get(self, request):
        document = formats.catalog(cycles=open_cycles(), request=request)
        response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Access-Control-Allow-Origin"] = "*"
        return response


__all__ = ["CatalogView", "OpenCycleView", "OpenDatasetView", "OpenIndexView"]
