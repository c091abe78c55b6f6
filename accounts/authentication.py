"""Token authentication with its one query compiled once: every API request pays for it."""

from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from common.prepared import prepared_rows

from .models import User

_USER_FIELDS = [field.attname for field in User._meta.concrete_fields]
_TOKEN_FIELDS = [field.attname for field in Token._meta.concrete_fields]


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's TokenAuthentication (same header, errors and result), its SQL compiled once."""

    def authenticate_credentials(self, key):
        rows = prepared_rows(
            ("token", connection.vendor),
            lambda v: Token.objects.filter(key=v["key"]).values(
                *_TOKEN_FIELDS, *(f"user__{name}" for name in _USER_FIELDS)
            ),
            {"key": key},
        )
        if not rows:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        row = rows[0]
        user = User.from_db(
            connection.alias, _USER_FIELDS, [row[f"user__{n}"] for n in _USER_FIELDS]
        )
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token = Token.from_db(connection.alias, _TOKEN_FIELDS, [row[n] for n in _TOKEN_FIELDS])
        token.user = user
        return user, token
