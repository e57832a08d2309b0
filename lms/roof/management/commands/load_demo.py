from django.core.management.base import BaseCommand

from lms.roof.demo import DEMO_LOGINS, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Create the demo data. Idempotent: a second run changes nothing."

    def handle(self, *args, **options):
        created = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} objects created). Logins, password "
                f"{DEMO_PASSWORD}: " + ", ".join(email for email, _ in DEMO_LOGINS)
            )
        )
