//! The P&L (F3) and the month close, ssr only; the .xlsx export; the checks and the rebuild
//! of the totals kept as orders ship.
//!
//! The P&L reads only small tables: revenue and cost of goods per day as kept when orders
//! ship (`finance_days`), expenses, payments by booking day, receivables — so a month costs
//! the same at a thousand orders as at a million. `checks` proves the kept totals equal a scan.

use super::db::{self, books::ClosedRow};
use super::logic::{check_closable, Month};
use super::logic_pnl::{fill_days, margin, total};
use super::{Category, ClosedInfo, ClosedPeriod, Method, PaymentKind, Pnl, PnlLine, Receivables, XlsxFile};
use crate::auth::{Caller, Perm};
use crate::error::{AppError, AppResult};
use crate::money::Money;
use crate::state::Db;
use crate::time::{day_of, day_start_ms, now_ms};
use sqlx::AnyConnection;
use std::collections::BTreeMap;

/// The P&L of a month (empty: this month).
pub async fn pnl(db: &Db, caller: &Caller, month: &str) -> AppResult<Pnl> {
    caller.require(Perm::ViewFinance)?;
    let now = now_ms();
    let month = Month::parse_or(month, now)?;
    let mut conn = db.pool.acquire().await?;
    let (days, by_cat, cats) = month_lines(&mut conn, month).await?;
    let t = total(&days);
    let (count, sum, rows) = db::books::receivables(&mut conn).await?;
    let closed_row = db::books::closed(&mut conn, month.first_day()).await?;
    let closed_all = db::closed_months(&mut conn).await?;
    let can_close = caller.role().can(Perm::ClosePeriod) && check_closable(month, day_of(now), &closed_all).is_ok();
    Ok(Pnl {
        month: month.to_string(),
        first_day: month.first_day(),
        margin: margin(t.gross_profit(), t.net_revenue()),
        total: t,
        expenses_by_category: by_cat.into_iter().filter_map(|(id, fen)| cats.iter().find(|c| c.id == id).map(|c| (c.clone(), Money::from_fen(fen)))).collect(),
        days,
        receivables: Receivables { count, total: Money::from_fen(sum), rows },
        closed: closed_row.map(|c| ClosedInfo { by: c.by_name.unwrap_or_default(), at: c.closed_at, net_profit: Money::from_fen(c.net_fen) }),
        can_close,
    })
}

/// The month's days and its expenses by category.
async fn month_lines(conn: &mut AnyConnection, month: Month) -> AppResult<(Vec<super::PnlDay>, BTreeMap<i64, i64>, Vec<Category>)> {
    let (from, to) = (month.first_day(), month.end_day());
    let mut sparse = sales_lines(conn, from, to).await?;
    let mut by_cat: BTreeMap<i64, i64> = BTreeMap::new();
    for (day, cat, fen) in db::books::expenses_by_day(conn, from, to).await? {
        let l = sparse.entry(day).or_insert_with(PnlLine::zero);
        l.expenses = l.expenses + Money::from_fen(fen);
        *by_cat.entry(cat).or_default() += fen;
    }
    for (day, method, kind, fen) in db::books::cash_by_day(conn, from, to).await? {
        let l = sparse.entry(day).or_insert_with(PnlLine::zero);
        match (PaymentKind::parse(&kind), Method::ALL.iter().position(|m| m.code() == method)) {
            (Some(PaymentKind::Payment), Some(i)) => l.cash[i] = l.cash[i] + Money::from_fen(fen),
            (Some(PaymentKind::Refund), _) => l.cash_refunded = l.cash_refunded + Money::from_fen(fen),
            _ => {}
        }
    }
    // After-sales refunds (the fulfilment area's records) are deducted on the day they are
    // made, whatever the month the order shipped in.
    for r in crate::fulfil::service::refunds_between(conn, day_start_ms(from), day_start_ms(to)).await? {
        let l = sparse.entry(day_of(r.at)).or_insert_with(PnlLine::zero);
        l.refunds = l.refunds + Money::from_fen(r.amount_fen);
    }
    let cats = db::books::categories(conn).await?;
    Ok((fill_days(from, month.days(), sparse), by_cat, cats))
}

/// Revenue and cost of goods per business day of [from, to), as kept when orders ship.
async fn sales_lines(conn: &mut AnyConnection, from: i64, to: i64) -> AppResult<BTreeMap<i64, PnlLine>> {
    let mut sparse: BTreeMap<i64, PnlLine> = BTreeMap::new();
    for (day, revenue, shipped, cogs) in db::books::days(conn, from, to).await? {
        let l = sparse.entry(day).or_insert_with(PnlLine::zero);
        l.revenue = Money::from_fen(revenue);
        l.shipped_orders = shipped;
        l.cogs = Money::from_fen(cogs);
    }
    Ok(sparse)
}

