import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "For a local development server: create the superuser 'admin' with a random password and "
        "print the password once. Does nothing when a superuser exists, and refuses when DEBUG is off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create a local admin with DEBUG off: use 'manage.py createsuperuser'.")
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "Admin: a superuser exists. Forgot the password? "
                ".venv/bin/python manage.py changepassword admin"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username="admin", email="", password=password)
        self.stdout.write(self.style.SUCCESS(f"Admin: created user 'admin' with password {password}"))
        self.stdout.write("This is the only time the password is shown.")
