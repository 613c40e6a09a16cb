//! Dashboards (D1–D3). This release: the home overview with this month's sales and
//! the 30-day daily sales chart, scoped like every other query.

pub mod api;
pub mod ui;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod service;

use crate::money::Money;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayPoint {
    /// Business day number (see `time::day_of`).
    pub day: i64,
    pub sales: Money,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub sales_month: Money,
    pub orders_month: i64,
    pub customers: i64,
    pub to_ship: i64,
    /// The last 30 business days, oldest first, one point per day (zero when no sales).
    pub daily: Vec<DayPoint>,
    /// True when the figures cover only the caller's own line.
    pub scoped: bool,
}

/// Fill the days without sales with zero, oldest first.
pub fn fill_days(first_day: i64, days: i64, sparse: &[(i64, i64)]) -> Vec<DayPoint> {
    (first_day..first_day + days)
        .map(|day| {
            let fen = sparse.iter().find(|(d, _)| *d == day).map(|(_, f)| *f).unwrap_or(0);
            DayPoint { day, sales: Money::from_fen(fen) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn fills_missing_days() {
        let pts = super::fill_days(10, 3, &[(11, 500)]);
        let fen: Vec<i64> = pts.iter().map(|p| p.sales.to_fen()).collect();
        assert_eq!(fen, vec![0, 500, 0]);
        assert_eq!(pts[2].day, 12);
    }
}
