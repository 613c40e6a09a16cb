//! Dashboard use cases (ssr only). Every view requires `Perm::ViewDashboard` (the stock
//! view `Perm::ViewLedger`) and reads the caller's scope: the boss reads the team-level
//! aggregates, an agent (or the agent filter) the agent-level ones for its line only.

use super::db::{self, Sel, Who};
use super::logic::{self, busiest, fill_days, heat_grid, months_touched, preset_range, SaleFacts};
use super::{
    AgentRank, BossView, CategoryShare, CoverRow, DashFilter, DashboardError, DayRange, FilterOptions, Kpis, LowStockRow, MonthCustomers,
    NewTarget, Note, Overview, Preset, ProductFigure, SalesView, SlowItem, StockView, TargetProgress, TrendPoint, WallView,
    WarehouseFigure,
};
use crate::auth::{Caller, Perm};
use crate::customers;
use crate::error::{AppError, AppResult};
use crate::money::Money;
use crate::orders::OrderStatus;
use crate::page::Seek;
use crate::state::{Db, Tx};
use crate::time::{date_of_day, day_of, day_of_date, month_start_day, now_ms};
use std::collections::HashMap;

pub const CHART_DAYS: i64 = 30;
/// Products without a sale for this many days are slow movers.
pub const SLOW_DAYS: i64 = 60;

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

/// A filter resolved for a caller: the days, whose figures, channel and category.
struct Resolved {
    today: i64,
    range: DayRange,
    who: Who,
    channel: Option<String>,
    category: Option<String>,
    filter: DashFilter,
}

impl Resolved {
    fn sel(&self) -> Sel<'_> {
        Sel { who: &self.who, channel: self.channel.as_deref(), category: self.category.as_deref() }
    }
}

fn resolve(caller: &Caller, f: &DashFilter, today: i64) -> AppResult<Resolved> {
    let range = if !f.from.trim().is_empty() || !f.to.trim().is_empty() {
        logic::custom_range(f.from.trim(), f.to.trim())?
    } else {
        preset_range(f.preset.unwrap_or(Preset::Last30), today)
    };
    let scope = caller.scope();
    let who = match (f.agent, scope.agent_ids()) {
        (Some(a), _) if !scope.contains(a) => return Err(AppError::NotFound),
        (Some(a), _) => Who::Agents(vec![a]),
        (None, Some(ids)) => Who::Agents(ids.to_vec()),
        (None, None) => Who::Team,
    };
    let category = Some(f.category.trim().to_string()).filter(|c| !c.is_empty());
    let mut filter = f.clone();
    let fmt = |d: i64| date_of_day(d).format("%Y-%m-%d").to_string();
    filter.from = fmt(range.from).as_str().into();
    filter.to = fmt(range.to - 1).as_str().into();
    Ok(Resolved { today, range, who, channel: f.channel.map(|c| c.code().to_string()), category, filter })
}

/// Gross profit of a range: the finance P&L's, for the whole team without a channel or
/// category filter and for callers who may see finance; else none.
async fn profit_of(db: &Db, caller: &Caller, r: &Resolved, range: DayRange) -> AppResult<Option<Money>> {
    if !matches!(r.who, Who::Team) || r.channel.is_some() || r.category.is_some() || !caller.role().can(Perm::ViewFinance) {
        return Ok(None);
    }
    Ok(Some(crate::finance::service_pnl::gross_profit(db, caller, range.from, range.to).await?))
}

/// The KPIs of a range from its per-day rows (customer figures and profit queried alongside).
async fn kpis_of(db: &Db, caller: &Caller, r: &Resolved, range: DayRange, days: &[(i64, i64, i64)]) -> AppResult<Kpis> {
    let (sales, orders) = days.iter().fold((0, 0), |a, d| (a.0 + d.1, a.1 + d.2));
    let (profit, (new, buyers, repeat)) = futures::try_join!(profit_of(db, caller, r, range), customer_figures(db, &r.who, range, r.today))?;
    Ok(logic::kpis(sales, orders, profit, new, buyers, repeat))
}

async fn kpis_for(db: &Db, caller: &Caller, r: &Resolved, range: DayRange) -> AppResult<Kpis> {
    let days = db::by_day(db, &r.sel(), range).await?;
    kpis_of(db, caller, r, range, &days).await
}

