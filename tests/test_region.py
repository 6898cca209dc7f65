"""policytext.region: GB/T 2260 gazetteer and jurisdiction resolution."""
from __future__ import annotations

import importlib.util
import json

import pytest

from policytext import region as R
from policytext.region import find_mentions, find_region, gazetteer, lookup, short_names

from .conftest import ROOT


def _codes(name: str) -> list[str]:
    return [e.code for e in lookup(name)]


@pytest.mark.parametrize(("name", "official", "level", "province"), [
    ("河北省", "河北省", "province", "河北省"),
    ("河北", "河北省", "province", "河北省"),
    ("邯郸", "邯郸市", "city", "河北省"),
    ("辽阳县", "辽阳县", "county", "辽宁省"),
    ("紫云自治县", "紫云苗族布依族自治县", "county", "贵州省"),
    ("紫云县", "紫云苗族布依族自治县", "county", "贵州省"),
    ("宁夏", "宁夏回族自治区", "province", "宁夏回族自治区"),
    ("内蒙古", "内蒙古自治区", "province", "内蒙古自治区"),
    ("新疆", "新疆维吾尔自治区", "province", "新疆维吾尔自治区"),
    ("湘西州", "湘西土家族苗族自治州", "city", "湖南省"),
    ("黔东南州", "黔东南苗族侗族自治州", "city", "贵州省"),
    ("和布克赛尔自治县", "和布克赛尔蒙古自治县", "county", "新疆维吾尔自治区"),
    ("阿拉善", "阿拉善盟", "city", "内蒙古自治区"),
    ("沙坡头区", "沙坡头区", "district", "宁夏回族自治区"),
    ("北京市", "北京市", "province", "北京市"),
    ("济源市", "济源市", "county", "河南省"),
    ("神农架林区", "神农架林区", "county", "湖北省"),
])
def test_lookup_names_levels_provinces(name, official, level, province):
    entries = lookup(name)
    assert entries, name
    e = entries[0]
    assert (e.name, e.level, e.province) == (official, level, province)
    assert len(e.code) == 6 and e.code.isdigit()


def test_codes_and_parents():
    (zy,) = lookup("紫云自治县")
    assert zy.code == "520425" and zy.city == "安顺市" and zy.province_code == "520000"
    (cy,) = [e for e in lookup("朝阳区") if e.province == "北京市"]
    assert cy.city == "北京市" and cy.level == "district"
    assert {e.province for e in lookup("城关区")} == {"甘肃省", "西藏自治区"}


def test_ordinary_counties_have_no_bare_short_form():
    assert _codes("辽阳") == ["211000"]  # the city only, never 辽阳县
    assert lookup("中宁") == []


def test_short_names_are_derived_generally():
    nations = ("彝族", "回族", "苗族", "布依族", "蒙古", "哈萨克")
    assert short_names("某山彝族回族自治县", "county", nations) == ("某山自治县", "某山县")
    assert short_names("某原蒙古自治旗", "county", nations) == ("某原自治旗", "某原旗")
    assert short_names("某江苗族布依族自治州", "city", nations) == ("某江自治州", "某江州", "某江")
    assert short_names("某水市", "city", nations) == ("某水",)
    assert short_names("某水县", "county", nations) == ()


def test_table_loaded_once():
    assert gazetteer() is gazetteer()
    assert len(gazetteer().entries) > 3000


def test_mentions_prefer_full_names_over_overlapping_short_ones():
    ms = find_mentions("推广西宁市经验")
    assert [m.surface for m in ms] == ["西宁市"]


@pytest.mark.parametrize(("issuer", "name", "level", "province"), [
    (["邯郸市教育局"], "邯郸市", "city", "河北省"),
    (["青海省教育厅办公室"], "青海省", "province", "青海省"),
    (["辽阳县人民政府"], "辽阳县", "county", "辽宁省"),
    (["兰州市城关区教育局"], "城关区", "district", "甘肃省"),
    (["宁夏回族自治区教育厅"], "宁夏回族自治区", "province", "宁夏回族自治区"),
])
def test_region_from_issuer(issuer, name, level, province):
    r = find_region("正文提到北京市和上海市。", issuer=issuer, title=None)
    assert (r.name, r.level, r.province) == (name, level, province)


def test_region_from_title_prefix_then_title():
    r = find_region("", issuer=[], title="青海省教育厅关于推广西宁市集团化办学经验的通知")
    assert r.name == "青海省"
    r = find_region("", issuer=[], title="关于印发《辽阳县协作化办学发展规划》的通知")
    assert (r.name, r.level) == ("辽阳县", "county")
    r = find_region("", title="紫云自治县实施学区制管理破解教育失衡")
    assert (r.name, r.level, r.province, r.code) == ("紫云自治县", "county", "贵州省", "520425")


def test_sibling_counties_resolve_to_their_city():
    text = "为贯彻自治区教育工作会议精神，沙坡头区、中宁县、海原县要加快推进均衡发展。"
    r = find_region(text)
    assert (r.name, r.level, r.province, r.code) == ("中卫市", "city", "宁夏回族自治区", "640500")


def test_single_county_with_county_hint_stays_county():
    r = find_region("全县各学校要落实。海原县教育局负责。")
    assert (r.name, r.level) == ("海原县", "county")


@pytest.mark.parametrize(("text", "province"), [
    ("甘肃省兰州市教育工作会议要求，城关区要先行先试。", "甘肃省"),
    ("西藏自治区拉萨市召开会议，城关区作交流发言。", "西藏自治区"),
])
def test_ambiguous_district_resolved_by_co_mentions(text, province):
    r = find_region("城关区教育局通知：" + text, issuer=["城关区教育局"])
    assert (r.name, r.province) == ("城关区", province)


def test_short_name_without_suffix_reported_as_official_name():
    r = find_region("宁夏各地要加快推进。宁夏教育厅要加强指导。我区各学校要落实。")
    assert (r.name, r.level) == ("宁夏回族自治区", "province")


def test_national_documents_have_no_region():
    assert find_region("新华社北京7月8日电 近日，中共中央、国务院印发意见。", issuer=["中共中央", "国务院"]) is None
    assert find_region("这是一段没有地名的文字。") is None


def test_regions_json_matches_cpca_rebuild():
    pytest.importorskip("cpca")
    spec = importlib.util.spec_from_file_location("build_regions", ROOT / "corpora" / "scripts" / "build_regions.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    built = mod.build()
    shipped = json.loads((ROOT / "policytext" / "data" / "regions.json").read_text(encoding="utf-8"))
    assert built["divisions"] == shipped["divisions"]
    assert built["nations"] == shipped["nations"]


def test_region_record_shape():
    r = find_region("", issuer=["邯郸市教育局"])
    assert r.to_dict() == {"name": "邯郸市", "level": "city", "province": "河北省", "code": "130400", "city": "邯郸市"}
    assert R.by_code("130400").name == "邯郸市"


def test_county_level_city_answers_to_wo_shi():
    """我市 in a county-level city's text (诸城市, a 县级市 under 潍坊市) keeps the county-level city."""
    from policytext.region import find_region

    r = find_region("为提高应急保障能力，结合我市实际，制定本计划。到2022年，诸城市初步建成应急保障体系，全市应急能力明显提升。")
    assert r is not None and r.name == "诸城市"
