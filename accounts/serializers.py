"""Serializers for organisations and users."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from . import services
from .models import Organisation, OrganisationKind, Role, User
from .selectors import may_see_email


class OrganisationSerializer(serializers.ModelSerializer):
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=200),
        max_length=50,
        required=False,
        help_text="Other names comment files give it (acronyms, its standards body).",
    )

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "country", "region", "aliases"]

    def validate(self, attrs):
        kind = attrs.get("kind", getattr(self.instance, "kind", None))
        country = attrs.get("country", getattr(self.instance, "country", ""))
        if kind == OrganisationKind.MEMBER_STATE and not country:
            raise serializers.ValidationError(
                {"country": [_("A member state needs its ISO 3166-1 alpha-2 code, e.g. 'KE'.")]}
            )
        return attrs


@extend_schema_field(
    {
        "type": "string",
        "maxLength": 254,
        "anyOf": [{"format": "email"}, {"maxLength": 0}],
        "description": "The person's e-mail address, or empty when they have none.",
    }
)
class EmailOrBlankField(serializers.CharField):
    """An e-mail address or nothing: people without an address get no e-mails."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        # Checked here, not as a field validator, so that the schema keeps the anyOf above.
        if value:
            try:
                validate_email(value)
            except DjangoValidationError:
                raise serializers.ValidationError(_("Enter a valid e-mail address.")) from None
        return value


class UserSerializer(serializers.ModelSerializer):
    email = EmailOrBlankField(required=False, allow_blank=True, max_length=254)
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), required=False
    )
    password = serializers.CharField(
        write_only=True, required=False, style={"input_type": "password"}
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "organisation",
            "roles",
            "is_focal_point",
            "is_active",
            "language",
            "password",
        ]

    def validate_password(self, value):
        validate_password(value)
        return value

    def validate(self, attrs):
        roles = attrs.get("roles", self.instance.roles if self.instance else [])
        organisation = attrs.get("organisation", getattr(self.instance, "organisation", None))
        focal = attrs.get("is_focal_point", getattr(self.instance, "is_focal_point", False))
        if Role.DELEGATE in roles and organisation is None:
            raise serializers.ValidationError(
                {"organisation": [_("A delegate speaks for exactly one organisation; set it.")]}
            )
        if focal and Role.DELEGATE not in roles:
            raise serializers.ValidationError(
                {"is_focal_point": [_("Only a delegate can be the focal point.")]}
            )
        if focal:
            others = User.objects.filter(organisation=organisation, is_focal_point=True)
            if self.instance:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                raise serializers.ValidationError(
                    {"is_focal_point": [_("This organisation already has a focal point.")]}
                )
        if not self.instance and not attrs.get("password"):
            raise serializers.ValidationError({"password": [_("Set an initial password.")]})
        return attrs

    def create(self, validated_data):
        return services.user_create(changes=validated_data)

    def update(self, instance, validated_data):
        # Changes go through services.user_update, which knows who makes them (see UserViewSet).
        raise NotImplementedError("Update a person with accounts.services.user_update.")


class MyPreferencesSerializer(serializers.Serializer):
    """What a person changes on their own account through PATCH /users/me/: only the language."""

    language = serializers.ChoiceField(
        choices=[("", gettext_lazy("The browser's language")), *settings.LANGUAGES]
    )

    def to_internal_value(self, data):
        if isinstance(data, dict):
            others = sorted(set(data) - {"language"})
            if others:
                raise serializers.ValidationError(
                    {
                        name: [gettext("Only language is changed through /users/me/.")]
                        for name in others
                    }
                )
        return super().to_internal_value(data)


class UserPublicSerializer(serializers.ModelSerializer):
    """A person as the other people who may see them see them: no e-mail address."""

    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), read_only=True
    )

    class Meta:
        model = User
        fields = [
            name
            for name in UserSerializer.Meta.fields
            if name not in {"email", "password", "language"}
        ]
        read_only_fields = fields


class UserShapesSchema(OpenApiSerializerExtension):
    """Both read shapes list every field they always carry as required, and the public one
    holds nothing else: a reader (and a validator of `oneOf`) tells them apart by the e-mail
    address, present in the full shape and absent, never blank, from the public one."""

    target_class = UserSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        if direction == "response":
            schema["required"] = sorted(schema["properties"])
        return schema


class UserPublicSchema(UserShapesSchema):
    target_class = UserPublicSerializer

    def map_serializer(self, auto_schema, direction):
        return {**super().map_serializer(auto_schema, direction), "additionalProperties": False}


def user_data(person: User, *, viewer, context: dict | None = None) -> dict:
    """The person in the shape `viewer` may see: with the e-mail address or without."""
    shape = UserSerializer if may_see_email(viewer, person) else UserPublicSerializer
    return shape(person, context=context).data


class TokenRequestSerializer(AuthTokenSerializer):
    """Username and password; a username longer than any account's is refused before lookup
    (the sign-in log stores it in a column of that size)."""

    username = serializers.CharField(
        max_length=User._meta.get_field("username").max_length, write_only=True
    )


class MyPreferencesSchema(OpenApiSerializerExtension):
    """PATCH /users/me/ refuses any field but language, and the schema says so."""

    target_class = MyPreferencesSerializer

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        return {**schema, "additionalProperties": False}
