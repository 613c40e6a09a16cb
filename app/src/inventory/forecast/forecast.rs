//! The per-SKU demand forecast: pick a model that suits the length and sparsity of the history,
//! forecast ordinary demand from a history with festival days replaced by baseline, then put
//! this year's festivals back with the uplift learned from the previous occurrence.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::inventory::forecast::calendar::{HolidayCalendar, Occurrence};
use crate::inventory::forecast::holt_winters::{self, HwParams, SEASON};
use crate::inventory::forecast::uplift::{learn, prepare, AppliedUplift, Dated, Learned, Prepared, UpliftSource};
use crate::i18n::Lang;

/// The horizon the app shows (SPEC I4: 30 days).
pub const DEFAULT_HORIZON: u32 = 30;
/// A damped trend is still an extrapolation: beyond half a year it is not worth showing.
pub const MAX_HORIZON: u32 = 180;
/// Shorter histories than this get a flat mean (weekday indices need three weeks).
const MIN_SEASONAL_DAYS: usize = 3 * SEASON;
/// Holt-Winters needs about eight weeks to settle its weekday and trend states.
const MIN_HW_DAYS: usize = 56;
/// The level of the weekday-mean model is the mean of the last four weeks.
const RECENT_DAYS: usize = 28;
/// More zero days than this share in the last eight weeks and demand is too sparse for a trend.
const SPARSE_ZERO_SHARE: f64 = 0.5;
/// z for the two-sided 80% interval of `lower`/`upper`.
const INTERVAL_Z: f64 = 1.281_551_565_5;

/// Why a forecast could not be made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ForecastError {
    /// A day's quantity is not a number (NaN or infinite); `category` if in the category series.
    InvalidSales { date: NaiveDate, category: bool },
    /// The horizon must be between 1 and `max` days.
    HorizonOutOfRange { horizon: u32, max: u32 },
}

impl ForecastError {
    pub fn code(&self) -> &'static str {
        match self {
            ForecastError::InvalidSales { .. } => "sales_invalid",
            ForecastError::HorizonOutOfRange { .. } => "horizon_out_of_range",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (
                ForecastError::InvalidSales {
                    date,
                    category: false,
                },
                Lang::Zh,
            ) => {
                format!("{date} 的销量数据无效，请检查当天的订单")
            }
            (
                ForecastError::InvalidSales {
                    date,
                    category: true,
                },
                Lang::Zh,
            ) => {
                format!("{date} 的品类销量数据无效，请检查当天的订单")
            }
            (
                ForecastError::InvalidSales {
                    date,
                    category: false,
                },
                Lang::En,
            ) => {
                format!("The sales figure for {date} is invalid; check that day's orders")
            }
            (
                ForecastError::InvalidSales {
                    date,
                    category: true,
                },
                Lang::En,
            ) => {
                format!("The category sales figure for {date} is invalid; check that day's orders")
            }
            (ForecastError::HorizonOutOfRange { max, .. }, Lang::Zh) => {
                format!("预测天数须在 1 到 {max} 天之间")
            }
            (ForecastError::HorizonOutOfRange { max, .. }, Lang::En) => {
                format!("The forecast horizon must be between 1 and {max} days")
            }
        }
    }
}

/// Optional inputs of [`forecast_sku_with`].
#[derive(Clone, Copy, Debug, Default)]
pub struct ForecastOptions<'a> {
    /// Daily sales of the SKU's category, oldest first, ending on the same day as the SKU's
    /// history (yesterday). Used for festival uplift when the SKU itself has no sales history
    /// at the previous occurrence (a new product).
    pub category_sales: Option<&'a [f64]>,
}

/// Which model produced the ordinary-demand part of a forecast.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Method {
    /// No sales history: the forecast is zero.
    NoHistory,
    /// Under three weeks of history: its mean, flat.
    Mean,
    /// Short or sparse history: the last four weeks' mean shaped by weekday.
    WeekdayMean,
    /// Holt-Winters, damped additive trend, multiplicative weekly season.
    HoltWinters(HwParams),
}

