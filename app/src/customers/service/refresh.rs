//! The CRM refresh: per customer, from its counted orders (sold statuses, not fully refunded;
//! partial refunds netted out of the spend), the figures
//! (orders, spend, first and last order), the lifecycle stage (a change is recorded with its
//! day), the RFM scores and segment, and the automatic tags of every rule.
//!
//! In full (`refresh_all`: the daily job, the `server crm refresh` command, the boss's button)
//! the RFM quintiles are computed over every customer with orders and their cuts are stored;
//! then customers are processed in id ranges, one transaction per range. For one customer
//! (an order of theirs changed, in the order's transaction) the stored cuts place it.

use super::super::db::refresh::{self as rdb, Current, Figures, LineFact, Stats};
use super::super::db::tags as tdb;
use super::super::logic::allocate_discount;
use super::super::logic_lifecycle::{self as lc, LifecycleConfig, LifecycleFacts, Stage};
use super::super::logic_repurchase::is_counted;
use super::super::logic_rfm::{score_customers, RfmCuts, RfmInput, SegmentBasis};
use super::super::logic_tags::{evaluate, lookback_day, CustomerFacts, FieldValue, Purchase, Rule};
use super::super::RefreshReport;
use crate::auth::{Caller, Perm};
use crate::error::{AppError, AppResult};
use crate::state::Db;
use crate::time::{day_of, day_start_ms, now_ms};
use sqlx::AnyConnection;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Customers per transaction of a full refresh.
pub const BATCH: usize = 2_000;
/// The pause between batches of a full refresh on SQLite (see `refresh_all_on`).
const BATCH_PAUSE_MS: u64 = 25;

const LIFECYCLE_KEY: &str = "lifecycle";
const CUTS_KEY: &str = "rfm_cuts";

pub(super) async fn lifecycle_config(conn: &mut AnyConnection) -> AppResult<LifecycleConfig> {
    Ok(tdb::setting(conn, LIFECYCLE_KEY).await?.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default())
}

pub(super) async fn save_lifecycle_config(conn: &mut AnyConnection, c: &LifecycleConfig) -> AppResult<()> {
    tdb::put_setting(conn, LIFECYCLE_KEY, &serde_json::to_string(c).map_err(AppError::internal)?).await?;
    Ok(())
}

/// What every customer of a refresh is evaluated with.
struct Ctx {
    today: i64,
    rules: Vec<(i64, Rule)>,
    config: LifecycleConfig,
    since_ms: i64,
    /// SKU → (product, category).
    skus: HashMap<i64, (i64, String)>,
    /// Refunded orders: order → Σ refunds (after-sales, through the fulfilment area).
    refunded: HashMap<i64, i64>,
    /// Customers with a counted order that was refunded (their figures are recomputed).
    refunded_customers: BTreeSet<i64>,
}

async fn ctx(conn: &mut AnyConnection, now: i64, customers: Option<&[i64]>) -> AppResult<Ctx> {
    let today = day_of(now);
    let rules = tdb::rules(conn).await?;
    let config = lifecycle_config(conn).await?;
    let loyal_from = today - i64::from(config.loyal_window_days) + 1;
    let since = lookback_day(&rules.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>(), today).map_or(loyal_from, |d| d.min(loyal_from));
    let skus = rdb::sku_products(conn, customers).await?.into_iter().map(|(s, p, c)| (s, (p, c))).collect();
    let refunded = crate::fulfil::service::refunded_by_order(conn).await?;
    let refunded_ids: Vec<i64> = refunded.keys().copied().collect();
    let refunded_customers = rdb::counted_orders(conn, &refunded_ids).await?.into_iter().map(|r| r.1).collect();
    Ok(Ctx { today, rules, config, since_ms: day_start_ms(since), skus, refunded, refunded_customers })
}

/// Net the refunds out of the figures of the customers in `lo ..= hi`: a fully refunded order
/// no longer counts (orders, first and last order), a partial refund lowers the spend. Only
/// customers with a refunded order are read again, order by order.
async fn net_refunds(conn: &mut AnyConnection, ctx: &Ctx, stats: &mut HashMap<i64, Stats>, lo: i64, hi: i64) -> AppResult<()> {
    let affected: Vec<i64> = ctx.refunded_customers.range(lo..=hi).copied().collect();
    if affected.is_empty() {
        return Ok(());
    }
    let mut fresh: HashMap<i64, Stats> = HashMap::new();
    for (c, order, total, at) in rdb::orders_of_customers(conn, &affected, i64::MAX, None).await? {
        let refunded = ctx.refunded.get(&order).copied().unwrap_or(0);
        if !is_counted(false, total, refunded) {
            continue;
        }
        let e = fresh.entry(c).or_insert((c, 0, 0, None, None));
        e.1 += 1;
        e.2 += total - refunded;
        e.3 = Some(e.3.map_or(at, |x: i64| x.min(at)));
        e.4 = Some(e.4.map_or(at, |x: i64| x.max(at)));
    }
    for c in affected {
        match fresh.remove(&c) {
            Some(s) => stats.insert(c, s),
            None => stats.remove(&c),
        };
    }
    Ok(())
}

