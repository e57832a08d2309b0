"""Text messages (短信) to mobile numbers: the sign-in codes and two notices.

A message is a template name and its parameters, as the SMS providers of mainland
China want them (a registered sign name 签名 and an approved template 模板 per
message). ``settings.SMS_BACKEND`` names the class that sends them:

- ``lms.sms.ConsoleBackend`` prints each message on standard output (``make run``);
- ``lms.sms.MemoryBackend`` keeps them in ``lms.sms.outbox`` (the tests);
- ``lms.sms.AliyunBackend`` sends them through Alibaba Cloud SMS (阿里云短信).

docs/sms.md says how to add another. Numbers are masked in every log line.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import math
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.identity import mask_phone

logger = logging.getLogger(__name__)

# The messages Jiangxin sends, and their text where no provider template is used.
VERIFICATION_CODE = "verification_code"
ACCOUNT_EXISTS = "account_exists"
UNKNOWN_ACCOUNT = "unknown_account"


def message_text(template: str, params: dict[str, str]) -> str:
    texts = {
        VERIFICATION_CODE: _(
            "Your Jiangxin code is %(code)s. Do not tell it to anyone, even someone "
            "who says they work for us."
        ),
        ACCOUNT_EXISTS: _(
            "Someone tried to sign up on Jiangxin with this number, which already "
            "has an account. Log in with a code instead."
        ),
        UNKNOWN_ACCOUNT: _(
            "Someone asked for a Jiangxin login code for this number, which has no "
            "account. Sign up first."
        ),
    }
    return texts[template] % params


class SmsError(Exception):
    """The provider refused or could not be reached; the message was not sent."""


@dataclass
class Sms:
    phone: str
    template: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return message_text(self.template, self.params)


class SmsBackend:
    """Sends one message; subclasses implement ``send``."""

    def send(self, message: Sms) -> None:
        raise NotImplementedError


class ConsoleBackend(SmsBackend):
    """Prints the message (and so the code) where the server runs."""

    def send(self, message: Sms) -> None:
        sys.stdout.write(
            f"[SMS to {mask_phone(message.phone.removeprefix('+86'))}] {message.text}\n"
        )
        sys.stdout.flush()


outbox: list[Sms] = []


class MemoryBackend(SmsBackend):
    """Keeps messages in ``lms.sms.outbox``, like Django's locmem mail backend."""

    def send(self, message: Sms) -> None:
        outbox.append(message)


def _quote(text: str) -> str:
    return urllib.parse.quote(text, safe="~")


def _canonical_query(params: dict[str, str]) -> str:
    return "&".join(f"{_quote(k)}={_quote(v)}" for k, v in sorted(params.items()))


