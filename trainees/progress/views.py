from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail import hooks

from lms.roles import Role
from trainees.progress.record import learning_record


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The trainee's own area: their courses and learning record as it grows."""
    is_workshop_leader = request.user.groups.filter(name=Role.WORKSHOP_LEADER).exists()
    return TemplateResponse(
        request,
        "trainees/dashboard.html",
        {
            "record": learning_record(request.user),
            "is_workshop_leader": is_workshop_leader,
            # Sections of the apps above (competitions): (words, URL) pairs.
            "more_links": [
                link
                for provider in hooks.get_hooks("my_learning_links")
                for link in provider(request.user)
            ],
        },
    )
