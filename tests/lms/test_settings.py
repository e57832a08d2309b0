"""Configuration comes from the environment; production refuses unsafe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lms.env import Env, caches, confirmation_grace, storages

ROOT = Path(__file__).resolve().parents[2]
LONG_KEY = "k3y-" + "x7Qz" * 16
CONTROLLED = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PERSONAL_DATA_KEY",
}
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": LONG_KEY,
    "PERSONAL_DATA_KEY": "pd-" + "Yq9w" * 10,
    "ALLOWED_HOSTS": "example.org",
}


def run(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in CONTROLLED}
    env.update({"DJANGO_SETTINGS_MODULE": "lms.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_the_embedded_secret_key():
    result = run({"DEBUG": "false", "ALLOWED_HOSTS": "jiangxin.example.org"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run(
        {"DEBUG": "0", "SECRET_KEY": "short", "ALLOWED_HOSTS": "example.org"}, "check"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_encrypt_personal_data_with_the_secret_key():
    result = run({**PRODUCTION, "PERSONAL_DATA_KEY": LONG_KEY}, "check")
    assert result.returncode != 0
    assert "PERSONAL_DATA_KEY" in result.stderr


def test_production_refuses_empty_allowed_hosts():
    result = run({**PRODUCTION, "ALLOWED_HOSTS": ""}, "check")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_a_production_environment_passes_the_deployment_checks():
    result = run(
        PRODUCTION,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNING" not in result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_misspelt_boolean_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="DEBUG must be true or false"):
        Env({"DEBUG": "ja"}).bool("DEBUG", True)


def test_lists_and_numbers_are_parsed():
    env = Env({"HOSTS": "a.org, b.org,", "N": "7"})
    assert env.list("HOSTS", []) == ["a.org", "b.org"]
    assert env.int("N", 1) == 7
    with pytest.raises(ValueError, match="whole number"):
        Env({"N": "seven"}).int("N", 1)


def test_the_workshop_confirmation_grace_defaults_to_31_march():
    assert confirmation_grace(Env({})) == {"": (3, 31)}


def test_a_province_sets_its_own_confirmation_grace_or_none():
    env = Env({"WORKSHOP_CONFIRMATION_GRACE": "02-29, 51=01-31, 44=none"})
    assert confirmation_grace(env) == {"": (2, 29), "51": (1, 31), "44": None}


@pytest.mark.parametrize("raw", ["31-03", "5=03-31", "51=march"])
def test_a_malformed_confirmation_grace_is_an_error(raw):
    with pytest.raises(ValueError, match="WORKSHOP_CONFIRMATION_GRACE"):
        confirmation_grace(Env({"WORKSHOP_CONFIRMATION_GRACE": raw}))


def test_media_stays_on_local_disk_without_a_bucket(tmp_path):
    result = storages(Env({}), media_root=tmp_path, static_storage="x")
    assert result["default"]["BACKEND"].endswith("FileSystemStorage")


def test_a_bucket_sends_media_to_s3_with_short_signed_urls(tmp_path):
    env = Env(
        {
            "AWS_STORAGE_BUCKET_NAME": "jiangxin",
            "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
            "AWS_QUERYSTRING_EXPIRE": "120",
        }
    )
    options = storages(env, media_root=tmp_path, static_storage="x")["default"]
    assert options["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["OPTIONS"]["signature_version"] == "s3v4"
    assert options["OPTIONS"]["querystring_expire"] == 120
    assert options["OPTIONS"]["default_acl"] is None


def test_the_cache_is_the_redis_named_by_cache_url():
    env = Env(
        {"CACHE_URL": "redis://cache:6379/1", "CELERY_BROKER_URL": "redis://b:6379/0"}
    )
    default = caches(env)["default"]
    assert default["BACKEND"].endswith("RedisCache")
    assert default["LOCATION"] == "redis://cache:6379/1"


def test_without_cache_url_a_redis_broker_also_holds_the_shared_cache():
    default = caches(Env({"CELERY_BROKER_URL": "redis://b:6379/0"}))["default"]
    assert default["BACKEND"].endswith("RedisCache")
    assert default["LOCATION"] == "redis://b:6379/0"
    assert default["KEY_PREFIX"] == "cache"


def test_one_process_without_redis_keeps_its_cache_in_memory():
    assert caches(Env({}))["default"]["BACKEND"].endswith("LocMemCache")
