"""The text-message backends: console, memory and Alibaba Cloud SMS (against a fake
HTTP server); numbers are masked in every log line."""

import json
import logging
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from lms import sms

NUMBER = "+8613800138000"


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def test_the_console_backend_prints_the_code_with_the_number_masked(settings, capsys):
    settings.SMS_BACKEND = "lms.sms.ConsoleBackend"
    sms.send(phone=NUMBER, template=sms.VERIFICATION_CODE, params={"code": "246810"})
    printed = capsys.readouterr().out
    assert "246810" in printed
    assert "138****8000" in printed
    assert "13800138000" not in printed


def test_the_memory_backend_keeps_the_message():
    sms.send(phone=NUMBER, template=sms.VERIFICATION_CODE, params={"code": "135790"})
    [message] = sms.outbox
    assert (message.phone, message.params) == (NUMBER, {"code": "135790"})
    assert "135790" in message.text


def test_log_lines_mask_the_number(caplog):
    with caplog.at_level(logging.INFO, logger="lms.sms"):
        sms.send(phone=NUMBER, template=sms.VERIFICATION_CODE, params={"code": "1"})
    assert "138****8000" in caplog.text
    assert "13800138000" not in caplog.text


def test_the_signature_matches_alibaba_clouds_documented_example():
    params = {
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "Format": "XML",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "SignatureVersion": "1.0",
        "Timestamp": "2016-02-23T12:46:24Z",
        "Version": "2014-05-26",
    }
    assert sms.rpc_signature("testsecret", params) == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


class FakeAliyun(BaseHTTPRequestHandler):
    requests: list[dict[str, str]] = []
    answer = {"Code": "OK", "Message": "OK", "BizId": "1"}

    def do_GET(self):
        query = urllib.parse.urlsplit(self.path).query
        FakeAliyun.requests.append(dict(urllib.parse.parse_qsl(query)))
        body = json.dumps(FakeAliyun.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def aliyun(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeAliyun)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeAliyun.requests = []
    FakeAliyun.answer = {"Code": "OK", "Message": "OK", "BizId": "1"}
    settings.SMS_BACKEND = "lms.sms.AliyunBackend"
    settings.SMS_ALIYUN_ENDPOINT = f"http://127.0.0.1:{server.server_port}"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = "test-key"
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "test-secret"
    settings.SMS_SIGN_NAME = "匠心"
    settings.SMS_TEMPLATES = {sms.VERIFICATION_CODE: "SMS_100001"}
    yield FakeAliyun
    server.shutdown()


def test_the_aliyun_backend_sends_by_template_with_a_valid_signature(aliyun):
    sms.send(phone=NUMBER, template=sms.VERIFICATION_CODE, params={"code": "424242"})
    [query] = aliyun.requests
    assert query["Action"] == "SendSms"
    assert query["PhoneNumbers"] == "13800138000"
    assert query["SignName"] == "匠心"
    assert query["TemplateCode"] == "SMS_100001"
    assert json.loads(query["TemplateParam"]) == {"code": "424242"}
    signature = query.pop("Signature")
    assert sms.rpc_signature("test-secret", query) == signature


def test_a_refusal_of_the_provider_is_an_error(aliyun):
    aliyun.answer = {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "limit"}
    with pytest.raises(sms.SmsError, match="BUSINESS_LIMIT_CONTROL"):
        sms.send(phone=NUMBER, template=sms.VERIFICATION_CODE, params={"code": "1"})


def test_a_notice_without_an_approved_template_is_not_sent(aliyun):
    sms.send(phone=NUMBER, template=sms.ACCOUNT_EXISTS)
    assert aliyun.requests == []


def test_codes_without_an_approved_template_are_a_configuration_error(aliyun, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.SMS_TEMPLATES = {}
    with pytest.raises(ImproperlyConfigured):
        sms.send(phone=NUMBER, template=sms.VERIFICATION_CODE, params={"code": "1"})