/// Where a range's RFM scores come from: the full run's scores, or the stored cuts.
enum Rfm<'a> {
    Scored(&'a HashMap<i64, (u8, u8, u8, &'static str)>),
    Cuts(Option<RfmCuts>),
}

#[derive(Default)]
struct Counts {
    customers: i64,
    stage_changes: i64,
    added: i64,
    removed: i64,
    read: std::time::Duration,
    write: std::time::Duration,
}

fn input_of(s: &Stats) -> RfmInput {
    RfmInput { customer_id: s.0, last_order_day: s.4.map(day_of), order_count: s.1 as u32, spend_fen: s.2.max(0) }
}

/// Evaluate and write the customers with ids in `lo ..= hi`.
async fn apply_range(conn: &mut AnyConnection, ctx: &Ctx, lo: i64, hi: i64, stats: &HashMap<i64, Stats>, rfm: &Rfm<'_>, now: i64) -> AppResult<Counts> {
    let started = std::time::Instant::now();
    let current = rdb::current(conn, lo, hi).await?;
    let lines = rdb::lines(conn, lo, hi, ctx.since_ms).await?;
    let consulted: HashMap<i64, i64> = rdb::consultations(conn, lo, hi).await?.into_iter().collect();
    let mut tagged: BTreeSet<(i64, i64)> = rdb::rule_tags(conn, lo, hi).await?.into_iter().collect();
    let read = started.elapsed();
    let mut by_customer: HashMap<i64, Vec<&LineFact>> = HashMap::new();
    for l in &lines {
        by_customer.entry(l.0).or_default().push(l);
    }
    for v in by_customer.values_mut() {
        v.sort_unstable_by_key(|l| l.1);
    }
    let (mut figures, mut changes, mut add) = (Vec::new(), Vec::new(), Vec::new());
    let mut counts = Counts { customers: current.len() as i64, read, ..Counts::default() };
    for c in &current {
        let s = stats.get(&c.id).copied().unwrap_or((c.id, 0, 0, None, None));
        let facts = facts_of(c, &s, by_customer.get(&c.id).map(|v| v.as_slice()).unwrap_or(&[]), consulted.get(&c.id).copied().unwrap_or(0), ctx);
        let life = LifecycleFacts {
            order_count: s.1 as u32,
            first_order_day: s.3.map(day_of),
            last_order_day: s.4.map(day_of),
            recent_order_days: facts.order_days.clone(),
        };
        let stage = lc::stage(&life, ctx.today, &ctx.config);
        let scores = match rfm {
            Rfm::Scored(map) => map.get(&c.id).copied(),
            Rfm::Cuts(cuts) => cuts.as_ref().and_then(|k| k.place(&input_of(&s))).map(|(r, f, m, seg)| (r, f, m, seg.code())),
        };
        let f = Figures {
            id: c.id,
            orders_count: s.1,
            spend_fen: s.2,
            first_order_at: s.3,
            last_order_at: s.4,
            stage: stage.code(),
            rfm: scores.map(|(r, f, m, _)| (i64::from(r), i64::from(f), i64::from(m))),
            segment: scores.map(|x| x.3),
        };
        if !same(c, &f) {
            figures.push(f);
        }
        let before = Stage::parse(&c.stage);
        if before != Some(stage) {
            changes.push((c.id, before.map(Stage::code), stage.code(), ctx.today));
        }
        for (tag, rule) in &ctx.rules {
            let on = evaluate(rule, &facts, ctx.today);
            let had = tagged.remove(&(c.id, *tag));
            if on && !had {
                add.push((c.id, *tag));
            } else if !on && had {
                tagged.insert((c.id, *tag));
            }
        }
    }
    // What is left in `tagged` had the tag and no longer matches.
    let remove: Vec<(i64, i64)> = tagged.into_iter().collect();
    let writing = std::time::Instant::now();
    rdb::write_figures(conn, &figures).await?;
    rdb::insert_stage_changes(conn, &changes, now).await?;
    rdb::add_tags(conn, &add, now).await?;
    rdb::remove_tags(conn, &remove).await?;
    counts.write = writing.elapsed();
    counts.stage_changes = changes.len() as i64;
    counts.added = add.len() as i64;
    counts.removed = remove.len() as i64;
    Ok(counts)
}

