//! The per-customer facts the app computes for tag rules, and how far back it must look.
//!
//! Compact by design: one [`Purchase`] per (business day, product) with the net spend, so windowed
//! spend, per-category shares and "bought X between dates" all come from one list, for any window
//! and any `today`; all-time figures are separate so history can be cut at [`lookback_day`].

use super::{Condition, Rule, Target};
use crate::customers::logic_util::day_of_date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Counted spend on one product on one business day (all its lines in counted orders that day).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purchase {
    pub day: i64,
    pub product_id: i64,
    /// The product's category name (as stored on the product).
    pub category: String,
    /// Net amount paid for these lines in fen (after discounts, minus partial refunds). Gifts
    /// bought at ¥0 still appear, so they count as "bought".
    pub spend_fen: i64,
}

/// A custom profile field value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldValue {
    Text(String),
    Number(Decimal),
}

/// What tag rules read about one customer. Counted orders only (not cancelled, not fully refunded).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerFacts {
    /// All-time counted orders.
    pub order_count: u32,
    pub last_order_day: Option<i64>,
    /// Consultation notes recorded for the customer.
    pub consultations: u32,
    /// Business day of each counted order, one entry per order; may start at [`lookback_day`].
    pub order_days: Vec<i64>,
    /// May start at [`lookback_day`].
    pub purchases: Vec<Purchase>,
    /// Custom profile fields by name; absent when not filled in.
    pub fields: BTreeMap<String, FieldValue>,
}

/// The earliest business day that any of `rules` reads from `order_days` and `purchases` on
/// `today`; the app may leave out older entries. `None` when no rule reads them.
pub fn lookback_day(rules: &[Rule], today: i64) -> Option<i64> {
    let mut earliest: Option<i64> = None;
    for rule in rules {
        visit(rule, &mut |c| {
            let day = match c {
                Condition::Spend { days, .. }
                | Condition::OrderCount { days: Some(days), .. }
                | Condition::CategoryShare { days, .. } => Some(today - i64::from(*days) + 1),
                Condition::Bought { from, .. } => Some(day_of_date(*from)),
                _ => None,
            };
            if let Some(d) = day {
                earliest = Some(earliest.map_or(d, |e| e.min(d)));
            }
        });
    }
    earliest
}

/// Call `f` on every condition of `rule`, left to right.
pub(super) fn visit(rule: &Rule, f: &mut impl FnMut(&Condition)) {
    match rule {
        Rule::And(children) | Rule::Or(children) => children.iter().for_each(|c| visit(c, f)),
        Rule::Not(inner) => visit(inner, f),
        Rule::Cond(c) => f(c),
    }
}

impl CustomerFacts {
    /// Counted spend in the last `days` days.
    pub fn spend_in(&self, today: i64, days: u32) -> i64 {
        self.purchases_in(today, days).map(|p| p.spend_fen).sum()
    }

    /// Counted orders in the last `days` days.
    pub fn orders_in(&self, today: i64, days: u32) -> u32 {
        self.order_days.iter().filter(|d| crate::customers::logic_util::in_last_days(**d, today, days)).count() as u32
    }

    pub(super) fn purchases_in(&self, today: i64, days: u32) -> impl Iterator<Item = &Purchase> {
        self.purchases.iter().filter(move |p| crate::customers::logic_util::in_last_days(p.day, today, days))
    }

    /// Whether the target was bought on a day in `from ..= to`.
    pub(super) fn bought(&self, target: &Target, from: i64, to: i64) -> bool {
        self.purchases.iter().any(|p| {
            (from..=to).contains(&p.day)
                && match target {
                    Target::Product { id, .. } => p.product_id == *id,
                    Target::Category(name) => p.category.trim() == name.trim(),
                }
        })
    }
}
