"""Writes of API tokens: made (the secret returned once) and revoked, audit-logged."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from api.models import ApiToken, SystemAccount, digest_of, new_secret
from lms import policy
from lms.models import Institution, Region, User
from lms.roles import Role
from lms.services import grant_scope

LONGEST_LIFE = dt.timedelta(days=366)


@transaction.atomic
def create_token(
    *, owner: User, name: str, expires_at: dt.datetime, by: User
) -> tuple[ApiToken, str]:
    """Make a token for ``owner`` (by the owner or an administrator); returns the
    token and its secret, which is not kept and cannot be shown again."""
    if not policy.may_manage_api_tokens_of(by, owner):
        raise PermissionDenied
    if not policy.may_hold_api_tokens(owner):
        raise ValidationError(
            _(
                "Only staff with a region or an institution, and system accounts with "
                "one, may hold API tokens."
            ),
            code="no_scope",
        )
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError(_("The expiry must be in the future."), code="expired")
    if expires_at > now + LONGEST_LIFE:
        raise ValidationError(_("A token may live one year at most."), code="too_long")
    secret = new_secret()
    token = ApiToken.objects.create(
        user=owner,
        name=name.strip(),
        digest=digest_of(secret),
        hint=secret[:8],
        expires_at=expires_at,
        created_by=by,
    )
    log(instance=token, action="api.token.create", user=by)
    return token, secret


@transaction.atomic
def revoke_token(*, token: ApiToken, by: User) -> ApiToken:
    """Stop a token from opening the API, at once and for good."""
    if not policy.may_manage_api_tokens_of(by, token.user):
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
        log(instance=token, action="api.token.revoke", user=by)
    return token


@transaction.atomic
def register_system_account(
    *,
    email: str,
    description: str,
    role: Role,
    region: Region | None = None,
    institution: Institution | None = None,
    by: User | None,
) -> SystemAccount:
    """An account for another system (an HR payment system): it cannot log in to
    the site (no usable password), holds API tokens, and works with the role and
    scope given here, like a staff member. Found again by its email if it exists."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=f"system-{email.split('@')[0]}"[:150], email=email)
        user.set_unusable_password()
        user.save()
    account, created = SystemAccount.objects.get_or_create(
        user=user, defaults={"description": description}
    )
    if created:
        grant_scope(
            user=user, role=role, region=region, institution=institution, granted_by=by
        )
        log(instance=account, action="wagtail.create", user=by)
    return account
