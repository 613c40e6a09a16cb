//! Plain-language text of a rule for the tag list and the editor preview, in zh or en:
//! `近 90 天消费 ≥ ¥2,000 且 订单数 ≥ 3`. Nested groups are in parentheses; the root group is not.

use super::logic_tags::{Cmp, Condition, FieldTest, Rule, Target};
use crate::customers::logic_util::{fmt_decimal, fmt_yuan};
use crate::i18n::Lang;

/// The rule as one line of text.
pub fn describe(rule: &Rule, lang: Lang) -> String {
    let text = node(rule, lang, true);
    // English condition texts start in lower case so they read well mid-sentence.
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if lang == Lang::En => first.to_uppercase().chain(chars).collect(),
        _ => text,
    }
}

fn node(rule: &Rule, lang: Lang, root: bool) -> String {
    let zh = lang == Lang::Zh;
    match rule {
        Rule::And(children) | Rule::Or(children) => {
            let is_and = matches!(rule, Rule::And(_));
            match children.len() {
                0 => (if zh { "(无条件)" } else { "(no conditions)" }).to_string(),
                1 => node(&children[0], lang, root),
                _ => {
                    let sep = match (is_and, zh) {
                        (true, true) => " 且 ",
                        (false, true) => " 或 ",
                        (true, false) => " and ",
                        (false, false) => " or ",
                    };
                    let joined = children.iter().map(|c| node(c, lang, false)).collect::<Vec<_>>().join(sep);
                    if root {
                        joined
                    } else {
                        format!("({joined})")
                    }
                }
            }
        }
        Rule::Not(inner) => {
            let text = node(inner, lang, true);
            if zh {
                format!("不满足 ({text})")
            } else {
                format!("not ({text})")
            }
        }
        Rule::Cond(c) => condition(c, lang),
    }
}

fn condition(c: &Condition, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let count = |v: &u32| v.to_string();
    match c {
        Condition::Spend { days, cmp } if zh => format!("近 {days} 天消费{}", cmp_text(cmp, |v| fmt_yuan(*v), lang)),
        Condition::Spend { days, cmp } => format!("spend in the last {days} days{}", cmp_text(cmp, |v| fmt_yuan(*v), lang)),
        Condition::OrderCount { days: None, cmp } if zh => format!("订单数{}", cmp_text(cmp, count, lang)),
        Condition::OrderCount { days: None, cmp } => format!("orders{}", cmp_text(cmp, count, lang)),
        Condition::OrderCount { days: Some(d), cmp } if zh => format!("近 {d} 天订单数{}", cmp_text(cmp, count, lang)),
        Condition::OrderCount { days: Some(d), cmp } => format!("orders in the last {d} days{}", cmp_text(cmp, count, lang)),
        Condition::DaysSinceLastOrder { cmp } if zh => format!("距上次下单天数{}", cmp_text(cmp, count, lang)),
        Condition::DaysSinceLastOrder { cmp } => format!("days since last order{}", cmp_text(cmp, count, lang)),
        Condition::CategoryShare { category, days, cmp } => {
            let pct = cmp_text(cmp, |v| format!("{}%", fmt_decimal(*v)), lang);
            if zh {
                format!("近 {days} 天「{category}」类消费占比{pct}")
            } else {
                format!("share of spend on “{category}” in the last {days} days{pct}")
            }
        }
        Condition::Bought { target, from, to } => bought(target, &from.to_string(), &to.to_string(), lang),
        Condition::ConsultedNoOrder if zh => "咨询过但未下单".to_string(),
        Condition::ConsultedNoOrder => "consulted but never ordered".to_string(),
        Condition::Field { name, test } => match test {
            FieldTest::TextEquals(v) => format!("{name} = {v}"),
            FieldTest::TextContains(v) if zh => format!("{name} 包含「{v}」"),
            FieldTest::TextContains(v) => format!("{name} contains “{v}”"),
            FieldTest::Number(cmp) => format!("{name}{}", cmp_text(cmp, |v| fmt_decimal(*v), lang)),
        },
    }
}

fn bought(target: &Target, from: &str, to: &str, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let what = match (target, zh) {
        (Target::Product { name, .. }, true) => format!("商品「{name}」"),
        (Target::Category(name), true) => format!("「{name}」类商品"),
        (Target::Product { name, .. }, false) => format!("product “{name}”"),
        (Target::Category(name), false) => format!("category “{name}”"),
    };
    match (from == to, zh) {
        (true, true) => format!("{from} 购买过{what}"),
        (false, true) => format!("{from} 至 {to} 购买过{what}"),
        (true, false) => format!("bought {what} on {from}"),
        (false, false) => format!("bought {what} from {from} to {to}"),
    }
}

/// The comparison part, with its own leading space where one is needed:
/// ` ≥ ¥2,000`, `在 ¥1,000 至 ¥4,999.99 之间`, ` between 1 and 5`.
fn cmp_text<T>(cmp: &Cmp<T>, show: impl Fn(&T) -> String, lang: Lang) -> String {
    match (cmp, lang) {
        (Cmp::Gte(v), _) => format!(" ≥ {}", show(v)),
        (Cmp::Lte(v), _) => format!(" ≤ {}", show(v)),
        (Cmp::Eq(v), _) => format!(" = {}", show(v)),
        (Cmp::Between(lo, hi), Lang::Zh) => format!("在 {} 至 {} 之间", show(lo), show(hi)),
        (Cmp::Between(lo, hi), Lang::En) => format!(" between {} and {}", show(lo), show(hi)),
    }
}

#[cfg(test)]
#[path = "text_rules_tests.rs"]
mod tests;
