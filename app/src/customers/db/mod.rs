//! Every SQL statement of the customers area (ssr only). Private to the area: other areas go
//! through `customers::service`. Lists filter by the caller's scope in SQL; by-id functions
//! take an `Owned<CustomerId>` proof. Orders, lines and products are read here (never written:
//! changes to orders go through `orders::service`).

pub(super) mod campaigns;
pub(super) mod refresh;
pub(super) mod tags;

use super::{AddressView, CustomerFilter, CustomerId, CustomerOrder, CustomerSummary, NoteKind, NoteView, Segment, Stage, StageChangeView};
use crate::auth::{Owned, Scope};
use crate::money::Money;
use crate::orders::{OrderId, OrderStatus};
use crate::page::Count;
use crate::sql::Sql;
use crate::state::Db;
use sqlx::{AnyConnection, FromRow};

/// `o.status IN ('to_ship', 'shipped', 'completed')`: the orders that count (see README).
pub(super) fn counted(q: &mut Sql, col: &str) {
    q.push(col).push(" IN (");
    for (i, s) in OrderStatus::SOLD.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.text(s.code());
    }
    q.push(")");
}

/// Rows per multi-row statement of a batch (imports).
const BULK_ROWS: usize = 150;

/// The customer of `agent_id` with this mobile, created or updated with the latest name and
/// address; the address joins its address book (the first one becomes the default).
pub(super) async fn upsert(conn: &mut AnyConnection, agent_id: i64, name: &str, mobile: &str, address: &str, now: i64) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO customers (agent_id, name, mobile, address, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (agent_id, mobile) DO UPDATE SET name = excluded.name, address = excluded.address \
         RETURNING id",
    )
    .bind(agent_id)
    .bind(name)
    .bind(mobile)
    .bind(address)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    if !address.is_empty() {
        add_address(conn, CustomerId(id), name, mobile, address, false, now).await?;
    }
    Ok(id)
}

