"""The read-only JSON API: serializers, views and routes under /api/."""