/// Gross profit (net revenue − cost of goods, the P&L's line) of the business days
/// [from, to): what the dashboards show, so that a month there equals the month's P&L.
pub(crate) async fn gross_profit(db: &Db, caller: &Caller, from: i64, to: i64) -> AppResult<Money> {
    caller.require(Perm::ViewFinance)?;
    let mut conn = db.pool.acquire().await?;
    let mut t = PnlLine::zero();
    for l in sales_lines(&mut conn, from, to).await?.values() {
        t.add(l);
    }
    Ok(t.gross_profit())
}

/// Close a month (boss): it must have ended; its P&L is kept as closed, and afterwards its
/// payments and expenses are refused (imports book them in the next open month).
pub async fn close_period(db: &Db, caller: &Caller, month: &str) -> AppResult<()> {
    caller.require(Perm::ClosePeriod)?;
    let month = Month::parse(month)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    check_closable(month, day_of(now), &db::closed_months(&mut tx).await?)?;
    let (days, _, _) = month_lines(&mut tx, month).await?;
    let t = total(&days);
    let row = ClosedRow {
        month_start: month.first_day(),
        by_name: None,
        closed_at: now,
        revenue_fen: t.revenue.to_fen(),
        refunds_fen: t.refunds.to_fen(),
        cogs_fen: t.cogs.to_fen(),
        expenses_fen: t.expenses.to_fen(),
        net_fen: t.net_profit().to_fen(),
    };
    db::books::insert_closed(&mut tx, &row, caller.actor()).await?;
    crate::audit::record(&mut tx, caller.actor(), "period", Some(month.first_day()), "close", &format!("{month} net {}", t.net_profit()), now).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn closed_periods(db: &Db, caller: &Caller) -> AppResult<Vec<ClosedPeriod>> {
    caller.require(Perm::ViewFinance)?;
    let mut conn = db.pool.acquire().await?;
    Ok(db::books::closed_all(&mut conn)
        .await?
        .into_iter()
        .map(|c| ClosedPeriod {
            month: Month::of_day(c.month_start).to_string(),
            by: c.by_name.unwrap_or_default(),
            at: c.closed_at,
            net_profit: Money::from_fen(c.net_fen),
        })
        .collect())
}

/// The month's P&L as an .xlsx workbook (numbers as numbers).
pub async fn export_pnl(db: &Db, caller: &Caller, month: &str) -> AppResult<XlsxFile> {
    let p = pnl(db, caller, month).await?;
    let lang = caller.lang();
    let bytes = tokio::task::spawn_blocking(move || super::export::pnl_xlsx(&p, lang).map(|b| (p.month, b)))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    use base64::Engine;
    Ok(XlsxFile { file_name: format!("利润表-{}.xlsx", bytes.0), content_b64: base64::engine::general_purpose::STANDARD.encode(bytes.1) })
}

/// What `server check` reports for finance: days, order balances and imports whose kept
/// figures differ from a scan, and closed months whose P&L changed after closing.
pub struct Checks {
    pub days: Vec<i64>,
    pub balances: Vec<i64>,
    pub fees: Vec<i64>,
    pub closed: Vec<String>,
}

impl Checks {
    pub fn ok(&self) -> bool {
        self.days.is_empty() && self.balances.is_empty() && self.fees.is_empty() && self.closed.is_empty()
    }
}

pub async fn checks(db: &Db, caller: &Caller) -> AppResult<Checks> {
    caller.require(Perm::ViewLedger)?;
    let mut closed = Vec::new();
    let mut conn = db.pool.acquire().await?;
    for c in db::books::closed_all(&mut conn).await? {
        let month = Month::of_day(c.month_start);
        let (days, _, _) = month_lines(&mut conn, month).await?;
        let t = total(&days);
        let now = (t.revenue.to_fen(), t.refunds.to_fen(), t.cogs.to_fen(), t.expenses.to_fen(), t.net_profit().to_fen());
        if now != (c.revenue_fen, c.refunds_fen, c.cogs_fen, c.expenses_fen, c.net_fen) {
            closed.push(month.to_string());
        }
    }
    drop(conn);
    Ok(Checks {
        days: db::books::days_mismatches(db).await?,
        balances: db::books::balance_mismatches(db).await?,
        fees: db::books::fee_mismatches(db).await?,
        closed,
    })
}

/// Recompute the kept totals from a scan: after a bulk load that bypassed the services (the
/// demo seed, the benchmark generator).
pub async fn rebuild_totals(db: &Db, caller: &Caller) -> AppResult<()> {
    caller.require(Perm::ClosePeriod)?;
    let mut tx = db.begin_write().await?;
    db::books::rebuild(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}
