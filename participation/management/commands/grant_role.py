"""``manage.py grant_role EMAIL ROLE [--organisation SLUG]``: e.g. the first admin."""

from django.core.management.base import BaseCommand, CommandError

from participation.models import Organisation, RoleGrant, User
from participation.services import role_grant


class Command(BaseCommand):
    help = "Grant a role (official, moderator, admin) to the person with EMAIL."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=RoleGrant.Role.values)
        parser.add_argument(
            "--organisation", help="Organisation slug (required for officials)."
        )

    def handle(self, *args, email, role, organisation=None, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(
                f"No account has the e-mail address {email!r}; sign up first."
            )
        org = None
        if organisation:
            org = Organisation.objects.filter(slug=organisation).first()
            if org is None:
                raise CommandError(f"No organisation has the slug {organisation!r}.")
        try:
            role_grant(user=user, role=role, organisation=org)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{email} is now {role}" + (f" of {org.slug}" if org else "") + "."
        )
