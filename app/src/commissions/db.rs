//! Every SQL statement of the commissions area (ssr only). Private to the area: other areas go
//! through `commissions::service`. By-id statement functions take an `Owned<StatementId>`.

use super::logic::{rate_bp, rate_from_bp, Month};
use super::logic_accrual::{CommissionLine, LineKind};
use super::logic_rules::{AccrueOn, CategoryRate, LineSource, ProductRate, RuleSet, Tier, TierMode};
use super::logic_settle::Statement;
use super::{PayMethod, StatementFilter, StatementId, StatementStatus};
use crate::auth::Owned;
use crate::page::Count;
use crate::sql::Sql;
use crate::state::{Backend, Db};
use crate::time::{date_of_day, day_of_date};
use sqlx::{AnyConnection, FromRow};

fn bad(what: &str) -> sqlx::Error {
    sqlx::Error::Protocol(format!("commissions: unexpected stored value: {what}"))
}

/// Serialize the writers of commissions (runs, approvals) on PostgreSQL; SQLite's write
/// transactions (BEGIN IMMEDIATE) are already serial.
pub(super) async fn lock(conn: &mut AnyConnection, backend: Backend) -> Result<(), sqlx::Error> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(771400801)").execute(conn).await?;
    }
    Ok(())
}

// ---- Rule sets ----------------------------------------------------------------------------

#[derive(FromRow)]
struct SetRow {
    id: i64,
    effective_day: i64,
    mode: String,
    accrue_on: String,
    note: String,
    created_by: Option<String>,
    updated_at: i64,
}

/// A stored rule set and what the rule page shows about it.
pub(super) struct StoredSet {
    pub rule: RuleSet,
    pub note: String,
    pub created_by: String,
    pub updated_at: i64,
}

/// A stored rate: (rule set, kind, seq, from_fen, category, product, rate_bp).
type RateRow = (i64, String, i64, i64, Option<String>, Option<i64>, i64);

/// Every rule set, oldest first, with its rates.
pub(super) async fn rule_sets(conn: &mut AnyConnection) -> Result<Vec<StoredSet>, sqlx::Error> {
    let sets: Vec<SetRow> = sqlx::query_as(
        "SELECT r.id, r.effective_day, r.mode, r.accrue_on, r.note, u.display_name AS created_by, r.updated_at \
         FROM commission_rule_sets r LEFT JOIN users u ON u.id = r.created_by ORDER BY r.effective_day",
    )
    .fetch_all(&mut *conn)
    .await?;
    let rates: Vec<RateRow> = sqlx::query_as(
        "SELECT rule_set_id, kind, seq, from_fen, category, product_id, rate_bp FROM commission_rates ORDER BY rule_set_id, kind, seq",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(sets.len());
    for s in sets {
        let mut rule = RuleSet {
            id: s.id,
            effective_from: date_of_day(s.effective_day),
            mode: TierMode::parse(&s.mode).ok_or_else(|| bad(&s.mode))?,
            tiers: Vec::new(),
            overrides: Vec::new(),
            category_rates: Vec::new(),
            product_rates: Vec::new(),
            accrue_on: AccrueOn::parse(&s.accrue_on).ok_or_else(|| bad(&s.accrue_on))?,
        };
        for (_, kind, _, from_fen, category, product_id, bp) in rates.iter().filter(|r| r.0 == s.id) {
            let rate = rate_from_bp(*bp);
            match (kind.as_str(), category, product_id) {
                ("tier", _, _) => rule.tiers.push(Tier { from_fen: *from_fen, rate }),
                ("override", _, _) => rule.overrides.push(rate),
                ("category", Some(c), _) => rule.category_rates.push(CategoryRate { category: c.clone(), rate }),
                ("product", _, Some(p)) => rule.product_rates.push(ProductRate { product_id: *p, rate }),
                _ => return Err(bad(kind)),
            }
        }
        out.push(StoredSet { rule, note: s.note, created_by: s.created_by.unwrap_or_default(), updated_at: s.updated_at });
    }
    Ok(out)
}

/// The effective day of a rule set, if it exists.
pub(super) async fn rule_set_day(conn: &mut AnyConnection, id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT effective_day FROM commission_rule_sets WHERE id = $1").bind(id).fetch_optional(conn).await
}

/// Whether another rule set takes effect on `day`.
pub(super) async fn rule_set_on(conn: &mut AnyConnection, day: i64, other_than: Option<i64>) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM commission_rule_sets WHERE effective_day = $1 AND id <> $2")
        .bind(day)
        .bind(other_than.unwrap_or(0))
        .fetch_one(conn)
        .await?;
    Ok(n > 0)
}

