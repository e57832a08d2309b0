from wagtail import hooks
from wagtail.permissions import register_permission_policy

from courses.viewsets import InstitutionViewSet
from lms.models import Institution

register_permission_policy(Institution)


@hooks.register("register_admin_viewset")
def register_institution_viewset():
    return InstitutionViewSet("institutions")