/// The last this many business days (today included) are read live; customer figures of the
/// days before are kept (they rarely change: payments and cancellations mostly touch recent
/// orders).
const RECENT_DAYS: i64 = 3;

fn who_key(who: &Who) -> String {
    match who {
        Who::Team => "team".into(),
        Who::Agents(ids) => {
            let mut ids = ids.clone();
            ids.sort_unstable();
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        }
    }
}

/// What the kept customer figures of business day `today` depend on: the changes so far to the
/// days before the recent ones. When it moves (a new day, a late change to an old order), the
/// kept figures the boss's views need are computed again by [`warm_kept`].
pub async fn kept_version(db: &Db, today: i64) -> AppResult<i64> {
    Ok(db::version(db, today - (RECENT_DAYS - 1)).await?)
}

/// Compute the boss views of every preset as of `today` for the caller's scope (the server
/// runs it as the system caller, i.e. for the whole team), so that their kept customer figures
/// are in place before the boss looks: a first look of the day otherwise computes them (1M
/// orders on PostgreSQL: 0.5 s for 90 days, 0.8 s for this year, instead of 0.1 s).
pub async fn warm_kept(db: &Db, caller: &Caller, today: i64) -> AppResult<()> {
    for preset in Preset::ALL {
        boss_view_at(db, caller, &DashFilter { preset: Some(preset), ..Default::default() }, today).await?;
    }
    Ok(())
}

/// (new customers, buyers, repeat buyers) of a span of days before the recent ones: kept in
/// `agg_past_cache` while no business day up to the span's end changes (`agg_versions`).
/// `kind` "range" reads the span as one, "month" a month's part of a range (new vs returning).
async fn past_figures(db: &Db, who: &Who, kind: &str, r: DayRange) -> AppResult<(i64, i64, i64)> {
    let key = who_key(who);
    // The version first: a change while computing leaves a copy that will not match.
    let version = db::version(db, r.to).await?;
    if let Some(c) = db::kept(db, &key, kind, r, version).await? {
        return Ok(c);
    }
    let c = if kind == "month" {
        let (new, buyers) = db::customers_by_month(db, who, r).await?;
        (new.iter().map(|m| m.1).sum(), buyers.iter().map(|m| m.1).sum(), 0)
    } else {
        let (new, (buyers, repeat)) = futures::try_join!(db::new_customers(db, who, r), db::buyers(db, who, r))?;
        (new, buyers, repeat)
    };
    let mut tx = db.begin_write().await?;
    db::keep(&mut tx, &key, kind, r, version, c, now_ms()).await?;
    tx.commit().await?;
    Ok(c)
}

/// (new customers, buyers, repeat buyers) of a range: the kept figures of its days before the
/// recent ones, with the recent days' buyers merged in customer by customer.
async fn customer_figures(db: &Db, who: &Who, range: DayRange, today: i64) -> AppResult<(i64, i64, i64)> {
    let split = (today - (RECENT_DAYS - 1)).clamp(range.from, range.to);
    let old = DayRange { from: range.from, to: split };
    let mut f = if old.from < old.to { past_figures(db, who, "range", old).await? } else { (0, 0, 0) };
    if split < range.to {
        for (n, n_old, earlier) in db::recent_buyers(db, who, range.from, split, range.to).await? {
            f.0 += i64::from(earlier == 0);
            f.1 += i64::from(n_old == 0);
            f.2 += i64::from(n_old <= 1 && n_old + n >= 2);
        }
    }
    Ok(f)
}

/// Per month the range touches: (month, new customers, buyers) within the range. The part of a
/// month that ends before the recent days is kept (a partial first month too: its span is part
/// of the key); the month with the recent days is read live.
async fn months_customers(db: &Db, who: &Who, range: DayRange, today: i64) -> AppResult<Vec<(i64, i64, i64)>> {
    let recent = today - (RECENT_DAYS - 1);
    let mut out = Vec::new();
    for m in months_touched(range) {
        let end = logic::next_month(m);
        let part = DayRange { from: m.max(range.from), to: end.min(range.to) };
        let (new, buyers) = if part.to <= recent {
            let c = past_figures(db, who, "month", part).await?;
            (c.0, c.1)
        } else {
            let (new, buyers) = db::customers_by_month(db, who, part).await?;
            (new.iter().map(|x| x.1).sum(), buyers.iter().map(|x| x.1).sum())
        };
        out.push((m, new, buyers));
    }
    Ok(out)
}

