"""The questionnaire: answer it (one response each), add questions, export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from participation.rules import is_official_of

from ..forms import QuestionForm, ResponseForm
from ..models import Question, Response
from ..services import ConsultationError, question_save, response_submit, responses_csv
from .common import get_consultation


def _initial(response: Response | None) -> dict:
    if response is None:
        return {}
    initial = {}
    for answer in response.answers.select_related("question"):
        kind = answer.question.kind
        name = f"q{answer.question_id}"
        if kind == Question.Kind.TEXT:
            initial[name] = answer.text
        elif kind == Question.Kind.SCALE:
            initial[name] = str(answer.scale)
        elif kind == Question.Kind.MULTIPLE:
            initial[name] = [str(i) for i in answer.choices]
        elif answer.choices:
            initial[name] = str(answer.choices[0])
    return initial


def questionnaire(request, slug: str):
    """The questionnaire; a person's earlier answers are filled in to change."""
    consultation = get_consultation(request, slug)
    questions = list(consultation.questions.all())
    response = None
    if request.user.is_authenticated:
        response = Response.objects.filter(
            consultation=consultation, respondent=request.user
        ).first()
    form = ResponseForm(
        request.POST or None, questions=questions, initial=_initial(response)
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return HttpResponseRedirect(
                reverse("account_login") + "?next=" + request.path
            )
        if form.is_valid():
            try:
                response_submit(
                    respondent=request.user,
                    consultation=consultation,
                    answers=form.answers(),
                )
            except ConsultationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your answers were saved; you can change them "
                        "while the consultation is open."
                    ),
                )
                return HttpResponseRedirect(request.path)
    return render(
        request,
        "consultations/questionnaire.html",
        {
            "consultation": consultation,
            "form": form,
            "answered": response is not None,
            "accepting": consultation.is_accepting(),
            "is_official": is_official_of(request.user, consultation.organisation),
            "response_count": consultation.responses.count(),
        },
    )


@login_required
def question_create(request, slug: str):
    consultation = get_consultation(request, slug)
    if not is_official_of(request.user, consultation.organisation):
        raise PermissionDenied
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question_save(
                official=request.user, consultation=consultation, **form.cleaned_data
            )
        except ConsultationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The question was added."))
            return HttpResponseRedirect(
                reverse("consultations:questionnaire", args=[consultation.slug])
            )
    return render(
        request,
        "consultations/question_form.html",
        {"form": form, "consultation": consultation},
    )


@login_required
def responses_export(request, slug: str):
    """All answers as CSV (UTF-8 with BOM), without who gave them."""
    consultation = get_consultation(request, slug)
    try:
        text = responses_csv(consultation=consultation, user=request.user)
    except ConsultationError as error:
        raise PermissionDenied from error
    response = HttpResponse(
        text.encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{consultation.slug}-answers.csv"'
    )
    return response
