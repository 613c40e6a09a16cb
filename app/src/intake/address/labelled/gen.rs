//! Seeded message generator: random places from `data/divisions.tsv`, random names, phones
//! and streets, written in the shapes seen in WeChat chats.

use super::{Case, Expect};
use std::collections::HashMap;

/// splitmix64: tiny, good enough to spread test inputs, and stable across platforms.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Province → prefecture → county.
    Normal,
    /// 北京/上海/天津/重庆 district.
    Municipality,
    /// County directly under a province (仙桃, 五指山, 石河子).
    Direct,
    /// Prefecture without counties (东莞, 中山, 儋州, 嘉峪关).
    NoDistrict,
}

/// A place with its expected fields.
#[derive(Clone, Debug)]
struct Place {
    kind: Kind,
    province: String,
    city: String,
    county: Option<String>,
    code: u32,
    /// The county's official name is unique nationwide (safe to write alone).
    unique: bool,
    /// The county's short form (西湖 for 西湖区) when no other county of its city shares it.
    short_in_city: Option<String>,
    /// No other county of the province has the same name (safe to leave the city out).
    unique_in_province: bool,
}

/// The test's own reading of the data file.
pub struct Data {
    places: Vec<Place>,
}

const MUNICIPALITIES: [u32; 4] = [110000, 120000, 310000, 500000];

impl Data {
    /// Reads `data/divisions.tsv` with plain string handling (no parser code involved).
    pub fn load() -> Data {
        let rows: Vec<(u32, String)> = include_str!("../divisions.tsv")
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .map(|(c, n)| (c.parse().unwrap(), n.to_string()))
            .collect();
        let names: HashMap<u32, &str> = rows.iter().map(|(c, n)| (*c, n.as_str())).collect();
        let mut places = Vec::new();
        for (code, name) in &rows {
            if code % 10000 == 0 {
                continue;
            }
            let prov = names[&(code / 10000 * 10000)].to_string();
            let mut p = Place {
                kind: Kind::Normal,
                province: prov.clone(),
                city: name.clone(),
                county: None,
                code: *code,
                unique: false,
                short_in_city: None,
                unique_in_province: false,
            };
            if code % 100 == 0 {
                if !rows
                    .iter()
                    .any(|(c, _)| c / 100 * 100 == *code && c != code)
                {
                    places.push(Place {
                        kind: Kind::NoDistrict,
                        ..p
                    });
                }
                continue;
            }
            match names.get(&(code / 100 * 100)) {
                Some(city) => {
                    p.city = city.to_string();
                    p.county = Some(name.clone());
                    p.short_in_city = short_in_city(&rows, *code, name);
                }
                None if MUNICIPALITIES.contains(&(code / 10000 * 10000)) => {
                    p.kind = Kind::Municipality;
                    p.city = prov;
                    p.county = Some(name.clone());
                }
                None => p.kind = Kind::Direct,
            }
            p.unique = rows.iter().filter(|(_, n)| n == name).count() == 1;
            p.unique_in_province = !rows
                .iter()
                .any(|(c, n)| c != code && c / 10000 == code / 10000 && n == name);
            places.push(p);
        }
        Data { places }
    }

    fn random_place(&self, rng: &mut Rng) -> &Place {
        let want = match rng.below(10) {
            0 => Some(Kind::Direct),
            1 => Some(Kind::NoDistrict),
            _ => None,
        };
        loop {
            let p = rng.pick(&self.places);
            if want.is_none_or(|k| p.kind == k) {
                return p;
            }
        }
    }
}

fn province_short(p: &str) -> String {
    for suffix in [
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "自治区",
        "省",
        "市",
    ] {
        if let Some(s) = p.strip_suffix(suffix) {
            return s.to_string();
        }
    }
    p.to_string()
}

/// The county's short form if no other county of its prefecture shares it.
fn short_in_city(rows: &[(u32, String)], code: u32, name: &str) -> Option<String> {
    let short = county_short(name)?;
    let clash = rows.iter().any(|(c, n)| {
        *c != code
            && c / 100 == code / 100
            && c % 100 != 0
            && county_short(n).as_deref() == Some(short.as_str())
    });
    (!clash).then_some(short)
}

