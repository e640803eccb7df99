"""The account the browser tests sign in with; created by `create_editor` in conftest."""

EDITOR = {"username": "e2e-editor", "password": "a long passphrase for the browser tests"}
