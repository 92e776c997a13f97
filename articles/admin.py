from django.contrib import admin

from .models import Article, Author, Tag


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "author"]
    list_filter = ["status", "author", "tags"]
    search_fields = ["title", "dek", "body_markdown"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["author", "tags"]
    date_hierarchy = "published_at"