/// Many customers of new orders at once (an import): `rows` are (agent, name, mobile, address)
/// per order; returns the customer id per row. The outcome is that of [`upsert`] row by row:
/// a known (agent, mobile) takes the last name and address given, and every address joins
/// the customer's address book (the first one becomes the default when there is none).
pub(super) async fn upsert_many(conn: &mut AnyConnection, positional: bool, rows: &[(i64, &str, &str, &str)], now: i64) -> Result<Vec<i64>, sqlx::Error> {
    use std::collections::HashMap;
    // The last row of each (agent, mobile), in the order they first appear.
    let mut last: HashMap<(i64, &str), usize> = HashMap::new();
    let mut keys: Vec<(i64, &str)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if last.insert((r.0, r.2), i).is_none() {
            keys.push((r.0, r.2));
        }
    }
    for chunk in keys.chunks(BULK_ROWS) {
        let mut q = Sql::new("INSERT INTO customers (agent_id, name, mobile, address, created_at) VALUES ").positional(positional);
        for (i, k) in chunk.iter().enumerate() {
            let r = rows[last[k]];
            q.push(if i == 0 { "(" } else { ", (" });
            q.int(r.0).push(", ").text(r.1).push(", ").text(r.2).push(", ").text(r.3).push(", ").int(now).push(")");
        }
        q.push(" ON CONFLICT (agent_id, mobile) DO UPDATE SET name = excluded.name, address = excluded.address");
        q.query().execute(&mut *conn).await?;
    }
    let mut ids: HashMap<(i64, String), i64> = HashMap::with_capacity(keys.len());
    let mut agents: Vec<i64> = keys.iter().map(|k| k.0).collect();
    agents.sort_unstable();
    agents.dedup();
    for agent in agents {
        let mobiles: Vec<&str> = keys.iter().filter(|k| k.0 == agent).map(|k| k.1).collect();
        for chunk in mobiles.chunks(BULK_ROWS * 4) {
            let mut q = Sql::new("SELECT id, mobile FROM customers WHERE agent_id = ").positional(positional);
            q.int(agent).push(" AND mobile IN (");
            for (i, m) in chunk.iter().enumerate() {
                q.push(if i == 0 { "" } else { ", " }).text(*m);
            }
            q.push(")");
            let found: Vec<(i64, String)> = q.query_as().fetch_all(&mut *conn).await?;
            ids.extend(found.into_iter().map(|(id, mobile)| ((agent, mobile), id)));
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(*ids.get(&(r.0, r.2.to_string())).ok_or(sqlx::Error::RowNotFound)?);
    }
    // Address books: each (customer, address) once with its last recipient; a customer's
    // second new address goes in a later statement, so only its first can become the default.
    let mut last_address: HashMap<(i64, &str), usize> = HashMap::new();
    let mut order: Vec<(i64, &str)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if r.3.is_empty() {
            continue;
        }
        if last_address.insert((out[i], r.3), i).is_none() {
            order.push((out[i], r.3));
        }
    }
    let mut rounds: Vec<Vec<usize>> = Vec::new();
    let mut per_customer: HashMap<i64, usize> = HashMap::new();
    for k in &order {
        let n = per_customer.entry(k.0).or_default();
        if rounds.len() <= *n {
            rounds.push(Vec::new());
        }
        rounds[*n].push(last_address[k]);
        *n += 1;
    }
    for round in rounds {
        for chunk in round.chunks(BULK_ROWS) {
            let mut q = Sql::new("INSERT INTO customer_addresses (customer_id, recipient, mobile, address, is_default, created_at) VALUES ").positional(positional);
            for (i, &row) in chunk.iter().enumerate() {
                let (r, id) = (rows[row], out[row]);
                q.push(if i == 0 { "(" } else { ", (" });
                q.int(id).push(", ").text(r.1).push(", ").text(r.2).push(", ").text(r.3);
                q.push(", CASE WHEN EXISTS (SELECT 1 FROM customer_addresses WHERE customer_id = ").int(id).push(" AND is_default = 1) THEN 0 ELSE 1 END, ");
                q.int(now).push(")");
            }
            q.push(" ON CONFLICT (customer_id, address) DO UPDATE SET recipient = excluded.recipient, mobile = excluded.mobile");
            q.query().execute(&mut *conn).await?;
        }
    }
    Ok(out)
}

/// Customers of other agents with one of these mobiles (not erased), oldest first:
/// (mobile, customer, agent).
pub(super) async fn owners_of(conn: &mut AnyConnection, positional: bool, mobiles: &[&str]) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    let mut out = Vec::new();
    for chunk in mobiles.chunks(BULK_ROWS * 4) {
        let mut q = Sql::new("SELECT mobile, id, agent_id FROM customers WHERE erased_at IS NULL AND mobile IN (").positional(positional);
        for (i, m) in chunk.iter().enumerate() {
            q.push(if i == 0 { "" } else { ", " }).text(*m);
        }
        q.push(") ORDER BY created_at, id");
        out.extend(q.query_as::<(String, i64, i64)>().fetch_all(&mut *conn).await?);
    }
    Ok(out)
}

/// Add an address unless the customer has it already; it becomes the default when asked or
/// when the customer has no default yet.
pub(super) async fn add_address(
    conn: &mut AnyConnection,
    id: CustomerId,
    recipient: &str,
    mobile: &str,
    address: &str,
    make_default: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO customer_addresses (customer_id, recipient, mobile, address, is_default, created_at) \
         VALUES ($1, $2, $3, $4, CASE WHEN $5 = 1 OR NOT EXISTS (SELECT 1 FROM customer_addresses WHERE customer_id = $1 AND is_default = 1) \
         THEN 1 ELSE 0 END, $6) \
         ON CONFLICT (customer_id, address) DO UPDATE SET recipient = excluded.recipient, mobile = excluded.mobile",
    )
    .bind(id.0)
    .bind(recipient)
    .bind(mobile)
    .bind(address)
    .bind(i64::from(make_default))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if make_default {
        sqlx::query("UPDATE customer_addresses SET is_default = CASE WHEN address = $2 THEN 1 ELSE 0 END WHERE customer_id = $1")
            .bind(id.0)
            .bind(address)
            .execute(conn)
            .await?;
    }
    Ok(())
}

