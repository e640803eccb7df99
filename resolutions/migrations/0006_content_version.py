from django.db import migrations

# The content version that cached pages are keyed by: see
# resolutions/content_version.py. The triggers that move it are attached after
# every migrate, by a post_migrate receiver, so that later tables get one too.
CREATE = """
CREATE SEQUENCE resolutions_content_version_seq;
CREATE TABLE resolutions_content_version (
    id smallint PRIMARY KEY CHECK (id = 1),
    value bigint NOT NULL
);
INSERT INTO resolutions_content_version VALUES (1, nextval('resolutions_content_version_seq'));
CREATE FUNCTION resolutions_bump_content_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE resolutions_content_version SET value = nextval('resolutions_content_version_seq') WHERE id = 1;
    RETURN NULL;
END
$$;
"""

DROP = """
DROP FUNCTION resolutions_bump_content_version() CASCADE;
DROP TABLE resolutions_content_version;
DROP SEQUENCE resolutions_content_version_seq;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("resolutions", "0005_document_title_trigram_index"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