fn same(c: &Current, f: &Figures) -> bool {
    c.orders_count == f.orders_count
        && c.spend_fen == f.spend_fen
        && c.first_order_at == f.first_order_at
        && c.last_order_at == f.last_order_at
        && c.stage == f.stage
        && (c.rfm_r, c.rfm_f, c.rfm_m) == (f.rfm.map(|r| r.0), f.rfm.map(|r| r.1), f.rfm.map(|r| r.2))
        && c.segment.as_deref() == f.segment
}

/// A customer's facts for the tag rules: net spend per product and day (the order's coupon
/// discount and its refunds split over its lines; a fully refunded order left out), order
/// days, consultations, custom fields.
fn facts_of(c: &Current, s: &Stats, lines: &[&LineFact], consultations: i64, ctx: &Ctx) -> CustomerFacts {
    let skus = &ctx.skus;
    let mut order_days = Vec::new();
    let mut purchases: BTreeMap<(i64, i64), Purchase> = BTreeMap::new();
    let mut i = 0;
    while i < lines.len() {
        let order = lines[i].1;
        let j = (i..lines.len()).find(|&k| lines[k].1 != order).unwrap_or(lines.len());
        let day = day_of(lines[i].2);
        let totals: Vec<i64> = lines[i..j].iter().map(|l| l.5).collect();
        let refunded = ctx.refunded.get(&order).copied().unwrap_or(0);
        let order_total = totals.iter().sum::<i64>() - lines[i].3;
        if !is_counted(false, order_total, refunded) {
            i = j;
            continue;
        }
        order_days.push(day);
        let off = allocate_discount(&totals, lines[i].3 + refunded.min(order_total));
        for (l, d) in lines[i..j].iter().zip(off) {
            let Some((product, category)) = skus.get(&l.4) else { continue };
            let p = purchases.entry((day, *product)).or_insert_with(|| Purchase { day, product_id: *product, category: category.clone(), spend_fen: 0 });
            p.spend_fen += l.5 - d;
        }
        i = j;
    }
    let fields: BTreeMap<String, FieldValue> = serde_json::from_str(&c.fields).unwrap_or_default();
    CustomerFacts {
        order_count: s.1 as u32,
        last_order_day: s.4.map(day_of),
        consultations: consultations as u32,
        order_days,
        purchases: purchases.into_values().collect(),
        fields,
    }
}

/// Refresh some customers inside the caller's transaction (an order of theirs changed, a
/// note or a field did), placing RFM with the stored cuts.
pub(crate) async fn refresh_in_tx(conn: &mut AnyConnection, ids: &[i64], now: i64) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let ctx = ctx(conn, now, Some(ids)).await?;
    let cuts: Option<RfmCuts> = tdb::setting(conn, CUTS_KEY).await?.and_then(|j| serde_json::from_str(&j).ok());
    let rfm = Rfm::Cuts(cuts);
    for id in ids {
        let mut stats: HashMap<i64, Stats> = rdb::stats(conn, *id, *id).await?.into_iter().map(|s| (s.0, s)).collect();
        net_refunds(conn, &ctx, &mut stats, *id, *id).await?;
        apply_range(conn, &ctx, *id, *id, &stats, &rfm, now).await?;
    }
    Ok(())
}

/// Refresh many customers inside the caller's transaction (an import's new orders), placing
/// RFM with the stored cuts. Ids close together are evaluated as one id range — the
/// customers between them too, which only brings them up to date — so a run of new
/// customers costs a handful of statements rather than a handful each.
pub(crate) async fn refresh_many_in_tx(conn: &mut AnyConnection, ids: &[i64], now: i64) -> AppResult<()> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() <= 1 {
        return refresh_in_tx(conn, &ids, now).await;
    }
    let ctx = ctx(conn, now, None).await?;
    let cuts: Option<RfmCuts> = tdb::setting(conn, CUTS_KEY).await?.and_then(|j| serde_json::from_str(&j).ok());
    let rfm = Rfm::Cuts(cuts);
    let mut i = 0;
    while i < ids.len() {
        let lo = ids[i];
        let mut j = i;
        while j + 1 < ids.len() && ids[j + 1] - ids[j] <= 8 && ids[j + 1] - lo < BATCH as i64 {
            j += 1;
        }
        let hi = ids[j];
        let mut stats: HashMap<i64, Stats> = rdb::stats(conn, lo, hi).await?.into_iter().map(|s| (s.0, s)).collect();
        net_refunds(conn, &ctx, &mut stats, lo, hi).await?;
        apply_range(conn, &ctx, lo, hi, &stats, &rfm, now).await?;
        i = j + 1;
    }
    Ok(())
}

