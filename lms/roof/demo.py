"""Demo data for ``make run``. Like ``urls.py``, this module sits on top of every
app (it registers an institution through ``courses``); no app imports it.

Idempotent: each object is looked up by its natural key first, so a second run
changes nothing.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction

from api import demo as api_demo
from competitions import demo as competitions_demo
from courses import demo as courses_demo
from courses.models import CoursePage
from courses.services import register_institution
from inheritors import demo as inheritors_demo
from lms import demo as lms_demo
from lms.models import Institution, Region, User
from lms.roles import Role
from lms.services import grant_scope
from market import demo as market_demo
from outreach import demo as outreach_demo
from reporting import demo as reporting_demo
from trainees import demo as trainees_demo
from trainees.certificates import demo as certificates_demo
from trainees.evidence.attendance import demo as attendance_demo
from trainees.evidence.practical import demo as practical_demo
from trainees.evidence.quizzes import demo as quizzes_demo
from trainees.services import enrol_trainee
from trainees.subsidies import demo as subsidies_demo

DEMO_PASSWORD = "jiangxin-demo-2026"
DEMO_INSTITUTION = {
    "name": "成都蜀锦蜀绣职业技能培训学校",
    "credit_code": "52510104MJ00000010",
    "region": "510104",
    "address": "成都市锦江区东大街 1 号",
    "contact_name": "王老师",
    "contact_phone": "028-80000000",
    "contact_email": "school@jiangxin.local",
}
DEMO_LOGINS = [
    ("admin@jiangxin.local", "superuser"),
    ("school@jiangxin.local", "Institution admin · 成都蜀锦蜀绣职业技能培训学校"),
    ("county@jiangxin.local", "Culture officer · 510104 锦江区"),
    ("province@jiangxin.local", "HR officer · 51 四川省"),
    ("prefecture@jiangxin.local", "Culture officer · 510100 成都市"),
    ("rural@jiangxin.local", "Rural revitalization officer · 510104 锦江区"),
    ("rural-city@jiangxin.local", "Rural revitalization officer · 5101 成都市"),
    ("trainee@jiangxin.local", "Trainee"),
    ("leader@jiangxin.local", "Workshop leader · 锦江蜀绣非遗工坊"),
    ("judge1@jiangxin.local", "Judge · chief judge of the 蜀绣 contest"),
    ("judge2@jiangxin.local", "Judge"),
    ("judge3@jiangxin.local", "Judge"),
]


def _user(email: str, *, superuser: bool = False) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        username=email.split("@")[0],
        defaults={"email": email, "is_superuser": superuser, "is_staff": superuser},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user, created


@transaction.atomic
def load_demo() -> int:
    """Create the demo institution and one account per role; return how many
    objects were created."""
    created = 0
    institution = Institution.objects.filter(
        credit_code=DEMO_INSTITUTION["credit_code"]
    ).first()
    if institution is None:
        institution = register_institution(
            **{**DEMO_INSTITUTION, "region": Region.objects.get(code="510104")}
        )
        created += 1

    _, new = _user("admin@jiangxin.local", superuser=True)
    created += new
    scoped = [
        ("school@jiangxin.local", Role.INSTITUTION_ADMIN, None, institution),
        ("county@jiangxin.local", Role.CULTURE_OFFICER, "510104", None),
        ("province@jiangxin.local", Role.HR_OFFICER, "510000", None),
        ("rural@jiangxin.local", Role.RURAL_OFFICER, "510104", None),
        ("rural-city@jiangxin.local", Role.RURAL_OFFICER, "510100", None),
    ]
    for email, role, region_code, scoped_institution in scoped:
        user, new = _user(email)
        if new:
            region = Region.objects.get(code=region_code) if region_code else None
            grant_scope(
                user=user, role=role, region=region, institution=scoped_institution
            )
            created += 1
    trainee, new = _user("trainee@jiangxin.local")
    if new:
        trainee.groups.add(Group.objects.get(name=Role.TRAINEE))
        created += 1
    created += lms_demo.load_demo()
    created += courses_demo.load_demo(institution)
    if new:
        distance = CoursePage.objects.get(title=courses_demo.DISTANCE_TITLE)
        enrol_trainee(user=trainee, course=distance)
    created += trainees_demo.load_demo()
    created += quizzes_demo.load_demo()
    created += practical_demo.load_demo()
    created += attendance_demo.load_demo()
    created += certificates_demo.load_demo()
    created += subsidies_demo.load_demo()
    created += inheritors_demo.load_demo()
    created += competitions_demo.load_demo()
    created += market_demo.load_demo()
    created += reporting_demo.load_demo()
    created += outreach_demo.load_demo()
    created += api_demo.load_demo()
    return created