pub(super) async fn set_default_address(conn: &mut AnyConnection, id: &Owned<CustomerId>, address_id: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE customer_addresses SET is_default = CASE WHEN id = $2 THEN 1 ELSE 0 END \
         WHERE customer_id = $1 AND EXISTS (SELECT 1 FROM customer_addresses WHERE id = $2 AND customer_id = $1)",
    )
    .bind(id.id().0)
    .bind(address_id)
    .execute(conn)
    .await?;
    Ok(r.rows_affected())
}

pub(super) async fn delete_address(conn: &mut AnyConnection, id: &Owned<CustomerId>, address_id: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM customer_addresses WHERE id = $1 AND customer_id = $2").bind(address_id).bind(id.id().0).execute(&mut *conn).await?;
    // Keep one default while addresses remain.
    sqlx::query(
        "UPDATE customer_addresses SET is_default = 1 WHERE id = (SELECT MIN(id) FROM customer_addresses WHERE customer_id = $1) \
         AND NOT EXISTS (SELECT 1 FROM customer_addresses WHERE customer_id = $1 AND is_default = 1)",
    )
    .bind(id.id().0)
    .execute(conn)
    .await?;
    Ok(r.rows_affected())
}

/// Customers of agent `from` whose mobile agent `to` also has: (from's record, to's record).
pub(super) async fn duplicates_between(conn: &mut AnyConnection, from: i64, to: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT a.id, b.id FROM customers a JOIN customers b ON b.mobile = a.mobile AND b.agent_id = $2 WHERE a.agent_id = $1 ORDER BY a.id")
        .bind(from)
        .bind(to)
        .fetch_all(conn)
        .await
}

pub(super) async fn count(db: &Db, scope: &Scope) -> Result<i64, sqlx::Error> {
    let mut q = Sql::new("SELECT COUNT(*) FROM customers c WHERE ");
    q.scope("c.agent_id", scope);
    q.query_scalar().fetch_one(&db.pool).await
}

/// Move every customer of one agent to another. A customer the receiving agent already has
/// (same mobile) stays with the leaving agent's id, so the unique key holds; returns moved rows.
pub(super) async fn reassign(conn: &mut AnyConnection, from: i64, to: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE customers SET agent_id = $1 WHERE agent_id = $2 \
         AND mobile NOT IN (SELECT mobile FROM customers WHERE agent_id = $1)",
    )
    .bind(to)
    .bind(from)
    .execute(conn)
    .await?;
    Ok(r.rows_affected())
}

#[derive(FromRow)]
pub(super) struct SummaryRow {
    pub id: i64,
    pub name: String,
    pub mobile: String,
    pub agent_id: i64,
    pub agent_name: String,
    pub stage: String,
    pub segment: Option<String>,
    pub orders_count: i64,
    pub spend_fen: i64,
    pub last_order_at: Option<i64>,
    pub created_at: i64,
}

impl SummaryRow {
    pub fn into_summary(self, masked: bool, tags: Vec<String>) -> CustomerSummary {
        CustomerSummary {
            id: CustomerId(self.id),
            name: self.name,
            mobile: if masked { super::mask_mobile(&self.mobile) } else { self.mobile },
            agent_id: self.agent_id,
            agent_name: self.agent_name,
            stage: Stage::parse(&self.stage).unwrap_or(Stage::Prospect),
            segment: self.segment.as_deref().and_then(Segment::parse),
            orders: self.orders_count,
            spend: Money::from_fen(self.spend_fen),
            last_order_at: self.last_order_at,
            tags,
            created_at: self.created_at,
        }
    }
}

const SUMMARY_COLUMNS: &str = "c.id, c.name, c.mobile, c.agent_id, u.display_name AS agent_name, c.stage, c.segment, \
     c.orders_count, c.spend_fen, c.last_order_at, c.created_at";