/// 西湖区 → 西湖; none for autonomous counties, names that would drop to one character and
/// 市中区-style names (乐山市中 reads as 乐山市 + 中).
fn county_short(c: &str) -> Option<String> {
    if ["自治县", "自治旗", "新区", "林区", "特区", "矿区"]
        .iter()
        .any(|s| c.ends_with(s))
        || c.starts_with('市')
    {
        return None;
    }
    let base = ["区", "县", "市", "旗"]
        .iter()
        .find_map(|s| c.strip_suffix(s))?;
    (base.chars().count() >= 2).then(|| base.to_string())
}

fn city_short(c: &str) -> String {
    match c.strip_suffix('市') {
        Some(s) if s.chars().count() >= 2 => s.to_string(),
        _ => c.to_string(),
    }
}

/// How the divisions are written.
#[derive(Clone, Copy)]
enum Region {
    Full,
    Short,
    NoProvince,
    CountyOnly,
    Spaced,
    /// 杭州西湖文三路: county in short form after its city.
    CountyShort,
    /// 浙江省余杭区: the prefecture left out.
    NoCity,
}

fn region_text(p: &Place, how: Region, rng: &mut Rng) -> String {
    let county = p.county.clone().unwrap_or_default();
    let how = match how {
        Region::CountyOnly if !(p.kind == Kind::Normal && p.unique) => Region::NoProvince,
        Region::CountyShort if p.short_in_city.is_none() => Region::Full,
        Region::NoCity if !(p.kind == Kind::Normal && p.unique_in_province) => Region::Full,
        other => other,
    };
    match (how, p.kind) {
        (Region::Full, Kind::Municipality) if rng.chance(25) => {
            format!("{}{}{}", p.province, p.province, county)
        }
        (Region::Full, Kind::Municipality | Kind::Direct) => {
            format!(
                "{}{}",
                p.province,
                p.city.replace(&p.province, "") + &county
            )
        }
        (Region::Full, _) => format!("{}{}{}", p.province, p.city, county),
        (Region::Short, Kind::Municipality) => format!("{}{}", province_short(&p.province), county),
        (Region::Short, Kind::Direct) => format!("{}{}", province_short(&p.province), p.city),
        (Region::Short, _) => format!(
            "{}{}{}",
            province_short(&p.province),
            city_short(&p.city),
            county
        ),
        (Region::NoProvince, Kind::Municipality) => format!("{}{}", p.province, county),
        (Region::NoProvince, Kind::Direct) => format!("{}{}", p.province, p.city),
        (Region::NoProvince, _) => format!("{}{}", p.city, county),
        (Region::CountyOnly, _) => county,
        (Region::CountyShort, _) => format!(
            "{}{}",
            city_short(&p.city),
            p.short_in_city.clone().unwrap_or_default()
        ),
        (Region::NoCity, _) => format!("{}{}", p.province, county),
        (Region::Spaced, Kind::Municipality) => format!("{} {}", p.province, county),
        (Region::Spaced, Kind::Direct) => format!("{} {}", p.province, p.city),
        (Region::Spaced, _) => format!("{} {} {}", p.province, p.city, county)
            .trim_end()
            .to_string(),
    }
}

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞刚桂英华玉兰萍红建志文斌鹏辉颖婷雪琳晨浩宇欣怡子涵梓轩佳";

fn name(rng: &mut Rng) -> String {
    let chars = |s: &str| s.chars().collect::<Vec<char>>();
    let (sur, given) = (chars(SURNAMES), chars(GIVEN));
    let s = match rng.below(10) {
        0 => rng.pick(&["欧阳", "司马", "诸葛", "上官"]).to_string(),
        _ => rng.pick(&sur).to_string(),
    };
    match rng.below(10) {
        0 | 1 => format!("{s}{}", rng.pick(&["先生", "女士", "小姐"])),
        2..=5 => format!("{s}{}", rng.pick(&given)),
        _ => format!("{s}{}{}", rng.pick(&given), rng.pick(&given)),
    }
}