impl Method {
    pub fn label(&self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Method::NoHistory, Lang::Zh) => "暂无销售记录",
            (Method::NoHistory, Lang::En) => "No sales history",
            (Method::Mean, Lang::Zh) => "近期日均（记录不足三周）",
            (Method::Mean, Lang::En) => "Recent daily mean (under three weeks of history)",
            (Method::WeekdayMean, Lang::Zh) => "近四周日均 × 星期规律",
            (Method::WeekdayMean, Lang::En) => "Last four weeks' mean × weekday pattern",
            (Method::HoltWinters(_), Lang::Zh) => "霍尔特-温特斯（阻尼趋势 + 星期季节）",
            (Method::HoltWinters(_), Lang::En) => "Holt-Winters (damped trend + weekly season)",
        }
    }
}

/// A demand forecast for one SKU, one value per day from `start_day`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    pub start_day: NaiveDate,
    pub daily: Vec<f64>,
    /// Approximate 80% interval per day (never below 0).
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    /// Sum of `daily`.
    pub total: f64,
    /// Typical daily error of the model on its own history (for safety stock).
    pub daily_std: f64,
    pub method: Method,
    /// Festivals inside the horizon and the uplift applied to each.
    pub uplifts: Vec<AppliedUplift>,
}

/// Forecast `horizon` days of demand from `start_day` (normally today) given `daily_sales`,
/// one value per day, oldest first, the last one being the day before `start_day`.
/// Negative days (returns exceeding sales) count as 0.
pub fn forecast_sku(
    daily_sales: &[f64],
    start_day: NaiveDate,
    horizon: u32,
    holidays: &HolidayCalendar,
) -> Result<Forecast, ForecastError> {
    forecast_sku_with(
        daily_sales,
        start_day,
        horizon,
        holidays,
        &ForecastOptions::default(),
    )
}

/// [`forecast_sku`] with a category series for festival uplift of new SKUs.
pub fn forecast_sku_with(
    daily_sales: &[f64],
    start_day: NaiveDate,
    horizon: u32,
    holidays: &HolidayCalendar,
    opts: &ForecastOptions,
) -> Result<Forecast, ForecastError> {
    if horizon == 0 || horizon > MAX_HORIZON {
        return Err(ForecastError::HorizonOutOfRange {
            horizon,
            max: MAX_HORIZON,
        });
    }
    let h = horizon as usize;
    let y = sanitise(daily_sales, start_day, false)?;
    let sku = Dated {
        first: start_day - Duration::days(y.len() as i64),
        y: &y,
    };
    let prepared = prepare(sku, holidays);
    let base = base_forecast(&prepared, h);

    let cat_y = opts
        .category_sales
        .map(|c| sanitise(c, start_day, true))
        .transpose()?;
    let cat = cat_y.as_deref().map(|c| {
        let s = Dated {
            first: start_day - Duration::days(c.len() as i64),
            y: c,
        };
        (s, prepare(s, holidays))
    });
    let (mult, uplifts) =
        festival_multipliers(start_day, h, holidays, (sku, &prepared), cat.as_ref());
    let (daily, lower, upper) = with_intervals(&base, &mult);
    Ok(Forecast {
        start_day,
        total: daily.iter().sum(),
        daily,
        lower,
        upper,
        daily_std: base.daily_std,
        method: base.method,
        uplifts,
    })
}

/// Reject non-numbers, floor negatives at 0.
fn sanitise(
    values: &[f64],
    start_day: NaiveDate,
    category: bool,
) -> Result<Vec<f64>, ForecastError> {
    let first = start_day - Duration::days(values.len() as i64);
    values
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            if v.is_finite() {
                Ok(v.max(0.0))
            } else {
                Err(ForecastError::InvalidSales {
                    date: first + Duration::days(i as i64),
                    category,
                })
            }
        })
        .collect()
}

/// Point forecast and 80% interval, each multiplied by the day's festival multiplier.
fn with_intervals(base: &Base, mult: &[f64]) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let days = base.point.iter().zip(&base.std).zip(mult);
    let daily = days.clone().map(|((p, _), m)| p * m).collect();
    let lower = days
        .clone()
        .map(|((p, s), m)| (p - INTERVAL_Z * s).max(0.0) * m)
        .collect();
    let upper = days.map(|((p, s), m)| (p + INTERVAL_Z * s) * m).collect();
    (daily, lower, upper)
}

struct Base {
    point: Vec<f64>,
    std: Vec<f64>,
    daily_std: f64,
    method: Method,
}

