//! Couriers and the boss's routing rules (O5): which courier ships an order, and why.
//!
//! Precedence, decided here and shown in the UI through [`Routed::source`]:
//! 1. **forced rules** (`force: true`), in list order, first match wins — for hard
//!    constraints such as "remote areas only by 邮政", which even a customer cannot override;
//! 2. the **customer's preferred courier**, when set, known and active;
//! 3. the **other rules**, in list order, first match wins;
//! 4. the **default courier**.
//!
//! A disabled rule, or a rule whose courier is inactive, is skipped. Within a rule all set
//! conditions must hold (AND); within a list any entry may match (OR); an empty list or an
//! open range does not constrain. Ranges are inclusive at both ends. The result is only a
//! suggestion: the order form lets the user override it.

use serde::{Deserialize, Serialize};

use crate::region as province;

pub use super::logic::{RangeField, SenderField};

/// A courier company the team ships with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Courier {
    /// Short stable code, upper-case ASCII: "YTO", "ZTO", "EMS".
    pub code: String,
    /// Display name: 圆通速递.
    pub name: String,
    /// The address printed as sender on this courier's waybills.
    pub sender: SenderAddress,
    /// Monthly-settlement / e-waybill account number (月结账号); may be empty.
    #[serde(default)]
    pub account: String,
    /// Inactive couriers are never chosen; rules naming them are skipped.
    pub active: bool,
}

/// A sender (寄件人) block of a waybill.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SenderAddress {
    pub name: String,
    pub mobile: String,
    pub province: String,
    pub city: String,
    pub district: String,
    /// Street, building and room.
    pub detail: String,
}

/// A place: a whole province (empty `city`) or one city of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    pub province: String,
    #[serde(default)]
    pub city: String,
}

/// An inclusive range; `None` leaves that side open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
}

impl Range {
    /// Whether `v` lies in the range.
    pub fn contains(&self, v: i64) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }

    /// Whether neither side is set.
    pub fn is_open(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
}

/// What a rule looks at. Every field left empty matches any order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conditions {
    /// Destination provinces, any accepted spelling (浙江省, 浙江, 浙).
    #[serde(default)]
    pub provinces: Vec<String>,
    /// Destination cities (杭州 or 杭州市).
    #[serde(default)]
    pub cities: Vec<String>,
    /// `Some(true)`: only destinations on the remote-area list; `Some(false)`: only others.
    #[serde(default)]
    pub remote: Option<bool>,
    /// Total parcel weight in grams.
    #[serde(default)]
    pub weight_g: Range,
    /// Order amount in fen.
    #[serde(default)]
    pub amount_fen: Range,
}

impl Conditions {
    /// Whether the rule matches every order.
    pub fn is_empty(&self) -> bool {
        self.provinces.is_empty()
            && self.cities.is_empty()
            && self.remote.is_none()
            && self.weight_g.is_open()
            && self.amount_fen.is_open()
    }
}

/// One routing rule as the boss edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingRule {
    /// Label shown in the rule list and in the routing reason: 江浙沪走圆通.
    pub name: String,
    pub courier_code: String,
    pub enabled: bool,
    /// A forced rule beats the customer's preferred courier.
    #[serde(default)]
    pub force: bool,
    #[serde(default)]
    pub when: Conditions,
}

/// Everything routing needs; stored as one JSON document per team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingConfig {
    #[serde(default)]
    pub couriers: Vec<Courier>,
    #[serde(default)]
    pub rules: Vec<RoutingRule>,
    /// The remote-area list (偏远地区) that `Conditions::remote` refers to.
    #[serde(default)]
    pub remote_areas: Vec<Area>,
    /// Courier code used when nothing else decides.
    #[serde(default)]
    pub default_courier: String,
}

/// The facts about one order that routing looks at.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFacts {
    pub province: String,
    pub city: String,
    /// Total weight in grams, see [`order_weight_g`].
    pub weight_g: i64,
    pub amount_fen: i64,
    /// The customer's preferred courier code, if any.
    #[serde(default)]
    pub preferred_courier: Option<String>,
}

