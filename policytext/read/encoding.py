"""Byte → text decoding for Chinese documents: BOMs, strict UTF-8 / GB18030 / Big5 trials, plausibility scoring.

Charset detectors misread GBK as Big5 (or Thai, Cyrillic…) on short Chinese texts, so they are never trusted
on their own: every candidate encoding must decode the bytes strictly, and among several candidates the one
whose text holds the most common Chinese characters wins. charset-normalizer is consulted only when two
candidates score alike.
"""
from __future__ import annotations

import codecs
import re

from policytext.errors import DecodeError, EmptyInputError

__all__ = ["COMMON_HANZI", "charset_from_html", "decode_text", "normalize_charset", "plausibility", "try_decode"]

# The ~1500 most frequent characters of Chinese government prose (simplified) followed by their traditional
# forms (OpenCC s2t), ~2100 characters in all. Frequency order; used only as a set.
COMMON_HANZI = frozenset(
    "业化新建全展发实国产动和进大推设力高加工的中人生增区一提持能务民体等强政成重行地质深治保制作市创家会"
    "合施开平量入资经个升城长现年好服改基以项理点代优水造企效坚济省育上用科为面机有技要心五快文社万农域目"
    "级安续品更在主稳出定态支性系公规源融色度程完投型学三共村革场不领标数统法同通总事海十放活位费群电向金"
    "府境各消本居集乡分打落运方教防是智善策绿台医环期部扩自亿局商协范对特达到管我整营步护元时多就引促关物"
    "构战办收风应外精第障口与转值综西试四流做南准党联园培式健内模际批网路险突结均计超下交利决线率次习山导"
    "二贸两江取县旅争碳得划立础积小前老首势先兴专供镇们近游明众术示果极信验来链破表道院央筹解任略监预件字"
    "题接固带干调美清空易于研义北指养类着格房贯求委及聚算气低比核条速过间列配牢形族天湖问团确东校攻双意功"
    "林港神拓广河车把员断才布单抓层需查之零疗排惠案备军青权千彻振控难奋显置思航议获降至价装污严组头减记补"
    "届职所常牌历景疆食子界住扎盖边督了百覆里别复可铁康措土福普想素药正连最举财紧左右良原额占志维节债招巩"
    "史绩依传评跨益让序给世户书考底宜壮宁富据灾认身互六种儿变命报挥这审名选未围感京日起都参识存移走染充丽"
    "承八煤卫具华足从然粮助藏轮络践键例门龙处根税相并材赛圈津球受努观段容端后贫修储亩庆料赋直室斗筑困视究"
    "撑织守旧满退竞因托草约切救响密队执光必站汽失非检署使念无急激探焦越亚云测纽热博遗享周当回黄州启属适压"
    "责库其矿枢古援由影章累套挑真渝红见再迈峰石情息贴须者少便察客延腐反图慧论击板盘吨器款岸疾帮片还索扶售"
    "沙货证劳号花田担艺负厂请七夏讲话九律终涉火苏盟树潜宗载警官病去洁象湘致免临奖废油友扬害残励米纳包武洋"
    "今告违隐换始短著月耕士荣贷张蓝细牧丰而银知待陆销役演克黑岛样牵伐采湾故沿蒙瓦购馆马童释尔照除刻陕阶派"
    "拉鼓篇按余徽吉澳败廉输德每微拥齐循谋班屏限阳手庭繁街纪注衡予献侨女觉远纵亮访谐较般幸雪贡训些妥角假危"
    "握勇司脱闽付休将桥兵秀顺妇夯幅塑鲁跃倍汉氢汇胞爱弱欧师兜铸驻绕仍谱编纲裕冰森伍则欠返坛账也写遇患池岗"
    "送继看燃往幼垃圾植赣毕廊白档诚亲纠哈净播估如龄止春典梯疫巨木盐券滨弘厚座震床征径骨船洲乐圆差版卡犯罪"
    "凝盾杂录闲巡梁械殊尽履迎盼川离飞伤矛鲜衔吸申轨耗冲顾留洪异晋址锂靠伏初份即诊祉畅伸顶刚星番抗硬沉浓此"
    "锚劲诉冀翻灌铝炭错禁久松渠愿厉悟季钢太皖封稀乌灵寿岁敢挖暖仓乱牛鄂泛亡餐诈恩驱肉拼毛遏怀胜斤软宣肥昆"
    "席厦粤射剧焕挂馈独韧登彰畜赢纷印股温谢宽卷绘冠既拖偿脑雨览店抢薪昌永扣听蓄跑冷缩佳避扫嘱柱峡骗勃死恶"
    "束又渔夜烟穿架润半斯彩宏菜淮玉卓迁逐慈醒碍楼找芯薄宿掘饮塔戏湿阵涨氧壤兰貌望屋语眼秦桂阿荆泉忠衷奥庄"
    "租练涵蔬趋停香偏什递瞻频介签慢掌搏碧概英宝扛腾冬纤伟码沟轻琼巴舶潭读祖肯崇钟壁垒简硕崛谷箱孵含铜钱旱"
    "羊漠被辐魂舵课针倡枫没辆吐呼够母嵌述诺厅襄茶距舞蓬凡擦艰野浦堵他订雄闭副杆梦脚遵硅涝缺雅旗酒岩涌画抽"
    "懈敬陵透尚哲尖贵疏折尊愁爆言楚已姓毒砥砺岭唯兼虑殷炼汛勤荷宅赁吞跟鱼答榆背恢舒奶滇兆催盛血臭苗块票匠"
    "舆虚狠泊授只踏填笃音阅呈币迭厕私或洞磷俄玛柳浩鄱潮葬凸揽堂搞倾匹映烈乘威闻泰散寄舍叫搬毁婴叠横筛邮辽"
    "该朋荒梅脉纺闯垂归绝寻俗婚损判矩峻唱株柴召苦坡伙裁说几么摇酬渡僚早赤殖叶竹丝窗沪歌末殡摆滚耐擎邻捷状"
    "迹巢盯符奔浪秋恒贺灯翼许缓赶赴毫曲勘勒令喀榜洽晚候揭兽杯况铺兑替垦赈鸟竣惯摄称堡追附喜跻氨冶鳌崖袋酸"
    "乳锡伊丹甘葡晶咸稻尼鸡癌泽撬惩氛灭夫阻若弃磁锋拨抱碱泥声媒棚锲暨册靓巷轴秩王阔驾御滩抵澜陷甲募刑欢寒"
    "祝猪黔肃萄味棉聘锁韵籍己雷戒杜棋珠很璃寺仪伴锐柔桩搭淘仗波毅绥镁纯烧冈孕挺买儋暴嘉粉隆页禽誉拍杨蓉漳"
    "業發實國產動進設區務體強質創會開資經個長現項點優堅濟爲機萬農級續穩態規學場領標數統總費羣電鄉運綠臺醫"
    "環擴億協範對達營護時關構戰辦風應與轉綜試準黨聯園內際網險結計決線習導貿兩縣爭劃礎積勢興專鎮們遊衆術極"
    "驗來鏈籌監預題帶幹調於義養類貫氣條過間問團確東雙廣車員斷單層療備軍權徹難奮顯議獲價裝嚴組頭減記補屆職"
    "歷蓋邊裏別復鐵藥連舉財緊額佔維節債鞏績傳評讓給戶書壯寧據災認種兒變報揮這審選圍參識麗衛華從糧輪絡踐鍵"
    "門龍處稅並賽觀後貧儲畝慶賦鬥築視撐織舊滿競託約響隊執檢無亞雲測紐熱遺當黃啓屬適壓責庫礦樞紅見邁峯貼須"
    "圖論擊盤噸幫還貨證勞號擔藝負廠請講話終蘇樹潛載潔臨獎廢揚殘勵納違隱換榮貸張藍細豐銀陸銷島樣牽採灣購館"
    "馬釋爾陝階餘敗輸擁齊謀陽紀獻僑覺遠縱訪諧較貢訓脫閩將橋順婦魯躍漢氫匯愛歐師鑄駐繞譜編綱則壇賬寫崗繼贛"
    "畢檔誠親糾淨齡鹽濱牀徵徑樂圓雜錄閒盡離飛傷鮮銜軌衝顧異晉鋰診暢頂剛濃錨勁訴鋁錯願厲鋼烏靈壽歲倉亂詐驅"
    "懷勝軟廈粵劇煥掛饋獨韌贏紛溫謝寬繪償腦覽搶聽縮掃囑峽騙惡漁煙潤遷礙樓飲戲溼陣漲蘭語荊奧莊練趨遞頻籤寶"
    "騰纖偉碼溝輕瓊讀鍾壘簡碩銅錢輻課針楓沒輛夠諾廳艱訂閉夢腳澇巖湧畫貴礪嶺慮煉賃魚塊輿虛篤閱幣廁瑪攬傾聞"
    "毀嬰疊橫篩郵遼該脈紡闖歸絕尋損夥說幾麼搖葉絲滬殯擺滾鄰狀跡恆賀燈許緩趕獸況鋪兌墾賑鳥慣攝稱躋鰲錫鹹雞"
    "澤懲滅棄鋒撥鹼聲鍥冊靚軸闊駕灘瀾歡豬肅鎖韻儀銳樁綏鎂純燒岡買頁譽楊"
)

