"""How allauth creates accounts on Jiangxin."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.models import Group

from lms.roles import Role


class AccountAdapter(DefaultAccountAdapter):
    """Everyone who signs up on the public site is a trainee (学员)."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user.groups.add(Group.objects.get(name=Role.TRAINEE))
        return user
