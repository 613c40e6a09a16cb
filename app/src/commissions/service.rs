//! Commission use cases (ssr only). Each requires a permission; statements are personal (an
//! agent sees its own, whose override lines already show what its downline's sales earned it;
//! boss and finance see all), by-id statements go through an `Owned` proof, and every write is
//! one transaction. The month end reads orders and the agent tree through their areas'
//! services inside its transaction.

use super::db::{self, Figures, MonthRun, StatementRow, StoredSet};
use super::logic::{business_date, rate_from_bp, CommissionError, Month};
use super::logic_accrual::reverses_in;
use super::logic_base::{Agent, Order, OrderLine, StatusChange};
use super::logic_flow::{check_approve, check_pay_date, check_rule_date, check_run, first_open_month, MonthStatus};
use super::logic_input::{parse_date, parse_rule_set, preview_month};
use super::logic_month::{month_end, preview, MonthEndInputs, MonthEndResult};
use super::logic_rules::{rule_in_force, RuleSet};
use super::logic_settle::{contributions, statement, Statement};
use super::{AgentChange, ContributionView, GroupKind, GroupRow, LineView, MonthEndOutcome, MonthOverview, PayoutInput, PayoutView};
use super::{PreviewView, RuleChoices, RuleSetInput, RuleSetView, SettlementPartView, SettlementView, StatementDetail, StatementFilter};
use super::{StatementId, StatementStatus, StatementSummary, TierReached, LINES_SHOWN};
use crate::auth::{self, Caller, Owned, Perm};
use crate::error::{AppError, AppResult, CommonError};
use crate::money::Money;
use crate::orders::service::SaleFigures;
use crate::page::{Cursor, Page, Seek};
use crate::state::Db;
use crate::time::{date_of_day, day_of_date, now_ms};
use crate::{audit, inventory, orders};
use chrono::NaiveDate;
use sqlx::AnyConnection;
use std::collections::{BTreeSet, HashMap};

fn today() -> NaiveDate {
    business_date(now_ms())
}

fn rules_of(sets: &[StoredSet]) -> Vec<RuleSet> {
    sets.iter().map(|s| s.rule.clone()).collect()
}

fn first_rules_month(rules: &[RuleSet]) -> Option<Month> {
    rules.iter().map(|r| r.effective_from).min().map(Month::of_date)
}

// ---- The month end ------------------------------------------------------------------------

/// An order's figures as the commission maths takes them.
fn order_of(f: SaleFigures) -> Order {
    Order {
        id: f.id,
        agent_id: f.agent_id,
        placed_at_ms: f.placed_at,
        lines: f
            .lines
            .into_iter()
            .map(|l| OrderLine { product_id: l.product_id, category: Some(l.category), qty: l.qty, unit_price_fen: l.unit_price_fen, discount_fen: l.discount_fen })
            .collect(),
        discount_fen: f.discount_fen,
        coupon_fen: f.coupon_fen,
        freight_fen: f.freight_fen,
        status_changes: f.events.into_iter().map(|(status, at_ms)| StatusChange { at_ms, status }).collect(),
        refunds: Vec::new(),
    }
}

/// Everything a month end of `month` needs, read in the caller's transaction: the agent tree,
/// the orders with an event in the month (through the orders area), and the earlier months'
/// accrual lines of those that are refunded or cancelled in it.
async fn month_inputs(conn: &mut AnyConnection, month: Month, rule_sets: Vec<RuleSet>) -> AppResult<MonthEndInputs> {
    let agents = auth::service::agent_tree(conn).await?.into_iter().map(|(id, parent_id)| Agent { id, parent_id }).collect();
    let orders: Vec<Order> = orders::service::sale_figures(conn, month.start_ms(), month.last_ms()).await?.into_iter().map(order_of).collect();
    let reversing: Vec<i64> = orders.iter().filter(|o| reverses_in(o, month)).map(|o| o.id).collect();
    let prior_lines = db::prior_accruals(conn, &reversing, month).await?;
    Ok(MonthEndInputs { month, agents, rule_sets, orders, prior_lines })
}

