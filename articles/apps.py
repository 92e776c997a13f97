from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from breakingeven import pagecache

        # Cached reader pages show articles, their authors and tags: any edit refreshes them.
        pagecache.watch(self.get_model("Article"), self.get_model("Author"), self.get_model("Tag"))
