"""Files on an S3-compatible server through django-storages: private objects, served
by short-lived SigV4 URLs. CI points TEST_S3_ENDPOINT_URL at the server it started;
otherwise moto's threaded server runs here."""

import urllib.request
from urllib.parse import parse_qs, urlparse

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages as django_storages

from lms.env import Env, storages

BUCKET = "jiangxin-test"


@pytest.fixture
def s3_settings(settings, s3_endpoint, tmp_path):
    env = Env(
        {
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_QUERYSTRING_EXPIRE": "300",
        }
    )
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    try:
        client.create_bucket(Bucket=BUCKET)
    except client.exceptions.BucketAlreadyOwnedByYou:
        pass
    settings.STORAGES = storages(
        env,
        media_root=tmp_path,
        static_storage="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    django_storages._storages = {}
    yield client
    django_storages._storages = {}


def test_an_upload_lands_in_the_private_bucket(s3_settings):
    storage = django_storages["default"]
    name = storage.save("certificates/张三.txt", ContentFile("匠心".encode()))
    listed = s3_settings.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert name in {item["Key"] for item in listed}
    acl = s3_settings.get_object_acl(Bucket=BUCKET, Key=name)
    public = [g for g in acl["Grants"] if "AllUsers" in str(g["Grantee"])]
    assert public == []


def test_files_are_served_by_short_lived_signed_urls(s3_settings):
    storage = django_storages["default"]
    name = storage.save("videos/lesson.txt", ContentFile(b"segment"))
    url = storage.url(name)
    query = parse_qs(urlparse(url).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == ["300"]
    assert "X-Amz-Signature" in query
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == b"segment"


def test_saving_twice_keeps_both_files(s3_settings):
    storage = django_storages["default"]
    first = storage.save("docs/a.txt", ContentFile(b"1"))
    second = storage.save("docs/a.txt", ContentFile(b"2"))
    assert first != second
    assert storage.open(first).read() == b"1"
