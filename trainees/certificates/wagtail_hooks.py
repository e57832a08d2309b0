from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from trainees.certificates.models import Certificate
from trainees.certificates.viewsets import CertificateViewSet

register_permission_policy(Certificate)


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return CertificateViewSet("certificates")


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action(
        "certificates.issue", _("Issue certificate"), _("Certificate issued")
    )
    actions.register_action(
        "certificates.revoke", _("Revoke certificate"), _("Certificate revoked")
    )
