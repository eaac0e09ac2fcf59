from django.utils import translation


class ApiLanguageMiddleware:
    """The API speaks the language a client asks for in Accept-Language (Chinese by default).

    LocaleMiddleware takes the language from the path wherever i18n_patterns are used, so every
    unprefixed path, /api/ included, would be Chinese whatever the client asks. The API has no
    /en/ twin, so there the header decides. Goes right after LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
