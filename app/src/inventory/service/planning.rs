//! Demand forecasts and purchase suggestions (SPEC I4). A job (daily, and on demand)
//! forecasts every SKU's next 30 days from its daily sales (the sold-order aggregates) with
//! weekly seasonality, trend and festival uplift, backtests it on the last four weeks against
//! a seasonal-naive baseline, and stores both. Suggestions read the stored forecasts:
//! order = forecast over lead time + review period + safety stock − available − on order.

use super::super::db::{self, ForecastRow};
use super::super::forecast::{
    backtest, forecast_sku_with, suggest, AppliedUplift, ForecastOptions, HolidayCalendar, Method, ReorderInput, SafetyStock, ServiceLevel,
};
use super::super::{sku_label, Suggestion, Suggestions, SupplierSuggestions};
use crate::auth::{Caller, Perm};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::money::Money;
use crate::state::Db;
use crate::time::{date_of_day, day_of, now_ms};
use std::collections::HashMap;

/// Days of history a forecast reads: a year and a bit, so last year's festivals are in it.
pub const HISTORY_DAYS: i64 = 400;
pub const HORIZON: u32 = 30;
const HOLDOUT: u32 = 28;
/// Days an order must last after it arrives (until the next weekly order).
const REVIEW_DAYS: u32 = 7;

/// Recompute every active SKU's forecast and backtest; returns how many were stored.
/// CPU work runs off the async threads.
pub async fn refresh_forecasts(db: &Db, caller: &Caller) -> AppResult<usize> {
    caller.require(Perm::Purchase)?;
    let today = day_of(now_ms());
    let first = today - HISTORY_DAYS;
    let mut conn = db.pool.acquire().await?;
    let sales = db::daily_sales(&mut conn, first).await?;
    let categories = db::sku_categories(&mut conn).await?;
    drop(conn);
    let results = tokio::task::spawn_blocking(move || compute(&sales, &categories, first, today))
        .await
        .map_err(|e| AppError::internal(format!("forecast task: {e}")))?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    for r in &results {
        db::save_forecast(&mut tx, &r.as_row(), now).await?;
    }
    tx.commit().await?;
    Ok(results.len())
}

struct Computed {
    sku: i64,
    method: String,
    total: i64,
    daily: String,
    std: String,
    uplifts: String,
    mape: Option<String>,
    smape: Option<String>,
    naive_mape: Option<String>,
    naive_smape: Option<String>,
}

impl Computed {
    fn as_row(&self) -> ForecastRow<'_> {
        ForecastRow {
            sku_id: self.sku,
            method: &self.method,
            total_30: self.total,
            daily: &self.daily,
            daily_std: &self.std,
            uplifts: &self.uplifts,
            mape: self.mape.clone(),
            smape: self.smape.clone(),
            naive_mape: self.naive_mape.clone(),
            naive_smape: self.naive_smape.clone(),
        }
    }
}

fn pct(v: f64) -> String {
    format!("{v:.1}")
}

/// Forecast each SKU with sales in the window (plus every SKU of `categories` without any,
/// forecast from nothing). `sales`: (sku, day, units) sorted by sku and day.
fn compute(sales: &[(i64, i64, i64)], categories: &HashMap<i64, String>, first: i64, today: i64) -> Vec<Computed> {
    let len = (today - first) as usize;
    let mut series: HashMap<i64, Vec<f64>> = HashMap::new();
    for &(sku, day, qty) in sales {
        if (first..today).contains(&day) {
            series.entry(sku).or_insert_with(|| vec![0.0; len])[(day - first) as usize] += qty as f64;
        }
    }
    let mut by_category: HashMap<&str, Vec<f64>> = HashMap::new();
    for (sku, y) in &series {
        if let Some(c) = categories.get(sku) {
            let total = by_category.entry(c.as_str()).or_insert_with(|| vec![0.0; len]);
            for (t, v) in total.iter_mut().zip(y) {
                *t += v;
            }
        }
    }
    let holidays = HolidayCalendar::china_default();
    let start = date_of_day(today);
    let empty = vec![0.0; len];
    let mut out = Vec::new();
    let mut skus: Vec<i64> = categories.keys().copied().collect();
    skus.sort_unstable();
    for sku in skus {
        let y = series.get(&sku).unwrap_or(&empty);
        // Leading days before the SKU's first sale are not history: it did not exist yet.
        let from = y.iter().position(|v| *v > 0.0).unwrap_or(len);
        let y = &y[from..];
        let cat = categories.get(&sku).and_then(|c| by_category.get(c.as_str()));
        let opts = ForecastOptions { category_sales: cat.map(|c| &c[from..]) };
        let Ok(f) = forecast_sku_with(y, start, HORIZON, &holidays, &opts) else { continue };
        let bt = backtest(y, start, HOLDOUT, &holidays, &opts).ok();
        out.push(Computed {
            sku,
            method: serde_json::to_string(&f.method).unwrap_or_default(),
            total: f.total.round() as i64,
            daily: serde_json::to_string(&f.daily.iter().map(|v| (v * 10.0).round() / 10.0).collect::<Vec<f64>>()).unwrap_or_default(),
            std: format!("{:.3}", f.daily_std),
            uplifts: serde_json::to_string(&f.uplifts).unwrap_or_default(),
            mape: bt.as_ref().and_then(|b| b.mape).map(pct),
            smape: bt.as_ref().map(|b| pct(b.weekly_smape)),
            naive_mape: bt.as_ref().and_then(|b| b.naive_mape).map(pct),
            naive_smape: bt.as_ref().map(|b| pct(b.naive_weekly_smape)),
        });
    }
    out
}