/// Ordinary demand (no festivals) from the cleaned history.
fn base_forecast(p: &Prepared, h: usize) -> Base {
    let y = &p.cleaned;
    let n = y.len();
    if n == 0 {
        return Base {
            point: vec![0.0; h],
            std: vec![0.0; h],
            daily_std: 0.0,
            method: Method::NoHistory,
        };
    }
    let last8 = &y[n.saturating_sub(2 * RECENT_DAYS)..];
    let sparse =
        last8.iter().filter(|&&v| v == 0.0).count() as f64 > SPARSE_ZERO_SHARE * last8.len() as f64;
    if n >= MIN_HW_DAYS && !sparse {
        if let Some(fit) = holt_winters::fit(y, &p.idx) {
            let std = (1..=h).map(|k| fit.std_at(k)).collect();
            return Base {
                point: fit.forecast(h),
                std,
                daily_std: fit.sigma,
                method: Method::HoltWinters(fit.params),
            };
        }
    }
    let (idx, method) = if n >= MIN_SEASONAL_DAYS {
        (p.idx, Method::WeekdayMean)
    } else {
        ([1.0; SEASON], Method::Mean)
    };
    let recent = n.saturating_sub(RECENT_DAYS)..n;
    let level = recent.clone().map(|i| y[i] / idx[i % SEASON]).sum::<f64>() / recent.len() as f64;
    let resid: Vec<f64> = recent.map(|i| y[i] - level * idx[i % SEASON]).collect();
    let sd = (resid.iter().map(|r| r * r).sum::<f64>() / resid.len() as f64).sqrt();
    Base {
        point: (0..h).map(|k| level * idx[(n + k) % SEASON]).collect(),
        std: (0..h).map(|k| sd * idx[(n + k) % SEASON]).collect(),
        daily_std: sd,
        method,
    }
}

/// Per-day multipliers for the festivals in the horizon, and what was applied. Where two
/// windows overlap (618 and 端午) the larger multiplier wins: each ratio was learned with the
/// other festival inside it, so multiplying them would count the overlap twice.
fn festival_multipliers(
    start_day: NaiveDate,
    h: usize,
    cal: &HolidayCalendar,
    sku: (Dated, &Prepared),
    cat: Option<&(Dated, Prepared)>,
) -> (Vec<f64>, Vec<AppliedUplift>) {
    let last = start_day + Duration::days(h as i64 - 1);
    let mut mult: Vec<Option<f64>> = vec![None; h];
    let mut applied = Vec::new();
    for occ in cal.occurrences_between(start_day, last) {
        let found = learn_previous(cal, &occ, sku.0, sku.1, UpliftSource::Sku).or_else(|| {
            cat.and_then(|(s, p)| learn_previous(cal, &occ, *s, p, UpliftSource::Category))
        });
        let Some((learned, source)) = found else {
            applied.push(AppliedUplift {
                festival: occ.festival,
                day: occ.day,
                learned_from: None,
                source: UpliftSource::NotLearned,
                ratio: 1.0,
            });
            continue;
        };
        for (k, m) in mult.iter_mut().enumerate() {
            let d = start_day + Duration::days(k as i64);
            if occ.contains(d) {
                let v = learned.multiplier(occ.offset(d));
                *m = Some(m.map_or(v, |old| old.max(v)));
            }
        }
        applied.push(AppliedUplift {
            festival: occ.festival,
            day: occ.day,
            learned_from: Some(learned.day),
            source,
            ratio: learned.ratio,
        });
    }
    (
        mult.into_iter().map(|m| m.unwrap_or(1.0)).collect(),
        applied,
    )
}

/// The uplift of the same festival last year, or the year before if last year is not usable.
fn learn_previous(
    cal: &HolidayCalendar,
    occ: &Occurrence,
    s: Dated,
    p: &Prepared,
    source: UpliftSource,
) -> Option<(Learned, UpliftSource)> {
    use chrono::Datelike;
    (1..=2)
        .filter_map(|back| cal.occurrence(occ.festival, occ.day.year() - back))
        .find_map(|prev| learn(s, p, &prev))
        .map(|l| (l, source))
}

#[cfg(test)]
#[path = "forecast_tests.rs"]
mod tests;
