"""The public files: CSV and JSON of one dataset, and the DCAT-US catalogue (``/data.json``).

The catalogue follows the Project Open Data metadata schema v1.1 (DCAT-US), which CKAN's
``ckanext-dcat`` and data.go.th's harvesters read: one dataset per fiscal year, a distribution per
file, a ``license`` URL and the publishing department (an office, never a person) as contact.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.conf import settings
from django.urls import reverse

from bangkok_network.excel import csv_text
from bangkok_network.models import Cycle
from opendata.selectors import DATASETS, Dataset

MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}
SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"


def dataset_csv(dataset: Dataset, rows: list[dict[str, Any]]) -> bytes:
    """Write UTF-8 CSV with a byte-order mark so Excel opens the Thai text correctly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=dataset.fields, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_text(row[key]) for key in dataset.fields})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def dataset_json(dataset: Dataset, rows: list[dict[str, Any]], *, cycle: Cycle) -> bytes:
    document = {
        "title": dataset.title,
        "description": dataset.description,
        "publisher": cycle.department,
        "fiscal_year": cycle.fiscal_year,
        "license": settings.OPEN_DATA_LICENSE,
        "fields": list(dataset.fields),
        "rows": [{key: row[key] for key in dataset.fields} for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def catalog(*, cycles: list[Cycle], request) -> dict[str, Any]:
    """Return the DCAT-US catalogue of every cycle's open data."""
    datasets = []
    for cycle in cycles:
        year = cycle.fiscal_year
        landing = _absolute(request, reverse("opendata:cycle", kwargs={"fiscal_year": year}))
        datasets.append(
            {
                "@type": "dcat:Dataset",
                "identifier": landing,
                "title": f"เครือข่ายประชาสังคมกลุ่มการปฏิบัติงานของสำนักงานเขต ปีงบประมาณ พ.ศ. {year}",
                "description": "ข้อมูลสรุปรายกลุ่มเขตและรายเขต ประเด็นร่วมของกลุ่มเขต และโครงการพร้อมงบประมาณ"
                "และความคืบหน้า ไม่มีข้อมูลส่วนบุคคล",
                "keyword": ["เครือข่ายประชาสังคม", "กรุงเทพมหานคร", "กลุ่มเขต", "โครงการ", "งบประมาณ"],
                "modified": f"{year - 543}-09-30",
                "publisher": {"@type": "org:Organization", "name": cycle.department},
                "contactPoint": {
                    "@type": "vcard:Contact",
                    "fn": cycle.department,
                    "hasEmail": f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}",
                },
                "accessLevel": "public",
                "license": settings.OPEN_DATA_LICENSE,
                "language": ["th"],
                "spatial": "กรุงเทพมหานคร",
                "temporal": f"{year - 544}-10-01/{year - 543}-09-30",
                "landingPage": landing,
                "distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "title": f"{dataset.title} ({fmt.upper()})",
                        "description": dataset.description,
                        "downloadURL": _absolute(
                            request,
                            reverse(
                                "opendata:dataset",
                                kwargs={"fiscal_year": year, "dataset": dataset.key, "fmt": fmt},
                            ),
                        ),
                        "mediaType": MEDIA_TYPES[fmt],
                        "format": fmt.upper(),
                    }
                    for dataset in DATASETS.values()
                    for fmt in MEDIA_TYPES
                ],
            }
        )
    return {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@id": _absolute(request, reverse("opendata_catalog")),
        "@type": "dcat:Catalog",
        "conformsTo": SCHEMA,
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": datasets,
    }
