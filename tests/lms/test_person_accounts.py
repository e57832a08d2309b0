"""A person on record is linked to an account only by staff who checked who they
are (audit-logged), never by registering them again."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from lms.models import Person
from lms.services import link_person_account, register_own_person, register_person
from tests import factories

pytestmark = pytest.mark.django_db


def test_registering_a_known_person_again_does_not_link_an_account():
    known = factories.person("张三")
    register_person(
        real_name="张三", id_number=known.id_number, user=factories.trainee()
    )
    known.refresh_from_db()
    assert known.user is None


def test_a_sign_up_naming_a_known_person_is_refused_and_creates_nothing():
    known = factories.person("张三")
    user = factories.trainee()
    with pytest.raises(ValidationError) as refused:
        register_own_person(user=user, real_name="张三", id_number=known.id_number)
    assert refused.value.code == "refused"
    known.refresh_from_db()
    assert known.user is None
    assert Person.objects.count() == 1


def test_staff_link_a_person_to_an_account_with_an_audit_entry():
    known = factories.person("张三")
    account = factories.trainee()
    officer = factories.officer("510104")
    link_person_account(person=known, account=account, by=officer)
    known.refresh_from_db()
    assert known.user == account
    entry = ModelLogEntry.objects.get(action="lms.person.link_account")
    assert entry.user == officer
    assert entry.object_id == str(known.pk)
    assert entry.data["account_id"] == account.pk


def test_an_account_of_another_person_is_not_linked_twice():
    account = factories.trainee()
    factories.person("李四", user=account)
    other = factories.person("张三")
    with pytest.raises(ValidationError, match="another person"):
        link_person_account(person=other, account=account, by=None)
