"""Signal receivers of the learner's record, connected in ``TraineesConfig.ready``."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from trainees import watch
from trainees.models import PlaybackSession


@receiver(user_logged_out)
def end_playback_on_logout(sender, request, user, **kwargs):
    """Logging out ends the trainee's stream: its key earns nothing afterwards."""
    if user is not None:
        watch.end_playback_for(user, reason=PlaybackSession.EndReason.LOGGED_OUT)
