"""Print the API's OpenAPI document; `make openapi` commits it as docs/openapi.json."""

import json

from django.core.management.base import BaseCommand


def openapi_document() -> str:
    """The document as committed: sorted keys, indent 2, one trailing newline, so that a
    diff of docs/openapi.json shows exactly what changed in the API."""
    from config.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"


class Command(BaseCommand):
    help = "Print the OpenAPI document of /api/v1/ (sorted keys, indent 2)."

    def handle(self, *args, **options):
        self.stdout.write(openapi_document(), ending="")
