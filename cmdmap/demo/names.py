"""Synthetic Chinese names for the demo: people, phones, estates, streets (all GB2312)."""

from __future__ import annotations

import numpy as np

# Common surnames, most frequent first (the weights below follow that order).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万"
    "钱严武戴莫孔向汤"
)
# Characters common in given names (no rare or ambiguous ones).
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉文辉建国红梅林云波鹏宇浩欣怡佳俊晨婷雪丹"
    "慧琳志海斌飞凯鑫亮峰宁春燕萍晓健成德福永荣新光彬昊子涵轩睿博嘉思雨瑶琪颖雯倩璐莉娇松柏祥瑞东"
    "昆珍凤琴良生龙泽天安"
)

# The twelve compounds of 果林社区 (the community demo), in reading order of their blocks.
GUOLIN_COMPOUNDS = (
    "果林溪谷", "金色果林", "果林雅苑", "翠湖花园", "云岭佳园", "春城丽景",
    "滇池明珠", "银海畅园", "龙泉雅居", "馨园小区", "福德苑", "盘江新村",
)
# Streets of the community demo: east–west lines south to north, north–south lines west to east.
GUOLIN_EW_STREETS = ("金星路", "果林路", "白龙路", "穿金路")
GUOLIN_NS_STREETS = ("新迎路", "龙泉路", "果林东路", "北辰大道", "东风北路")

PROPERTY_COMPANIES = (
    "昆明果林物业服务有限公司", "云南金色物业管理有限公司", "春城物业服务有限公司",
    "滇池物业管理有限公司", "云岭物业服务有限公司", "银海物业管理有限公司",
)

# Building blocks of compound names for the city demo (prefix + suffix, unique combinations).
ESTATE_PREFIXES = (
    "金色", "翠湖", "云岭", "春城", "滇池", "银海", "龙泉", "福德", "盘江", "金星", "白龙", "穿金",
    "北辰", "世纪", "阳光", "锦华", "和平", "东华", "西山", "金碧", "碧鸡", "圆通", "茶花", "樱花",
    "海源", "宝海", "书林", "虹山", "金沙", "青年", "东风", "南屏", "金马", "大观", "莲花", "新迎",
    "万宏", "佳华", "怡景", "兴园", "丽苑", "锦苑", "彩云", "北京", "昌源", "金江", "盘龙", "官渡",
    "太和", "银杏", "桃源", "松华", "嵩明", "螺峰", "华山", "文林", "青云", "明珠", "天鹅", "荷塘",
)
ESTATE_SUFFIXES = (
    "花园", "雅苑", "佳园", "丽景", "明珠", "畅园", "雅居", "小区", "新村", "家园", "名城", "华庭",
    "公寓", "新城", "嘉园", "绿苑", "御府", "春晓", "锦城", "水岸", "馨苑", "景园",
)
VILLAGE_PREFIXES = (
    "金马", "小坝", "大树营", "羊甫", "张官营", "马村", "杨家", "王家营", "彩云", "麻线营", "菊花",
    "石闸", "螺蛳湾", "瓦窑", "董家湾", "龙头", "普坪", "小板桥", "关上", "五里", "陈家营", "双龙",
    "落索坡", "岗头", "沙坝营", "七甲", "雨树", "福海", "牛街庄", "阿拉",
)
STREET_STEMS = (
    "金星", "果林", "白龙", "穿金", "新迎", "龙泉", "北辰", "东风", "虹山", "金沙", "沣源", "北京",
    "白塔", "人民", "青年", "环城", "春城", "世纪", "金碧", "关上", "小坝", "万宏", "联盟", "教场",
    "学府", "穿心", "松华", "盘江", "书林", "茨坝",
)
STREET_KINDS = ("路", "街", "大道", "巷")
CN_DIGITS = "〇一二三四五六七八九十"


def cn_number(n: int) -> str:
    """Chinese numeral for 1..99 (一, 十二, 二十三)."""
    if n < 11:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


def _surname_weights() -> np.ndarray:
    # Zipf-like: 王/李/张 far more common than 汤.
    w = 1.0 / (np.arange(len(SURNAMES)) + 4.0)
    return w / w.sum()


def person_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """`n` synthetic full names (surname + one or two given-name characters), as an object array."""
    sur = np.array(list(SURNAMES))[rng.choice(len(SURNAMES), size=n, p=_surname_weights())]
    chars = np.array(list(GIVEN))
    g1 = chars[rng.integers(0, len(chars), n)]
    g2 = chars[rng.integers(0, len(chars), n)]
    two = rng.random(n) < 0.72
    names = np.char.add(np.char.add(sur, g1), np.where(two, g2, ""))
    return names.astype(object)


def phones(rng: np.random.Generator, n: int) -> np.ndarray:
    """`n` synthetic mobile numbers "13x" + 8 digits."""
    return rng.integers(13_000_000_000, 14_000_000_000, size=n).astype(str).astype(object)


def estate_names(rng: np.random.Generator, n: int, taken: set[str] | None = None) -> list[str]:
    """`n` distinct estate names (金色花园, 翠湖雅苑, …), none of them in `taken`."""
    return _combine(rng, n, ESTATE_PREFIXES, ESTATE_SUFFIXES, taken)


def village_names(rng: np.random.Generator, n: int, taken: set[str] | None = None) -> list[str]:
    """`n` distinct urban-village names (金马村, 小坝村三组, …: a village and its villagers' groups)."""
    groups = ("村",) + tuple(f"村{cn_number(g)}组" for g in range(1, 31))
    return _combine(rng, n, VILLAGE_PREFIXES, groups, taken)


def _combine(rng: np.random.Generator, n: int, heads: tuple[str, ...], tails: tuple[str, ...],
             taken: set[str] | None) -> list[str]:
    taken = set() if taken is None else taken
    combos = [h + t for h in heads for t in tails]
    order = rng.permutation(len(combos))
    out: list[str] = []
    phase = 1
    while len(out) < n:
        # When every combination is used, start over with 二期, 三期, … (phases of one estate).
        tag = "" if phase == 1 else cn_number(phase) + "期"
        for k in order:
            name = combos[k] + tag
            if name not in taken:
                taken.add(name)
                out.append(name)
                if len(out) == n:
                    break
        phase += 1
    return out


def street_names(rng: np.random.Generator, n: int) -> list[str]:
    """`n` distinct street names (白塔路, 青年街, 世纪大道, …)."""
    kinds_p = np.array([0.55, 0.25, 0.1, 0.1])
    out: list[str] = []
    seen: set[str] = set()
    stems = rng.permutation(len(STREET_STEMS))
    k = 0
    while len(out) < n:
        stem = STREET_STEMS[stems[k % len(stems)]]
        rnd = k // len(stems)
        kind = STREET_KINDS[rng.choice(len(STREET_KINDS), p=kinds_p)]
        # Kunming numbers parallel streets (白塔一路, 白塔二路) once the plain name is taken.
        name = stem + (cn_number(rnd) if rnd else "") + kind
        if name not in seen:
            seen.add(name)
            out.append(name)
        k += 1
    return out