/// Tags with at most this many customers are read from their own index (customers by
/// membership, then sorted); larger ones by walking customers newest first (a page of matches
/// comes quickly when many customers carry the tag).
const SMALL_TAG: i64 = 5_000;

/// `FROM …` of a list: from the tag's memberships when `by_tag` (the join order is fixed with
/// `CROSS JOIN`, which SQLite keeps and PostgreSQL reads as an inner join).
fn from(by_tag: bool, users: bool) -> &'static str {
    match (by_tag, users) {
        (true, true) => " FROM customer_tags ctf CROSS JOIN customers c JOIN users u ON u.id = c.agent_id",
        (true, false) => " FROM customer_tags ctf CROSS JOIN customers c",
        (false, true) => " FROM customers c JOIN users u ON u.id = c.agent_id",
        (false, false) => " FROM customers c",
    }
}

/// `WHERE …` of a list filter, always restricted to `scope`. `text` is the search text.
fn filter_where(q: &mut Sql, scope: &Scope, f: &CustomerFilter, text: &str, by_tag: bool) {
    q.push(" WHERE ").scope("c.agent_id", scope);
    if let Some(a) = f.agent_id {
        q.push(" AND c.agent_id = ").int(a);
    }
    if let Some(t) = f.tag_id {
        if by_tag {
            q.push(" AND ctf.tag_id = ").int(t).push(" AND c.id = ctf.customer_id");
        } else {
            q.push(" AND EXISTS (SELECT 1 FROM customer_tags ct WHERE ct.customer_id = c.id AND ct.tag_id = ").int(t).push(")");
        }
    }
    if let Some(s) = f.stage {
        q.push(" AND c.stage = ").text(s.code());
    }
    if let Some(s) = f.segment {
        q.push(" AND c.segment = ").text(s.code());
    }
    if let Some(d) = f.last_from {
        q.push(" AND c.last_order_at >= ").int(crate::time::day_start_ms(d));
    }
    if let Some(d) = f.last_to {
        q.push(" AND c.last_order_at < ").int(crate::time::day_start_ms(d + 1));
    }
    let text = text.trim();
    if !text.is_empty() {
        let like: String = text.chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
        q.push(" AND (c.mobile = ").text(text).push(" OR c.wechat_id = ").text(text);
        q.push(" OR c.name LIKE ").text(format!("{like}%")).push(" ESCAPE '\\'");
        q.push(" OR c.id IN (SELECT ct.customer_id FROM customer_tags ct JOIN crm_tags t ON t.id = ct.tag_id WHERE t.name = ").text(text).push("))");
    }
}

/// One page of customers in `scope` (newest first, by key) and the capped number of matches.
pub(super) async fn list(db: &Db, scope: &Scope, f: &CustomerFilter, text: &str) -> Result<(Vec<SummaryRow>, Count), sqlx::Error> {
    let small_tag = match f.tag_id {
        Some(t) => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM customer_tags WHERE tag_id = $1").bind(t).fetch_one(&db.pool).await? <= SMALL_TAG,
        None => false,
    };
    let mut q = Sql::new(&format!("SELECT {SUMMARY_COLUMNS}{}", from(small_tag, true)));
    filter_where(&mut q, scope, f, text, small_tag);
    q.seek("c.created_at", "c.id", f.seek).order_page("c.created_at", "c.id", f.seek);
    let rows: Vec<SummaryRow> = q.query_as().fetch_all(&db.pool).await?;
    // Counting stops at the cap: from the tag's memberships whatever their number.
    let by_tag = f.tag_id.is_some();
    let mut c = Sql::new(&format!("SELECT 1{}", from(by_tag, false)));
    filter_where(&mut c, scope, f, text, by_tag);
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    Ok((rows, Count::from_capped(n)))
}

