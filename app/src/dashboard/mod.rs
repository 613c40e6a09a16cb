//! Dashboards (D1–D3). This release: the home overview with this month's sales and
//! the 30-day daily sales chart, scoped like every other query.

pub mod api;
pub mod logic;
pub mod text;
pub mod ui;
#[cfg(feature = "ssr")]
mod db;
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