fn festival_texts(uplifts: &str, lang: Lang) -> Vec<String> {
    let list: Vec<AppliedUplift> = serde_json::from_str(uplifts).unwrap_or_default();
    list.iter()
        .filter(|u| (u.ratio - 1.0).abs() >= 0.05)
        .map(|u| format!("{} ×{:.1}", u.festival.label(lang), u.ratio))
        .collect()
}

/// Purchase suggestions from the stored forecasts, grouped by supplier (SKUs without one
/// last). Only SKUs with something to order are listed.
pub async fn suggestions(db: &Db, caller: &Caller) -> AppResult<Suggestions> {
    caller.require(Perm::Purchase)?;
    let lang = caller.lang();
    let forecasts = db::forecasts(db).await?;
    let computed_at = db::last_forecast_at(db).await?;
    let mut groups: Vec<SupplierSuggestions> = Vec::new();
    let mut beat = 0;
    for (smape, naive) in forecasts.values().map(|f| (&f.smape, &f.naive_smape)) {
        if let (Some(s), Some(n)) = (smape.as_deref().and_then(|s| s.parse::<f64>().ok()), naive.as_deref().and_then(|s| s.parse::<f64>().ok())) {
            if s <= n {
                beat += 1;
            }
        }
    }
    for r in db::reorder_rows(db).await? {
        let Some(f) = forecasts.get(&r.sku_id) else { continue };
        let daily: Vec<f64> = serde_json::from_str(&f.daily).unwrap_or_default();
        let lead = r.lead_time_days.unwrap_or(7).clamp(0, i64::from(HORIZON)) as u32;
        let review = REVIEW_DAYS.min(HORIZON - lead);
        let std: f64 = f.daily_std.parse().unwrap_or(0.0);
        let input = ReorderInput {
            forecast_daily: &daily,
            lead_time_days: lead,
            review_days: review,
            safety: SafetyStock::Service { level: ServiceLevel::P95, daily_std: std },
            available: r.available,
            on_order: r.on_order,
            pack_size: 1,
            moq: 0,
        };
        let Ok(s) = suggest(&input) else { continue };
        if s.qty <= 0 {
            continue;
        }
        let method: Method = serde_json::from_str(&f.method).unwrap_or(Method::NoHistory);
        let line = Suggestion {
            sku_id: r.sku_id,
            sku_code: r.code.clone(),
            sku_label: sku_label(&r.product, &r.color, &r.size),
            supplier_id: r.supplier_id,
            supplier: r.supplier.clone().unwrap_or_default(),
            lead_time_days: i64::from(lead),
            available: r.available,
            on_order: r.on_order,
            forecast_30: f.total_30,
            cover_demand: s.demand.round() as i64,
            safety_stock: s.safety_stock.round() as i64,
            smape: f.smape.as_deref().and_then(|v| v.parse().ok()),
            naive_smape: f.naive_smape.as_deref().and_then(|v| v.parse().ok()),
            method: method.label(lang).to_string(),
            festivals: festival_texts(&f.uplifts, lang),
            suggested_qty: s.qty,
            unit_cost: Money::from_fen(r.unit_cost_fen),
            daily: daily.iter().map(|v| v.round() as i64).collect(),
        };
        match groups.iter_mut().find(|g| g.supplier_id == r.supplier_id) {
            Some(g) => g.lines.push(line),
            None => groups.push(SupplierSuggestions { supplier_id: r.supplier_id, supplier: r.supplier.unwrap_or_default(), lines: vec![line], total_qty: 0, total_cost: Money::ZERO }),
        }
    }
    for g in &mut groups {
        g.total_qty = g.lines.iter().map(|l| l.suggested_qty).sum();
        g.total_cost = g.lines.iter().fold(Money::ZERO, |acc, l| acc + l.unit_cost.times(l.suggested_qty));
    }
    groups.sort_by_key(|g| (g.supplier_id.is_none(), g.supplier.clone()));
    Ok(Suggestions { computed_at, groups, forecast_skus: forecasts.len() as i64, beat_naive: beat })
}

/// Whether forecasts are older than `max_age_ms` (or missing): the job's trigger.
pub async fn forecasts_stale(db: &Db, max_age_ms: i64) -> AppResult<bool> {
    Ok(db::last_forecast_at(db).await?.is_none_or(|at| now_ms() - at > max_age_ms))
}

/// Each forecast SKU's expected units over the next 30 days (the dashboards' days of cover).
pub async fn forecast_totals(db: &Db, caller: &Caller) -> AppResult<HashMap<i64, i64>> {
    caller.require(Perm::ViewLedger)?;
    Ok(db::forecasts(db).await?.into_iter().map(|(sku, f)| (sku, f.total_30)).collect())
}