/// Insert a rule set (header and rates); returns its id.
pub(super) async fn insert_rule_set(conn: &mut AnyConnection, r: &RuleSet, note: &str, by: Option<i64>, now: i64) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO commission_rule_sets (effective_day, mode, accrue_on, note, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(day_of_date(r.effective_from))
    .bind(r.mode.code())
    .bind(r.accrue_on.code())
    .bind(note)
    .bind(by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    insert_rates(conn, id, r).await?;
    Ok(id)
}

/// Replace a rule set's header and rates.
pub(super) async fn replace_rule_set(conn: &mut AnyConnection, id: i64, r: &RuleSet, note: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE commission_rule_sets SET effective_day = $1, mode = $2, accrue_on = $3, note = $4, updated_at = $5 WHERE id = $6")
        .bind(day_of_date(r.effective_from))
        .bind(r.mode.code())
        .bind(r.accrue_on.code())
        .bind(note)
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM commission_rates WHERE rule_set_id = $1").bind(id).execute(&mut *conn).await?;
    insert_rates(conn, id, r).await
}

async fn insert_rates(conn: &mut AnyConnection, id: i64, r: &RuleSet) -> Result<(), sqlx::Error> {
    let tiers = r.tiers.iter().enumerate().map(|(i, t)| ("tier", i as i64, t.from_fen, None, None, t.rate));
    let levels = r.overrides.iter().enumerate().map(|(i, rate)| ("override", i as i64 + 1, 0, None, None, *rate));
    let cats = r.category_rates.iter().enumerate().map(|(i, c)| ("category", i as i64, 0, Some(c.category.as_str()), None, c.rate));
    let prods = r.product_rates.iter().enumerate().map(|(i, p)| ("product", i as i64, 0, None, Some(p.product_id), p.rate));
    for (kind, seq, from_fen, category, product_id, rate) in tiers.chain(levels).chain(cats).chain(prods) {
        sqlx::query(
            "INSERT INTO commission_rates (rule_set_id, kind, seq, from_fen, category, product_id, rate_bp) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(kind)
        .bind(seq)
        .bind(from_fen)
        .bind(category)
        .bind(product_id)
        .bind(rate_bp(rate))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// When a rule set was last saved.
pub(super) async fn rules_updated_at(conn: &mut AnyConnection) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MAX(updated_at) FROM commission_rule_sets").fetch_one(conn).await
}

// ---- Months -------------------------------------------------------------------------------

#[derive(FromRow)]
pub(super) struct MonthRow {
    pub status: String,
    pub digest: String,
    pub line_count: i64,
    pub total_fen: i64,
    pub run_at: i64,
    pub run_by: Option<String>,
    pub closed_at: Option<i64>,
}

pub(super) async fn month(conn: &mut AnyConnection, month: Month) -> Result<Option<MonthRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT m.status, m.digest, m.line_count, m.total_fen, m.run_at, u.display_name AS run_by, m.closed_at \
         FROM commission_months m LEFT JOIN users u ON u.id = m.run_by WHERE m.month = $1",
    )
    .bind(month.key())
    .fetch_optional(conn)
    .await
}

/// The latest approved month.
pub(super) async fn latest_closed(conn: &mut AnyConnection) -> Result<Option<Month>, sqlx::Error> {
    let key: Option<i64> = sqlx::query_scalar("SELECT MAX(month) FROM commission_months WHERE status = 'closed'").fetch_one(conn).await?;
    key.map(|k| Month::from_key(k).ok_or_else(|| bad("month"))).transpose()
}

/// What a run wrote for a month.
pub(super) struct MonthRun<'a> {
    pub month: Month,
    pub digest: &'a str,
    pub statements: i64,
    pub lines: i64,
    pub total_fen: i64,
    pub by: Option<i64>,
    pub at: i64,
}

