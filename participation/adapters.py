"""django-allauth hooks: e-mail verification raises the verification level."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    """Keeps our verification level in step with allauth's verified e-mail."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", "")
        user.preferred_language = translation.get_language() or "th"
        if commit:
            user.save()
        return user

    def confirm_email(self, request, email_address):
        confirmed = super().confirm_email(request, email_address)
        user = email_address.user
        if user.verification_level < User.Verification.EMAIL:
            user.verification_level = User.Verification.EMAIL
            user.save(update_fields=["verification_level"])
        return confirmed
