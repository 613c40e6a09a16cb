//! Customer lifecycle stage (SPEC C3): 潜在 → 新客 → 活跃 → 忠诚 → 沉睡 → 流失, with editable
//! thresholds, and transition records so the app can keep a history and count movements per month.
//!
//! # Definitions
//! Only counted orders (not cancelled, not fully refunded) are facts here. "Silent days" is
//! `today − last order day` (never negative). "In the last N days" is `today − N + 1 ..= today`.
//! The first rule that matches wins, in this order of precedence:
//!
//! 1. **潜在** (prospect): no counted order at all (a contact, a consultation, a cancelled order).
//! 2. **流失** (churned): silent for at least `churn_days` (default 180) days.
//! 3. **沉睡** (dormant): silent for at least `dormant_days` (default 90) days.
//! 4. **忠诚** (loyal): at least `loyal_min_orders` (default 3) orders in the last
//!    `loyal_window_days` (default 180) days.
//! 5. **新客** (new): the first order is in the last `new_days` (default 30) days, or the customer
//!    has exactly one order.
//! 6. **活跃** (active): everyone else — two or more orders, the last one less than
//!    `dormant_days` ago, not enough recent orders to be loyal, first order not recent.
//!
//! Silence comes first, so a loyal customer who stops buying for 90 days is 沉睡, not 忠诚; and
//! loyalty beats newness, so three orders in the first week make a customer 忠诚 at once.
//! Edges with the defaults: silent 89 days → not dormant, 90 → 沉睡, 179 → 沉睡, 180 → 流失;
//! orders 179 days ago are inside the 180-day loyalty window, 180 days ago outside.

use crate::customers::logic_util::{days_since, in_last_days, YearMonth};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A lifecycle stage, ordered as the funnel reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Prospect,
    New,
    Active,
    Loyal,
    Dormant,
    Churned,
}

impl Stage {
    pub const ALL: [Stage; 6] = [Stage::Prospect, Stage::New, Stage::Active, Stage::Loyal, Stage::Dormant, Stage::Churned];

    /// Stable code for storage.
    pub fn code(self) -> &'static str {
        match self {
            Stage::Prospect => "prospect",
            Stage::New => "new",
            Stage::Active => "active",
            Stage::Loyal => "loyal",
            Stage::Dormant => "dormant",
            Stage::Churned => "churned",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }

}

/// Thresholds the boss can edit. All are in days except `loyal_min_orders`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecycleConfig {
    pub new_days: u32,
    pub loyal_window_days: u32,
    pub loyal_min_orders: u32,
    pub dormant_days: u32,
    pub churn_days: u32,
}

impl Default for LifecycleConfig {
    fn default() -> Self {
        LifecycleConfig { new_days: 30, loyal_window_days: 180, loyal_min_orders: 3, dormant_days: 90, churn_days: 180 }
    }
}

/// Largest window accepted for any threshold: ten years.
pub const MAX_DAYS: u32 = 3650;
pub const MAX_LOYAL_ORDERS: u32 = 100;

/// Why a lifecycle configuration was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LifecycleError {
    /// `field` is one of the [`LifecycleConfig`] field names.
    OutOfRange { field: String, value: u32, min: u32, max: u32 },
    /// A customer must fall asleep before churning.
    DormantNotBeforeChurn { dormant_days: u32, churn_days: u32 },
}

impl LifecycleError {
    pub fn code(&self) -> &'static str {
        match self {
            LifecycleError::OutOfRange { .. } => "lifecycle_out_of_range",
            LifecycleError::DormantNotBeforeChurn { .. } => "lifecycle_dormant_not_before_churn",
        }
    }

}


impl LifecycleConfig {
    /// Check the thresholds; [`stage`] assumes a configuration that passed.
    pub fn validate(&self) -> Result<(), LifecycleError> {
        let checks = [
            ("new_days", self.new_days, 1, MAX_DAYS),
            ("loyal_window_days", self.loyal_window_days, 1, MAX_DAYS),
            ("loyal_min_orders", self.loyal_min_orders, 2, MAX_LOYAL_ORDERS),
            ("dormant_days", self.dormant_days, 1, MAX_DAYS),
            ("churn_days", self.churn_days, 1, MAX_DAYS),
        ];
        for (field, value, min, max) in checks {
            if value < min || value > max {
                return Err(LifecycleError::OutOfRange { field: field.to_string(), value, min, max });
            }
        }
        if self.dormant_days >= self.churn_days {
            return Err(LifecycleError::DormantNotBeforeChurn { dormant_days: self.dormant_days, churn_days: self.churn_days });
        }
        Ok(())
    }
}

/// Per-customer facts, counted orders only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecycleFacts {
    pub order_count: u32,
    pub first_order_day: Option<i64>,
    pub last_order_day: Option<i64>,
    /// Day of each counted order (one entry per order). Must hold at least every order in the
    /// last `loyal_window_days`; older entries are ignored, so the app may load only those.
    pub recent_order_days: Vec<i64>,
}

impl LifecycleFacts {
    /// Facts from the days of all of a customer's counted orders (any order).
    pub fn from_order_days(days: &[i64]) -> Self {
        LifecycleFacts {
            order_count: days.len() as u32,
            first_order_day: days.iter().copied().min(),
            last_order_day: days.iter().copied().max(),
            recent_order_days: days.to_vec(),
        }
    }
}

/// The stage of a customer on `today`; see the module docs for the precedence.
pub fn stage(facts: &LifecycleFacts, today: i64, config: &LifecycleConfig) -> Stage {
    let (Some(first), Some(last)) = (facts.first_order_day, facts.last_order_day) else {
        return Stage::Prospect;
    };
    if facts.order_count == 0 {
        return Stage::Prospect;
    }
    let silent = days_since(last, today);
    if silent >= i64::from(config.churn_days) {
        return Stage::Churned;
    }
    if silent >= i64::from(config.dormant_days) {
        return Stage::Dormant;
    }
    let recent = facts.recent_order_days.iter().filter(|d| in_last_days(**d, today, config.loyal_window_days)).count();
    if recent >= config.loyal_min_orders as usize {
        return Stage::Loyal;
    }
    if facts.order_count == 1 || in_last_days(first, today, config.new_days) {
        return Stage::New;
    }
    Stage::Active
}

/// A change of stage, to be stored as history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageTransition {
    /// `None` the first time a stage is computed for the customer.
    pub from: Option<Stage>,
    pub to: Stage,
    /// Business day on which the change was observed.
    pub day: i64,
}

/// The record to store when a customer's stage is recomputed, or `None` when it did not change.
pub fn transition(previous: Option<Stage>, next: Stage, day: i64) -> Option<StageTransition> {
    if previous == Some(next) {
        None
    } else {
        Some(StageTransition { from: previous, to: next, day })
    }
}

/// How many customers moved from one stage to another in a month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyMovement {
    pub month: YearMonth,
    pub from: Option<Stage>,
    pub to: Stage,
    pub count: u32,
}

/// Movements per month, sorted by month, then `from` (first assignments first), then `to`.
pub fn movements_by_month(transitions: &[StageTransition]) -> Vec<MonthlyMovement> {
    let mut counts: BTreeMap<(YearMonth, Option<Stage>, Stage), u32> = BTreeMap::new();
    for t in transitions {
        *counts.entry((YearMonth::of_day(t.day), t.from, t.to)).or_default() += 1;
    }
    counts.into_iter().map(|((month, from, to), count)| MonthlyMovement { month, from, to, count }).collect()
}

#[cfg(test)]
#[path = "logic_lifecycle_tests.rs"]
mod tests;
