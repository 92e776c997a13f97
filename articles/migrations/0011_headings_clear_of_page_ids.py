from django.db import migrations


def render_again(apps, schema_editor):
    """Render again the stored HTML that gives an element an id the article page uses.

    The site's current renderer on purpose: stored HTML is what it makes today.
    """
    from breakingeven import pagecache
    from breakingeven.markup import PAGE_ID_PATTERN, PAGE_IDS, MarkupTooDeep, render_markdown

    Article = apps.get_model("articles", "Article")
    page_ids = "|".join([*sorted(PAGE_IDS), PAGE_ID_PATTERN.pattern])
    clashing = Article.objects.filter(body_html__regex=f'id="({page_ids})"')
    rendered = 0
    for pk, text in clashing.values_list("pk", "body_markdown"):
        try:
            html = render_markdown(text)
        except MarkupTooDeep:
            continue  # saved before such text was refused: it keeps the HTML it has
        rendered += Article.objects.filter(pk=pk).update(body_html=html)
    if rendered:
        pagecache.changed()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_markdown_kept_as_typed"),
        # [[pay]] and [[tierlist]] read the platforms' tables as they are now.
        ("platforms", "0004_platform_figures_indexes"),
    ]

    operations = [migrations.RunPython(render_again, migrations.RunPython.noop)]
