"""Remember each signed-in person's language in the language cookie."""

from django.conf import settings


class PreferredLanguageMiddleware:
    """Set the language cookie to the user's preferred language after login.

    ``LocaleMiddleware`` reads the cookie when it redirects ``/`` to ``/th/`` or
    ``/en/``, so a person who chose English gets English on every device they use.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            preferred = user.preferred_language
            if preferred and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != preferred:
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    preferred,
                    max_age=settings.LANGUAGE_COOKIE_AGE,
                    samesite="Lax",
                )
        return response
