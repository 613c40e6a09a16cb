//! How good the forecast would have been: hold out the last weeks, forecast them from the days
//! before, and compare the errors with a seasonal-naive baseline (the same weekday a week
//! before), so the UI can show "预测误差" next to the forecast and whether the model earns its keep.
//!
//! Errors are in percent. MAPE skips days whose actual is 0 (the ratio is undefined there) and
//! is `None` when every held-out day is 0. sMAPE = mean of 2·|F−A| / (|A|+|F|) over all days,
//! where a day with A = F = 0 counts as 0 (a perfect forecast) and a day with A = 0 < F as 200.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::inventory::forecast::calendar::HolidayCalendar;
use crate::inventory::forecast::forecast::{forecast_sku_with, ForecastError, ForecastOptions, Method};
use crate::i18n::Lang;

/// The held-out window the app uses by default: four whole weeks.
pub const DEFAULT_HOLDOUT: u32 = 28;
pub const MIN_HOLDOUT: u32 = 7;
pub const MAX_HOLDOUT: u32 = 120;
/// Days of history the forecast needs before the held-out window (also enough for the naive).
pub const MIN_TRAIN_DAYS: u32 = 14;

/// Why a backtest could not be run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BacktestError {
    HoldoutOutOfRange {
        holdout: u32,
        min: u32,
        max: u32,
    },
    /// `days` of history, `needed` for the chosen held-out window.
    HistoryTooShort {
        days: u32,
        needed: u32,
    },
    InvalidSales {
        date: NaiveDate,
        category: bool,
    },
}

impl BacktestError {
    pub fn code(&self) -> &'static str {
        match self {
            BacktestError::HoldoutOutOfRange { .. } => "holdout_out_of_range",
            BacktestError::HistoryTooShort { .. } => "history_too_short",
            BacktestError::InvalidSales { .. } => "sales_invalid",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (BacktestError::HoldoutOutOfRange { min, max, .. }, Lang::Zh) => {
                format!("回测天数须在 {min} 到 {max} 天之间")
            }
            (BacktestError::HoldoutOutOfRange { min, max, .. }, Lang::En) => {
                format!("The backtest window must be between {min} and {max} days")
            }
            (BacktestError::HistoryTooShort { days, needed }, Lang::Zh) => {
                format!("销售记录只有 {days} 天，回测至少需要 {needed} 天")
            }
            (BacktestError::HistoryTooShort { days, needed }, Lang::En) => {
                format!("Only {days} days of sales history; the backtest needs at least {needed}")
            }
            (BacktestError::InvalidSales { date, category }, _) => ForecastError::InvalidSales {
                date: *date,
                category: *category,
            }
            .message(lang),
        }
    }
}

/// Errors of the forecast and of the seasonal-naive baseline on the held-out days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    /// First held-out day.
    pub first_day: NaiveDate,
    pub holdout_days: u32,
    /// Held-out days with a non-zero actual (the days MAPE is computed on).
    pub mape_days: u32,
    pub mape: Option<f64>,
    pub smape: f64,
    pub naive_mape: Option<f64>,
    pub naive_smape: f64,
    /// sMAPE of weekly totals (whole held-out weeks): what purchasing, which orders for
    /// weeks at a time, cares about; daily sMAPE punishes every zero day of a slow seller.
    pub weekly_smape: f64,
    pub naive_weekly_smape: f64,
    pub actual_total: f64,
    pub forecast_total: f64,
    pub naive_total: f64,
    pub method: Method,
}