/// Compute `month` from the current data, in the caller's transaction.
async fn compute(conn: &mut AnyConnection, month: Month) -> AppResult<MonthEndResult> {
    let rules = rules_of(&db::rule_sets(conn).await?);
    let inputs = month_inputs(conn, month, rules).await?;
    Ok(month_end(&inputs)?)
}

/// Run the month end of `month` (月结): compute every commission line and statement from the
/// orders, refunds and rules, and store them as drafts. Idempotent: when the result is what is
/// stored, nothing is written and the outcome says so.
pub async fn run_month_end(db: &Db, caller: &Caller, month: Month) -> AppResult<MonthEndOutcome> {
    caller.require(Perm::ManageCommissions)?;
    let started = std::time::Instant::now();
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    db::lock(&mut tx, db.backend).await?;
    let sets = db::rule_sets(&mut tx).await?;
    let rules = rules_of(&sets);
    check_run(month, Month::of_ms(now), db::latest_closed(&mut tx).await?, first_rules_month(&rules))?;
    let existing = db::month(&mut tx, month).await?;
    let inputs = month_inputs(&mut tx, month, rules).await?;
    let read = started.elapsed();
    let result = month_end(&inputs)?;
    let digest = result.digest();
    let computed = started.elapsed();
    let mut outcome = MonthEndOutcome {
        month,
        changed: true,
        first_run: existing.is_none(),
        statements: result.statements.len() as i64,
        lines: result.lines.len() as i64,
        total: Money::from_fen(result.total_fen),
        previous_total: existing.as_ref().map(|m| Money::from_fen(m.total_fen)),
        statements_changed: 0,
        millis: 0,
    };
    let timing = |outcome: &MonthEndOutcome| {
        let orders = inputs.orders.len();
        tracing::debug!(%month, orders, lines = outcome.lines, changed = outcome.changed, ?read, ?computed, total = ?started.elapsed(), "commission month end");
    };
    if existing.as_ref().is_some_and(|m| m.digest == digest) {
        outcome.changed = false;
        outcome.millis = started.elapsed().as_millis() as i64;
        timing(&outcome);
        return Ok(outcome);
    }
    let run = MonthRun { month, digest: &digest, statements: outcome.statements, lines: outcome.lines, total_fen: result.total_fen, by: caller.actor(), at: now };
    db::upsert_month(&mut tx, &run).await?;
    db::replace_lines(&mut tx, db.backend, month, &result.lines).await?;
    let inserted = started.elapsed();
    outcome.statements_changed = store_statements(&mut tx, month, &result.statements, now).await?;
    let detail = format!("month={month} statements={} lines={} total_fen={} digest={digest}", outcome.statements, outcome.lines, result.total_fen);
    audit::record(&mut tx, caller.actor(), "commission_month", Some(month.key()), "run", &detail, now).await?;
    let stored = started.elapsed();
    tx.commit().await?;
    tracing::debug!(%month, ?inserted, ?stored, "commission month end writes");
    outcome.millis = started.elapsed().as_millis() as i64;
    timing(&outcome);
    Ok(outcome)
}

/// Upsert the month's draft statements by agent (ids stay stable across re-runs) and drop
/// those no longer earned. Returns how many were added, removed or changed their total.
async fn store_statements(conn: &mut AnyConnection, month: Month, statements: &[Statement], now: i64) -> AppResult<i64> {
    let mut old: HashMap<i64, (i64, i64)> = db::statement_ids(conn, month).await?.into_iter().map(|(agent, id, total)| (agent, (id, total))).collect();
    let mut changed = 0;
    for s in statements {
        let f = Figures::of(s);
        match old.remove(&s.agent_id) {
            Some((id, total)) => {
                db::update_statement(conn, id, &f, now).await?;
                changed += i64::from(total != s.total_fen);
            }
            None => {
                db::insert_statement(conn, month, s.agent_id, &f, now).await?;
                changed += 1;
            }
        }
    }
    for (id, _) in old.into_values() {
        db::delete_statement(conn, id).await?;
        changed += 1;
    }
    Ok(changed)
}

