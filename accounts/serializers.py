"""Serializers for organisations and users."""

from django.contrib.auth.password_validation import validate_password
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from .models import Organisation, OrganisationKind, Role, User


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "country", "region"]

    def validate(self, attrs):
        kind = attrs.get("kind", getattr(self.instance, "kind", None))
        country = attrs.get("country", getattr(self.instance, "country", ""))
        if kind == OrganisationKind.MEMBER_STATE and not country:
            raise serializers.ValidationError(
                {"country": ["A member state needs its ISO 3166-1 alpha-2 code, e.g. 'KE'."]}
            )
        return attrs


class UserSerializer(serializers.ModelSerializer):
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
                {"organisation": ["A delegate speaks for exactly one organisation; set it."]}
            )
        if focal and Role.DELEGATE not in roles:
            raise serializers.ValidationError(
                {"is_focal_point": ["Only a delegate can be the focal point."]}
            )
        if focal:
            others = User.objects.filter(organisation=organisation, is_focal_point=True)
            if self.instance:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                raise serializers.ValidationError(
                    {"is_focal_point": ["This organisation already has a focal point."]}
                )
        if not self.instance and not attrs.get("password"):
            raise serializers.ValidationError({"password": ["Set an initial password."]})
        return attrs

    def _apply(self, user: User, validated: dict) -> User:
        roles = validated.pop("roles", None)
        password = validated.pop("password", None)
        for field, value in validated.items():
            setattr(user, field, value)
        if roles is not None:
            for role in Role.values:
                setattr(user, f"is_{role}", role in roles)
        if password:
            user.set_password(password)
        user.save()
        return user

    def create(self, validated_data):
        return self._apply(User(), validated_data)

    def update(self, instance, validated_data):
        return self._apply(instance, validated_data)


class TokenRequestSerializer(AuthTokenSerializer):
    """Username and password; a username longer than any account's is refused before lookup
    (the sign-in log stores it in a column of that size)."""

    username = serializers.CharField(
        max_length=User._meta.get_field("username").max_length, write_only=True
    )
