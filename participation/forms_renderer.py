"""The site's form renderer: div layout, help text after each input."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's div layout, with ``templates/forms/field.html`` for each field."""

    form_template_name = "django/forms/div.html"
    field_template_name = "forms/field.html"