/// Approve a month (审核): its statements become 已确认 and the month is closed for good. Only
/// a month that is over, and only if a fresh computation still gives what was run (what the
/// boss reviewed). Returns the number of statements confirmed.
pub async fn approve_month(db: &Db, caller: &Caller, month: Month) -> AppResult<u64> {
    caller.require(Perm::ManageCommissions)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    db::lock(&mut tx, db.backend).await?;
    let row = db::month(&mut tx, month).await?;
    let status = row.as_ref().map(|r| MonthStatus::parse(&r.status).ok_or_else(|| AppError::internal(format!("month status {}", r.status)))).transpose()?;
    check_approve(month, status, now)?;
    let stored = row.map(|r| r.digest).unwrap_or_default();
    if compute(&mut tx, month).await?.digest() != stored {
        return Err(CommissionError::StaleRun { month }.into());
    }
    let n = db::close_month(&mut tx, month, caller.actor(), now).await?;
    audit::record(&mut tx, caller.actor(), "commission_month", Some(month.key()), "approve", &format!("month={month} statements={n}"), now).await?;
    tx.commit().await?;
    Ok(n)
}

/// The month for the boss and finance (last month when `None`): the run's state and the
/// team summary.
pub async fn month_overview(db: &Db, caller: &Caller, month: Option<Month>, seek: Seek) -> AppResult<MonthOverview> {
    caller.require(Perm::ViewTeamCommissions)?;
    let month = month.unwrap_or_else(|| Month::of_ms(now_ms()).prev());
    let page = list_statements(db, caller, &StatementFilter { month: Some(month), seek }).await?;
    let mut conn = db.pool.acquire().await?;
    let row = db::month(&mut conn, month).await?;
    let (statements, total, own, overrides, previous, volume, paid, paid_count) = db::month_sums(&mut conn, month).await?;
    let rules = rules_of(&db::rule_sets(&mut conn).await?);
    let latest_closed = db::latest_closed(&mut conn).await?;
    let rules_updated = db::rules_updated_at(&mut conn).await?;
    let status = row.as_ref().and_then(|r| MonthStatus::parse(&r.status));
    let run_at = row.as_ref().map(|r| r.run_at);
    Ok(MonthOverview {
        month,
        status,
        run_at,
        run_by: row.as_ref().and_then(|r| r.run_by.clone()),
        closed_at: row.as_ref().and_then(|r| r.closed_at),
        statements,
        lines: row.as_ref().map_or(0, |r| r.line_count),
        total: Money::from_fen(total),
        own: Money::from_fen(own),
        overrides: Money::from_fen(overrides),
        previous: Money::from_fen(previous),
        paid: Money::from_fen(paid),
        paid_count,
        volume: Money::from_fen(volume),
        over: now_ms() > month.last_ms(),
        rules_changed: status == Some(MonthStatus::Draft) && rules_updated.zip(run_at).is_some_and(|(u, r)| u > r),
        next_to_run: first_open_month(latest_closed).or(first_rules_month(&rules)),
        page,
    })
}

// ---- Statements ---------------------------------------------------------------------------

/// The agent whose statements a caller sees, or `None` for everyone's (boss, finance).
/// Statements are personal: an agent's scope includes its downline's orders, but not their
/// commission; their sales reach the agent's own statement as override lines.
fn personal_filter(caller: &Caller) -> Option<i64> {
    (!caller.role().can(Perm::ViewTeamCommissions)).then_some(caller.id())
}

