"""The OpenAPI schema's error responses, added to every operation from what the view can answer.

drf-spectacular documents the success responses; this AutoSchema adds, in one place, each
error status an operation can answer, all with the one error body: 400 always (the request
guard refuses bad query text on any route), 401 where authentication runs, 403 for writes,
non-trivial permissions and routes with ids, 404 for those and numbered pages, 409 for writes
(domain rules), 412/428 with If-Match, 413/415 with a body, 422 with Idempotency-Key, 429 when
throttled. A view's own declaration of a status keeps its description and gains the body.
It also states what drf-spectacular leaves out: bodies are JSON (multipart for uploads),
empty filters are allowed, and a list that may not be empty has minItems 1.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.plumbing import ResolvedComponent, force_instance, is_serializer
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny, IsAuthenticated

from common.errors import DomainError

ERROR_SCHEMA = {
    "type": "object",
    "description": "A refused request: a stable machine `code` and a readable `detail`; some "
    "codes add fields (e.g. `blockers`, `errors`, `current_revision`, `changed`).",
    "properties": {
        "code": {"type": "string", "description": "Stable machine code."},
        "detail": {
            "description": gettext_lazy(
                "Human-readable reason (text, or the details of each problem)."
            ),
            "anyOf": [{"type": "string"}, {"type": "object"}, {"type": "array"}],
        },
    },
    "required": ["code", "detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Invalid input: each offending field (or `non_field_errors`) with its "
    "messages; nested fields nest, list items are keyed by position.",
    "additionalProperties": {"anyOf": [{"type": "array"}, {"type": "object"}]},
}

# What each status means, and the codes outside DomainError that can come with it.
STATUS_TEXT = {
    400: ("Invalid input.", ["parse_error", "import_rejected"]),
    401: ("No valid credentials were sent.", ["not_authenticated", "authentication_failed"]),
    403: ("The caller may see this but not do it.", ["permission_denied"]),
    404: ("No such object visible to the caller, or no such page.", ["not_found"]),
    409: ("The request breaks a rule of the current state.", ["protected"]),
    412: ("The If-Match ETag is not the current revision.", []),
    413: ("The request body is larger than the limit.", ["request_too_large"]),
    415: ("The body's Content-Type is not accepted here.", ["unsupported_media_type"]),
    422: ("The Idempotency-Key was used before with a different body.", []),
    428: ("Send If-Match with the ETag from GET.", []),
    429: ("Too many requests; retry after the Retry-After seconds.", ["throttled"]),
}
NO_BODY = "No response body"  # drf-spectacular's text for a status declared as None
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
TRIVIAL_PERMISSIONS = {AllowAny, IsAuthenticated}


def domain_codes(status: int) -> list[str]:
    """The codes of every DomainError subclass answering with `status` (imported so far)."""
    codes, pending = set(), [DomainError]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls is not DomainError and cls.status_code == status:
            codes.add(cls.code)
    return sorted(codes)


class AutoSchema(BaseAutoSchema):
    """drf-spectacular's AutoSchema, plus the error responses each operation can answer."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            # A query parameter with a default takes it when sent empty (?format=).
            if parameter["in"] == "query" and "default" in parameter.get("schema", {}):
                parameter["allowEmptyValue"] = True
        responses = operation["responses"]
        for status in self.error_statuses(operation):
            response = responses.setdefault(str(status), {})
            if not response.get("content"):
                response["content"] = {"application/json": {"schema": self.error_ref(status)}}
            text, codes = STATUS_TEXT.get(status, ("", []))
            codes = sorted({*codes, *domain_codes(status)})
            described = response.get("description")
            if not described or described == NO_BODY:
                described = text
            if codes:
                described = f"{described} Codes: {', '.join(codes)}."
            response["description"] = described
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def map_parsers(self):
        """JSON bodies (a form cannot say null or carry a list), multipart where a file is sent.

        The form parsers stay for the browsable API; the schema states the one way to call.
        """
        media_types = super().map_parsers()
        serializer = force_instance(self.get_request_serializer())
        uploads = is_serializer(serializer) and any(
            isinstance(field, serializers.FileField) for field in serializer.fields.values()
        )
        wanted = "multipart/form-data" if uploads else "application/json"
        return [wanted] if wanted in media_types else media_types

    def _get_filter_parameters(self):
        # An empty filter (?stage=, as the browsable API's filter form sends) filters nothing.
        return [
            {**parameter, "allowEmptyValue": True} for parameter in super()._get_filter_parameters()
        ]

    def _get_pagination_parameters(self):
        # ?page= and ?page_size= left empty mean the first page and the default size.
        return [
            {**parameter, "allowEmptyValue": True}
            for parameter in super()._get_pagination_parameters()
        ]

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # drf-spectacular leaves out that a list field with allow_empty=False refuses [].
        if schema.get("type") == "array" and getattr(field, "allow_empty", True) is False:
            schema.setdefault("minItems", 1)
        return schema

    def error_statuses(self, operation) -> set[int]:
        """Every error status this operation can answer, from its view and its parameters."""
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        query = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        declared = {int(code) for code in operation["responses"] if code.isdigit()}
        statuses = {400} | {code for code in declared if code >= 400}
        if self.view.authentication_classes:
            statuses.add(401)
        permissions = {type(permission) for permission in self.view.get_permissions()}
        if self.method in UNSAFE_METHODS or permissions - TRIVIAL_PERMISSIONS or "{" in self.path:
            # Writes (also CSRF: a browser session's write without its token), permissions
            # beyond signing in, and objects the caller may see but not use this way.
            statuses.add(403)
        if "{" in self.path or "page" in query:
            statuses.add(404)
        if self.method in UNSAFE_METHODS and permissions - {AllowAny}:
            statuses.add(409)  # services refuse writes that break a rule of the current state
        if "requestBody" in operation:
            statuses |= {413, 415}
        if "If-Match" in headers:
            statuses |= {412, 428}
        if "Idempotency-Key" in headers:
            statuses.add(422)
        if self.view.throttle_classes:
            statuses.add(429)
        return statuses

    def error_ref(self, status: int) -> dict:
        """The error body component (400 also takes the field-by-field validation body)."""
        error = self._component("Error", ERROR_SCHEMA)
        if status != exceptions.ValidationError.status_code:
            return error
        return {"anyOf": [self._component("ValidationError", VALIDATION_ERROR_SCHEMA), error]}

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        self.registry.register_on_missing(component)
        return component.ref