/// Re-evaluate every customer: figures, lifecycle, RFM (quintiles over all customers with
/// orders) and automatic tags, in batched transactions. Boss (or the system caller).
pub async fn refresh_all(db: &Db, caller: &Caller) -> AppResult<RefreshReport> {
    caller.require(Perm::ManageCrm)?;
    refresh_all_at(db, now_ms()).await
}

pub(crate) async fn refresh_all_at(db: &Db, now: i64) -> AppResult<RefreshReport> {
    let mut conn = db.pool.acquire().await?;
    rdb::big_cache(&mut conn, db.backend, true).await?;
    let result = refresh_all_on(db, &mut conn, now).await;
    rdb::big_cache(&mut conn, db.backend, false).await?;
    result
}

/// The full refresh on one held connection: one write transaction per batch of customers
/// (`BEGIN IMMEDIATE` on SQLite, as `Db::begin_write`), so order entry waits at most one batch.
async fn refresh_all_on(db: &Db, conn: &mut sqlx::pool::PoolConnection<sqlx::Any>, now: i64) -> AppResult<RefreshReport> {
    use sqlx::Connection;
    let started = std::time::Instant::now();
    let ctx = ctx(conn, now, None).await?;
    let mut stats: HashMap<i64, Stats> = rdb::stats(conn, i64::MIN, i64::MAX).await?.into_iter().map(|s| (s.0, s)).collect();
    net_refunds(conn, &ctx, &mut stats, i64::MIN, i64::MAX).await?;
    let ids = rdb::ids(conn).await?;
    let inputs: Vec<RfmInput> = ids.iter().filter_map(|id| stats.get(id)).map(input_of).collect();
    let result = score_customers(&inputs, ctx.today, SegmentBasis::Score).map_err(|error| AppError::internal(format!("rfm: {error:?}")))?;
    let cuts = RfmCuts::from_result(&inputs, &result);
    let scored: HashMap<i64, (u8, u8, u8, &'static str)> = result.scores.iter().map(|s| (s.customer_id, (s.r, s.f, s.m, s.segment.code()))).collect();
    let begin = if db.backend == crate::state::Backend::Sqlite { "BEGIN IMMEDIATE" } else { "BEGIN" };
    let mut report = RefreshReport { prepare_ms: started.elapsed().as_millis() as i64, ..RefreshReport::default() };
    for chunk in ids.chunks(BATCH) {
        let (lo, hi) = (chunk[0], chunk[chunk.len() - 1]);
        let mut tx = (**conn).begin_with(begin).await?;
        let c = apply_range(&mut tx, &ctx, lo, hi, &stats, &Rfm::Scored(&scored), now).await?;
        tx.commit().await?;
        // SQLite's busy handler polls: a pause between batches lets a waiting writer (an
        // order, a sign-in) in, instead of starving it until its busy timeout runs out.
        if db.backend == crate::state::Backend::Sqlite {
            tokio::time::sleep(std::time::Duration::from_millis(BATCH_PAUSE_MS)).await;
        }
        report.customers += c.customers;
        report.stage_changes += c.stage_changes;
        report.tags_added += c.added;
        report.tags_removed += c.removed;
        report.batches += 1;
        report.read_ms += c.read.as_millis() as i64;
        report.write_ms += c.write.as_millis() as i64;
    }
    let mut tx = (**conn).begin_with(begin).await?;
    match &cuts {
        Some(k) => tdb::put_setting(&mut tx, CUTS_KEY, &serde_json::to_string(k).map_err(AppError::internal)?).await?,
        None => tdb::put_setting(&mut tx, CUTS_KEY, "null").await?,
    }
    tx.commit().await?;
    report.millis = started.elapsed().as_millis() as i64;
    Ok(report)
}

/// The daily job: the first server to claim today refreshes everyone and runs the campaigns.
/// Returns `None` when another server (or an earlier tick) already did today.
pub async fn daily(db: &Db) -> AppResult<Option<(RefreshReport, super::super::CampaignRunReport)>> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let claimed = tdb::claim_day(&mut tx, day_of(now)).await?;
    tx.commit().await?;
    if !claimed {
        return Ok(None);
    }
    super::tags::seed_default_tags(db, crate::i18n::Lang::Zh).await?;
    let refreshed = refresh_all_at(db, now).await?;
    let run = super::campaigns::run_campaigns_at(db, now).await?;
    Ok(Some((refreshed, run)))
}