/// Record a run of a draft month (its first, or a re-run that changed it).
pub(super) async fn upsert_month(conn: &mut AnyConnection, m: &MonthRun<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO commission_months (month, status, digest, statement_count, line_count, total_fen, run_by, run_at) \
         VALUES ($1, 'draft', $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (month) DO UPDATE SET digest = excluded.digest, statement_count = excluded.statement_count, \
         line_count = excluded.line_count, total_fen = excluded.total_fen, run_by = excluded.run_by, run_at = excluded.run_at",
    )
    .bind(m.month.key())
    .bind(m.digest)
    .bind(m.statements)
    .bind(m.lines)
    .bind(m.total_fen)
    .bind(m.by)
    .bind(m.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Approve a draft month: its statements become 已确认. Returns the statements confirmed.
pub(super) async fn close_month(conn: &mut AnyConnection, month: Month, by: Option<i64>, at: i64) -> Result<u64, sqlx::Error> {
    let n = sqlx::query(
        "UPDATE commission_statements SET status = 'confirmed', confirmed_by = $1, confirmed_at = $2, updated_at = $2 \
         WHERE month = $3 AND status = 'draft'",
    )
    .bind(by)
    .bind(at)
    .bind(month.key())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    sqlx::query("UPDATE commission_months SET status = 'closed', closed_by = $1, closed_at = $2 WHERE month = $3 AND status = 'draft'")
        .bind(by)
        .bind(at)
        .bind(month.key())
        .execute(conn)
        .await?;
    Ok(n)
}

/// A month's team summary: (statements, total, own, overrides, previous, volume, paid, paid count).
pub(super) async fn month_sums(conn: &mut AnyConnection, month: Month) -> Result<(i64, i64, i64, i64, i64, i64, i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT COUNT(*), \
                COALESCE(CAST(SUM(total_fen) AS BIGINT), 0), \
                COALESCE(CAST(SUM(own_fen + adjustment_fen) AS BIGINT), 0), \
                COALESCE(CAST(SUM(level1_fen + level2_fen + level3_fen) AS BIGINT), 0), \
                COALESCE(CAST(SUM(previous_fen) AS BIGINT), 0), \
                COALESCE(CAST(SUM(volume_fen) AS BIGINT), 0), \
                COALESCE(CAST(SUM(CASE WHEN status = 'paid' THEN total_fen ELSE 0 END) AS BIGINT), 0), \
                COALESCE(CAST(SUM(CASE WHEN status = 'paid' THEN 1 ELSE 0 END) AS BIGINT), 0) \
         FROM commission_statements WHERE month = $1",
    )
    .bind(month.key())
    .fetch_one(conn)
    .await
}

// ---- Lines --------------------------------------------------------------------------------

#[derive(FromRow)]
struct LineRow {
    month: i64,
    accrued_month: i64,
    agent_id: i64,
    seller_id: Option<i64>,
    order_id: Option<i64>,
    level: i64,
    kind: String,
    source: String,
    source_key: String,
    refund_id: Option<i64>,
    rule_set_id: Option<i64>,
    at: i64,
    base_fen: i64,
    rate_bp: i64,
    amount_fen: i64,
}

impl LineRow {
    fn into_line(self) -> Result<CommissionLine, sqlx::Error> {
        Ok(CommissionLine {
            month: Month::from_key(self.month).ok_or_else(|| bad("month"))?,
            accrued_month: Month::from_key(self.accrued_month).ok_or_else(|| bad("month"))?,
            agent_id: self.agent_id,
            seller_id: self.seller_id,
            order_id: self.order_id,
            level: u8::try_from(self.level).map_err(|_| bad("level"))?,
            kind: LineKind::parse(&self.kind).ok_or_else(|| bad(&self.kind))?,
            source: LineSource::from_code(&self.source, &self.source_key).ok_or_else(|| bad(&self.source))?,
            refund_id: self.refund_id,
            rule_set_id: self.rule_set_id,
            at_ms: self.at,
            base_fen: self.base_fen,
            rate: rate_from_bp(self.rate_bp),
            amount_fen: self.amount_fen,
        })
    }
}

const LINE_COLUMNS: &str = "month, accrued_month, agent_id, seller_id, order_id, level, kind, source, source_key, refund_id, \
     rule_set_id, at, base_fen, rate_bp, amount_fen";

fn lines_of(rows: Vec<LineRow>) -> Result<Vec<CommissionLine>, sqlx::Error> {
    rows.into_iter().map(LineRow::into_line).collect()
}

/// Accrual lines of earlier months for these orders (what their clawbacks reverse).
pub(super) async fn prior_accruals(conn: &mut AnyConnection, order_ids: &[i64], before: Month) -> Result<Vec<CommissionLine>, sqlx::Error> {
    let mut out = Vec::new();
    for chunk in order_ids.chunks(500) {
        let mut q = Sql::new(&format!("SELECT {LINE_COLUMNS} FROM commission_lines WHERE kind = 'accrual' AND month < "));
        q.int(before.key()).push(" AND order_id IN (").ints(chunk).push(")");
        out.extend(lines_of(q.query_as::<LineRow>().fetch_all(&mut *conn).await?)?);
    }
    Ok(out)
}

/// The lines of a month, of one agent or everyone, in agent and time order.
pub(super) async fn month_lines(conn: &mut AnyConnection, month: Month, agent: Option<i64>) -> Result<Vec<CommissionLine>, sqlx::Error> {
    let mut q = Sql::new(&format!("SELECT {LINE_COLUMNS} FROM commission_lines WHERE month = "));
    q.int(month.key());
    if let Some(a) = agent {
        q.push(" AND agent_id = ").int(a);
    }
    q.push(" ORDER BY agent_id, at, id");
    lines_of(q.query_as::<LineRow>().fetch_all(conn).await?)
}

/// Replace a draft month's lines.
pub(super) async fn replace_lines(conn: &mut AnyConnection, backend: Backend, month: Month, lines: &[CommissionLine]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM commission_lines WHERE month = $1").bind(month.key()).execute(&mut *conn).await?;
    // 15 parameters a row: 2,000 rows stay under both databases' parameter limits (32,766 and
    // 65,535); on SQLite bound by position (see `Sql::positional`).
    for chunk in lines.chunks(2000) {
        let mut q = Sql::new(&format!("INSERT INTO commission_lines ({LINE_COLUMNS}) VALUES ")).positional(backend == Backend::Sqlite);
        for (i, l) in chunk.iter().enumerate() {
            let (source, key) = l.source.code_and_key();
            q.push(if i == 0 { "(" } else { ", (" });
            q.int(l.month.key()).push(", ").int(l.accrued_month.key()).push(", ").int(l.agent_id).push(", ");
            q.opt_int(l.seller_id).push(", ").opt_int(l.order_id).push(", ").int(i64::from(l.level)).push(", ");
            q.text(l.kind.code()).push(", ").text(source).push(", ").text(key).push(", ");
            q.opt_int(l.refund_id).push(", ").opt_int(l.rule_set_id).push(", ").int(l.at_ms).push(", ");
            q.int(l.base_fen).push(", ").int(rate_bp(l.rate)).push(", ").int(l.amount_fen).push(")");
        }
        q.query().execute(&mut *conn).await?;
    }
    Ok(())
}

// ---- Statements ---------------------------------------------------------------------------

/// A month's statements as (agent, id, total).
pub(super) async fn statement_ids(conn: &mut AnyConnection, month: Month) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT agent_id, id, total_fen FROM commission_statements WHERE month = $1").bind(month.key()).fetch_all(conn).await
}