/// The proof that statement `id` is the caller's to see, with its month and status.
/// Missing, another line's and a downline's statements answer the same `NotFound`.
async fn own(conn: &mut AnyConnection, caller: &Caller, id: StatementId) -> AppResult<(Owned<StatementId>, Month, StatementStatus)> {
    let (agent_id, month, status) = db::statement_owner(conn, id).await?.ok_or(AppError::NotFound)?;
    let personal = personal_filter(caller).is_none_or(|me| me == agent_id);
    let owned = caller.scope().vouch(id, agent_id).filter(|_| personal).ok_or(AppError::NotFound)?;
    let month = Month::from_key(month).ok_or_else(|| AppError::internal(format!("statement {} month {month}", id.0)))?;
    let status = StatementStatus::parse(&status).ok_or_else(|| AppError::internal(format!("statement {} status {status}", id.0)))?;
    Ok((owned, month, status))
}

fn summary_of(r: &StatementRow) -> AppResult<StatementSummary> {
    Ok(StatementSummary {
        id: StatementId(r.id),
        month: r.month()?,
        agent_id: r.agent_id,
        agent_name: r.agent_name.clone(),
        status: r.status()?,
        volume: Money::from_fen(r.volume_fen),
        own: Money::from_fen(r.own_fen + r.adjustment_fen),
        overrides: Money::from_fen(r.level1_fen + r.level2_fen + r.level3_fen),
        previous: Money::from_fen(r.previous_fen),
        total: Money::from_fen(r.total_fen),
        tier: r.tier_no.zip(r.tier_rate_bp).map(|(no, bp)| TierReached { no: no as usize, rate: rate_from_bp(bp) }),
        paid_on: r.paid_day.map(date_of_day),
    })
}

/// Statements, newest month first (or, within a month, largest total first).
pub async fn list_statements(db: &Db, caller: &Caller, filter: &StatementFilter) -> AppResult<Page<StatementSummary>> {
    caller.require(Perm::ViewCommissions)?;
    let by_total = filter.month.is_some();
    let (rows, count) = db::list_statements(db, personal_filter(caller), filter).await?;
    let rows: Vec<StatementSummary> = rows.iter().map(summary_of).collect::<AppResult<_>>()?;
    Ok(Page::assemble(rows, filter.seek, count, |s| Cursor { key: if by_total { s.total.to_fen() } else { s.month.key() }, id: s.id.0 }))
}

/// One statement with its groups, tier settlement, downline contribution and lines.
pub async fn get_statement(db: &Db, caller: &Caller, id: StatementId) -> AppResult<StatementDetail> {
    caller.require(Perm::ViewCommissions)?;
    let mut conn = db.pool.acquire().await?;
    let (owned, month, status) = own(&mut conn, caller, id).await?;
    let row = db::statement(&mut conn, &owned).await?;
    let lines = db::month_lines(&mut conn, month, Some(owned.agent_id())).await?;
    let sets = db::rule_sets(&mut conn).await?;
    let st = statement(&lines, owned.agent_id(), month, &rules_of(&sets))?;
    let names = auth::service::display_names(&mut conn).await?;
    let shown: Vec<_> = st.lines.iter().take(LINES_SHOWN).collect();
    let ids: Vec<i64> = shown.iter().filter_map(|l| l.order_id).collect::<BTreeSet<_>>().into_iter().collect();
    let numbers = orders::service::order_numbers(&mut conn, &ids).await?;
    let lang = caller.lang();
    let name = |id: Option<i64>| id.and_then(|i| names.get(&i).cloned());
    let line_views = shown
        .iter()
        .map(|l| LineView {
            at: l.at_ms,
            kind: l.kind,
            level: l.level,
            source_label: source_label(&l.source, lang),
            order_no: l.order_id.and_then(|o| numbers.get(&o).cloned()),
            seller_name: if l.level > 0 { name(l.seller_id) } else { None },
            base: Money::from_fen(l.base_fen),
            rate: l.rate,
            amount: Money::from_fen(l.amount_fen),
            accrued_month: (l.accrued_month < l.month).then_some(l.accrued_month),
        })
        .collect();
    let payout = match (row.paid_method(), row.paid_day) {
        (Some(method), Some(day)) => Some(PayoutView { method, reference: row.paid_ref.clone().unwrap_or_default(), paid_on: date_of_day(day), by: row.paid_by.clone().unwrap_or_default() }),
        _ => None,
    };
    Ok(StatementDetail {
        summary: summary_of(&row)?,
        groups: groups_of(&st),
        settlement: settlement_view(&st, &sets),
        contributions: contributions(&st.lines, month)
            .into_iter()
            .map(|c| ContributionView { level: c.level, seller_name: name(Some(c.seller_id)).unwrap_or_default(), base: Money::from_fen(c.base_fen), amount: Money::from_fen(c.amount_fen), orders: c.orders })
            .collect(),
        lines: line_views,
        line_count: st.lines.len(),
        confirmed_at: row.confirmed_at,
        payout,
        can_pay: status == StatementStatus::Confirmed && caller.role().can(Perm::PayCommissions),
        today: today(),
    })
}