/// Rows for an export: every match of the filter (up to `limit`), newest first.
pub(super) async fn export_rows(db: &Db, scope: &Scope, f: &CustomerFilter, text: &str, limit: i64) -> Result<Vec<(SummaryRow, String, String, String)>, sqlx::Error> {
    #[derive(FromRow)]
    struct Row {
        #[sqlx(flatten)]
        s: SummaryRow,
        username: String,
        wechat_id: String,
        address: String,
    }
    let mut q = Sql::new(&format!("SELECT {SUMMARY_COLUMNS}, u.username, c.wechat_id, c.address FROM customers c JOIN users u ON u.id = c.agent_id"));
    filter_where(&mut q, scope, f, text, false);
    q.push(" ORDER BY c.created_at DESC, c.id DESC LIMIT ").int(limit);
    let rows: Vec<Row> = q.query_as().fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(|r| (r.s, r.username, r.wechat_id, r.address)).collect())
}

/// Tag names of the given customers, as (customer, name), by name.
pub(super) async fn tag_names(db: &Db, ids: &[i64]) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("SELECT ct.customer_id, t.name FROM customer_tags ct JOIN crm_tags t ON t.id = ct.tag_id WHERE ct.customer_id IN (");
    q.ints(ids).push(") ORDER BY t.name");
    q.query_as().fetch_all(&db.pool).await
}

/// The owning agent of a customer, whoever asks (the service vouches for scope), and whether
/// its personal data was erased.
pub(super) async fn owner(conn: &mut AnyConnection, id: CustomerId) -> Result<Option<(i64, bool)>, sqlx::Error> {
    let row: Option<(i64, Option<i64>)> = sqlx::query_as("SELECT agent_id, erased_at FROM customers WHERE id = $1").bind(id.0).fetch_optional(conn).await?;
    Ok(row.map(|(a, e)| (a, e.is_some())))
}

#[derive(FromRow)]
pub(super) struct ProfileRow {
    #[sqlx(flatten)]
    pub summary: SummaryRow,
    pub wechat_id: String,
    pub birthday: Option<i64>,
    pub fields: String,
    pub first_order_at: Option<i64>,
    pub rfm_r: Option<i64>,
    pub rfm_f: Option<i64>,
    pub rfm_m: Option<i64>,
}

pub(super) async fn profile(conn: &mut AnyConnection, id: &Owned<CustomerId>) -> Result<ProfileRow, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, c.wechat_id, c.birthday, c.fields, c.first_order_at, c.rfm_r, c.rfm_f, c.rfm_m \
         FROM customers c JOIN users u ON u.id = c.agent_id WHERE c.id = $1"
    );
    sqlx::query_as(&sql).bind(id.id().0).fetch_one(conn).await
}

pub(super) async fn addresses(conn: &mut AnyConnection, id: CustomerId) -> Result<Vec<AddressView>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, recipient, mobile, address, is_default FROM customer_addresses WHERE customer_id = $1 ORDER BY is_default DESC, id DESC LIMIT 50",
    )
    .bind(id.0)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, recipient, mobile, address, d)| AddressView { id, recipient, mobile, address, is_default: d == 1 }).collect())
}

pub(super) async fn notes(conn: &mut AnyConnection, id: &Owned<CustomerId>) -> Result<Vec<NoteView>, sqlx::Error> {
    let rows: Vec<(i64, String, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT n.id, n.kind, n.body, u.display_name, n.created_at FROM customer_notes n LEFT JOIN users u ON u.id = n.user_id \
         WHERE n.customer_id = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT 200",
    )
    .bind(id.id().0)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, body, user, at)| NoteView { id, kind: NoteKind::parse(&kind).unwrap_or(NoteKind::Other), body, user_name: user.unwrap_or_default(), at })
        .collect())
}