/// The stored figures of a computed statement.
pub(super) struct Figures {
    pub volume: i64,
    pub own: i64,
    pub adjustment: i64,
    pub levels: [i64; 3],
    pub previous: i64,
    pub total: i64,
    pub lines: i64,
    pub tier_no: Option<i64>,
    pub tier_rate_bp: Option<i64>,
}

impl Figures {
    pub fn of(s: &Statement) -> Figures {
        let main = s.settlement.as_ref().and_then(|st| st.main_part());
        Figures {
            volume: s.volume_fen(),
            own: s.own.amount_fen,
            adjustment: s.tier_adjustment_fen,
            levels: [s.levels[0].amount_fen, s.levels[1].amount_fen, s.levels[2].amount_fen],
            previous: s.previous_months.amount_fen,
            total: s.total_fen,
            lines: s.lines.len() as i64,
            tier_no: main.map(|p| p.tier_index as i64 + 1),
            tier_rate_bp: main.map(|p| rate_bp(p.tier_rate)),
        }
    }
}

pub(super) async fn insert_statement(conn: &mut AnyConnection, month: Month, agent: i64, f: &Figures, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO commission_statements (month, agent_id, status, volume_fen, own_fen, adjustment_fen, level1_fen, level2_fen, \
         level3_fen, previous_fen, total_fen, line_count, tier_no, tier_rate_bp, updated_at) \
         VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(month.key())
    .bind(agent)
    .bind(f.volume)
    .bind(f.own)
    .bind(f.adjustment)
    .bind(f.levels[0])
    .bind(f.levels[1])
    .bind(f.levels[2])
    .bind(f.previous)
    .bind(f.total)
    .bind(f.lines)
    .bind(f.tier_no)
    .bind(f.tier_rate_bp)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Update a draft statement's figures after a re-run.
pub(super) async fn update_statement(conn: &mut AnyConnection, id: i64, f: &Figures, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE commission_statements SET volume_fen = $1, own_fen = $2, adjustment_fen = $3, level1_fen = $4, level2_fen = $5, \
         level3_fen = $6, previous_fen = $7, total_fen = $8, line_count = $9, tier_no = $10, tier_rate_bp = $11, updated_at = $12 \
         WHERE id = $13 AND status = 'draft'",
    )
    .bind(f.volume)
    .bind(f.own)
    .bind(f.adjustment)
    .bind(f.levels[0])
    .bind(f.levels[1])
    .bind(f.levels[2])
    .bind(f.previous)
    .bind(f.total)
    .bind(f.lines)
    .bind(f.tier_no)
    .bind(f.tier_rate_bp)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn delete_statement(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM commission_statements WHERE id = $1 AND status = 'draft'").bind(id).execute(conn).await?;
    Ok(())
}

/// The owning agent, month and status of a statement, whoever asks (the service vouches for scope).
pub(super) async fn statement_owner(conn: &mut AnyConnection, id: StatementId) -> Result<Option<(i64, i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT agent_id, month, status FROM commission_statements WHERE id = $1").bind(id.0).fetch_optional(conn).await
}

#[derive(FromRow)]
pub(super) struct StatementRow {
    pub id: i64,
    pub month: i64,
    pub agent_id: i64,
    pub agent_name: String,
    pub status: String,
    pub volume_fen: i64,
    pub own_fen: i64,
    pub adjustment_fen: i64,
    pub level1_fen: i64,
    pub level2_fen: i64,
    pub level3_fen: i64,
    pub previous_fen: i64,
    pub total_fen: i64,
    pub tier_no: Option<i64>,
    pub tier_rate_bp: Option<i64>,
    pub confirmed_at: Option<i64>,
    pub paid_method: Option<String>,
    pub paid_ref: Option<String>,
    pub paid_day: Option<i64>,
    pub paid_by: Option<String>,
}

impl StatementRow {
    pub fn month(&self) -> Result<Month, sqlx::Error> {
        Month::from_key(self.month).ok_or_else(|| bad("month"))
    }

    pub fn status(&self) -> Result<StatementStatus, sqlx::Error> {
        StatementStatus::parse(&self.status).ok_or_else(|| bad(&self.status))
    }

    pub fn paid_method(&self) -> Option<PayMethod> {
        self.paid_method.as_deref().and_then(PayMethod::parse)
    }
}

const STATEMENT_COLUMNS: &str = "s.id, s.month, s.agent_id, u.display_name AS agent_name, s.status, s.volume_fen, s.own_fen, \
     s.adjustment_fen, s.level1_fen, s.level2_fen, s.level3_fen, s.previous_fen, s.total_fen, s.tier_no, \
     s.tier_rate_bp, s.confirmed_at, s.paid_method, s.paid_ref, s.paid_day, pb.display_name AS paid_by";
const STATEMENT_FROM: &str = "FROM commission_statements s JOIN users u ON u.id = s.agent_id LEFT JOIN users pb ON pb.id = s.paid_by";

fn statement_where(q: &mut Sql, agent: Option<i64>, filter: &StatementFilter) {
    q.push(" WHERE 1 = 1");
    if let Some(a) = agent {
        q.push(" AND s.agent_id = ").int(a);
    }
    if let Some(m) = filter.month {
        q.push(" AND s.month = ").int(m.key());
    }
}

/// The list's sort key: by total within a month (largest first), else by month (newest first).
pub(super) fn list_key(filter: &StatementFilter) -> &'static str {
    if filter.month.is_some() { "s.total_fen" } else { "s.month" }
}