_STRICT_ORDER = ("utf-8", "gb18030", "big5")
_BIG5_FAMILY = ("cp950", "big5hkscs")
_MAX_REPLACED = 0.01  # lossy decode allowed only when fewer than 1% of the characters are U+FFFD
_TIE = 0.05

# bytes that never occur in text files (C0 controls except TAB LF VT FF CR ESC)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_TABLE = bytes.maketrans(b"", b"")

_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "euc-cn": "gb18030", "hz-gb-2312": "gb18030", "csgb2312": "gb18030",
    "big5": "big5", "big5-hkscs": "big5hkscs", "big5hkscs": "big5hkscs", "cp950": "cp950", "x-x-big5": "big5",
    "utf8": "utf-8", "utf-8": "utf-8", "unicode": "utf-8",
    "utf-16": "utf-16", "utf-16le": "utf-16", "utf-16be": "utf-16",
}


def normalize_charset(label: str | None) -> str | None:
    """Map a declared charset label (meta tag, HTTP header) to the codec we decode with, or None."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower().replace("_", "-")
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        return codecs.lookup(key).name
    except LookupError:
        return None


_META_CHARSET = re.compile(rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,40})""", re.IGNORECASE)


def charset_from_html(data: bytes) -> str | None:
    """The charset a page declares in its first 8 KB (<meta charset>, http-equiv Content-Type), normalized."""
    m = _META_CHARSET.search(data[:8192])
    return normalize_charset(m.group(1).decode("ascii", "replace")) if m else None


