"""REST representations of organizations (open data) and volunteers (ids and names only)."""

from rest_framework import serializers

from people.models import Organization, User


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "slug", "name", "description", "website", "created_at"]


class VolunteerRefSerializer(serializers.Serializer):
    """A volunteer as partners see them: an id and a name — never the e-mail address.

    The display name appears only when the person opted in (`show_in_reports`);
    otherwise the neutral "Volunteer #id".
    """

    id = serializers.IntegerField(read_only=True)
    display_name = serializers.SerializerMethodField()

    def get_display_name(self, obj: User) -> str:
        return obj.public_name if obj.show_in_reports else f"Volunteer #{obj.pk}"