fn trend_points(range: DayRange, days: &[(i64, i64, i64)]) -> Vec<TrendPoint> {
    let by: HashMap<i64, (i64, i64)> = days.iter().map(|d| (d.0, (d.1, d.2))).collect();
    (range.from..range.to)
        .map(|day| {
            let (s, o) = by.get(&day).copied().unwrap_or((0, 0));
            TrendPoint { day, sales: Money::from_fen(s), orders: o }
        })
        .collect()
}

async fn options(db: &Db, caller: &Caller) -> AppResult<FilterOptions> {
    let scope = caller.scope();
    let agents = db::agents_tree(db).await?.into_iter().filter(|a| scope.contains(a.0)).map(|a| (a.0, a.2)).collect();
    Ok(FilterOptions { agents, categories: db::categories(db).await? })
}

async fn slow_items(db: &Db, caller: &Caller, limit: usize) -> AppResult<Option<Vec<SlowItem>>> {
    if !caller.role().can(Perm::ViewLedger) {
        return Ok(None);
    }
    let rows = crate::inventory::service::slow_movers(db, caller, SLOW_DAYS, None).await?;
    Ok(Some(
        rows.into_iter()
            .take(limit)
            .map(|s| SlowItem { sku_code: s.sku_code, name: s.sku_label, on_hand: s.qty, value: s.value, last_sold: s.last_sale_day })
            .collect(),
    ))
}

pub async fn boss_view(db: &Db, caller: &Caller, f: &DashFilter) -> AppResult<BossView> {
    boss_view_at(db, caller, f, day_of(now_ms())).await
}

/// The boss view (D1) as of business day `today`.
pub async fn boss_view_at(db: &Db, caller: &Caller, f: &DashFilter, today: i64) -> AppResult<BossView> {
    caller.require(Perm::ViewDashboard)?;
    let r = resolve(caller, f, today)?;
    let sel = r.sel();
    let (prev, ago) = (logic::previous(r.range), logic::last_year(r.range));
    // The reads are independent: run them side by side (SQLite readers do not block in WAL mode).
    let now_f = async {
        let days = db::by_day(db, &sel, r.range).await?;
        let k = kpis_of(db, caller, &r, r.range, &days).await?;
        Ok::<_, AppError>((days, k))
    };
    let sqlx_err = |e: sqlx::Error| AppError::from(e);
    let ((days, now), before, year_ago, categories, top, hours, months) = futures::try_join!(
        now_f,
        kpis_for(db, caller, &r, prev),
        kpis_for(db, caller, &r, ago),
        async { db::by_category(db, &sel, r.range).await.map_err(sqlx_err) },
        async { db::top_skus(db, &sel, r.range, 10).await.map_err(sqlx_err) },
        async { db::hours(db, &sel, r.range).await.map_err(sqlx_err) },
        months_customers(db, &r.who, r.range, today),
    )?;
    let categories = categories.into_iter().map(|(category, s, qty)| CategoryShare { category, sales: Money::from_fen(s), qty }).collect();
    let top = top
        .into_iter()
        .map(|(sku_id, code, name, color, size, qty, s)| ProductFigure { sku_id, code, name: crate::inventory::logic::sku_label(&name, &color, &size), qty, sales: Money::from_fen(s) })
        .collect();
    let heat = heat_grid(&hours);
    let customers = months.into_iter().map(|(month, new, buyers)| MonthCustomers { month, new, returning: buyers - new }).collect();
    let mut notes = Vec::new();
    if r.channel.is_some() {
        notes.push(Note::ChannelNotApplied);
    }
    if r.category.is_some() {
        notes.push(Note::CategoryNotApplied);
    }
    let slow = match slow_items(db, caller, 10).await? {
        Some(s) => s,
        None => {
            notes.push(Note::NoStockAccess);
            Vec::new()
        }
    };
    if now.gross_profit.is_none() {
        notes.push(Note::ProfitTeamOnly);
    }
    Ok(BossView {
        range: r.range,
        previous: prev,
        last_year: ago,
        now,
        before,
        year_ago,
        trend: trend_points(r.range, &days),
        categories,
        top,
        slow,
        heat,
        customers,
        notes,
        scoped: !matches!(r.who, Who::Team),
        options: options(db, caller).await?,
        filter: r.filter,
    })
}