/// `美妆` for a category line, the product's id for a product line, else the kind of rate.
fn source_label(s: &super::logic_rules::LineSource, lang: crate::i18n::Lang) -> String {
    use super::logic_rules::LineSource::*;
    match s {
        Tier => lang.pick("阶梯", "Tier"),
        Category(c) => lang.pick(format!("品类 {c}"), format!("Category {c}")),
        Product(p) => lang.pick(format!("商品 {p}"), format!("Product {p}")),
        Override => lang.pick("返佣", "Override"),
        Settlement => lang.pick("阶梯调整", "Tier adjustment"),
    }
}

fn groups_of(st: &Statement) -> Vec<GroupRow> {
    let g = |kind, base, amount, lines| GroupRow { kind, base: Money::from_fen(base), amount: Money::from_fen(amount), lines };
    let mut out = vec![g(GroupKind::Own, st.own.base_fen, st.own.amount_fen, st.own.line_count)];
    if st.settlement.is_some() {
        out.push(g(GroupKind::TierAdjustment, 0, st.tier_adjustment_fen, 1));
    }
    for (i, kind) in [GroupKind::Level1, GroupKind::Level2, GroupKind::Level3].into_iter().enumerate() {
        let l = st.levels[i];
        if l.line_count > 0 {
            out.push(g(kind, l.base_fen, l.amount_fen, l.line_count));
        }
    }
    if st.previous_months.line_count > 0 {
        out.push(g(GroupKind::PreviousMonths, st.previous_months.base_fen, st.previous_months.amount_fen, st.previous_months.line_count));
    }
    out
}

fn settlement_view(st: &Statement, sets: &[StoredSet]) -> Option<SettlementView> {
    let s = st.settlement.as_ref()?;
    let parts = s
        .parts
        .iter()
        .filter_map(|p| {
            let set = sets.iter().find(|x| x.rule.id == p.rule_set_id)?;
            Some(SettlementPartView {
                effective_from: set.rule.effective_from,
                mode: set.rule.mode,
                tier: TierReached { no: p.tier_index + 1, rate: p.tier_rate },
                tier_from: Money::from_fen(p.tier_from_fen),
                tiered_base: Money::from_fen(p.tiered_base_fen),
            })
        })
        .collect();
    Some(SettlementView {
        volume: Money::from_fen(s.volume_fen),
        target: Money::from_fen(s.target_fen),
        provisional: Money::from_fen(s.provisional_fen),
        adjustment: Money::from_fen(s.adjustment_fen()),
        parts,
    })
}

