"""Shapes of notifications, preferences and failed deliveries in the API."""

from rest_framework import serializers

from common.choices import ChoiceField

from .models import EmailDelivery, EmailPreference, Notification


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "verb", "message", "target_type", "target_id", "created_at", "read_at"]
        read_only_fields = fields


class PreferenceSerializer(serializers.Serializer):
    email = ChoiceField(choices=EmailPreference.choices)


class UnreadCountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class MarkedReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class FailedDeliverySerializer(serializers.ModelSerializer):
    recipient_username = serializers.CharField(
        source="recipient.username", read_only=True, default=None
    )

    class Meta:
        model = EmailDelivery
        fields = [
            "id",
            "recipient",
            "recipient_username",
            "to_address",
            "kind",
            "subject",
            "status",
            "attempts",
            "last_error",
            "notification",
            "created_at",
            "claimed_at",
        ]
        read_only_fields = fields