/// The busiest weekday × hour of a heat map (Monday = 0), for the tests and the TV wall.
pub fn busiest_cell(heat: &[Vec<i64>]) -> Option<(usize, usize, i64)> {
    busiest(heat)
}

/// Everyone the caller may rank, with levels: (id, name, level).
async fn visible_agents(db: &Db, caller: &Caller) -> AppResult<Vec<(i64, String, u32)>> {
    let tree = db::agents_tree(db).await?;
    let pairs: Vec<(i64, Option<i64>)> = tree.iter().map(|a| (a.0, a.1)).collect();
    let levels: HashMap<i64, u32> = logic::levels(&pairs).into_iter().collect();
    let scope = caller.scope();
    Ok(tree.into_iter().filter(|a| scope.contains(a.0)).map(|a| (a.0, a.2, levels.get(&a.0).copied().unwrap_or(1))).collect())
}

async fn ranking(db: &Db, caller: &Caller, who: &Who, channel: Option<&str>, range: DayRange) -> AppResult<Vec<AgentRank>> {
    let agents = visible_agents(db, caller).await?;
    let figures: HashMap<i64, (i64, i64)> = db::by_agent(db, who, channel, range).await?.into_iter().map(|(a, s, o)| (a, (s, o))).collect();
    let news: HashMap<i64, i64> = db::new_customers_by_agent(db, who, range).await?.into_iter().collect();
    let only: Option<&[i64]> = match who {
        Who::Agents(ids) => Some(ids),
        Who::Team => None,
    };
    let mut rows: Vec<AgentRank> = agents
        .into_iter()
        .filter(|a| only.is_none_or(|ids| ids.contains(&a.0)))
        .map(|(id, name, level)| {
            let (s, o) = figures.get(&id).copied().unwrap_or((0, 0));
            AgentRank { agent_id: id, name, level, sales: Money::from_fen(s), orders: o, new_customers: news.get(&id).copied().unwrap_or(0), rank: 0 }
        })
        .collect();
    rank(&mut rows);
    Ok(rows)
}

fn rank(rows: &mut [AgentRank]) {
    rows.sort_by(|a, b| b.sales.cmp(&a.sales).then(b.orders.cmp(&a.orders)).then(a.agent_id.cmp(&b.agent_id)));
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
}

pub async fn sales_view(db: &Db, caller: &Caller, f: &DashFilter, level: Option<u32>) -> AppResult<SalesView> {
    sales_view_at(db, caller, f, level, day_of(now_ms())).await
}

/// The sales view (D1): the ranking of the caller's line (the team for the boss), per
/// level if asked, the caller's own figures, and progress toward this month's targets.
pub async fn sales_view_at(db: &Db, caller: &Caller, f: &DashFilter, level: Option<u32>, today: i64) -> AppResult<SalesView> {
    caller.require(Perm::ViewDashboard)?;
    let r = resolve(caller, f, today)?;
    let all = ranking(db, caller, &r.who, r.channel.as_deref(), r.range).await?;
    let me = all.iter().find(|a| a.agent_id == caller.id()).cloned();
    let mut shown: Vec<AgentRank> = all.into_iter().filter(|a| level.is_none_or(|l| a.level == l)).collect();
    rank(&mut shown);
    let month = month_start_day(today);
    let month_range = DayRange { from: month, to: today + 1 };
    let mine = caller.scope().agent_ids().is_some();
    let who = if mine { Who::Agents(vec![caller.id()]) } else { r.who.clone() };
    let sales: HashMap<i64, i64> = db::by_agent(db, &who, None, month_range).await?.into_iter().map(|(a, s, _)| (a, s)).collect();
    let targets: HashMap<i64, i64> = db::targets(db, &who, month).await?.into_iter().collect();
    let mut progress = Vec::new();
    for (id, name, _) in visible_agents(db, caller).await? {
        let in_who = match &who {
            Who::Agents(ids) => ids.contains(&id),
            Who::Team => true,
        };
        if !in_who || (!mine && !targets.contains_key(&id) && !sales.contains_key(&id)) {
            continue;
        }
        let s = sales.get(&id).copied().unwrap_or(0);
        let target = targets.get(&id).copied();
        let percent = target.and_then(|t| logic::percent(s, t));
        progress.push((id, name, TargetProgress { month, target: target.map(Money::from_fen), sales: Money::from_fen(s), percent }));
    }
    Ok(SalesView {
        range: r.range,
        ranking: shown,
        me,
        progress,
        scoped: !matches!(r.who, Who::Team),
        can_set_targets: caller.role().can(Perm::ManageSettings),
        filter: r.filter,
    })
}

