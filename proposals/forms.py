"""Forms of the proposals app; services do the checks that matter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.models import Area, Organisation

from .models import Category, Proposal


class ProposalForm(forms.Form):
    """A citizen's idea or problem report (works without JavaScript)."""

    organisation = forms.ModelChoiceField(
        label=_("To which agency?"), queryset=Organisation.objects.all()
    )
    kind = forms.ChoiceField(
        label=_("What do you want to send?"),
        choices=Proposal.Kind.choices,
        widget=forms.RadioSelect,
        initial=Proposal.Kind.IDEA,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("A short sentence, e.g. “Street light broken in Soi 5”."),
    )
    body = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("What is it, where exactly, and since when?"),
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.all(), required=False
    )
    photo = forms.ImageField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP up to 10 MB. Its hidden data is removed."),
    )
    share_location = forms.BooleanField(
        label=_("Show where the photo was taken on the report"),
        required=False,
        help_text=_("Only if your phone saved the place in the photo."),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
        choices = self.fields["organisation"].queryset
        if choices.count() == 1:
            self.fields["organisation"].initial = choices.first()
            self.fields["organisation"].widget = forms.HiddenInput()
        self.fields["category"].queryset = Category.objects.filter(
            organisation__in=choices
        )


class OfflineProposalForm(ProposalForm):
    """An official registers a submission received on paper, by phone or in person."""

    channel = forms.ChoiceField(
        label=_("Received"),
        choices=[
            choice
            for choice in Proposal.Channel.choices
            if choice[0] != Proposal.Channel.ONLINE
        ],
    )
    submitter_name = forms.CharField(
        label=_("Name of the person"),
        max_length=200,
        help_text=_("Kept private: never shown on the site."),
    )
    submitter_contact = forms.CharField(
        label=_("Phone or address of the person"),
        max_length=200,
        required=False,
        help_text=_("Kept private: used only to answer them."),
    )


class StatusChangeForm(forms.Form):
    """An official's status change with the public answer."""

    to_status = forms.ChoiceField(label=_("New status"))
    answer = forms.CharField(
        label=_("Official answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=_("Shown to everyone on the submission's timeline."),
    )

    def __init__(self, *args, allowed: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Proposal.Status.choices)
        self.fields["to_status"].choices = [(s, labels[s]) for s in allowed]
