import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from courses.services import register_institution
from lms.models import Institution, Region, User
from lms.roles import Role
from lms.services import grant_scope
from lms.validators import credit_code_check_character

PASSWORD = "a-long-test-password-1"


def credit_code(n: int, region: str = "510104") -> str:
    """A valid unified social credit code for the n-th test institution."""
    first17 = f"52{region}MJ{n:07d}"
    return first17 + credit_code_check_character(first17)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(
                user=self, email=self.email, verified=True, primary=True
            )


def trainee(**kwargs) -> User:
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=Role.TRAINEE))
    return user


def officer(region_code: str, role: Role = Role.CULTURE_OFFICER, **kwargs) -> User:
    user = UserFactory(**kwargs)
    grant_scope(user=user, role=role, region=Region.objects.get(code=region_code))
    return user


def institution_staff(
    institution: Institution, role: Role = Role.INSTITUTION_ADMIN, **kwargs
) -> User:
    user = UserFactory(**kwargs)
    grant_scope(user=user, role=role, institution=institution)
    return user


_institution_numbers = iter(range(1, 10_000_000))


def institution(region_code: str = "510104", name: str | None = None) -> Institution:
    n = next(_institution_numbers)
    return register_institution(
        name=name or f"测试培训学校{n}",
        credit_code=credit_code(n, region_code),
        region=Region.objects.get(code=region_code),
    )
