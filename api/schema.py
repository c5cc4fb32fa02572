"""OpenAPI description of our token authentication (loaded by ApiConfig.ready), and of the
query parameters of each list, taken from its FilterSet."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from core.filters import FilterSet


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`: create a token on your profile page.",
        }


def filter_parameters(filterset_class: type[FilterSet]) -> list[OpenApiParameter]:
    """The query parameters of a list's FilterSet, as its endpoint documents them: every
    filter, with the description the FilterSet gives it (all are optional text)."""
    return [
        OpenApiParameter(
            name,
            OpenApiTypes.STR,
            OpenApiParameter.QUERY,
            required=False,
            description=filterset_class.descriptions[name],
        )
        for name in filterset_class.base_filters
    ]
