"""Rebuild the full-text index from plans, their actions, stored pages and published
lessons (see docs/library.md)."""

from django.core.management.base import BaseCommand

from naptrack.library.services.search_index import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the plans, their actions, the pages of read "
        "documents and published lessons."
    )

    def handle(self, *args, **options):
        counts = search_index_rebuild()
        self.stdout.write(
            f"Indexed {counts['plans']} plan records, {counts['actions']} action records, "
            f"{counts['pages']} document pages and {counts['lessons']} lessons."
        )
