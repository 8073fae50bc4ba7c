"""Forms of comments: the HTML side of the comment services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participation.models import Comment

from .services import MAX_BODY_LENGTH


class CommentForm(forms.Form):
    """A new comment, or a reply (without a stance), or an edit (``body`` only)."""

    body = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Links are allowed. Please be respectful: moderators hide abuse, "
            "personal data and advertising."
        ),
    )
    stance = forms.ChoiceField(
        label=_("Your stance"),
        choices=[("", pgettext_lazy("stance", "No stance"))] + Comment.Stance.choices,
        required=False,
        widget=forms.RadioSelect,
    )
