"""Importing the population lists (脱贫人口, 防返贫监测对象): rows become status
periods with the import as their source, all or nothing, and every kind of bad
row is named in the report."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from lms.models import Person, PopulationImport, Region, StatusGroup, StatusPeriod
from lms.population import Kind
from lms.roles import Role
from lms.services import import_population_list
from tests import factories
from tests.lms.population_helpers import csv_file, row, xlsx_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def rural():
    return factories.officer("510104", Role.RURAL_OFFICER)


def run(upload, user):
    return import_population_list(file=upload, file_name=upload.name, by=user)


def kinds(report):
    return [(problem.row, problem.kind) for problem in report.problems]


def nothing_written():
    return (
        not PopulationImport.objects.exists()
        and not StatusPeriod.objects.exists()
        and not Person.objects.exists()
    )


def test_a_csv_list_becomes_status_periods_with_the_import_as_their_source(rural):
    first, second = factories.id_number(), factories.id_number()
    report = run(
        csv_file(
            [
                row(first, "李秀英", "脱贫人口", "2020-12-31"),
                row(second, "张建国", "防返贫监测对象", "2023/4/1", "2024年12月31日"),
            ]
        ),
        rural,
    )
    assert report.ok, report.problems
    periods = StatusPeriod.objects.order_by("starts_on")
    assert [(p.group, p.starts_on, p.ends_on) for p in periods] == [
        (StatusGroup.POVERTY_ALLEVIATED, dt.date(2020, 12, 31), None),
        (StatusGroup.MONITORING_TARGET, dt.date(2023, 4, 1), dt.date(2024, 12, 31)),
    ]
    record = PopulationImport.objects.get()
    assert {p.source for p in periods} == {record}
    assert {p.recorded_by for p in periods} == {rural}
    assert (record.rows, record.people_created, record.periods_created) == (2, 2, 2)
    assert record.file_name == "名单.csv"
    assert record.imported_by == rural
    assert record.region_id == "510104"


def test_an_xlsx_list_with_date_cells_is_imported(rural):
    report = run(
        xlsx_file([row(factories.id_number(), starts="2022-03-01", ends="2025-02-28")]),
        rural,
    )
    assert report.ok, report.problems
    period = StatusPeriod.objects.get()
    assert (period.starts_on, period.ends_on) == (
        dt.date(2022, 3, 1),
        dt.date(2025, 2, 28),
    )


def test_a_gb18030_csv_from_excel_is_read(rural):
    report = run(csv_file([row(factories.id_number())], encoding="gb18030"), rural)
    assert report.ok, report.problems
    assert StatusPeriod.objects.get().person.real_name == "李秀英"


def test_the_uploaded_file_is_kept_with_the_import(rural):
    run(csv_file([row(factories.id_number())]), rural)
    record = PopulationImport.objects.get()
    assert record.file.name.startswith("population-lists/")
    with record.file.open("rb") as handle:
        assert "身份证号码".encode() in handle.read()


def test_a_new_person_lives_in_the_id_numbers_county_and_has_no_account(rural):
    number = factories.id_number(region="510104")
    run(csv_file([row(number, "王桂芳")]), rural)
    person = Person.objects.with_id_number(number).get()
    assert person.real_name == "王桂芳"
    assert person.household_region_id == "510104"
    assert person.user is None


def test_a_person_on_record_gets_the_period_and_is_not_doubled(rural):
    person = factories.person(name="李秀英")
    person.household_region = Region.objects.get(code="510104")
    person.save()
    account_holder = person.user
    report = run(csv_file([row(person.id_number, "李秀英")]), rural)
    assert report.ok, report.problems
    assert Person.objects.count() == 1
    assert StatusPeriod.objects.get().person == person
    person.refresh_from_db()
    assert person.user == account_holder
    assert report.record.people_created == 0


def test_a_file_with_one_bad_row_writes_nothing(rural):
    good = [row(factories.id_number()) for _ in range(3)]
    bad = row("510104198001011234")  # wrong check character
    report = run(csv_file([*good, bad]), rural)
    assert not report.ok
    assert kinds(report) == [(5, Kind.ID_NUMBER)]
    assert nothing_written()
    assert not ModelLogEntry.objects.filter(action="lms.population.import").exists()


def test_the_period_is_checked_against_those_on_record(rural):
    person = factories.person(name="李秀英")
    Person.objects.filter(pk=person.pk).update(household_region_id="510104")
    StatusPeriod.objects.create(
        person=person,
        group=StatusGroup.POVERTY_ALLEVIATED,
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2021, 6, 30),
    )
    report = run(
        csv_file(
            [
                row(person.id_number, starts="2021-06-30", ends="2021-06-30"),
                row(person.id_number, group="防返贫监测对象", starts="2021-06-30"),
                row(person.id_number, starts="2021-07-01", ends="2021-12-31"),
            ]
        ),
        rural,
    )
    assert kinds(report) == [(2, Kind.OVERLAP)]
    assert "2020-01-01 – 2021-06-30" in report.problems[0].message
    assert StatusPeriod.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (lambda: row("51010419800101"), Kind.ID_NUMBER),
        (lambda: row(factories.id_number(), name=""), Kind.NAME),
        (lambda: row(factories.id_number(), group="低保户"), Kind.GROUP),
        (lambda: row(factories.id_number(), starts="2024-13-01"), Kind.DATES),
        (lambda: row(factories.id_number(), starts=""), Kind.DATES),
        (
            lambda: row(factories.id_number(), starts="2024-05-01", ends="2024-04-30"),
            Kind.DATES,
        ),
        (lambda: row(factories.id_number(), starts="2999-01-01"), Kind.DATES),
        (lambda: row(factories.id_number(region="519999")), Kind.REGION),
        (lambda: row(factories.id_number(region="520102")), Kind.OUTSIDE),
    ],
    ids=[
        "bad id number",
        "no name",
        "unknown group",
        "impossible date",
        "no start date",
        "ends before it starts",
        "starts in the future",
        "unknown region",
        "outside the region",
    ],
)
def test_each_kind_of_bad_row_is_named(rural, values, kind):
    report = run(csv_file([row(factories.id_number()), values()]), rural)
    assert kinds(report) == [(3, kind)]
    assert report.problems[0].message
    assert nothing_written()


def test_a_repeated_row_and_an_overlap_inside_the_file_are_named(rural):
    number = factories.id_number()
    report = run(
        csv_file(
            [
                row(number, starts="2021-01-01", ends="2021-12-31"),
                row(number, starts="2021-01-01", ends="2021-12-31"),
                row(number, starts="2021-06-01"),
                row(number, group="防返贫监测对象", starts="2021-06-01"),
            ]
        ),
        rural,
    )
    assert kinds(report) == [(3, Kind.DUPLICATE), (4, Kind.OVERLAP)]
    assert "row 2" in report.problems[0].message


def test_a_known_number_under_another_name_is_refused(rural):
    person = factories.person(name="李秀英")
    report = run(csv_file([row(person.id_number, "李秀")]), rural)
    assert kinds(report) == [(2, Kind.NAME)]


def test_a_region_column_places_a_person_whose_number_names_no_known_county(rural):
    number = factories.id_number(region="519999")
    upload = csv_file(
        [[*row(number), "510104"]],
        headings=[
            "身份证号码",
            "姓名",
            "人群类别",
            "开始日期",
            "结束日期",
            "户籍地区代码",
        ],
    )
    report = run(upload, rural)
    assert report.ok, report.problems
    assert Person.objects.get().household_region_id == "510104"


def test_an_unknown_region_code_in_the_region_column_is_named(rural):
    upload = csv_file(
        [[*row(factories.id_number()), "510199"]],
        headings=[
            "身份证号码",
            "姓名",
            "人群类别",
            "开始日期",
            "结束日期",
            "户籍地区代码",
        ],
    )
    assert kinds(run(upload, rural)) == [(2, Kind.REGION)]


def test_an_officer_cannot_import_a_person_of_another_region(rural):
    stranger = factories.person(name="黔学员", region="520102")
    Person.objects.filter(pk=stranger.pk).update(household_region_id="520102")
    report = run(csv_file([row(stranger.id_number, "黔学员")]), rural)
    assert kinds(report) == [(2, Kind.OUTSIDE)]
    assert not StatusPeriod.objects.exists()
    assert not PopulationImport.objects.exists()


def test_a_prefecture_officer_imports_for_its_counties(db):
    officer = factories.officer("510100", Role.RURAL_OFFICER)
    report = run(
        csv_file(
            [
                row(factories.id_number(region="510104")),
                row(factories.id_number(region="510105")),
            ]
        ),
        officer,
    )
    assert report.ok, report.problems
    assert set(Person.objects.values_list("household_region_id", flat=True)) == {
        "510104",
        "510105",
    }


def test_the_import_is_audit_logged(rural):
    report = run(csv_file([row(factories.id_number())]), rural)
    entry = ModelLogEntry.objects.get(action="lms.population.import")
    assert entry.user_id == rural.pk
    assert entry.object_id == str(report.record.pk)
    assert entry.data["periods_created"] == 1


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("list.txt", b"x", "Upload an .xlsx or .csv file"),
        ("list.xlsx", b"not a zip", "not a readable .xlsx"),
        ("list.csv", "姓名\n李秀英\n".encode(), "lacks the column"),
        ("list.csv", b"", "empty"),
    ],
)
def test_an_unreadable_file_is_refused_with_its_reason(rural, name, data, reason):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError, match=reason):
        run(SimpleUploadedFile(name, data), rural)
    assert nothing_written()
