"""Demo data: a trainee on the demo institution's roster by mobile number only, who
has not signed up yet. Signing up with the number (the code is printed in the
terminal of ``make run``) finds the distance course waiting."""

from courses import demo as courses_demo
from courses.models import CoursePage
from lms.models import User
from trainees.services import add_to_cohort_by_mobile

ROSTER_MOBILE = "13900139000"
STAFF_EMAIL = "school@jiangxin.local"


def load_demo() -> int:
    school = User.objects.filter(email=STAFF_EMAIL).first()
    course = CoursePage.objects.filter(title=courses_demo.DISTANCE_TITLE).first()
    if school is None or course is None:
        return 0  # the project's demo (lms.roof.demo) comes first
    if User.objects.with_phone(ROSTER_MOBILE).exists():
        return 0
    add_to_cohort_by_mobile(course=course, mobile=ROSTER_MOBILE, added_by=school)
    return 1
