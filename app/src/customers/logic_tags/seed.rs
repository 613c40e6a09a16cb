//! The automatic tags a new shop starts with (SPEC C2 and the seed: 高净值/潜力, 活跃/沉睡, 偏好某类目).
//! The boss may edit or delete them like any other rule.
//!
//! - 高净值: 近 365 天消费 ≥ ¥5,000, or a fast climber: 近 90 天消费 ≥ ¥2,000 且 近 90 天订单数 ≥ 3.
//! - 潜力: 近 365 天消费 ¥1,000–¥4,999.99 and still buying (an order in the last 90 days), i.e.
//!   the customers one push away from 高净值.
//! - 活跃: an order in the last 30 days, or at least two in the last 90 days.
//! - 沉睡: 90 days or more since the last order (the seed's "3个月未复购"); it covers the
//!   lifecycle stages 沉睡 and 流失 alike. Customers who never ordered are not 沉睡.
//! - 偏好+类目 (e.g. 偏好护肤): the category takes at least 50% of the spend of the last 365 days.

use super::{Cmp, Condition, Rule};
use crate::i18n::Lang;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A ready-made tag: its display name and rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedTag {
    pub name: String,
    pub rule: Rule,
}

fn spend(days: u32, cmp: Cmp<i64>) -> Rule {
    Rule::Cond(Condition::Spend { days, cmp })
}

fn orders_in(days: u32, cmp: Cmp<u32>) -> Rule {
    Rule::Cond(Condition::OrderCount { days: Some(days), cmp })
}

/// 高净值.
pub fn high_value() -> Rule {
    Rule::Or(vec![
        spend(365, Cmp::Gte(500_000)),
        Rule::And(vec![spend(90, Cmp::Gte(200_000)), orders_in(90, Cmp::Gte(3))]),
    ])
}

/// 潜力.
pub fn potential() -> Rule {
    Rule::And(vec![spend(365, Cmp::Between(100_000, 499_999)), orders_in(90, Cmp::Gte(1))])
}

/// 活跃.
pub fn active() -> Rule {
    Rule::Or(vec![orders_in(30, Cmp::Gte(1)), orders_in(90, Cmp::Gte(2))])
}

/// 沉睡.
pub fn dormant() -> Rule {
    Rule::Cond(Condition::DaysSinceLastOrder { cmp: Cmp::Gte(90) })
}

/// 偏好`category`: at least 50% of the last 365 days' spend.
pub fn prefers_category(category: &str) -> Rule {
    Rule::Cond(Condition::CategoryShare { category: category.to_string(), days: 365, cmp: Cmp::Gte(Decimal::from(50)) })
}

/// The starting tags: the four above and one preference tag per category.
pub fn seed_tags(categories: &[String], lang: Lang) -> Vec<SeedTag> {
    let zh = lang == Lang::Zh;
    let named = |zh_name: &str, en_name: &str, rule: Rule| SeedTag { name: (if zh { zh_name } else { en_name }).to_string(), rule };
    let mut tags = vec![
        named("高净值", "High value", high_value()),
        named("潜力", "Potential", potential()),
        named("活跃", "Active", active()),
        named("沉睡", "Dormant", dormant()),
    ];
    for c in categories {
        let name = if zh { format!("偏好{c}") } else { format!("Prefers {c}") };
        tags.push(SeedTag { name, rule: prefers_category(c) });
    }
    tags
}
