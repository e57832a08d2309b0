from wagtail import hooks
from wagtail.permissions import register_permission_policy

from courses.viewsets import InstitutionViewSet
from lms.models import Institution

register_permission_policy(Institution)


@hooks.register("register_admin_viewset")
def register_institution_viewset():
    return InstitutionViewSet("institutions")


@hooks.register("home_page_sections")
def open_courses_on_the_home_page(request):
    """Courses a visitor can join now (open or by approval), newest first."""
    from courses.models import CatalogueIndexPage, CoursePage, EnrolmentPolicy
    from lms.models.pages import HomeSection

    courses = list(
        CoursePage.objects.live()
        .public()
        .exclude(enrolment_policy=EnrolmentPolicy.COHORT)
        .for_listing()
        .order_by("-first_published_at")[:6]
    )
    if not courses:
        return None
    catalogue = CatalogueIndexPage.objects.live().public().first()
    return HomeSection(
        order=10,
        template="courses/includes/home_courses.html",
        context={"courses": courses, "catalogue": catalogue},
    )
