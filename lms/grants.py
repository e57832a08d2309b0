"""What each role may do in the admin: one table, applied after every migrate.

Each role is a Django group (`lms.roles.Role`); ``ROLE_PERMISSIONS`` lists the model
permissions its group holds, as ``"app_label.codename"`` strings, so this module names
no app and imports none. ``apply_role_grants`` makes every role group hold exactly
these permissions; `lms.apps` runs it on ``post_migrate``, so a fresh database (and a
test database) gets it, and running it again changes nothing. Granting a new
permission to a role is one line here.

The data migrations that granted permissions before this table existed are history:
they still run on a fresh database, and this table then has the last word. Rights on
page subtrees and collections (Wagtail's ``GroupPagePermission`` and
``GroupCollectionPermission``) belong to rows such as an institution's pages and stay
with the services and migrations that create those rows.

What each role then sees is cut down to its region or institution by `lms.scoping`.
"""

from django.db import transaction

from lms.roles import Role

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.TRAINEE: (),
    Role.INSTRUCTOR: (
        "attendance.view_attendance",
        "certificates.view_certificate",
        "lms.view_institution",
        "media.add_videoasset",
        "media.change_videoasset",
        "media.view_videoasset",
        "practical.add_assessment",
        "practical.add_rubric",
        "practical.change_assessment",
        "practical.change_rubric",
        "practical.change_submission",
        "practical.view_assessment",
        "practical.view_assessmentresult",
        "practical.view_rubric",
        "practical.view_submission",
        "quizzes.add_question",
        "quizzes.add_quiz",
        "quizzes.change_question",
        "quizzes.change_quiz",
        "quizzes.delete_question",
        "quizzes.delete_quiz",
        "quizzes.view_attempt",
        "quizzes.view_question",
        "quizzes.view_quiz",
        "trainees.add_enrolment",
        "trainees.change_enrolment",
        "trainees.view_enrolment",
        "wagtailadmin.access_admin",
    ),
    Role.INSTITUTION_ADMIN: (
        "attendance.view_attendance",
        "certificates.add_certificate",
        "certificates.change_certificate",
        "certificates.view_certificate",
        "lms.change_institution",
        "lms.view_institution",
        "media.add_videoasset",
        "media.change_videoasset",
        "media.view_videoasset",
        "practical.add_assessment",
        "practical.add_rubric",
        "practical.change_assessment",
        "practical.change_rubric",
        "practical.change_submission",
        "practical.view_assessment",
        "practical.view_assessmentresult",
        "practical.view_rubric",
        "practical.view_submission",
        "quizzes.add_question",
        "quizzes.add_quiz",
        "quizzes.change_question",
        "quizzes.change_quiz",
        "quizzes.delete_question",
        "quizzes.delete_quiz",
        "quizzes.view_attempt",
        "quizzes.view_question",
        "quizzes.view_quiz",
        "subsidies.add_claim",
        "subsidies.view_claim",
        "subsidies.view_policy",
        "trainees.add_enrolment",
        "trainees.change_enrolment",
        "trainees.view_enrolment",
        "wagtailadmin.access_admin",
    ),
    Role.WORKSHOP_LEADER: (),
    Role.JUDGE: ("wagtailadmin.access_admin",),
    Role.HR_OFFICER: (
        "attendance.view_attendance",
        "certificates.add_certificate",
        "certificates.view_certificate",
        "competitions.add_competition",
        "competitions.add_criterion",
        "competitions.add_declaredrelation",
        "competitions.add_entry",
        "competitions.add_judgeassignment",
        "competitions.change_competition",
        "competitions.change_criterion",
        "competitions.change_declaredrelation",
        "competitions.change_entry",
        "competitions.change_judgeassignment",
        "competitions.delete_criterion",
        "competitions.delete_declaredrelation",
        "competitions.delete_judgeassignment",
        "competitions.view_award",
        "competitions.view_competition",
        "competitions.view_criterion",
        "competitions.view_declaredrelation",
        "competitions.view_entry",
        "competitions.view_judgeassignment",
        "competitions.view_promotion",
        "competitions.view_result",
        "inheritors.add_apprenticeship",
        "inheritors.add_leadersupport",
        "inheritors.add_masterstudio",
        "inheritors.add_studiograntscheme",
        "inheritors.change_apprenticeship",
        "inheritors.change_leadersupport",
        "inheritors.change_masterstudio",
        "inheritors.change_studiograntscheme",
        "inheritors.view_apprenticeship",
        "inheritors.view_ichitem",
        "inheritors.view_inheritor",
        "inheritors.view_leadersupport",
        "inheritors.view_masterstudio",
        "inheritors.view_studiograntscheme",
        "inheritors.view_workshop",
        "inheritors.view_workshopemployee",
        "inheritors.view_workshopemployment",
        "inheritors.view_workshopleader",
        "inheritors.view_workshopproduct",
        "lms.add_person",
        "lms.add_statusperiod",
        "lms.change_person",
        "lms.change_statusperiod",
        "lms.change_institution",  # its name, credit code and region
        "lms.view_institution",
        "lms.view_person",
        "lms.view_region",
        "lms.view_statusperiod",
        "media.view_videoasset",
        "practical.view_assessment",
        "practical.view_assessmentresult",
        "practical.view_rubric",
        "practical.view_submission",
        "quizzes.view_attempt",
        "quizzes.view_question",
        "quizzes.view_quiz",
        "reporting.view_statisticsreport",
        "subsidies.add_calendarday",
        "subsidies.add_policy",
        "subsidies.add_regionrules",
        "subsidies.change_calendarday",
        "subsidies.change_claim",
        "subsidies.change_policy",
        "subsidies.change_regionrules",
        "subsidies.delete_calendarday",
        "subsidies.view_calendarday",
        "subsidies.view_claim",
        "subsidies.view_claimevent",
        "subsidies.view_policy",
        "subsidies.view_regionrules",
        "trainees.view_enrolment",
        "wagtailadmin.access_admin",
    ),
    Role.CULTURE_OFFICER: (
        "attendance.view_attendance",
        "certificates.view_certificate",
        "competitions.add_competition",
        "competitions.add_criterion",
        "competitions.add_declaredrelation",
        "competitions.add_entry",
        "competitions.add_judgeassignment",
        "competitions.change_competition",
        "competitions.change_criterion",
        "competitions.change_declaredrelation",
        "competitions.change_entry",
        "competitions.change_judgeassignment",
        "competitions.delete_criterion",
        "competitions.delete_declaredrelation",
        "competitions.delete_judgeassignment",
        "competitions.view_award",
        "competitions.view_competition",
        "competitions.view_criterion",
        "competitions.view_declaredrelation",
        "competitions.view_entry",
        "competitions.view_judgeassignment",
        "competitions.view_promotion",
        "competitions.view_result",
        "inheritors.add_ichitem",
        "inheritors.add_ichlisting",
        "inheritors.add_inheritor",
        "inheritors.add_inheritorassessment",
        "inheritors.add_transmissionsubsidy",
        "inheritors.add_workshop",
        "inheritors.add_workshopemployee",
        "inheritors.add_workshopemployment",
        "inheritors.add_workshopleader",
        "inheritors.add_workshopproduct",
        "inheritors.change_ichitem",
        "inheritors.change_ichlisting",
        "inheritors.change_inheritor",
        "inheritors.change_inheritorassessment",
        "inheritors.change_transmissionsubsidy",
        "inheritors.change_workshop",
        "inheritors.change_workshopemployee",
        "inheritors.change_workshopemployment",
        "inheritors.change_workshopleader",
        "inheritors.change_workshopproduct",
        "inheritors.delete_ichlisting",
        "inheritors.delete_workshopproduct",
        "inheritors.view_apprenticeship",
        "inheritors.view_ichitem",
        "inheritors.view_ichlisting",
        "inheritors.view_inheritor",
        "inheritors.view_inheritorassessment",
        "inheritors.view_leadersupport",
        "inheritors.view_masterstudio",
        "inheritors.view_studiograntscheme",
        "inheritors.view_transmissionsubsidy",
        "inheritors.view_workshop",
        "inheritors.view_workshopemployee",
        "inheritors.view_workshopemployment",
        "inheritors.view_workshopleader",
        "inheritors.view_workshopproduct",
        "lms.add_person",
        "lms.add_statusperiod",
        "lms.change_person",
        "lms.change_institution",  # its name, credit code and region
        "lms.view_institution",
        "lms.view_person",
        "lms.view_region",
        "lms.view_statusperiod",
        "media.view_videoasset",
        "practical.view_assessment",
        "practical.view_assessmentresult",
        "practical.view_rubric",
        "practical.view_submission",
        "quizzes.view_attempt",
        "quizzes.view_question",
        "quizzes.view_quiz",
        "reporting.add_statisticsreport",
        "reporting.change_statisticsreport",
        "reporting.decide_statisticsreport",
        "reporting.view_statisticsreport",
        "subsidies.view_policy",
        "trainees.view_enrolment",
        "wagtailadmin.access_admin",
    ),
    # 乡村振兴部门: the population lists and the county project library (项目库).
    Role.RURAL_OFFICER: (
        "inheritors.enter_project_library",
        "inheritors.view_ichitem",
        "inheritors.view_workshop",
        "inheritors.view_workshopemployee",
        "inheritors.view_workshopemployment",
        "inheritors.view_workshopleader",
        "lms.add_populationimport",
        "lms.view_person",
        "lms.view_populationimport",
        "lms.view_region",
        "lms.view_statusperiod",
        # The statistics reports of their region, as HR reads them (the notice's
        # "inform the departments at the same level").
        "reporting.view_statisticsreport",
        "wagtailadmin.access_admin",
    ),
}


def apply_role_grants(*, using: str = "default") -> None:
    """Create the role groups that are missing and give each exactly the permissions of
    ``ROLE_PERMISSIONS``: missing ones are added, others removed. Idempotent.

    Raises ``LookupError`` naming a permission of the table that does not exist, so a
    typo fails the migrate rather than silently granting less.
    """
    from django.contrib.auth.models import Group, Permission

    wanted = {code for codes in ROLE_PERMISSIONS.values() for code in codes}
    known = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    missing = sorted(wanted - known.keys())
    if missing:
        raise LookupError(f"lms.grants names permissions that do not exist: {missing}")

    with transaction.atomic(using=using):
        for role, codes in ROLE_PERMISSIONS.items():
            group, _ = Group.objects.using(using).get_or_create(name=role.value)
            group.permissions.set([known[code] for code in codes])