/// One page of statements (of one agent, or everyone's) and the capped count.
pub(super) async fn list_statements(db: &Db, agent: Option<i64>, filter: &StatementFilter) -> Result<(Vec<StatementRow>, Count), sqlx::Error> {
    let mut q = Sql::new(&format!("SELECT {STATEMENT_COLUMNS} {STATEMENT_FROM}"));
    statement_where(&mut q, agent, filter);
    let key = list_key(filter);
    q.seek(key, "s.id", filter.seek).order_page(key, "s.id", filter.seek);
    let rows: Vec<StatementRow> = q.query_as().fetch_all(&db.pool).await?;
    let mut c = Sql::new("SELECT 1 FROM commission_statements s");
    statement_where(&mut c, agent, filter);
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    Ok((rows, Count::from_capped(n)))
}

/// Every statement of a month (of one agent or everyone), largest total first.
pub(super) async fn month_statements(conn: &mut AnyConnection, month: Month, agent: Option<i64>) -> Result<Vec<StatementRow>, sqlx::Error> {
    let mut q = Sql::new(&format!("SELECT {STATEMENT_COLUMNS} {STATEMENT_FROM} WHERE s.month = "));
    q.int(month.key());
    if let Some(a) = agent {
        q.push(" AND s.agent_id = ").int(a);
    }
    q.push(" ORDER BY s.total_fen DESC, s.id");
    q.query_as().fetch_all(conn).await
}

