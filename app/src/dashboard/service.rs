//! Dashboard use cases (ssr only).

use super::{db, logic::fill_days, Overview};
use crate::auth::{Caller, Perm};
use crate::customers;
use crate::error::AppResult;
use crate::money::Money;
use crate::orders::OrderStatus;
use crate::state::Db;
use crate::time::{day_of, day_start_ms, month_start_day, now_ms};

pub const CHART_DAYS: i64 = 30;

pub async fn overview(db: &Db, caller: &Caller) -> AppResult<Overview> {
    overview_at(db, caller, now_ms()).await
}

/// The overview as of `now` (a parameter so tests can pin the clock).
pub async fn overview_at(db: &Db, caller: &Caller, now: i64) -> AppResult<Overview> {
    caller.require(Perm::ViewDashboard)?;
    let scope = caller.scope();
    let today = day_of(now);
    let (sales_fen, orders_month) = db::sales_since(db, scope, day_start_ms(month_start_day(today))).await?;
    let first = today - CHART_DAYS + 1;
    let sparse = db::daily_sales(db, scope, day_start_ms(first), day_start_ms(today + 1)).await?;
    Ok(Overview {
        sales_month: Money::from_fen(sales_fen),
        orders_month,
        customers: customers::service::count(db, caller).await?,
        to_ship: db::count_in_status(db, scope, OrderStatus::ToShip).await?,
        daily: fill_days(first, CHART_DAYS, &sparse),
        scoped: !scope.is_all(),
    })
}