/// What decided the courier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RouteSource {
    ForcedRule,
    Preference,
    Rule,
    Default,
}

/// The chosen courier and a human explanation for the order form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routed {
    pub courier_code: String,
    pub source: RouteSource,
    /// Zero-based index into `RoutingConfig::rules` of the rule that chose it.
    pub rule_index: Option<usize>,
    pub reason_zh: String,
    pub reason_en: String,
}

/// Total parcel weight in grams from `(sku weight in grams, quantity)` pairs.
/// Saturates instead of overflowing on absurd input.
pub fn order_weight_g(lines: impl IntoIterator<Item = (i64, i64)>) -> i64 {
    lines.into_iter().fold(0i64, |acc, (w, q)| acc.saturating_add(w.saturating_mul(q)))
}

impl RoutingConfig {
    /// The courier with this code, if any.
    pub fn courier(&self, code: &str) -> Option<&Courier> {
        self.couriers.iter().find(|c| c.code == code)
    }

    fn is_active(&self, code: &str) -> bool {
        self.courier(code).is_some_and(|c| c.active)
    }

    fn display(&self, code: &str) -> String {
        self.courier(code).map_or_else(|| code.to_string(), |c| c.name.clone())
    }

    /// Whether the destination is on the remote-area list.
    pub fn is_remote(&self, province: &str, city: &str) -> bool {
        self.remote_areas
            .iter()
            .any(|a| province::same(&a.province, province) && (a.city.trim().is_empty() || same_city(&a.city, city)))
    }

    /// The starting configuration for a new team: 江浙沪 → 圆通 (YTO); remote areas
    /// (新疆/西藏/青海/内蒙古/甘肃/宁夏) → 中国邮政 (EMS); everything else → 中通 (ZTO).
    /// All three couriers share the boss's `sender` address.
    pub fn seed(sender: SenderAddress) -> Self {
        let courier = |code: &str, name: &str| Courier {
            code: code.into(),
            name: name.into(),
            sender: sender.clone(),
            account: String::new(),
            active: true,
        };
        let list = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let remote = ["新疆", "西藏", "青海", "内蒙古", "甘肃", "宁夏"];
        RoutingConfig {
            couriers: vec![courier("YTO", "圆通速递"), courier("ZTO", "中通快递"), courier("EMS", "中国邮政")],
            rules: vec![
                RoutingRule {
                    name: "江浙沪走圆通".into(),
                    courier_code: "YTO".into(),
                    enabled: true,
                    force: false,
                    when: Conditions { provinces: list(&["浙江", "江苏", "上海"]), ..Conditions::default() },
                },
                RoutingRule {
                    name: "偏远地区走邮政".into(),
                    courier_code: "EMS".into(),
                    enabled: true,
                    force: false,
                    when: Conditions { remote: Some(true), ..Conditions::default() },
                },
            ],
            remote_areas: remote.iter().map(|p| Area { province: p.to_string(), city: String::new() }).collect(),
            default_courier: "ZTO".into(),
        }
    }
}

/// City names compare without the 市/地区/盟/自治州 suffix; an autonomous prefecture
/// also matches by its leading place name (甘孜 = 甘孜藏族自治州 = 甘孜州).
pub fn same_city(a: &str, b: &str) -> bool {
    let (ka, auto_a) = city_key(a);
    let (kb, auto_b) = city_key(b);
    if ka.is_empty() || kb.is_empty() {
        return false;
    }
    let prefix = |long: &str, short: &str| short.chars().count() >= 2 && long.starts_with(short);
    ka == kb || (auto_a && prefix(&ka, &kb)) || (auto_b && prefix(&kb, &ka))
}