/// Forecast the last `holdout_days` of `daily_sales` (which ends the day before `start_day`,
/// as for [`forecast_sku`](super::forecast_sku)) from the days before them, and score it.
/// A category series in `opts` is cut at the same day.
pub fn backtest(
    daily_sales: &[f64],
    start_day: NaiveDate,
    holdout_days: u32,
    holidays: &HolidayCalendar,
    opts: &ForecastOptions,
) -> Result<Backtest, BacktestError> {
    check_window(daily_sales.len(), holdout_days)?;
    let hold = holdout_days as usize;
    let cut = daily_sales.len() - hold;
    let origin = start_day - Duration::days(hold as i64);
    if let Some(i) = daily_sales[cut..].iter().position(|v| !v.is_finite()) {
        return Err(BacktestError::InvalidSales {
            date: origin + Duration::days(i as i64),
            category: false,
        });
    }
    let cat = opts
        .category_sales
        .map(|c| &c[..c.len().saturating_sub(hold)]);
    let train_opts = ForecastOptions {
        category_sales: cat,
    };
    let f = forecast_sku_with(
        &daily_sales[..cut],
        origin,
        holdout_days,
        holidays,
        &train_opts,
    )?;
    let actual: Vec<f64> = daily_sales[cut..].iter().map(|v| v.max(0.0)).collect();
    let naive = seasonal_naive(daily_sales, cut);
    Ok(Backtest {
        first_day: origin,
        holdout_days,
        mape_days: actual.iter().filter(|&&a| a > 0.0).count() as u32,
        mape: mape(&actual, &f.daily),
        smape: smape(&actual, &f.daily),
        naive_mape: mape(&actual, &naive),
        naive_smape: smape(&actual, &naive),
        weekly_smape: smape(&weekly(&actual), &weekly(&f.daily)),
        naive_weekly_smape: smape(&weekly(&actual), &weekly(&naive)),
        actual_total: actual.iter().sum(),
        forecast_total: f.total,
        naive_total: naive.iter().sum(),
        method: f.method,
    })
}

/// The held-out window must be in range and leave enough days to learn from.
fn check_window(days: usize, holdout_days: u32) -> Result<(), BacktestError> {
    if !(MIN_HOLDOUT..=MAX_HOLDOUT).contains(&holdout_days) {
        return Err(BacktestError::HoldoutOutOfRange {
            holdout: holdout_days,
            min: MIN_HOLDOUT,
            max: MAX_HOLDOUT,
        });
    }
    let needed = holdout_days + MIN_TRAIN_DAYS;
    if days < needed as usize {
        return Err(BacktestError::HistoryTooShort {
            days: u32::try_from(days).unwrap_or(u32::MAX),
            needed,
        });
    }
    Ok(())
}

impl From<ForecastError> for BacktestError {
    fn from(e: ForecastError) -> Self {
        match e {
            ForecastError::InvalidSales { date, category } => {
                BacktestError::InvalidSales { date, category }
            }
            // Cannot happen after `check_window` (MAX_HOLDOUT < MAX_HORIZON), but map it anyway.
            ForecastError::HorizonOutOfRange { horizon, .. } => BacktestError::HoldoutOutOfRange {
                holdout: horizon,
                min: MIN_HOLDOUT,
                max: MAX_HOLDOUT,
            },
        }
    }
}

/// The seasonal-naive forecast of `y[from..]`: each day gets the actual of the same weekday
/// a week before (for later held-out days that is itself a held-out actual, which makes this
/// baseline slightly better informed than the model). Needs `from >= 7`.
pub fn seasonal_naive(y: &[f64], from: usize) -> Vec<f64> {
    (from..y.len()).map(|t| y[t - 7].max(0.0)).collect()
}

/// Totals of whole weeks (a trailing part week is left out).
pub fn weekly(daily: &[f64]) -> Vec<f64> {
    daily.chunks_exact(7).map(|w| w.iter().map(|v| v.max(0.0)).sum()).collect()
}

/// Mean absolute percentage error over the days with a non-zero actual, in percent.
pub fn mape(actual: &[f64], forecast: &[f64]) -> Option<f64> {
    let terms: Vec<f64> = actual
        .iter()
        .zip(forecast)
        .filter(|(a, _)| **a > 0.0)
        .map(|(a, f)| (f - a).abs() / a)
        .collect();
    (!terms.is_empty()).then(|| 100.0 * terms.iter().sum::<f64>() / terms.len() as f64)
}

