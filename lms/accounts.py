"""How allauth creates accounts and signs people in on Jiangxin.

Trainees sign up and log in with a mainland mobile number and a six-digit code sent
by text message (``lms.sms``); an email and a password are optional. The number is
the account's (``User.set_phone``), one account per number.

Codes are kept hashed: allauth keeps the code it expects in the session (the login
stash), so the adapter hands it a salted keyed hash instead of the code and the code
forms below compare what was typed against that hash. The code itself lives only in
the request that sends it.
"""

from __future__ import annotations

import secrets

from allauth.account import forms as allauth_forms
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context
from django import forms
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lms import identity, sms
from lms.models import User
from lms.roles import Role
from lms.services import record_verified_phone
from lms.validators import canonical, mobile_e164

HASH_PREFIX = "sms$"
CODE_DIGITS = 6
_SIGNUP_SESSION_KEY = "jiangxin_signup_account"


def hash_code(code: str, *, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(8)
    return f"{HASH_PREFIX}{salt}${identity.digest(f'sms-code:{salt}:{code}')}"


def code_matches(typed: str, expected: str) -> bool:
    """Whether ``typed`` (full-width digits, spaces and dashes allowed) is the code
    that ``expected`` hashes."""
    if not expected.startswith(HASH_PREFIX):
        return False
    salt = expected[len(HASH_PREFIX) :].split("$", 1)[0]
    digits = canonical(typed).replace("-", "")
    return secrets.compare_digest(hash_code(digits, salt=salt), expected)


class MobileNumberField(forms.CharField):
    """A mainland mobile number, cleaned to E.164 (+8613800138000)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "type": "tel",
                    "autocomplete": "tel-national",
                    "inputmode": "tel",
                    "placeholder": "138 0013 8000",
                }
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return mobile_e164(super().to_python(value))


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up on the public site is a trainee (学员)."""

    def save_user(self, request, user, form, commit=True):
        phone = form.cleaned_data.get("phone")
        holder = User.objects.with_phone(phone).first() if phone else None
        if holder is not None and holder.holds_unclaimed_phone:
            # An institution put this number on a roster: the signup fills in that
            # account, and the phone verification stage proves the number before
            # anyone logs in to it.
            user = holder
            EmailAddress.objects.filter(user=user).delete()
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(Group.objects.get(name=Role.TRAINEE))
            request.session[_SIGNUP_SESSION_KEY] = user.pk
        return user

    # --- The mobile number, kept on the account --------------------------------

    def phone_form_field(self, **kwargs):
        kwargs.pop("label", None)
        return MobileNumberField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return mobile_e164(phone)

    def get_phone(self, user) -> tuple[str, bool] | None:
        return (user.phone, user.phone_verified) if user.phone_digest else None

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.set_phone(phone, verified=verified)
        user.save(
            update_fields=[
                "phone_digest",
                "phone_encrypted",
                "phone_masked",
                "phone_verified",
            ]
        )

    def set_phone_verified(self, user, phone: str) -> None:
        # Credentials set by a signup in another session were set without the
        # number's proof; whoever proves it now does not inherit them.
        fresh = user.last_login is None and (
            context.request.session.get(_SIGNUP_SESSION_KEY) != user.pk
        )
        record_verified_phone(user=user, phone=phone, forget_credentials=fresh)

    def get_user_by_phone(self, phone: str):
        return User.objects.with_phone(phone).first()

    # --- Codes, hashed, and the messages that carry them -------------------------

    def generate_phone_verification_code(self, *, user, phone: str) -> str:
        code = "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))
        hashed = hash_code(code)
        # Only this request knows the code: it goes to the text message below.
        codes = getattr(context.request, "_jiangxin_sms_codes", {})
        codes[hashed] = code
        context.request._jiangxin_sms_codes = codes
        return hashed

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs):
        plain = getattr(context.request, "_jiangxin_sms_codes", {}).pop(code)
        sms.send(phone=phone, template=sms.VERIFICATION_CODE, params={"code": plain})

    def send_account_already_exists_sms(self, phone: str) -> None:
        sms.send(phone=phone, template=sms.ACCOUNT_EXISTS)

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        sms.send(phone=phone, template=sms.UNKNOWN_ACCOUNT)


def _consume_send_quota(form: forms.Form, field: str, phone: str) -> None:
    try:
        sms.consume_send_quota(
            phone=phone,
            client_ip=DefaultAccountAdapter().get_client_ip(context.request),
        )
    except forms.ValidationError as error:
        form.add_error(field, error)


class LoginForm(allauth_forms.LoginForm):
    """Log in with a mobile number (any spelling) or an email, and a password."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.label = _("Mobile number or email")
        field.widget.attrs.update(
            {"placeholder": _("Mobile number or email"), "autocomplete": "username"}
        )


class SignupForm(allauth_forms.SignupForm):
    """Sign up with a mobile number (required) and, if wanted, an email and a
    password. A number an institution put on a roster is not "taken": signing up
    with it takes over that account once the code proves the number."""

    field_order = ["phone", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].required = True
        self.fields["email"].required = False

    def _clean_phone(self) -> None:
        phone = self.cleaned_data.get("phone")
        holder = User.objects.with_phone(phone).first() if phone else None
        if holder is not None and holder.holds_unclaimed_phone:
            return
        super()._clean_phone()

    def clean(self):
        cleaned_data = super().clean()
        if self.is_bound and not self.errors and cleaned_data.get("phone"):
            _consume_send_quota(self, "phone", cleaned_data["phone"])
        return cleaned_data

    @transaction.atomic
    def save(self, request):
        return super().save(request)


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """Ask for a login code by text message (or by email), within the send limits."""

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and cleaned_data.get("phone"):
            _consume_send_quota(self, "phone", cleaned_data["phone"])
        return cleaned_data


class ChangePhoneForm(allauth_forms.ChangePhoneForm):
    """Add or change the account's number (a code goes to the new one)."""

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and cleaned_data.get("phone"):
            _consume_send_quota(self, "phone", cleaned_data["phone"])
        return cleaned_data


class HashedCodeMixin:
    """Compare a typed code with the hash allauth keeps; email codes stay plain."""

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        expected = self.expected_code or ""
        if expected.startswith(HASH_PREFIX):
            if not code_matches(code, expected):
                raise DefaultAccountAdapter().validation_error("incorrect_code")
            return code
        return super().clean_code()


class ConfirmLoginCodeForm(HashedCodeMixin, allauth_forms.ConfirmLoginCodeForm):
    pass


class VerifyPhoneForm(HashedCodeMixin, allauth_forms.VerifyPhoneForm):
    def clean_code(self) -> str:
        code = super().clean_code()
        # allauth's check that no other account holds the number, once proven.
        allauth_forms.phone_already_exists(self.user, self.phone, always_raise=True)
        return code


class ConfirmReauthenticationCodeForm(
    HashedCodeMixin, allauth_forms.ConfirmReauthenticationCodeForm
):
    pass