/// Set an agent's sales target for a month (the boss).
pub async fn set_target(db: &Db, caller: &Caller, t: &NewTarget) -> AppResult<()> {
    caller.require(Perm::ManageSettings)?;
    let month = chrono::NaiveDate::parse_from_str(&format!("{}-01", t.month.trim()), "%Y-%m-%d").map_err(|_| DashboardError::BadRange)?;
    let fen = Money::parse(t.target.trim()).map_err(|_| DashboardError::BadTarget)?.round_fen().to_fen();
    if fen < 0 {
        return Err(DashboardError::BadTarget.into());
    }
    let mut tx = db.begin_write().await?;
    if !db::is_agent(&mut tx, t.agent_id).await? {
        return Err(AppError::NotFound);
    }
    let now = now_ms();
    db::set_target(&mut tx, t.agent_id, day_of_date(month), fen, caller.actor(), now).await?;
    crate::audit::record(&mut tx, caller.actor(), "sales_target", Some(t.agent_id), "set", &format!("{} {fen}", t.month.trim()), now).await?;
    tx.commit().await?;
    Ok(())
}

/// The stock view (D1): open low-stock alerts, slow movers with the value they tie up,
/// stock value by warehouse, and days of cover per SKU.
pub async fn stock_view(db: &Db, caller: &Caller) -> AppResult<StockView> {
    caller.require(Perm::ViewLedger)?;
    let inv = crate::inventory::service::list_alerts(db, caller, true, Seek::default()).await?;
    let low = inv
        .rows
        .into_iter()
        .map(|a| LowStockRow { sku_code: a.sku_code, name: a.sku_label, warehouse: a.warehouse, available: a.available, threshold: a.threshold })
        .collect();
    let slow = slow_items(db, caller, 20).await?.unwrap_or_default();
    let warehouses = crate::inventory::service::stock_values(db, caller)
        .await?
        .into_iter()
        .map(|w| WarehouseFigure { warehouse: w.name, qty: w.units, value: w.value })
        .collect();
    let forecasts = crate::inventory::service::forecast_totals(db, caller).await?;
    let today = day_of(now_ms());
    let sold: HashMap<i64, i64> = db::sku_units(db, DayRange { from: today - 29, to: today + 1 }).await?.into_iter().collect();
    let stock = crate::inventory::service::all_stock(db, caller, &Default::default()).await?;
    let mut cover: Vec<CoverRow> = stock
        .into_iter()
        .filter(|s| s.qty > 0)
        .map(|s| {
            let (demand_30, from_forecast) = match forecasts.get(&s.sku_id) {
                Some(&t) => (t, true),
                None => (sold.get(&s.sku_id).copied().unwrap_or(0), false),
            };
            let name = [s.product_name.as_str(), s.color.as_str(), s.size.as_str()].iter().filter(|x| !x.is_empty()).copied().collect::<Vec<_>>().join(" ");
            CoverRow { sku_id: s.sku_id, sku_code: s.code, name, on_hand: s.qty, demand_30, from_forecast, days: logic::days_of_cover(s.qty, demand_30) }
        })
        .collect();
    cover.sort_by(|a, b| match (a.days, b.days) {
        (Some(x), Some(y)) => x.cmp(&y).then(a.sku_id.cmp(&b.sku_id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.sku_id.cmp(&b.sku_id),
    });
    cover.truncate(100);
    Ok(StockView { low, slow, warehouses, cover })
}

/// The TV wall (数据大屏): today and this month, today's hours, the 30-day trend and the
/// month's top agents, for the caller's scope.
pub async fn wall(db: &Db, caller: &Caller) -> AppResult<WallView> {
    caller.require(Perm::ViewDashboard)?;
    let at = now_ms();
    let today = day_of(at);
    let f = DashFilter { preset: Some(Preset::Today), ..Default::default() };
    let r = resolve(caller, &f, today)?;
    let today_k = kpis_for(db, caller, &r, r.range).await?;
    let month = DayRange { from: month_start_day(today), to: today + 1 };
    let month_k = kpis_for(db, caller, &r, month).await?;
    let mut hours = vec![0; 24];
    for (_, h, n) in db::hours(db, &r.sel(), r.range).await? {
        if let Some(x) = hours.get_mut(h as usize) {
            *x += n;
        }
    }
    let last30 = DayRange { from: today - 29, to: today + 1 };
    let trend = trend_points(last30, &db::by_day(db, &r.sel(), last30).await?);
    let mut top_agents = ranking(db, caller, &r.who, None, month).await?;
    top_agents.truncate(5);
    let open_alerts = if caller.role().can(Perm::ViewLedger) { Some(crate::inventory::service::open_alert_count(db, caller).await?) } else { None };
    Ok(WallView { today: today_k, month: month_k, hours, trend, top_agents, open_alerts, at })
}

/// The daily digest: once the team's digest time (Asia/Shanghai) has passed today, queue
/// yesterday's sales, orders, top agents and stock alerts to every active notifier (WeCom /
/// DingTalk robots), once per day (`daily_digest` + the day). Returns whether it was queued
/// now; the housekeeping loop calls it every minute.
pub async fn digest_if_due(db: &Db, caller: &Caller, now: i64) -> AppResult<bool> {
    caller.require(Perm::ManageSettings)?;
    let settings = {
        let mut conn = db.pool.acquire().await?;
        crate::settings::service::team(&mut conn).await?
    };
    if settings.digest_time.trim().is_empty() {
        return Ok(false);
    }
    let at = logic::parse_time(&settings.digest_time)?;
    let minute = ((now + crate::time::OFFSET_MS).rem_euclid(crate::time::DAY_MS)) / 60_000;
    if minute < at {
        return Ok(false);
    }
    let today = day_of(now);
    let r = Resolved { today, range: DayRange { from: today - 1, to: today }, who: Who::Team, channel: None, category: None, filter: DashFilter::default() };
    let y = kpis_for(db, caller, &r, r.range).await?;
    let before = kpis_for(db, caller, &r, DayRange { from: today - 2, to: today - 1 }).await?;
    let top: Vec<(String, Money)> = ranking(db, caller, &Who::Team, None, r.range).await?.into_iter().filter(|a| a.orders > 0).take(3).map(|a| (a.name, a.sales)).collect();
    let alerts_page = crate::inventory::service::list_alerts(db, caller, true, Seek::default()).await?;
    let open_alerts = crate::inventory::service::open_alert_count(db, caller).await?;
    let alerts: Vec<(String, String, i64, i64)> = alerts_page.rows.into_iter().take(5).map(|a| (a.sku_label, a.warehouse, a.available, a.threshold)).collect();
    let digest = logic::Digest { day: today - 1, sales: y.sales, orders: y.orders, before_sales: before.sales, top: &top, alerts: &alerts, open_alerts };
    let (title, body) = logic::digest_text(&digest, caller.lang());
    let mut tx = db.begin_write().await?;
    crate::notify::service::enqueue(&mut tx, DIGEST_TOPIC, today, &title, &body).await?;
    tx.commit().await?;
    Ok(true)
}

/// The notification topic of the daily digest (its ref is the business day it is sent).
pub const DIGEST_TOPIC: &str = "daily_digest";

/// One chart's data table of the boss view as an .xlsx file.
pub async fn export(db: &Db, caller: &Caller, f: &DashFilter, chart: super::DashChart) -> AppResult<Vec<u8>> {
    let v = boss_view(db, caller, f).await?;
    super::export::chart(&v, chart, caller.lang()).map_err(|e| AppError::internal(format!("xlsx: {e}")))
}

/// An order entered (`sign` 1) or left (−1) a sold status: move the aggregates, inside the
/// order's transaction (called by the orders area).
pub(crate) async fn record_sale(tx: &mut Tx, facts: &SaleFacts, sign: i64) -> AppResult<()> {
    Ok(db::add_sale(tx, facts, sign).await?)
}

/// Agent `from`'s orders moved to agent `to` (a hand-over): recompute both agents'
/// per-agent aggregates in the same transaction.
pub(crate) async fn agents_moved(tx: &mut Tx, from: i64, to: i64) -> AppResult<()> {
    Ok(db::rebuild_agents(tx, from, to).await?)
}

/// Customer `from` was merged into `into` (its orders already moved): recompute both
/// customers' buyer aggregates in the same transaction, before `from` is deleted.
pub(crate) async fn customers_merged(tx: &mut Tx, from: i64, into: i64) -> AppResult<()> {
    Ok(db::rebuild_customers(tx, from, into).await?)
}

/// A product moved between categories: recompute those categories' aggregates.
pub(crate) async fn categories_changed(tx: &mut Tx, categories: &[String]) -> AppResult<()> {
    Ok(db::rebuild_categories(tx, categories).await?)
}

/// Many orders that count as sales from now on, in the caller's transaction (an import):
/// summed per aggregate row first, so each row is written once.
pub(crate) async fn record_sales(tx: &mut Tx, facts: &[SaleFacts]) -> AppResult<()> {
    Ok(db::add_sales(tx, facts, 1).await?)
}

/// Recompute the aggregates from the orders (after bulk loads; `server check` compares).
pub async fn rebuild(db: &Db, caller: &Caller) -> AppResult<()> {
    caller.require(Perm::ManageSettings)?;
    let mut tx = db.begin_write().await?;
    db::rebuild(&mut tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Where the boss view disagrees with the areas its figures come from, over the `months`
/// months up to `today`'s (`server check`): a month whose gross profit is not its finance P&L's,
/// or whose new and returning customers are not the customers area's report's, and the span
/// if its buyers, repeat buyers and repurchase rate are not that report's. Empty when they agree.
pub async fn source_mismatches(db: &Db, caller: &Caller, today: i64, months: u32) -> AppResult<Vec<String>> {
    use crate::customers::logic_util::YearMonth;
    caller.require(Perm::ViewFinance)?;
    let last = YearMonth::of_day(today);
    let first = (1..months.max(1)).fold(last, |m, _| m.prev());
    let span = DayRange { from: first.first_day(), to: last.next().first_day() };
    let team = |range: DayRange| Resolved { today, range, who: Who::Team, channel: None, category: None, filter: DashFilter::default() };
    let report = customers::service::repurchase(db, caller, first, last).await?;
    let mut bad = Vec::new();
    let k = kpis_for(db, caller, &team(span), span).await?;
    let rate = &report.team.rate;
    if (k.buyers, k.repeat_buyers, k.repurchase_rate) != (i64::from(rate.buyers), i64::from(rate.repeat_buyers), rate.rate_pct) {
        bad.push(format!("{first}..{last} repurchase"));
    }
    let months: HashMap<i64, (i64, i64)> = months_customers(db, &Who::Team, span, today).await?.into_iter().map(|(m, n, b)| (m, (n, b))).collect();
    for m in &report.team.months {
        let day = m.month.first_day();
        let (new, buyers) = months.get(&day).copied().unwrap_or((0, 0));
        let returning = buyers - new;
        if (new, returning) != (i64::from(m.new_customers), i64::from(m.returning_customers)) {
            bad.push(format!("{} new/returning", m.month));
        }
        let range = DayRange { from: day, to: m.month.next().first_day() };
        let profit = kpis_for(db, caller, &team(range), range).await?.gross_profit;
        let pnl = crate::finance::service_pnl::pnl(db, caller, &m.month.to_string()).await?;
        if profit != Some(pnl.total.gross_profit()) {
            bad.push(format!("{} gross profit", m.month));
        }
    }
    Ok(bad)
}

/// Rows where the aggregates disagree with a full scan of the orders (`server check`).
pub async fn mismatches(db: &Db, caller: &Caller) -> AppResult<i64> {
    caller.require(Perm::ViewLedger)?;
    Ok(db::mismatches(db).await?)
}
