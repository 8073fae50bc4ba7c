from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "proposals"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from participation.comments.signals import comment_created

        from .services import comment_counted

        comment_created.connect(comment_counted, sender=None, dispatch_uid="proposals")
