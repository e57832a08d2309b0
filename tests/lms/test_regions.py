import pytest
from django.core.management import CommandError, call_command

from lms.models import Region
from lms.scoping import region_prefix

pytestmark = pytest.mark.django_db


def test_all_34_provincial_divisions_are_shipped():
    provinces = Region.objects.filter(level=Region.Level.PROVINCE)
    assert provinces.count() == 34
    assert set(provinces.values_list("code", flat=True)) >= {
        "110000",
        "510000",
        "820000",
    }


def test_sichuan_and_guizhou_are_shipped_down_to_counties():
    jinjiang = Region.objects.get(code="510104")
    assert jinjiang.name == "锦江区"
    assert jinjiang.parent.code == "510100"
    assert jinjiang.parent.parent.code == "510000"
    assert Region.objects.within("520000").filter(level="county").count() > 80
    assert Region.objects.within("510000").filter(level="prefecture").count() == 21


@pytest.mark.parametrize(
    ("code", "prefix"), [("510000", "51"), ("510100", "5101"), ("510104", "510104")]
)
def test_region_prefix_is_the_significant_part_of_the_code(code, prefix):
    assert region_prefix(code) == prefix


def test_import_command_creates_updates_and_reports(tmp_path, capsys):
    csv_file = tmp_path / "codes.csv"
    csv_file.write_text(
        "code,name,name_en,retired\n"
        "130000,河北省,Hebei,\n"
        "130100,石家庄市,Shijiazhuang,\n"
        "130102,长安区,Chang'an District,\n"
        "510122,双流县,Shuangliu County,true\n",
        encoding="utf-8",
    )
    call_command("import_regions", str(csv_file))
    assert "3 created" in capsys.readouterr().out
    changan = Region.objects.get(code="130102")
    assert changan.parent_id == "130100"
    assert changan.level == Region.Level.COUNTY
    assert Region.objects.get(code="510122").retired

    call_command("import_regions", str(csv_file))
    assert "0 created, 0 updated, 4 unchanged" in capsys.readouterr().out


def test_import_with_bad_rows_imports_nothing_and_lists_them(tmp_path, capsys):
    csv_file = tmp_path / "codes.csv"
    csv_file.write_text(
        "code,name\n130200,唐山市\n99,坏\n130203,\n130200,重复\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="3 bad rows"):
        call_command("import_regions", str(csv_file))
    errors = capsys.readouterr().err
    assert "row 3" in errors and "row 4" in errors and "row 5" in errors
    assert not Region.objects.filter(code="130200").exists()


def test_import_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_regions", str(tmp_path / "missing.csv"))
