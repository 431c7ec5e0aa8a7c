"""Seeds NAPtrack's editorial starter list of keyword families (English, French,
Spanish) from reference_data/keyword_families.csv. Administrators edit them afterwards."""

from django.db import migrations


def seed_starter_list(apps, schema_editor):
    from naptrack.library import keywords

    family_model = apps.get_model("library", "KeywordFamily")
    keyword_model = apps.get_model("library", "Keyword")
    keywords.seed(family_model, keyword_model, keywords.parse())


class Migration(migrations.Migration):
    dependencies = [("library", "0003_analysis")]

    operations = [migrations.RunPython(seed_starter_list, migrations.RunPython.noop)]
