"""The fixtures that hold the reference data, in loading order."""

REFERENCE_FIXTURES = ["sessions", "organizations", "programmes", "meetings", "sdgs", "framework"]
