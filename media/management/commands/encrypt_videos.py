"""Queue the conversion of every ready video still in the old, unencrypted format
(issue 16). Safe to run again: converted videos and videos already queued are
converted once."""

from django.core.management.base import BaseCommand

from media.conversion import request_encryption_of_all


class Command(BaseCommand):
    help = "Queue every video in the old format for conversion to encrypted delivery."

    def handle(self, *args, **options):
        queued = request_encryption_of_all(user=None)
        self.stdout.write(f"{queued} video(s) queued for encrypted delivery.")
