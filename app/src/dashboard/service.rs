//! Dashboard use cases (ssr only).

use super::logic::{fill_days, SaleFacts};
use super::{db, Overview};
use crate::auth::{Caller, Perm};
use crate::customers;
use crate::error::AppResult;
use crate::money::Money;
use crate::orders::OrderStatus;
use crate::state::{Db, Tx};
use crate::time::{day_of, month_start_day, now_ms};

pub const CHART_DAYS: i64 = 30;

pub async fn overview(db: &Db, caller: &Caller) -> AppResult<Overview> {
    overview_at(db, caller, now_ms()).await
}

/// The overview as of `now` (a parameter so tests can pin the clock).
pub async fn overview_at(db: &Db, caller: &Caller, now: i64) -> AppResult<Overview> {
    caller.require(Perm::ViewDashboard)?;
    let scope = caller.scope();
    let today = day_of(now);
    let (month, first) = (month_start_day(today), today - CHART_DAYS + 1);
    // One pass over the days that both the month and the 30-day chart need.
    let days = db::daily_sales(db, scope, month.min(first), today + 1).await?;
    let in_month = days.iter().filter(|d| d.0 >= month);
    let (sales_fen, orders_month) = in_month.fold((0, 0), |(s, o), d| (s + d.1, o + d.2));
    let sparse: Vec<(i64, i64)> = days.iter().filter(|d| d.0 >= first).map(|d| (d.0, d.1)).collect();
    Ok(Overview {
        sales_month: Money::from_fen(sales_fen),
        orders_month,
        customers: customers::service::count(db, caller).await?,
        to_ship: db::count_in_status(db, scope, OrderStatus::ToShip).await?,
        daily: fill_days(first, CHART_DAYS, &sparse),
        scoped: !scope.is_all(),
    })
}

/// An order entered (`sign` 1) or left (−1) a sold status: move the aggregates, inside the
/// order's transaction (called by the orders area).
pub(crate) async fn record_sale(tx: &mut Tx, facts: &SaleFacts, sign: i64) -> AppResult<()> {
    Ok(db::add_sale(tx, facts, sign).await?)
}

/// Many orders that count as sales from now on, in the caller's transaction (an import).
pub(crate) async fn record_sales(tx: &mut Tx, facts: &[SaleFacts]) -> AppResult<()> {
    Ok(db::add_sales(tx, facts).await?)
}

/// Recompute the aggregates from the orders (after bulk loads; `server check` compares).
pub async fn rebuild(db: &Db, caller: &Caller) -> AppResult<()> {
    caller.require(Perm::ManageSettings)?;
    let mut tx = db.begin_write().await?;
    db::rebuild(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Rows where the aggregates disagree with a full scan of the orders (`server check`).
pub async fn mismatches(db: &Db, caller: &Caller) -> AppResult<i64> {
    caller.require(Perm::ViewLedger)?;
    Ok(db::mismatches(db).await?)
}
