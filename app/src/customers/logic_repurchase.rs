//! Repurchase rate and new vs returning customers (SPEC C5, D2), over plain
//! (customer, order day, counted) facts.
//!
//! # Definitions
//! - A **counted** order is neither cancelled nor fully refunded ([`is_counted`]); other orders
//!   are ignored everywhere below.
//! - **Repurchase rate** of a window `from_day ..= to_day` (business days):
//!   customers with ≥ 2 counted orders in the window ÷ customers with ≥ 1 counted order in the
//!   window, in percent rounded half-up to two decimals; `None` when nobody bought. Orders before
//!   the window do not count, so a customer's single order in the window is not a repurchase even
//!   if they bought last year.
//! - A customer is **new** in the month (business zone) of their first counted order ever, and
//!   **returning** in any later month in which they have a counted order. Each customer counts
//!   at most once per month. The input must therefore hold every counted order of each customer up
//!   to the end of the range, not just those inside it.

use crate::customers::logic_util::{percent_2dp, YearMonth};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One order as these figures see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFact {
    pub customer_id: i64,
    /// Business day the order was placed.
    pub day: i64,
    pub counted: bool,
}

/// Whether an order counts: not cancelled, and not refunded in full (a refund of at least the
/// order total). A ¥0 order without refund counts.
pub fn is_counted(cancelled: bool, total_fen: i64, refunded_fen: i64) -> bool {
    let fully_refunded = refunded_fen > 0 && refunded_fen >= total_fen;
    !cancelled && !fully_refunded
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepurchaseRate {
    /// Customers with at least one counted order in the window.
    pub buyers: u32,
    /// Customers with at least two.
    pub repeat_buyers: u32,
    /// `repeat_buyers / buyers` in percent, two decimals; `None` when `buyers` is 0.
    pub rate_pct: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCustomers {
    pub month: YearMonth,
    pub new_customers: u32,
    pub returning_customers: u32,
    /// `returning / (new + returning)` in percent, two decimals; `None` when both are 0.
    pub returning_share_pct: Option<Decimal>,
}

/// Longest range for [`new_vs_returning`]: 20 years of months.
pub const MAX_MONTHS: u32 = 240;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RepurchaseError {
    /// The window ends before it starts (business days).
    DaysReversed { from_day: i64, to_day: i64 },
    MonthsReversed { from: YearMonth, to: YearMonth },
    TooManyMonths { months: u32, max: u32 },
}

impl RepurchaseError {
    pub fn code(&self) -> &'static str {
        match self {
            RepurchaseError::DaysReversed { .. } => "repurchase_days_reversed",
            RepurchaseError::MonthsReversed { .. } => "repurchase_months_reversed",
            RepurchaseError::TooManyMonths { .. } => "repurchase_too_many_months",
        }
    }

}

/// Repurchase rate of the window `from_day ..= to_day`.
pub fn repurchase_rate(orders: &[OrderFact], from_day: i64, to_day: i64) -> Result<RepurchaseRate, RepurchaseError> {
    if from_day > to_day {
        return Err(RepurchaseError::DaysReversed { from_day, to_day });
    }
    let mut per_customer: BTreeMap<i64, u32> = BTreeMap::new();
    for o in orders.iter().filter(|o| o.counted && (from_day..=to_day).contains(&o.day)) {
        *per_customer.entry(o.customer_id).or_default() += 1;
    }
    let buyers = per_customer.len() as u32;
    let repeat_buyers = per_customer.values().filter(|n| **n >= 2).count() as u32;
    let rate_pct = (buyers > 0).then(|| percent_2dp(i64::from(repeat_buyers), i64::from(buyers)));
    Ok(RepurchaseRate { buyers, repeat_buyers, rate_pct })
}

/// New and returning customers for each month from `from` to `to` inclusive (empty months too).
pub fn new_vs_returning(orders: &[OrderFact], from: YearMonth, to: YearMonth) -> Result<Vec<MonthCustomers>, RepurchaseError> {
    if from > to {
        return Err(RepurchaseError::MonthsReversed { from, to });
    }
    let months = u32::try_from(from.months_until(to)).unwrap_or(u32::MAX);
    if months > MAX_MONTHS {
        return Err(RepurchaseError::TooManyMonths { months, max: MAX_MONTHS });
    }
    let counted: Vec<&OrderFact> = orders.iter().filter(|o| o.counted).collect();
    let mut first_day: BTreeMap<i64, i64> = BTreeMap::new();
    for o in &counted {
        let first = first_day.entry(o.customer_id).or_insert(o.day);
        *first = (*first).min(o.day);
    }
    let mut buyers_by_month: BTreeMap<YearMonth, BTreeSet<i64>> = BTreeMap::new();
    for o in &counted {
        buyers_by_month.entry(YearMonth::of_day(o.day)).or_default().insert(o.customer_id);
    }
    let mut result = Vec::with_capacity(months as usize);
    let mut month = from;
    while month <= to {
        let (mut new_customers, mut returning_customers) = (0u32, 0u32);
        for customer in buyers_by_month.get(&month).into_iter().flatten() {
            if YearMonth::of_day(first_day[customer]) == month {
                new_customers += 1;
            } else {
                returning_customers += 1;
            }
        }
        let active = new_customers + returning_customers;
        let returning_share_pct = (active > 0).then(|| percent_2dp(i64::from(returning_customers), i64::from(active)));
        result.push(MonthCustomers { month, new_customers, returning_customers, returning_share_pct });
        month = month.next();
    }
    Ok(result)
}

#[cfg(test)]
#[path = "logic_repurchase_tests.rs"]
mod tests;