def plausibility(text: str) -> float:
    """How much text looks like correctly decoded Chinese (or plain Latin) text, roughly 0..1.

    Common hanzi count fully, ASCII and CJK punctuation are neutral, private-use, replacement and control
    characters count against; the sum is divided by the number of non-ASCII characters.
    """
    nonascii = 0
    good = 0.0
    for ch in text:
        o = ord(ch)
        if o < 128:
            if o < 32 and ch not in "\t\n\r\f\v\x1b":
                good -= 2
            continue
        nonascii += 1
        if ch in COMMON_HANZI:
            good += 1
        elif 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF or 0x2000 <= o <= 0x206F or o in (0xA0, 0xB7):
            good += 0.5  # CJK / full-width punctuation, general punctuation, nbsp, middle dot
        elif 0x4E00 <= o <= 0x9FFF:
            good += 0.15  # a rarer hanzi
        elif 0xE000 <= o <= 0xF8FF or o == 0xFFFD or 0x80 <= o < 0xA0:
            good -= 2
    if nonascii == 0:
        return 1.0
    return good / nonascii


def try_decode(data: bytes, encoding: str) -> str | None:
    """Strict decode, or None."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    n = min(len(data), 4096) // 2 * 2
    if n < 4:
        return None
    even = data[0:n:2].count(0) / (n / 2)
    odd = data[1:n:2].count(0) / (n / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _binary_check(data: bytes, name: str) -> None:
    sample = data[:65536]
    nul = sample.count(0)
    if nul and nul / len(sample) > 0.001:
        raise DecodeError(f"binary data, not text: {nul / len(sample):.1%} NUL bytes", source=name)
    ctrl = len(sample) - len(sample.translate(_CONTROL_TABLE, _CONTROL_BYTES))
    if ctrl / len(sample) > 0.01:
        raise DecodeError(f"binary data, not text: {ctrl / len(sample):.1%} control bytes", source=name)


def _tie_break(data: bytes, encodings: list[str]) -> str | None:
    """charset-normalizer's pick among encodings (codec names), or None when it has none of them."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    wanted = {codecs.lookup(e).name: e for e in encodings}
    isolation = list(wanted)
    if "gb18030" in wanted:
        isolation.append("gbk")  # charset-normalizer reports GBK for most GB18030 text
    try:
        matches = from_bytes(data[:32768], cp_isolation=isolation)
    except Exception:  # noqa: BLE001 - a tie-breaker must never fail the read
        return None
    for m in matches:
        name = codecs.lookup(m.encoding).name
        if name == "gbk":
            name = "gb18030"
        if name in wanted:
            return wanted[name]
    return None


