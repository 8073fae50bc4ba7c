"""``manage.py import_pabulib PATH [--slug SLUG]``: a .pb file into a closed budget."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from voting.imports import budget_import_pabulib, default_slug, text_progress
from voting.pabulib import PabulibError


class Command(BaseCommand):
    help = "Import a Pabulib .pb election as a closed budget; prints its slug."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--slug", help="Slug of the new budget (default: from the file name)."
        )

    def handle(self, *args, path, slug=None, **options):
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text.") from error
        slug = slug or default_slug(file.name)
        try:
            budget, notices = budget_import_pabulib(
                text=text,
                slug=slug,
                file_name=file.name,
                progress=text_progress(self.stderr),
            )
        except PabulibError as error:
            where = f"{path}, line {error.line_number}" if error.line_number else path
            raise CommandError(f"{where}: {error.message}") from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        for notice in notices:
            self.stderr.write(f"Notice: {notice}")
        self.stdout.write(budget.slug)