pub(super) async fn insert_note(conn: &mut AnyConnection, id: CustomerId, kind: NoteKind, body: &str, user: Option<i64>, at: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO customer_notes (customer_id, kind, body, user_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(id.0)
        .bind(kind.code())
        .bind(body)
        .bind(user)
        .bind(at)
        .fetch_one(conn)
        .await
}

/// A customer's orders, newest first (the full history, capped for one page).
pub(super) async fn orders_of(conn: &mut AnyConnection, id: &Owned<CustomerId>) -> Result<Vec<CustomerOrder>, sqlx::Error> {
    let rows: Vec<(i64, Option<String>, String, i64, i64, String, i64)> = sqlx::query_as(
        "SELECT o.id, o.order_no, o.status, o.total_fen, o.discount_fen, u.display_name, o.created_at FROM orders o \
         JOIN users u ON u.id = o.agent_id WHERE o.customer_id = $1 ORDER BY o.created_at DESC, o.id DESC LIMIT 500",
    )
    .bind(id.id().0)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, no, status, total, discount, agent, at)| CustomerOrder {
            id: OrderId(id),
            order_no: no.unwrap_or_default(),
            status: OrderStatus::parse(&status).unwrap_or(OrderStatus::PendingPayment),
            total: Money::from_fen(total),
            discount: Money::from_fen(discount),
            agent_name: agent,
            created_at: at,
        })
        .collect())
}

pub(super) async fn stage_history(conn: &mut AnyConnection, id: &Owned<CustomerId>) -> Result<Vec<StageChangeView>, sqlx::Error> {
    let rows: Vec<(Option<String>, String, i64)> =
        sqlx::query_as("SELECT from_stage, to_stage, day FROM crm_stage_changes WHERE customer_id = $1 ORDER BY at DESC, id DESC LIMIT 50")
            .bind(id.id().0)
            .fetch_all(conn)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(from, to, day)| Some(StageChangeView { from: from.as_deref().and_then(Stage::parse), to: Stage::parse(&to)?, day }))
        .collect())
}

pub(super) struct NewRow<'a> {
    pub agent_id: i64,
    pub name: &'a str,
    pub mobile: &'a str,
    pub wechat_id: &'a str,
    pub address: &'a str,
    pub birthday: Option<i64>,
    pub fields: &'a str,
    pub now: i64,
}

pub(super) async fn insert(conn: &mut AnyConnection, r: &NewRow<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO customers (agent_id, name, mobile, address, wechat_id, birthday, fields, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(r.agent_id)
    .bind(r.name)
    .bind(r.mobile)
    .bind(r.address)
    .bind(r.wechat_id)
    .bind(r.birthday)
    .bind(r.fields)
    .bind(r.now)
    .fetch_one(conn)
    .await
}

/// The customer of an agent with this mobile: (id, name, wechat id, address, birthday, fields).
pub(super) async fn by_agent_mobile(conn: &mut AnyConnection, agent_id: i64, mobile: &str) -> Result<Option<(i64, String, String, String, Option<i64>, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, wechat_id, address, birthday, fields FROM customers WHERE agent_id = $1 AND mobile = $2")
        .bind(agent_id)
        .bind(mobile)
        .fetch_optional(conn)
        .await
}

pub(super) async fn update_profile(conn: &mut AnyConnection, id: CustomerId, name: &str, wechat_id: &str, birthday: Option<i64>, fields: &str) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE customers SET name = $1, wechat_id = $2, birthday = $3, fields = $4 WHERE id = $5 AND erased_at IS NULL")
        .bind(name)
        .bind(wechat_id)
        .bind(birthday)
        .bind(fields)
        .bind(id.0)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

/// The first other owner of a mobile: the earliest customer record with it under another agent.
pub(super) async fn other_owner(conn: &mut AnyConnection, mobile: &str, agent_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT id, agent_id FROM customers WHERE mobile = $1 AND agent_id <> $2 AND erased_at IS NULL ORDER BY created_at, id LIMIT 20")
        .bind(mobile)
        .bind(agent_id)
        .fetch_all(conn)
        .await
}

/// The customer behind an order.
pub(super) async fn customer_of_order(conn: &mut AnyConnection, order_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT customer_id FROM orders WHERE id = $1").bind(order_id).fetch_optional(conn).await
}

/// Product categories in use (for tag rules and preference tags).
pub(super) async fn categories(conn: &mut AnyConnection) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT DISTINCT category FROM products WHERE category <> '' ORDER BY category").fetch_all(conn).await
}

