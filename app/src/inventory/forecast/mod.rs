//! Demand forecasting (SPEC I4): a 30-day forecast per SKU with weekly
//! seasonality, trend and festival uplift (春节, 端午, 中秋 on the lunar calendar; 618 and 双11
//! fixed), a backtest against a seasonal-naive baseline, and purchase suggestions grouped by
//! supplier. Pure functions on plain data: no IO, no clock, no threads.
//!
//! Demand quantities are `f64` (they are estimates, not money); costs are integer fen.

pub mod backtest;
pub mod calendar;
pub mod forecast;
pub mod holt_winters;
pub mod purchase;
pub mod uplift;

pub use backtest::{backtest, Backtest, BacktestError};
pub use calendar::{Festival, FestivalWindow, HolidayCalendar, Occurrence};
pub use forecast::{
    forecast_sku, forecast_sku_with, Forecast, ForecastError, ForecastOptions, Method,
};
pub use purchase::{
    group_by_supplier, suggest, PurchaseError, ReorderInput, SafetyStock, ServiceLevel, Suggestion,
    SuggestionLine, SupplierGroup,
};
pub use uplift::{AppliedUplift, UpliftSource};


#[cfg(test)]
mod synthetic_tests;