/// (text as written, expected value)
fn mobile(rng: &mut Rng) -> (String, String) {
    let prefixes = [
        "130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152", "155", "157",
        "158", "159", "166", "173", "176", "177", "180", "181", "182", "185", "186", "187", "188",
        "189", "191", "199",
    ];
    let m = format!("{}{:08}", rng.pick(&prefixes), rng.next() % 100_000_000);
    let text = match rng.below(20) {
        0..=1 => format!("+86 {m}"),
        2..=3 => format!("86-{m}"),
        4..=6 => format!("{}-{}-{}", &m[..3], &m[3..7], &m[7..]),
        7..=9 => format!("{} {} {}", &m[..3], &m[3..7], &m[7..]),
        _ => m.clone(),
    };
    (text, m)
}

fn landline(rng: &mut Rng) -> (String, String) {
    let area = *rng.pick(&[
        "010", "021", "020", "0571", "0755", "028", "0531", "0371", "0898", "0512", "0916",
    ]);
    let local = format!("{}{:07}", rng.range(2, 9), rng.next() % 10_000_000);
    let ext = if rng.chance(20) {
        format!("-{}", rng.range(1, 999))
    } else {
        String::new()
    };
    let want = format!("{area}-{local}{ext}");
    let text = if rng.chance(30) {
        format!("({area}){local}{ext}")
    } else {
        want.clone()
    };
    (text, want)
}

#[rustfmt::skip]
const ROADS: &[&str] = &[
    "人民路", "解放路", "建设路", "文化路", "新华路", "和平路", "胜利路", "长江路", "黄河路", "光明街",
    "幸福大街", "学院路", "工业大道", "滨河路", "育才巷", "中山路", "朝阳路", "府前街", "迎宾大道", "北京路",
    "南京路", "东风路", "青年路", "友谊路", "文三路",
];
const ESTATES: &[&str] = &[
    "阳光小区",
    "金色家园",
    "锦绣花园",
    "翠湖苑",
    "华府公寓",
    "御景园",
    "和谐家园",
    "碧水苑",
];

fn street(rng: &mut Rng) -> String {
    let road = *rng.pick(ROADS);
    let estate = *rng.pick(ESTATES);
    let n = rng.range(1, 999);
    let room = format!("{}{:02}", rng.range(1, 30), rng.range(1, 4));
    match rng.below(6) {
        0 => format!("{road}{n}号"),
        1 => format!(
            "{road}{n}号{estate}{}栋{}单元{room}",
            rng.range(1, 30),
            rng.range(1, 6)
        ),
        2 => format!("{estate}{}幢{room}室", rng.range(1, 30)),
        3 => {
            let town = rng.pick(&["城南", "新安", "永安", "太平", "长乐"]);
            format!(
                "{town}镇{}村{n}号",
                rng.pick(&["和平", "新民", "团结", "红星", "先锋"])
            )
        }
        4 => format!(
            "{road}{n}号{}大厦{}楼",
            rng.pick(&["金融", "国贸", "银泰", "时代"]),
            rng.range(2, 30)
        ),
        _ => format!(
            "{}街道{road}{n}号",
            rng.pick(&["城东", "西城", "南湖", "北苑"])
        ),
    }
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            ' ' => '\u{3000}',
            _ => c,
        })
        .collect()
}

/// `n` messages from `seed`.
pub fn generate(data: &Data, n: usize, seed: u64) -> Vec<Case> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| one(data, &mut rng)).collect()
}

/// The random parts of one message.
struct Parts {
    place: Place,
    nm: String,
    mtext: String,
    st: String,
}

impl Parts {
    fn region(&self, how: Region, rng: &mut Rng) -> String {
        region_text(&self.place, how, rng)
    }
}

fn postcode(rng: &mut Rng) -> String {
    let zone = rng.range(10, 86);
    format!("{zone}{:04}", rng.range(0, 9999))
}

fn one(data: &Data, rng: &mut Rng) -> Case {
    let place = data.random_place(rng).clone();
    let (nm, (mtext, m), st) = (name(rng), mobile(rng), street(rng));
    let mut e = Expect {
        name: Some(nm.clone()),
        mobile: Some(m),
        province: Some(place.province.clone()),
        city: Some(place.city.clone()),
        district: place.county.clone(),
        street: Some(st.clone()),
        code: Some(format!("{:06}", place.code)),
        ..Expect::default()
    };
    let parts = Parts {
        place,
        nm,
        mtext,
        st,
    };
    let k = rng.below(24);
    let (shape, input) = if k < 12 {
        first_shapes(k, &parts, rng, &mut e)
    } else {
        more_shapes(k, &parts, rng, &mut e)
    };
    Case {
        shape,
        input,
        expect: e,
    }
}

