"""API tokens in the Wagtail admin: each user makes and revokes their own (an
administrator anyone's); the secret is shown once, on the page that makes it."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from api import services
from api.models import ApiToken, SystemAccount
from lms import policy
from lms.admin_helpers import ServiceErrorsMixin
from lms.models import User

DEFAULT_LIFE = dt.timedelta(days=90)


class TokenPermissionPolicy(ModelPermissionPolicy):
    """Anyone who may hold tokens (staff with a scope, system accounts, superusers)
    may list, make and revoke their own; no one deletes one (revoked tokens stay,
    for the audit log)."""

    def user_has_permission(self, user, action):
        return action in {"add", "change", "view"} and policy.may_hold_api_tokens(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return User.objects.none()


class TokenCreateForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_at"].initial = timezone.now() + DEFAULT_LIFE
        if not policy.sees_everything(self.for_user):
            del self.fields["user"]
        else:
            self.fields["user"].required = False
            self.fields["user"].help_text = _(
                "An administrator may make a token for another account, such as a "
                "system account; empty: for yourself."
            )

    class Meta:
        model = ApiToken
        fields = ["name", "expires_at", "user"]


class TokenRevokeForm(WagtailAdminModelForm):
    revoke = forms.BooleanField(
        label=_("Revoke this token"),
        required=False,
        help_text=_("It stops working at once; this cannot be undone."),
    )

    class Meta:
        model = ApiToken
        fields = []


class TokenIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().managed_by(self.request.user)


class _TokenCreate(CreateView):
    """Makes the token through the service and answers with its secret, shown
    on this page only (never stored, never in a message or a redirect)."""

    def form_valid(self, form):
        token, secret = services.create_token(
            owner=form.cleaned_data.get("user") or self.request.user,
            name=form.cleaned_data["name"],
            expires_at=form.cleaned_data["expires_at"],
            by=self.request.user,
        )
        return TemplateResponse(
            self.request,
            "api/token_created.html",
            {
                "token": token,
                "secret": secret,
                "index_url": self.get_success_url(),
                "page_title": _("API token made"),
                "header_icon": "key",
            },
        )


class TokenCreateView(ServiceErrorsMixin, _TokenCreate):
    pass


class TokenEditView(EditView):
    def get_base_queryset(self):
        return ApiToken.objects.managed_by(self.request.user)

    def save_instance(self):
        if self.form.cleaned_data.get("revoke"):
            return services.revoke_token(token=self.object, by=self.request.user)
        return self.object


class ApiTokenViewSet(ModelViewSet):
    """Personal API tokens (接口令牌)."""

    model = ApiToken
    icon = "key"
    menu_label = _("API tokens")
    menu_order = 900
    add_to_admin_menu = True
    index_view_class = TokenIndexView
    add_view_class = TokenCreateView
    edit_view_class = TokenEditView
    list_display = ["name", "hint", "user", "expires_at", "last_used_at", "revoked_at"]
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return TokenRevokeForm if for_update else TokenCreateForm


class SystemAccountPermissionPolicy(ModelPermissionPolicy):
    """System accounts are kept by superusers only."""

    def user_has_permission(self, user, action):
        return action in {"add", "change", "view"} and policy.sees_everything(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return User.objects.filter(is_superuser=True, is_active=True)


class SystemAccountViewSet(ModelViewSet):
    """Accounts of other systems (HR payment systems, provincial platforms)."""

    model = SystemAccount
    icon = "cogs"
    menu_label = _("System accounts")
    menu_order = 910
    add_to_admin_menu = True
    form_fields = ["user", "description"]
    list_display = ["user", "description", "created_at"]
    inspect_view_enabled = False
    copy_view_enabled = False