fn city_key(name: &str) -> (String, bool) {
    let s: String = crate::region::fold(name).chars().filter(|c| !c.is_whitespace()).collect();
    for suffix in ["自治州", "地区", "盟"] {
        if let Some(stem) = s.strip_suffix(suffix) {
            return (stem.to_string(), true);
        }
    }
    // 甘孜州 is the everyday short form of 甘孜藏族自治州; a two-character name such as
    // 杭州 keeps its 州, which is part of the name itself.
    if let Some(stem) = s.strip_suffix('州').filter(|t| t.chars().count() >= 2) {
        return (stem.to_string(), true);
    }
    match s.strip_suffix('市') {
        Some(stem) => (stem.to_string(), false),
        None => (s, false),
    }
}

/// Province (short name) and city of a delivery address as entered, e.g. 浙江省杭州市西湖区…
/// → (浙江, 杭州市). Municipalities give their own name as the city (上海市 → 上海, 上海).
/// An address without a recognisable province gives empty strings, so only rules without
/// a place condition can match it.
pub fn place_of(address: &str) -> (String, String) {
    let a = address.trim();
    let Some((p, len)) = province::strip_prefix(a) else {
        return (String::new(), String::new());
    };
    let rest = a[len..].trim_start();
    if ["北京", "天津", "上海", "重庆"].contains(&p.short) {
        return (p.short.to_string(), p.short.to_string());
    }
    let chars: Vec<char> = rest.chars().take(12).collect();
    let end = chars.iter().position(|c| matches!(c, '市' | '州' | '盟')).map(|i| if chars[i] == '州' && chars.get(i + 1) == Some(&'市') { i + 2 } else { i + 1 }).or_else(|| {
        let s: String = chars.iter().collect();
        s.find("地区").map(|b| s[..b].chars().count() + 2)
    });
    let city = end.filter(|&e| e >= 2).map(|e| chars[..e].iter().collect()).unwrap_or_default();
    (p.short.to_string(), city)
}

/// Choose the courier for an order; see the module doc for the precedence.
pub fn route(cfg: &RoutingConfig, facts: &OrderFacts) -> Routed {
    if let Some(r) = first_rule(cfg, facts, true) {
        return r;
    }
    let mut note = (String::new(), String::new());
    if let Some(code) = facts.preferred_courier.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        match cfg.courier(code) {
            Some(c) if c.active => {
                return Routed {
                    courier_code: c.code.clone(),
                    source: RouteSource::Preference,
                    rule_index: None,
                    reason_zh: format!("客户指定快递：{}", c.name),
                    reason_en: format!("Customer's preferred courier: {}", c.name),
                };
            }
            Some(c) => {
                note.0 = format!("（客户指定的「{}」已停用）", c.name);
                note.1 = format!(" (the customer's preferred {} is inactive)", c.name);
            }
            None => {
                note.0 = format!("（客户指定的快递「{code}」不存在）");
                note.1 = format!(" (the customer's preferred courier {code} does not exist)");
            }
        }
    }
    let mut routed = first_rule(cfg, facts, false).unwrap_or_else(|| Routed {
        courier_code: cfg.default_courier.clone(),
        source: RouteSource::Default,
        rule_index: None,
        reason_zh: format!("未命中任何规则，使用默认快递：{}", cfg.display(&cfg.default_courier)),
        reason_en: format!("No rule matched; default courier: {}", cfg.display(&cfg.default_courier)),
    });
    routed.reason_zh.push_str(&note.0);
    routed.reason_en.push_str(&note.1);
    routed
}

fn first_rule(cfg: &RoutingConfig, facts: &OrderFacts, forced: bool) -> Option<Routed> {
    cfg.rules.iter().enumerate().find_map(|(i, rule)| {
        if rule.force != forced || !rule.enabled || !cfg.is_active(&rule.courier_code) {
            return None;
        }
        let hits = rule_hits(cfg, rule, facts)?;
        let (zh, en): (Vec<_>, Vec<_>) = hits.into_iter().unzip();
        let (zh, en) = if zh.is_empty() {
            ("无条件".to_string(), "no conditions".to_string())
        } else {
            (zh.join("，"), en.join(", "))
        };
        let mut reason_zh = format!("规则 {}「{}」：{}", i + 1, rule.name, zh);
        let mut reason_en = format!("Rule {} \"{}\": {}", i + 1, rule.name, en);
        if forced && facts.preferred_courier.as_deref().is_some_and(|p| !p.trim().is_empty()) {
            reason_zh.push_str("（强制规则，优先于客户指定快递）");
            reason_en.push_str(" (forced rule, overrides the customer's preference)");
        }
        Some(Routed {
            courier_code: rule.courier_code.clone(),
            source: if forced { RouteSource::ForcedRule } else { RouteSource::Rule },
            rule_index: Some(i),
            reason_zh,
            reason_en,
        })
    })
}