/// Finance records that an approved statement was paid (已发放): method, reference, date.
pub async fn record_payout(db: &Db, caller: &Caller, input: &PayoutInput) -> AppResult<()> {
    caller.require(Perm::PayCommissions)?;
    let paid_on = parse_date("paid_on", &input.paid_on)?;
    let reference = orders::logic::bounded_text("reference", &input.reference, 64, false)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (owned, month, status) = own(&mut tx, caller, input.statement_id).await?;
    match status {
        StatementStatus::Draft => return Err(CommissionError::NotConfirmed.into()),
        StatementStatus::Paid => return Err(CommissionError::AlreadyPaid.into()),
        StatementStatus::Confirmed => {}
    }
    check_pay_date(month, paid_on, today())?;
    let payout = db::Payout { method: input.method, reference: &reference, paid_day: day_of_date(paid_on), by: caller.actor(), at: now };
    if db::pay(&mut tx, &owned, &payout).await? != 1 {
        return Err(CommonError::Stale.into());
    }
    let detail = format!("month={month} agent={} method={} ref={reference} paid_on={paid_on}", owned.agent_id(), input.method.code());
    audit::record(&mut tx, caller.actor(), "commission_statement", Some(owned.id().0), "paid", &detail, now).await?;
    tx.commit().await?;
    Ok(())
}

/// A month's statements as an .xlsx workbook: a summary sheet and every line. Agents get
/// their own statement only.
pub async fn export_month(db: &Db, caller: &Caller, month: Month) -> AppResult<Vec<u8>> {
    caller.require(Perm::ViewCommissions)?;
    let agent = personal_filter(caller);
    let mut conn = db.pool.acquire().await?;
    let rows = db::month_statements(&mut conn, month, agent).await?;
    let statements: Vec<StatementSummary> = rows.iter().map(summary_of).collect::<AppResult<_>>()?;
    let lines = db::month_lines(&mut conn, month, agent).await?;
    let names = auth::service::display_names(&mut conn).await?;
    let ids: Vec<i64> = lines.iter().filter_map(|l| l.order_id).collect::<BTreeSet<_>>().into_iter().collect();
    let numbers = orders::service::order_numbers(&mut conn, &ids).await?;
    let lang = caller.lang();
    let sheet = super::export::Sheet { month, statements: &statements, lines: &lines, names: &names, order_numbers: &numbers, source: &|s| source_label(s, lang) };
    super::export::workbook(&sheet, lang).map_err(AppError::internal)
}

/// Statements whose figures are not the sums of their lines, and months whose totals are not
/// the sums of their statements (`server check`).
pub async fn mismatches(db: &Db, caller: &Caller) -> AppResult<(Vec<i64>, Vec<i64>)> {
    caller.require(Perm::ViewTeamCommissions)?;
    Ok(db::mismatches(db).await?)
}

// ---- Rules --------------------------------------------------------------------------------

/// Every rule set, newest first, with what governs today and what may still change.
pub async fn list_rule_sets(db: &Db, caller: &Caller) -> AppResult<Vec<RuleSetView>> {
    caller.require(Perm::ViewCommissions)?;
    let mut conn = db.pool.acquire().await?;
    let sets = db::rule_sets(&mut conn).await?;
    let first_open = first_open_month(db::latest_closed(&mut conn).await?);
    let products: HashMap<i64, String> = inventory::service::products_brief(&mut conn).await?.into_iter().map(|(id, name, _)| (id, name)).collect();
    let rules = rules_of(&sets);
    let in_force = rule_in_force(&rules, today()).map(|r| r.id);
    let mut out: Vec<RuleSetView> = sets
        .into_iter()
        .map(|s| {
            let r = s.rule;
            RuleSetView {
                id: r.id,
                effective_from: r.effective_from,
                mode: r.mode,
                accrue_on: r.accrue_on,
                tiers: r.tiers.iter().map(|t| (Money::from_fen(t.from_fen), t.rate)).collect(),
                overrides: r.overrides.clone(),
                category_rates: r.category_rates.iter().map(|c| (c.category.clone(), c.rate)).collect(),
                product_rates: r.product_rates.iter().map(|p| (p.product_id, products.get(&p.product_id).cloned().unwrap_or_default(), p.rate)).collect(),
                note: s.note,
                created_by: s.created_by,
                updated_at: s.updated_at,
                in_force: in_force == Some(r.id),
                editable: first_open.is_none_or(|m| r.effective_from >= m.first_day()),
            }
        })
        .collect();
    out.reverse();
    Ok(out)
}

