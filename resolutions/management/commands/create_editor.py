"""Create a staff account in the Editors group.

The password is typed twice at the prompt, or, with --generate-password (or
when no one is at the keyboard), generated and printed once: it is never
stored anywhere but as the account's hash.
"""

import getpass
import secrets
import sys

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

EDITORS_GROUP = "Editors"


class Command(BaseCommand):
    help = "Create an editor: a staff account that may edit the goals framework in the admin."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--generate-password", action="store_true",
                            help="Generate a password and print it once instead of asking.")

    def handle(self, username, email, generate_password, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        try:
            group = Group.objects.get(name=EDITORS_GROUP)
        except Group.DoesNotExist:
            raise CommandError(
                f"The {EDITORS_GROUP} group is missing: run `manage.py migrate` first."
            ) from None

        user = User(username=username, email=email, is_staff=True)
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        generate = generate_password or not sys.stdin.isatty()
        password = secrets.token_urlsafe(18) if generate else self.ask_password(user)
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.groups.add(group)

        self.stdout.write(f"Created editor {username!r}; sign in at /admin/.")
        if generate:
            self.stdout.write(f"Password (shown only this once): {password}")

    def ask_password(self, user):
        for _attempt in range(3):
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ.")
                continue
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return password
        raise CommandError("No acceptable password given; no account created.")