/// The matched conditions as (zh, en) phrases, or `None` if the rule does not apply.
fn rule_hits(cfg: &RoutingConfig, rule: &RoutingRule, f: &OrderFacts) -> Option<Vec<(String, String)>> {
    let w = &rule.when;
    let mut hits = Vec::new();
    if !w.provinces.is_empty() {
        let p = province::normalize(&f.province)?;
        w.provinces.iter().any(|x| province::normalize(x).is_some_and(|q| q.code == p.code)).then_some(())?;
        hits.push((format!("收货省份为{}", p.short), format!("destination province {}", p.en)));
    }
    if !w.cities.is_empty() {
        w.cities.iter().any(|c| same_city(c, &f.city)).then_some(())?;
        hits.push((format!("收货城市为{}", f.city.trim()), format!("destination city {}", f.city.trim())));
    }
    if let Some(want) = w.remote {
        (cfg.is_remote(&f.province, &f.city) == want).then_some(())?;
        hits.push(if want {
            ("偏远地区".to_string(), "remote area".to_string())
        } else {
            ("非偏远地区".to_string(), "not a remote area".to_string())
        });
    }
    if !w.weight_g.is_open() {
        w.weight_g.contains(f.weight_g).then_some(())?;
        hits.push((
            format!("重量 {} 克（{}）", f.weight_g, range_zh(&w.weight_g, "克")),
            format!("weight {} g ({})", f.weight_g, range_en(&w.weight_g, "g")),
        ));
    }
    if !w.amount_fen.is_open() {
        w.amount_fen.contains(f.amount_fen).then_some(())?;
        hits.push((
            format!("金额 {}（{}）", yuan(f.amount_fen), range_zh_yuan(&w.amount_fen)),
            format!("amount {} ({})", yuan(f.amount_fen), range_en_yuan(&w.amount_fen)),
        ));
    }
    Some(hits)
}

fn range_zh(r: &Range, unit: &str) -> String {
    match (r.min, r.max) {
        (Some(a), Some(b)) => format!("{a}–{b} {unit}"),
        (Some(a), None) => format!("不少于 {a} {unit}"),
        (None, Some(b)) => format!("不超过 {b} {unit}"),
        (None, None) => String::new(),
    }
}

fn range_en(r: &Range, unit: &str) -> String {
    match (r.min, r.max) {
        (Some(a), Some(b)) => format!("{a}–{b} {unit}"),
        (Some(a), None) => format!("at least {a} {unit}"),
        (None, Some(b)) => format!("at most {b} {unit}"),
        (None, None) => String::new(),
    }
}

fn range_zh_yuan(r: &Range) -> String {
    match (r.min, r.max) {
        (Some(a), Some(b)) => format!("{}–{}", yuan(a), yuan(b)),
        (Some(a), None) => format!("不少于 {}", yuan(a)),
        (None, Some(b)) => format!("不超过 {}", yuan(b)),
        (None, None) => String::new(),
    }
}

fn range_en_yuan(r: &Range) -> String {
    match (r.min, r.max) {
        (Some(a), Some(b)) => format!("{}–{}", yuan(a), yuan(b)),
        (Some(a), None) => format!("at least {}", yuan(a)),
        (None, Some(b)) => format!("at most {}", yuan(b)),
        (None, None) => String::new(),
    }
}

/// Fen as ¥1,234.50 (the app's money format, P5).
pub(crate) fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let int = (abs / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{sign}¥{grouped}.{:02}", abs % 100)
}

#[cfg(test)]
#[path = "logic_courier_tests.rs"]
mod tests;