/// Agents in scope as (id, name), for filters.
pub(super) async fn agents(db: &Db, scope: &Scope) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let mut q = Sql::new("SELECT u.id, u.display_name FROM users u WHERE u.role = 'agent' AND ");
    q.scope("u.id", scope).push(" ORDER BY u.id LIMIT 2000");
    q.query_as().fetch_all(&db.pool).await
}

pub(super) async fn save_search(db: &Db, token: &str, user_id: i64, q: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO customer_searches (token, user_id, q, created_at) VALUES ($1, $2, $3, $4)")
        .bind(token)
        .bind(user_id)
        .bind(q)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub(super) async fn saved_search(db: &Db, user_id: i64, token: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT q FROM customer_searches WHERE token = $1 AND user_id = $2").bind(token).bind(user_id).fetch_optional(&db.pool).await
}

pub(super) async fn purge_searches(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM customer_searches WHERE created_at < $1").bind(before).execute(&db.pool).await?.rows_affected())
}

/// Move everything that hangs on customer `from` to customer `into`, then delete `from` (a
/// 撞单 decision merges the two records of one person). Orders move through `orders::service`.
pub(super) async fn merge_into(conn: &mut AnyConnection, from: i64, into: i64) -> Result<(), sqlx::Error> {
    // Statements with two parameters, then the ones with one: each is bound exactly as written
    // (PostgreSQL keeps prepared statements per text, with their parameter count).
    let moves = [
        "UPDATE customer_addresses SET customer_id = $2, is_default = 0 WHERE customer_id = $1 \
         AND address NOT IN (SELECT address FROM customer_addresses WHERE customer_id = $2)",
        "UPDATE customer_tags SET customer_id = $2 WHERE customer_id = $1 \
         AND tag_id NOT IN (SELECT tag_id FROM customer_tags WHERE customer_id = $2)",
        "UPDATE customer_notes SET customer_id = $2 WHERE customer_id = $1",
        "UPDATE crm_coupons SET customer_id = $2 WHERE customer_id = $1",
        "UPDATE crm_follow_ups SET customer_id = $2 WHERE customer_id = $1",
        "UPDATE crm_stage_changes SET customer_id = $2 WHERE customer_id = $1",
        "UPDATE crm_conflicts SET customer_id = $2 WHERE customer_id = $1",
        "UPDATE crm_conflicts SET owner_customer_id = $2 WHERE owner_customer_id = $1",
    ];
    for s in moves {
        sqlx::query(s).bind(from).bind(into).execute(&mut *conn).await?;
    }
    for s in ["DELETE FROM customer_addresses WHERE customer_id = $1", "DELETE FROM customer_tags WHERE customer_id = $1", "DELETE FROM customers WHERE id = $1"] {
        sqlx::query(s).bind(from).execute(&mut *conn).await?;
    }
    Ok(())
}

pub(super) async fn set_agent(conn: &mut AnyConnection, id: i64, agent_id: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("UPDATE customers SET agent_id = $1 WHERE id = $2").bind(agent_id).bind(id).execute(conn).await?.rows_affected())
}

/// Replace a customer's personal data by placeholders (PIPL erasure); figures stay.
pub(super) async fn erase(conn: &mut AnyConnection, id: &Owned<CustomerId>, name: &str, mobile: &str, now: i64) -> Result<u64, sqlx::Error> {
    let c = id.id().0;
    let r = sqlx::query(
        "UPDATE customers SET name = $1, mobile = $2, address = '', wechat_id = '', birthday = NULL, fields = '{}', erased_at = $3 \
         WHERE id = $4 AND erased_at IS NULL",
    )
    .bind(name)
    .bind(mobile)
    .bind(now)
    .bind(c)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM customer_addresses WHERE customer_id = $1").bind(c).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM customer_notes WHERE customer_id = $1").bind(c).execute(&mut *conn).await?;
    Ok(r.rows_affected())
}
