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
    let (sales_fen, orders_month) = db::sales_since(db, scope, month_start_day(today)).await?;
    let first = today - CHART_DAYS + 1;
    let sparse = db::daily_sales(db, scope, first, today + 1).await?;
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
