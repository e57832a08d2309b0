from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.permissions import register_permission_policy

from competitions.models import (
    Award,
    Competition,
    Criterion,
    DeclaredRelation,
    Entry,
    JudgeAssignment,
    Promotion,
    Result,
)
from competitions.viewsets.competitions import CompetitionsViewSetGroup
from lms.policy import ActionsPermissionPolicy, ScopedCollectionsPermissionPolicy

# Each competition's entry photos are in a collection of its own, which only staff
# who may see the competition choose from (the organisers' groups hold permissions
# on the parent collection of them all).
register_permission_policy(
    get_image_model(),
    ScopedCollectionsPermissionPolicy(
        get_image_model(),
        auth_model="wagtailimages.Image",
        owner_field_name="uploaded_by_user",
        owners=[(Competition, "photo_collection")],
    ),
    # Wins over Wagtail's own, whichever of the two registers first.
    exact_class=True,
)
for model in (Competition, Criterion, JudgeAssignment, DeclaredRelation, Entry):
    register_permission_policy(model)
# Rows that only services write: nobody adds, edits or deletes them by hand, not
# even a superuser.
for model in (Result, Award, Promotion):
    register_permission_policy(model, ActionsPermissionPolicy(model, allowed={"view"}))


@hooks.register("register_admin_viewset")
def register_competition_viewsets():
    return CompetitionsViewSetGroup()


LOG_ACTIONS = [
    ("competitions.open", _("Open registration"), _("Opened registration")),
    ("competitions.close", _("Close registration"), _("Closed registration")),
    ("competitions.approve_scheme", _("Approve scheme"), _("Approved marking scheme")),
    (
        "competitions.withdraw_scheme",
        _("Reopen scheme"),
        _("Withdrew marking scheme approval"),
    ),
    ("competitions.start_judging", _("Start judging"), _("Started judging")),
    ("competitions.lock", _("Lock marking"), _("Locked marking")),
    ("competitions.compute", _("Compute results"), _("Computed results")),
    ("competitions.publish", _("Publish results"), _("Published results")),
    ("competitions.register", _("Register entry"), _("Registered entry")),
    ("competitions.withdraw", _("Withdraw entry"), _("Withdrew entry")),
    ("competitions.score", _("Record marks"), _("Recorded marks")),
    ("competitions.review_spread", _("Review spread"), _("Reviewed flagged scores")),
]


@hooks.register("register_log_actions")
def register_competition_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("my_learning_links")
def competition_links(user) -> list[tuple[str, str]]:
    """The competitions part of "My learning": the trainee's entries, and judging
    only for someone on a panel."""
    links = [(_("My competition entries"), reverse("competitions:mine"))]
    if JudgeAssignment.objects.filter(person__user=user).exists():
        links.append((_("Judging"), reverse("competitions:judging-home")))
    return links


@hooks.register("home_page_sections")
def recent_results_on_the_home_page(request):
    """The latest published results: each competition with its first three."""
    from django.db.models import Prefetch

    from lms.models.pages import HomeSection

    podium = Prefetch(
        "entries",
        queryset=Entry.objects.filter(result__rank__lte=3)
        .select_related("result", "institution")
        .prefetch_related("members__person")
        .order_by("result__rank", "number"),
        to_attr="podium",
    )
    competitions = list(
        Competition.objects.published()
        .select_related("region")
        .prefetch_related(podium)
        .order_by("-results_published_at")[:3]
    )
    if not competitions:
        return None
    return HomeSection(
        order=40,
        template="competitions/includes/home_results.html",
        context={"competitions": competitions},
    )