def _sample(text: str, size: int = 3_000) -> str:
    return text if len(text) <= 2 * size else text[:size] + text[-size:]


def _choose(data: bytes, decoded: dict[str, str]) -> str:
    if len(decoded) == 1:
        return next(iter(decoded))
    # 6k characters from both ends say which decoding is right as well as the whole text does
    score = {e: plausibility(_sample(t)) for e, t in decoded.items()}
    scored = sorted(decoded, key=lambda e: -score[e])
    if len(scored) > 1:
        best = score[scored[0]]
        tied = [e for e in scored if best - score[e] < _TIE]
        if len(tied) > 1:
            pick = _tie_break(data, tied)
            if pick:
                return pick
            return min(tied, key=lambda e: list(decoded).index(e))
    return scored[0]


def decode_text(data: bytes, name: str = "") -> tuple[str, str]:
    """Decode data to text; return (text, encoding).

    Encoding is one of utf-8, utf-8-sig, utf-16, gb18030, big5 (or the Big5 extension
    cp950 / big5hkscs when plain Big5 fails). Raises DecodeError for binary data or text no candidate
    decodes with fewer than 1% replacement characters, EmptyInputError for no bytes.
    """
    src = name or None
    if not data:
        raise EmptyInputError("empty file (0 bytes)", source=src)
    if data.startswith(codecs.BOM_UTF8):
        text = try_decode(data[3:], "utf-8")
        if text is None:
            text = data[3:].decode("utf-8", "replace")
            if text.count("\ufffd") > _MAX_REPLACED * max(1, len(text)):
                raise DecodeError("has a UTF-8 byte-order mark but is not valid UTF-8", source=src)
        return text, "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = try_decode(data, "utf-16")
        if text is None:
            raise DecodeError("has a UTF-16 byte-order mark but is not valid UTF-16", source=src)
        return text, "utf-16"
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = try_decode(data, utf16)
        if text is not None and plausibility(text) > 0.3:
            return text, "utf-16"
    elif len(data) % 2 == 0 and len(data) >= 8 and data[:4096].translate(_CONTROL_TABLE, _CONTROL_BYTES) != data[:4096]:
        # Chinese UTF-16 without a BOM has few NULs but C0 bytes (各 = 04 54); an 8-bit text file has none
        for enc in ("utf-16-le", "utf-16-be"):
            text = try_decode(data, enc)
            if text is not None and plausibility(text) >= 0.6:
                return text, "utf-16"
    _binary_check(data, name)
    if data.isascii():
        return data.decode("ascii"), "utf-8"
    decoded = {e: t for e in _STRICT_ORDER if (t := try_decode(data, e)) is not None}
    if not decoded:
        decoded = {e: t for e in _BIG5_FAMILY if (t := try_decode(data, e)) is not None}
    if decoded:
        enc = _choose(data, decoded)
        return decoded[enc], enc
    lossy = {}
    for enc in ("gb18030", "utf-8", "big5"):
        text = data.decode(enc, "replace")
        if text.count("\ufffd") < _MAX_REPLACED * len(text):
            lossy[enc] = text
    if not lossy:
        raise DecodeError("no supported encoding (UTF-8, GB18030, Big5, UTF-16) decodes these bytes", source=src)
    enc = _choose(data, lossy)
    return lossy[enc], enc