#[rustfmt::skip]
fn first_shapes(k: usize, p: &Parts, rng: &mut Rng, e: &mut Expect) -> (&'static str, String) {
    let (nm, mtext, st) = (&p.nm, &p.mtext, &p.st);
    let glued_mobile = mtext.replace([' ', '-'], "");
    match k {
        0 => ("plain", format!("{nm} {mtext} {}{st}", p.region(Region::Full, rng))),
        1 => ("labelled-lines", format!("收货人：{nm}\n手机号码：{mtext}\n所在地区：{}\n详细地址：{st}", p.region(Region::Spaced, rng))),
        2 => ("glued", format!("{nm}{glued_mobile}{}{st}", p.region(Region::Full, rng))),
        3 => ("name-after", format!("{}{st}，{nm}，{mtext}", p.region(Region::Full, rng))),
        4 => ("no-province", format!("{}{st} {nm} {mtext}", p.region(Region::NoProvince, rng))),
        5 => ("short-names", format!("{}{st} {nm} {mtext}", p.region(Region::Short, rng))),
        6 => ("county-only", format!("{}{st} {nm} {mtext}", p.region(Region::CountyOnly, rng))),
        7 => ("full-width", full_width(&format!("{nm},{mtext},{}{st}", p.region(Region::Full, rng)))),
        8 => ("labelled-line", format!("收件人:{nm} 电话:{mtext} 地址:{}{st}", p.region(Region::Full, rng))),
        9 => {
            let (ltext, l) = landline(rng);
            let pc = postcode(rng);
            e.phone = Some(l);
            e.mobile = None;
            e.postcode = Some(pc.clone());
            ("landline-postcode", format!("{nm} {ltext} {}{st} 邮编{pc}", p.region(Region::Full, rng)))
        }
        10 => ("glued-name-after", format!("{}{st}{nm}{glued_mobile}", p.region(Region::Full, rng))),
        _ => ("three-lines", format!("{nm}\n{mtext}\n{}{st}", p.region(Region::Full, rng))),
    }
}

#[rustfmt::skip]
fn more_shapes(k: usize, p: &Parts, rng: &mut Rng, e: &mut Expect) -> (&'static str, String) {
    let (nm, mtext, st) = (&p.nm, &p.mtext, &p.st);
    match k {
        12 => ("contact-labels", format!("联系人：{nm}，联系电话：{mtext}，收货地址：{}{st}", p.region(Region::Full, rng))),
        13 => ("spaced", format!("{} {st} {nm} {mtext}", p.region(Region::Spaced, rng))),
        14 => ("mobile-first", format!("{mtext} {nm} {}{st}", p.region(Region::Short, rng))),
        15 => {
            let pc = postcode(rng);
            e.postcode = Some(pc.clone());
            ("chat-postcode", format!("【收货信息】{nm} {mtext}\n{}{st}\n邮编：{pc} 谢谢", p.region(Region::NoProvince, rng)))
        }
        16 => ("name-glued-before", format!("{nm}{}{st} {mtext}", p.region(Region::Full, rng))),
        17 => ("county-short", format!("{}{st} {nm} {mtext}", p.region(Region::CountyShort, rng))),
        18 => ("no-city", format!("{}{st} {nm} {mtext}", p.region(Region::NoCity, rng))),
        19 => ("chat-noise", format!("亲，帮我发到{}{st}，{nm}收，电话{mtext}，谢谢老板😊", p.region(Region::Full, rng))),
        20 => ("lines-name-last", format!("{mtext}\n{}\n{st}\n{nm}", p.region(Region::Full, rng))),
        21 => ("labels-no-colon", format!("详细地址 {}{st}\n姓名 {nm}\n手机号 {mtext}", p.region(Region::Full, rng))),
        22 => {
            let pc = postcode(rng);
            e.postcode = Some(pc.clone());
            ("postcode-unlabelled", format!("{nm} {mtext} {}{st} {pc}", p.region(Region::Full, rng)))
        }
        _ => {
            let r = p.region(Region::Full, rng);
            ("taobao-copy", format!("收货人: {nm}\n手机号码: {mtext}\n所在地区: {r}\n详细地址: {r}{st}"))
        }
    }
}
