"""Rebuild the full-text index from plans, their actions and stored pages (see
docs/library.md)."""

from django.core.management.base import BaseCommand

from naptrack.library.services.search_index import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from the plans, their actions and the pages of read documents."

    def handle(self, *args, **options):
        counts = search_index_rebuild()
        self.stdout.write(
            f"Indexed {counts['plans']} plan records, {counts['actions']} action records "
            f"and {counts['pages']} document pages."
        )
