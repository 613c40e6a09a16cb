//! The month's workflow (月结 → 审核 → 发放) as pure checks: which month may be run, approved,
//! paid, and from when a rule change may take effect.
//!
//! Months close in order. The first commission month is the month of the earliest rule set;
//! a month may be run (and run again, as often as needed) while it is open, once every month
//! before it back to the first is closed; it may be approved (closed) once it is over. A
//! closed month never changes: later refunds land in the month they happen, and a rule set may
//! only take effect in an open month.

use super::logic::{CommissionError, Month};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A month that has been run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MonthStatus {
    /// Statements are drafts (草稿): the month may be run again.
    Draft,
    /// The boss approved the month (已确认): its statements are locked.
    Closed,
}

text_codes!(MonthStatus { Draft = "draft", Closed = "closed" });

/// The first month a rule change may take effect in: the one after the latest closed month.
pub fn first_open_month(latest_closed: Option<Month>) -> Option<Month> {
    latest_closed.map(Month::next)
}

/// May `month` be run now? `current` is the business month of now; `first_rules` the month of
/// the earliest rule set.
pub fn check_run(month: Month, current: Month, latest_closed: Option<Month>, first_rules: Option<Month>) -> Result<(), CommissionError> {
    if month > current {
        return Err(CommissionError::MonthInFuture { month });
    }
    match (latest_closed, first_rules) {
        (_, None) => Err(CommissionError::NoRulesInForce { month }),
        (Some(c), _) if month <= c => Err(CommissionError::MonthClosed { month }),
        (Some(c), _) if month > c.next() => Err(CommissionError::PreviousMonthOpen { month: c.next() }),
        (Some(_), _) => Ok(()),
        (None, Some(f)) if month < f => Err(CommissionError::NoRulesInForce { month }),
        (None, Some(f)) if month > f => Err(CommissionError::PreviousMonthOpen { month: f }),
        (None, Some(_)) => Ok(()),
    }
}

/// May `month` be approved at `now_ms`, given its status (`None`: never run)?
pub fn check_approve(month: Month, status: Option<MonthStatus>, now_ms: i64) -> Result<(), CommissionError> {
    match status {
        None => Err(CommissionError::MonthNotRun { month }),
        Some(MonthStatus::Closed) => Err(CommissionError::MonthClosed { month }),
        Some(MonthStatus::Draft) if now_ms <= month.last_ms() => Err(CommissionError::MonthNotOver { month }),
        Some(MonthStatus::Draft) => Ok(()),
    }
}

/// A payout of `month`'s statement is dated from the month's first day up to today.
pub fn check_pay_date(month: Month, paid_on: NaiveDate, today: NaiveDate) -> Result<(), CommissionError> {
    let earliest = month.first_day();
    if paid_on < earliest || paid_on > today {
        Err(CommissionError::PayDateOutOfRange { earliest, latest: today })
    } else {
        Ok(())
    }
}

/// May a rule set (now effective `existing`, `None` when new) take effect on `effective_from`?
pub fn check_rule_date(existing: Option<NaiveDate>, effective_from: NaiveDate, latest_closed: Option<Month>) -> Result<(), CommissionError> {
    let Some(first_open) = first_open_month(latest_closed) else {
        return Ok(());
    };
    if let Some(old) = existing.filter(|d| *d < first_open.first_day()) {
        return Err(CommissionError::RuleSetLocked { effective_from: old });
    }
    super::logic_rules::check_effective_date(effective_from, first_open)
}
