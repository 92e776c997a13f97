from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from .models import Article, Author, Tag


class HomeView(ListView):
    template_name = "articles/home.html"
    context_object_name = "articles"
    paginate_by = 10

    def get_queryset(self):
        return Article.objects.published().select_related("author")


def render_article_page(request, article, *, status=200, **extra_context):
    """The one place that builds an article page, also used to show a form's errors in place."""
    context = {"article": article, **extra_context}
    return TemplateResponse(request, "articles/article_detail.html", context, status=status)


@require_safe
def article_detail(request, slug):
    article = get_object_or_404(Article.objects.published().select_related("author"), slug=slug)
    return render_article_page(request, article)


class AuthorView(ListView):
    template_name = "articles/author_detail.html"
    context_object_name = "articles"
    paginate_by = 10

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return Article.objects.published().filter(author=self.author).select_related("author")

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class TagView(ListView):
    template_name = "articles/tag_detail.html"
    context_object_name = "articles"
    paginate_by = 10

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return Article.objects.published().filter(tags=self.tag).select_related("author")

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)