/// Symmetric MAPE over all days, in percent (0–200); 0/0 days count as 0.
pub fn smape(actual: &[f64], forecast: &[f64]) -> f64 {
    let terms: Vec<f64> = actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| {
            let denom = a.abs() + f.abs();
            if denom == 0.0 {
                0.0
            } else {
                2.0 * (f - a).abs() / denom
            }
        })
        .collect();
    if terms.is_empty() {
        0.0
    } else {
        100.0 * terms.iter().sum::<f64>() / terms.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn metrics_by_hand() {
        let a = [10.0, 0.0, 4.0, 0.0];
        let f = [12.0, 0.0, 2.0, 1.0];
        // MAPE on days 1 and 3: (0.2 + 0.5) / 2 = 35%.
        assert!((mape(&a, &f).unwrap() - 35.0).abs() < 1e-12);
        // sMAPE: 4/22, 0, 4/6, 2/1 → (0.181818… + 0 + 0.666666… + 2) / 4 = 71.2121…%.
        let want = 100.0 * (4.0 / 22.0 + 4.0 / 6.0 + 2.0) / 4.0;
        assert!((smape(&a, &f) - want).abs() < 1e-12);
        assert!((want - 71.212_121_212).abs() < 1e-6);
        assert_eq!(mape(&[0.0, 0.0], &[1.0, 0.0]), None);
        let days: Vec<f64> = (1..=15).map(f64::from).collect();
        // 1+…+7 = 28, 8+…+14 = 77; day 15 is a part week.
        assert_eq!(weekly(&days), vec![28.0, 77.0]);
        assert_eq!(smape(&[], &[]), 0.0);
    }

    #[test]
    fn naive_is_last_week() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        assert_eq!(seasonal_naive(&y, 7), vec![1.0, 2.0, 3.0]);
    }

    #[test]
    fn argument_errors() {
        let cal = HolidayCalendar::none();
        let o = ForecastOptions::default();
        let y = vec![5.0; 41];
        assert_eq!(
            backtest(&y, d(2025, 3, 1), 28, &cal, &o),
            Err(BacktestError::HistoryTooShort {
                days: 41,
                needed: 42
            })
        );
        assert_eq!(
            backtest(&y, d(2025, 3, 1), 6, &cal, &o),
            Err(BacktestError::HoldoutOutOfRange {
                holdout: 6,
                min: 7,
                max: 120
            })
        );
        let mut y = vec![5.0; 42];
        y[41] = f64::NAN;
        // The 42nd value is the day before start_day.
        assert_eq!(
            backtest(&y, d(2025, 3, 1), 28, &cal, &o),
            Err(BacktestError::InvalidSales {
                date: d(2025, 2, 28),
                category: false
            })
        );
        assert_eq!(
            BacktestError::HistoryTooShort {
                days: 41,
                needed: 42
            }
            .code(),
            "history_too_short"
        );
        assert_eq!(
            BacktestError::HistoryTooShort {
                days: 41,
                needed: 42
            }
            .message(Lang::Zh),
            "销售记录只有 41 天，回测至少需要 42 天"
        );
    }

    #[test]
    fn constant_series_is_perfect() {
        let y = vec![6.0; 70];
        let b = backtest(
            &y,
            d(2025, 3, 1),
            28,
            &HolidayCalendar::none(),
            &ForecastOptions::default(),
        )
        .unwrap();
        assert_eq!(b.first_day, d(2025, 2, 1));
        assert_eq!(b.mape_days, 28);
        assert!(b.smape < 1e-9 && b.mape.unwrap() < 1e-9);
        assert_eq!(b.naive_smape, 0.0);
        assert_eq!(b.actual_total, 168.0);
        assert!((b.forecast_total - 168.0).abs() < 1e-9);
    }
}