def rpc_signature(secret: str, params: dict[str, str], method: str = "GET") -> str:
    """Alibaba Cloud's RPC signature (version 1.0, HMAC-SHA1) of a request."""
    to_sign = f"{method}&{_quote('/')}&{_quote(_canonical_query(params))}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunBackend(SmsBackend):
    """Alibaba Cloud SMS, action SendSms of API 2017-05-25 over HTTPS, signed as its
    RPC API wants (HMAC-SHA1); no SDK. Settings: ``SMS_ALIYUN_ACCESS_KEY_ID``,
    ``SMS_ALIYUN_ACCESS_KEY_SECRET``, ``SMS_SIGN_NAME``, ``SMS_TEMPLATES`` (our
    template name → the approved template code) and ``SMS_ALIYUN_ENDPOINT``."""

    def __init__(self) -> None:
        self.key_id = settings.SMS_ALIYUN_ACCESS_KEY_ID
        self.secret = settings.SMS_ALIYUN_ACCESS_KEY_SECRET
        self.sign_name = settings.SMS_SIGN_NAME
        self.templates = settings.SMS_TEMPLATES
        self.endpoint = settings.SMS_ALIYUN_ENDPOINT
        if not (self.key_id and self.secret and self.sign_name):
            raise ImproperlyConfigured(
                "AliyunBackend needs SMS_ALIYUN_ACCESS_KEY_ID, "
                "SMS_ALIYUN_ACCESS_KEY_SECRET and SMS_SIGN_NAME."
            )

    def signed_query(self, params: dict[str, str]) -> str:
        params = {
            "AccessKeyId": self.key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "RegionId": "cn-hangzhou",
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "Timestamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
            **params,
        }
        signature = rpc_signature(self.secret, params)
        return f"Signature={_quote(signature)}&{_canonical_query(params)}"

    def send(self, message: Sms) -> None:
        template_code = self.templates.get(message.template)
        if not template_code and message.template != VERIFICATION_CODE:
            # The two notices are optional: without an approved template, none.
            logger.warning("No SMS template for %s: not sent", message.template)
            return
        if not template_code:
            raise ImproperlyConfigured(
                "SMS_TEMPLATE_VERIFICATION_CODE is needed to send codes."
            )
        query = self.signed_query(
            {
                "PhoneNumbers": message.phone.removeprefix("+86"),
                "SignName": self.sign_name,
                "TemplateCode": template_code,
                "TemplateParam": json.dumps(message.params, ensure_ascii=False),
            }
        )
        url = f"{self.endpoint.rstrip('/')}/?{query}"
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                answer = json.loads(response.read() or b"{}")
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            raise SmsError(str(error)) from error
        if answer.get("Code") != "OK":
            raise SmsError(f"{answer.get('Code')}: {answer.get('Message')}")


def send(*, phone: str, template: str, params: dict[str, str] | None = None) -> None:
    """Send one message through the configured backend, logging the number masked."""
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(Sms(phone=phone, template=template, params=params or {}))
    logger.info("SMS %s sent to %s", template, mask_phone(phone.removeprefix("+86")))


def _wait_message(seconds: int) -> str:
    if seconds > 3600:
        hours = -(-seconds // 3600)
        return ngettext(
            "Too many codes were asked for. Please try again in %(count)d hour.",
            "Too many codes were asked for. Please try again in %(count)d hours.",
            hours,
        ) % {"count": hours}
    if seconds > 60:
        minutes = -(-seconds // 60)
        return ngettext(
            "Too many codes were asked for. Please try again in %(count)d minute.",
            "Too many codes were asked for. Please try again in %(count)d minutes.",
            minutes,
        ) % {"count": minutes}
    return ngettext(
        "A code was sent a moment ago. Please wait %(count)d second before asking "
        "for another.",
        "A code was sent a moment ago. Please wait %(count)d seconds before asking "
        "for another.",
        seconds,
    ) % {"count": seconds}


def consume_send_quota(*, phone: str, client_ip: str) -> None:
    """Count one message to ``phone`` asked from ``client_ip``, or refuse it with a
    ValidationError that says how long to wait. The limits are
    ``settings.SMS_SEND_LIMITS`` (per number and per client address: how many in how
    many seconds); they are counted in the cache all web processes share."""
    now = time.time()
    buckets = []
    for scope, subject in (("number", phone), ("ip", client_ip)):
        # The number is hashed in the key, so the cache holds no phone number.
        subject_key = hashlib.sha256(f"{scope}:{subject}".encode()).hexdigest()[:32]
        for amount, seconds in settings.SMS_SEND_LIMITS[scope]:
            key = f"sms-quota:{scope}:{seconds}:{subject_key}"
            history = [t for t in cache.get(key, []) if t > now - seconds]
            if len(history) >= amount:
                wait = math.ceil(min(history) + seconds - now)
                logger.warning(
                    "SMS send limit reached for %s (%s)",
                    mask_phone(phone.removeprefix("+86"))
                    if scope == "number"
                    else client_ip,
                    scope,
                )
                raise ValidationError(_wait_message(wait), code="sms_quota")
            buckets.append((key, history, seconds))
    for key, history, seconds in buckets:
        cache.set(key, [*history, now], seconds)