/// What the rule editor offers: categories and products, and the earliest effective date.
pub async fn rule_choices(db: &Db, caller: &Caller) -> AppResult<RuleChoices> {
    caller.require(Perm::ManageCommissions)?;
    let mut conn = db.pool.acquire().await?;
    let products = inventory::service::products_brief(&mut conn).await?;
    let categories: BTreeSet<String> = products.iter().map(|p| p.2.clone()).collect();
    let earliest = first_open_month(db::latest_closed(&mut conn).await?).map(Month::first_day);
    Ok(RuleChoices {
        categories: categories.into_iter().collect(),
        products: products.into_iter().map(|(id, name, _)| (id, name)).collect(),
        earliest,
        preview_month: preview_month(today()),
    })
}

/// Save a new rule set, or change one that governs no closed month. Returns its id.
pub async fn save_rule_set(db: &Db, caller: &Caller, input: &RuleSetInput) -> AppResult<i64> {
    caller.require(Perm::ManageCommissions)?;
    let rule = parse_rule_set(input, input.id.unwrap_or(0))?;
    let note = orders::logic::bounded_text("note", &input.note, 200, false)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    db::lock(&mut tx, db.backend).await?;
    let known: BTreeSet<i64> = inventory::service::products_brief(&mut tx).await?.into_iter().map(|p| p.0).collect();
    if let Some(p) = rule.product_rates.iter().find(|p| !known.contains(&p.product_id)) {
        return Err(CommissionError::UnknownProduct { product_id: p.product_id }.into());
    }
    let existing = match input.id {
        Some(id) => Some(db::rule_set_day(&mut tx, id).await?.ok_or(AppError::NotFound)?),
        None => None,
    };
    check_rule_date(existing.map(date_of_day), rule.effective_from, db::latest_closed(&mut tx).await?)?;
    if db::rule_set_on(&mut tx, day_of_date(rule.effective_from), input.id).await? {
        return Err(CommissionError::DuplicateEffectiveDate { effective_from: rule.effective_from }.into());
    }
    let id = match input.id {
        Some(id) => {
            db::replace_rule_set(&mut tx, id, &rule, &note, now).await?;
            id
        }
        None => db::insert_rule_set(&mut tx, &rule, &note, caller.actor(), now).await?,
    };
    let detail = serde_json::to_string(&rule).unwrap_or_default();
    let action = if input.id.is_some() { "update" } else { "create" };
    audit::record(&mut tx, caller.actor(), "commission_rules", Some(id), action, &detail, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// What last month's statements would have been under a candidate rule set (试算), next to
/// what they are under the current rules. Nothing is saved.
pub async fn preview_rule_set(db: &Db, caller: &Caller, input: &RuleSetInput) -> AppResult<PreviewView> {
    caller.require(Perm::ManageCommissions)?;
    let candidate = parse_rule_set(input, 0)?;
    let month = preview_month(today());
    let mut conn = db.pool.acquire().await?;
    let rules = rules_of(&db::rule_sets(&mut conn).await?);
    let inputs = month_inputs(&mut conn, month, rules).await?;
    let p = preview(&inputs, &candidate)?;
    let names = auth::service::display_names(&mut conn).await?;
    let mut agents: Vec<AgentChange> = p
        .agents
        .iter()
        .map(|a| AgentChange {
            agent_id: a.agent_id,
            name: names.get(&a.agent_id).cloned().unwrap_or_default(),
            current: Money::from_fen(a.current_fen),
            candidate: Money::from_fen(a.candidate_fen),
        })
        .collect();
    agents.sort_by(|a, b| b.current.cmp(&a.current).then(a.agent_id.cmp(&b.agent_id)));
    Ok(PreviewView { month, current_total: Money::from_fen(p.current_total_fen), candidate_total: Money::from_fen(p.candidate_total_fen), agents })
}