pub(super) async fn statement(conn: &mut AnyConnection, id: &Owned<StatementId>) -> Result<StatementRow, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {STATEMENT_COLUMNS} {STATEMENT_FROM} WHERE s.id = $1")).bind(id.id().0).fetch_one(conn).await
}

/// A payout as finance records it.
pub(super) struct Payout<'a> {
    pub method: PayMethod,
    pub reference: &'a str,
    pub paid_day: i64,
    pub by: Option<i64>,
    pub at: i64,
}

/// Mark an approved statement paid; 0 rows means it was not 已确认 (any more).
pub(super) async fn pay(conn: &mut AnyConnection, id: &Owned<StatementId>, p: &Payout<'_>) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE commission_statements SET status = 'paid', paid_method = $1, paid_ref = $2, paid_day = $3, paid_by = $4, paid_at = $5, \
         updated_at = $5 WHERE id = $6 AND status = 'confirmed'",
    )
    .bind(p.method.code())
    .bind(p.reference)
    .bind(p.paid_day)
    .bind(p.by)
    .bind(p.at)
    .bind(id.id().0)
    .execute(conn)
    .await?;
    Ok(r.rows_affected())
}

/// Statements whose total or line count is not that of their lines, and months whose total is
/// not that of their statements (`server check`). Both lists must be empty.
pub(super) async fn mismatches(db: &Db) -> Result<(Vec<i64>, Vec<i64>), sqlx::Error> {
    let statements: Vec<i64> = sqlx::query_scalar(
        "SELECT s.id FROM commission_statements s LEFT JOIN \
         (SELECT month, agent_id, SUM(amount_fen) AS t, COUNT(*) AS n FROM commission_lines GROUP BY month, agent_id) l \
         ON l.month = s.month AND l.agent_id = s.agent_id \
         WHERE COALESCE(l.t, 0) <> s.total_fen OR COALESCE(l.n, 0) <> s.line_count ORDER BY s.id LIMIT 1000",
    )
    .fetch_all(&db.pool)
    .await?;
    let months: Vec<i64> = sqlx::query_scalar(
        "SELECT m.month FROM commission_months m LEFT JOIN \
         (SELECT month, SUM(total_fen) AS t, COUNT(*) AS n FROM commission_statements GROUP BY month) s ON s.month = m.month \
         WHERE COALESCE(s.t, 0) <> m.total_fen OR COALESCE(s.n, 0) <> m.statement_count ORDER BY m.month LIMIT 1000",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok((statements, months))
}
