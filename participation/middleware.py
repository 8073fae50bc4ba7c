"""Remember each signed-in person's language in the language cookie."""

from django.conf import settings


class PreferredLanguageMiddleware:
    """Keep the language cookie equal to the signed-in user's preferred language.

    ``LocaleMiddleware`` reads the cookie when it redirects ``/`` to ``/th/`` or
    ``/en/``, so a person who chose English gets English on every device they use.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = settings.LANGUAGE_COOKIE_NAME
        sent = request.COOKIES.get(name)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and sent is None:
            # LocaleMiddleware redirects "/" on the way out, reading this cookie.
            request.COOKIES[name] = user.preferred_language
        response = self.get_response(request)
        user = getattr(request, "user", None)  # a login view may have set it
        if (
            user is not None
            and user.is_authenticated
            and user.preferred_language
            and sent != user.preferred_language
            and name not in response.cookies
        ):
            remember_language(response, user.preferred_language)
        return response


def remember_language(response, language: str) -> None:
    """Set the language cookie ``LocaleMiddleware`` reads, for a year (Lax)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
    )
