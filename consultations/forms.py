"""Forms of consultations; the services do the checks that matter."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation.forms import CalendarDateTimeField
from participation.sanitize import visible_text

from .models import HearingSession, Question, RoomQuestion, is_short_period


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if value and hasattr(value, "strftime"):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


def _text(label, required=False, rows=4, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class ConsultationForm(forms.Form):
    """An official's consultation: texts in Thai and English, dates, document."""

    organisation = forms.ModelChoiceField(label=_("Organiser"), queryset=None)
    slug = forms.SlugField(
        label=_("Short name for the address"),
        max_length=80,
        help_text=_("Latin letters, digits and hyphens, e.g. market-bylaw-2570."),
    )
    title_th = forms.CharField(label=_("Title (Thai)"), max_length=250)
    title_en = forms.CharField(
        label=_("Title (English)"), max_length=250, required=False
    )
    summary_th = _text(_("Plain-language summary (Thai)"), required=True)
    summary_en = _text(_("Plain-language summary (English)"))
    rationale_th = _text(_("Why it is needed (Thai)"))
    rationale_en = _text(_("Why it is needed (English)"))
    affected_th = _text(_("Who is affected (Thai)"), rows=3)
    affected_en = _text(_("Who is affected (English)"), rows=3)
    opens_at = CalendarDateTimeField(label=_("Opens"), widget=DateTimeInput())
    closes_at = CalendarDateTimeField(
        label=_("Closes"),
        widget=DateTimeInput(),
        help_text=_("The law asks for at least 15 days."),
    )
    draft_file = forms.FileField(
        label=_("Draft document (.pdf or .docx, optional)"),
        required=False,
        help_text=_("People can download it; enter the sections as text too."),
    )

    def __init__(self, *args, organisations, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if editing:
            del self.fields["organisation"]
            del self.fields["slug"]
        elif organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
            self.fields["organisation"].widget = forms.HiddenInput()

    def clean_draft_file(self):
        upload = self.cleaned_data.get("draft_file")
        if upload and not upload.name.lower().endswith((".pdf", ".docx")):
            raise forms.ValidationError(_("Attach a .pdf or .docx file."))
        if upload and upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload

    @property
    def short_period(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return is_short_period(data.get("opens_at"), data.get("closes_at"))


class SectionForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1)
    heading_th = forms.CharField(
        label=_("Heading (Thai)"), max_length=250, required=False
    )
    heading_en = forms.CharField(
        label=_("Heading (English)"), max_length=250, required=False
    )
    body_th = _text(_("Text (Thai)"), required=True, rows=8)
    body_en = _text(_("Text (English)"), rows=8)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=Question.Kind.choices)
    text_th = forms.CharField(label=_("Question (Thai)"), max_length=500)
    text_en = forms.CharField(
        label=_("Question (English)"), max_length=500, required=False
    )
    choices_th = _text(
        _("Choices (Thai), one a line"),
        rows=4,
        help_text=_("For single and multiple choice questions."),
    )
    choices_en = _text(_("Choices (English), one a line"), rows=4)
    required = forms.BooleanField(label=_("An answer is required"), required=False)


class ResponseForm(forms.Form):
    """The questionnaire: one field per question, built from the questions."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"q{question.pk}"
            label = question.tr("text")
            required = question.required
            if question.kind == Question.Kind.SINGLE:
                field = forms.ChoiceField(
                    label=label,
                    required=required,
                    widget=forms.RadioSelect,
                    choices=list(enumerate(question.choice_labels())),
                )
            elif question.kind == Question.Kind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    label=label,
                    required=required,
                    widget=forms.CheckboxSelectMultiple,
                    choices=list(enumerate(question.choice_labels())),
                )
            elif question.kind == Question.Kind.SCALE:
                field = forms.ChoiceField(
                    label=label,
                    required=required,
                    widget=forms.RadioSelect,
                    choices=[(i, str(i)) for i in range(1, 6)],
                    help_text=_("1 = strongly disagree, 5 = strongly agree"),
                )
            else:
                field = forms.CharField(
                    label=label,
                    required=required,
                    max_length=5000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
            self.fields[name] = field

    def answers(self) -> dict:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class SessionForm(forms.Form):
    title_th = forms.CharField(label=_("Title (Thai)"), max_length=250)
    title_en = forms.CharField(
        label=_("Title (English)"), max_length=250, required=False
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=HearingSession.Mode.choices)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )
    starts_at = CalendarDateTimeField(label=_("Starts"), widget=DateTimeInput())
    ends_at = CalendarDateTimeField(label=_("Ends"), widget=DateTimeInput())
    registration_required = forms.BooleanField(
        label=_("People register in advance"), required=False
    )
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, required=False)


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Room code"),
        max_length=8,
        help_text=_("The six letters and digits shown on the screen in the room."),
    )
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=80,
        required=False,
        help_text=_("Shown beside your questions. Leave empty to ask anonymously."),
    )


class AskForm(forms.Form):
    body = forms.CharField(
        label=_("Your question"),
        max_length=RoomQuestion._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PollForm(forms.Form):
    question_th = forms.CharField(label=_("Poll question (Thai)"), max_length=300)
    question_en = forms.CharField(
        label=_("Poll question (English)"), max_length=300, required=False
    )
    options_th = _text(_("Options (Thai), one a line"), required=True, rows=4)
    options_en = _text(_("Options (English), one a line"), rows=4)


class ReportForm(forms.Form):
    summary_th = _text(_("Overview (Thai)"), required=True, rows=6)
    summary_en = _text(_("Overview (English)"), rows=6)


class IssueForm(forms.Form):
    title_th = forms.CharField(label=_("Issue raised (Thai)"), max_length=300)
    title_en = forms.CharField(
        label=_("Issue raised (English)"), max_length=300, required=False
    )
    views_th = _text(_("Summary of views (Thai)"), required=True)
    views_en = _text(_("Summary of views (English)"))
    answer_th = _text(_("The agency's answer (Thai)"), required=True)
    answer_en = _text(_("The agency's answer (English)"))
    draft_changed = forms.BooleanField(label=_("The draft was changed"), required=False)
    change_th = _text(_("How the draft changed (Thai)"))
    change_en = _text(_("How the draft changed (English)"))
    sections = forms.ModelMultipleChoiceField(
        label=_("Sections it concerns"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    comments = forms.ModelMultipleChoiceField(
        label=_("Comments that raised it"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    room_questions = forms.ModelMultipleChoiceField(
        label=_("Hearing questions that raised it"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, sections, comments, room_questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].queryset = sections
        self.fields["comments"].queryset = comments
        self.fields["comments"].label_from_instance = _comment_label
        self.fields["room_questions"].queryset = room_questions
        self.fields["room_questions"].label_from_instance = lambda q: q.body[:120]


def _comment_label(comment) -> str:
    return visible_text(comment.body_html)[:120]
