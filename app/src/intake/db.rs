//! Every SQL statement of the intake area (ssr only). Private to the area: other areas go
//! through `intake::service*`. Reads of products, SKUs, stock and customers are joins for the
//! picker, the share page and the lookup; their writes stay with their areas.

use crate::auth::Scope;
use crate::sql::Sql;
use crate::state::Db;
use sqlx::{AnyConnection, FromRow};

// ---- uploads -------------------------------------------------------------------------------

#[derive(FromRow, Clone, Debug)]
pub(super) struct UploadRow {
    pub id: i64,
    pub user_id: i64,
    pub file_name: String,
    pub size: i64,
    pub received: i64,
    pub created_at: i64,
}

pub(super) async fn insert_upload(db: &Db, token: &str, user_id: i64, file_name: &str, size: i64, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO intake_uploads (token, user_id, file_name, size, received, created_at) VALUES ($1, $2, $3, $4, 0, $5) RETURNING id")
        .bind(token)
        .bind(user_id)
        .bind(file_name)
        .bind(size)
        .bind(now)
        .fetch_one(&db.pool)
        .await
}

pub(super) async fn upload(conn: &mut AnyConnection, token: &str) -> Result<Option<UploadRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, user_id, file_name, size, received, created_at FROM intake_uploads WHERE token = $1")
        .bind(token)
        .fetch_optional(conn)
        .await
}

/// Append chunk `seq` if the upload has received exactly `at` bytes so far; false otherwise.
pub(super) async fn add_chunk(conn: &mut AnyConnection, upload_id: i64, seq: i64, at: i64, data: &[u8]) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE intake_uploads SET received = received + $1 WHERE id = $2 AND received = $3")
        .bind(data.len() as i64)
        .bind(upload_id)
        .bind(at)
        .execute(&mut *conn)
        .await?;
    if r.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO intake_upload_chunks (upload_id, seq, data) VALUES ($1, $2, $3)")
        .bind(upload_id)
        .bind(seq)
        .bind(data.to_vec())
        .execute(conn)
        .await?;
    Ok(true)
}

pub(super) async fn chunks(conn: &mut AnyConnection, upload_id: i64) -> Result<Vec<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar("SELECT data FROM intake_upload_chunks WHERE upload_id = $1 ORDER BY seq").bind(upload_id).fetch_all(conn).await
}

pub(super) async fn delete_upload(conn: &mut AnyConnection, upload_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM intake_upload_chunks WHERE upload_id = $1").bind(upload_id).execute(&mut *conn).await?;
    sqlx::query("DELETE FROM intake_uploads WHERE id = $1").bind(upload_id).execute(conn).await?;
    Ok(())
}

/// Uploads older than `before` (never imported): their ids.
pub(super) async fn stale_uploads(db: &Db, before: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM intake_uploads WHERE created_at < $1").bind(before).fetch_all(&db.pool).await
}

// ---- mappings and import records -----------------------------------------------------------

pub(super) async fn mappings(conn: &mut AnyConnection) -> Result<Vec<(i64, String, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, channel, mapping FROM intake_mappings ORDER BY name").fetch_all(conn).await
}

pub(super) async fn mapping(conn: &mut AnyConnection, id: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT channel, mapping FROM intake_mappings WHERE id = $1").bind(id).fetch_optional(conn).await
}

pub(super) async fn insert_mapping(conn: &mut AnyConnection, name: &str, channel: &str, mapping: &str, by: i64, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO intake_mappings (name, channel, mapping, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(name)
        .bind(channel)
        .bind(mapping)
        .bind(by)
        .bind(now)
        .fetch_one(conn)
        .await
}

pub(super) async fn delete_mapping(conn: &mut AnyConnection, id: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM intake_mappings WHERE id = $1").bind(id).execute(conn).await?.rows_affected())
}

pub(super) struct ImportRecord<'a> {
    pub user_id: i64,
    pub agent_id: i64,
    pub channel: &'a str,
    pub file_name: &'a str,
    pub created: i64,
    pub known: i64,
    pub skipped: i64,
    pub at: i64,
}

pub(super) async fn insert_import(conn: &mut AnyConnection, r: &ImportRecord<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO intake_imports (user_id, agent_id, channel, file_name, created, known, skipped, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(r.user_id)
    .bind(r.agent_id)
    .bind(r.channel)
    .bind(r.file_name)
    .bind(r.created)
    .bind(r.known)
    .bind(r.skipped)
    .bind(r.at)
    .fetch_one(conn)
    .await
}

// ---- SKUs: matching, the picker, the pinyin index -------------------------------------------

/// A SKU a file line can match.
#[derive(FromRow, Clone, Debug)]
pub(super) struct KeyedSku {
    pub code: String,
    pub barcode: Option<String>,
    pub id: i64,
    pub price_fen: i64,
    pub name: String,
    pub color: String,
    pub size: String,
}

/// The SKUs whose code (upper case) or barcode is among `keys` (at most 400 at once).
pub(super) async fn skus_by_keys(conn: &mut AnyConnection, keys: &[String]) -> Result<Vec<KeyedSku>, sqlx::Error> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(
        "SELECT UPPER(s.code) AS code, s.barcode, s.id, s.price_fen, p.name, s.color, s.size \
         FROM skus s JOIN products p ON p.id = s.product_id WHERE UPPER(s.code) IN (",
    );
    push_texts(&mut q, keys);
    q.push(") OR s.barcode IN (");
    push_texts(&mut q, keys);
    q.push(")");
    q.query_as().fetch_all(conn).await
}

fn push_texts(q: &mut Sql, values: &[String]) {
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.text(v.as_str());
    }
}

#[derive(FromRow, Clone, Debug)]
pub(super) struct PickRow {
    pub id: i64,
    pub code: String,
    pub barcode: String,
    pub name: String,
    pub color: String,
    pub size: String,
    pub price_fen: i64,
    pub qty: i64,
    /// Empty when the SKU is not indexed yet (the service computes it).
    pub initials: String,
}

const PICK_COLUMNS: &str = "s.id, s.code, COALESCE(s.barcode, '') AS barcode, p.name, s.color, s.size, s.price_fen, \
     CAST(COALESCE((SELECT SUM(st.qty - st.reserved) FROM stock st WHERE st.sku_id = s.id), 0) AS BIGINT) AS qty, COALESCE(ix.initials, '') AS initials \
     FROM skus s JOIN products p ON p.id = s.product_id LEFT JOIN sku_search ix ON ix.sku_id = s.id";

/// `%text%` for LIKE with `\` escaping the pattern characters.
fn like(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// SKUs that may match `q` (lower-case folded text): by initials, code, barcode or name, plus
/// every SKU not indexed yet. The service ranks them.
pub(super) async fn pick_candidates(db: &Db, q: &str, limit: i64) -> Result<Vec<PickRow>, sqlx::Error> {
    let pattern = like(q);
    let mut s = Sql::new(&format!("SELECT {PICK_COLUMNS} WHERE ix.sku_id IS NULL OR ix.initials LIKE "));
    s.text(pattern.clone()).push(" ESCAPE '\\' OR LOWER(s.code) LIKE ").text(pattern.clone());
    s.push(" ESCAPE '\\' OR p.name LIKE ").text(pattern).push(" ESCAPE '\\' OR s.barcode = ").text(q);
    s.push(" ORDER BY s.id LIMIT ").int(limit);
    s.query_as().fetch_all(&db.pool).await
}

pub(super) async fn pick_by_ids(db: &Db, ids: &[i64]) -> Result<Vec<PickRow>, sqlx::Error> {
    let mut s = Sql::new(&format!("SELECT {PICK_COLUMNS} WHERE s.id IN ("));
    s.ints(ids).push(")");
    s.query_as().fetch_all(&db.pool).await
}

/// (sku, times ordered, last time) of an agent's orders since `since`, most frequent first.
pub(super) async fn recent_skus(db: &Db, agent_id: i64, since: i64, limit: i64) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.sku_id, COUNT(*) AS n, MAX(o.created_at) AS last FROM orders o JOIN order_lines l ON l.order_id = o.id \
         WHERE o.agent_id = $1 AND o.created_at >= $2 GROUP BY l.sku_id ORDER BY n DESC, last DESC LIMIT $3",
    )
    .bind(agent_id)
    .bind(since)
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

/// (sku id, product name, colour, size) of SKUs without pinyin initials yet.
pub(super) async fn unindexed_skus(db: &Db, limit: i64) -> Result<Vec<(i64, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, p.name, s.color, s.size FROM skus s JOIN products p ON p.id = s.product_id \
         LEFT JOIN sku_search ix ON ix.sku_id = s.id WHERE ix.sku_id IS NULL ORDER BY s.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await
}

pub(super) async fn index_sku(conn: &mut AnyConnection, sku_id: i64, initials: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sku_search (sku_id, initials) VALUES ($1, $2) ON CONFLICT (sku_id) DO UPDATE SET initials = excluded.initials")
        .bind(sku_id)
        .bind(initials)
        .execute(conn)
        .await?;
    Ok(())
}

// ---- customers lookup ----------------------------------------------------------------------

/// Customers in scope (optionally of one agent) whose mobile starts with `q` or whose name is
/// or starts with `q`, latest first.
pub(super) async fn find_customers(db: &Db, scope: &Scope, agent: Option<i64>, q: &str, limit: i64) -> Result<Vec<(i64, i64, String, String, String)>, sqlx::Error> {
    let prefix = format!("{}%", like(q).trim_start_matches('%').trim_end_matches('%'));
    let mut s = Sql::new("SELECT c.id, c.agent_id, c.name, c.mobile, c.address FROM customers c WHERE ");
    s.scope("c.agent_id", scope);
    if let Some(a) = agent {
        s.push(" AND c.agent_id = ").int(a);
    }
    if q.bytes().all(|b| b.is_ascii_digit()) {
        s.push(" AND c.mobile LIKE ").text(prefix).push(" ESCAPE '\\'");
    } else {
        s.push(" AND c.name LIKE ").text(prefix).push(" ESCAPE '\\'");
    }
    s.push(" ORDER BY c.id DESC LIMIT ").int(limit);
    s.query_as().fetch_all(&db.pool).await
}

// ---- share pages ---------------------------------------------------------------------------

/// (agent id, code, page active, agent's display name, agent active) by code or by agent.
pub(super) async fn share_by_code(conn: &mut AnyConnection, code: &str) -> Result<Option<(i64, String, i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.agent_id, p.code, p.active, u.display_name, u.active FROM share_pages p JOIN users u ON u.id = p.agent_id WHERE p.code = $1",
    )
    .bind(code)
    .fetch_optional(conn)
    .await
}

pub(super) async fn share_by_agent(conn: &mut AnyConnection, agent_id: i64) -> Result<Option<(i64, String, i64, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.agent_id, p.code, p.active, u.display_name, u.active FROM share_pages p JOIN users u ON u.id = p.agent_id WHERE p.agent_id = $1",
    )
    .bind(agent_id)
    .fetch_optional(conn)
    .await
}

/// Give an agent a share page with `code`, or a new code; true when the code was free.
pub(super) async fn set_share_code(conn: &mut AnyConnection, agent_id: i64, code: &str, now: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "INSERT INTO share_pages (agent_id, code, active, created_at) VALUES ($1, $2, 1, $3) \
         ON CONFLICT (agent_id) DO UPDATE SET code = excluded.code",
    )
    .bind(agent_id)
    .bind(code)
    .bind(now)
    .execute(conn)
    .await;
    match r {
        Ok(_) => Ok(true),
        Err(e) if crate::error::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

pub(super) async fn set_share_active(conn: &mut AnyConnection, agent_id: i64, active: bool) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("UPDATE share_pages SET active = $1 WHERE agent_id = $2").bind(i64::from(active)).bind(agent_id).execute(conn).await?.rows_affected())
}

#[derive(FromRow, Clone, Debug)]
pub(super) struct ShareSkuRow {
    pub product_id: i64,
    pub name: String,
    pub has_image: i64,
    pub sku_id: i64,
    pub color: String,
    pub size: String,
    pub price_fen: i64,
    pub qty: i64,
}

/// Every SKU with its product, stock on hand and whether the product has a picture.
pub(super) async fn share_skus(conn: &mut AnyConnection, product: Option<i64>) -> Result<Vec<ShareSkuRow>, sqlx::Error> {
    let mut s = Sql::new(
        "SELECT p.id AS product_id, p.name, CAST(CASE WHEN i.product_id IS NULL THEN 0 ELSE 1 END AS BIGINT) AS has_image, s.id AS sku_id, \
         s.color, s.size, s.price_fen, CAST(COALESCE((SELECT SUM(st.qty - st.reserved) FROM stock st WHERE st.sku_id = s.id), 0) AS BIGINT) AS qty \
         FROM products p JOIN skus s ON s.product_id = p.id LEFT JOIN product_images i ON i.product_id = p.id",
    );
    if let Some(id) = product {
        s.push(" WHERE p.id = ").int(id);
    }
    s.push(" ORDER BY p.id, s.id LIMIT 2000");
    s.query_as().fetch_all(conn).await
}

/// Count a hit under `key` in the caller's transaction: (hits, window start) before this one.
pub(super) async fn throttle(conn: &mut AnyConnection, key: &str) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT hits, window_start FROM share_throttle WHERE key = $1").bind(key).fetch_optional(conn).await
}

pub(super) async fn set_throttle(conn: &mut AnyConnection, key: &str, hits: i64, window_start: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO share_throttle (key, hits, window_start) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET hits = excluded.hits, window_start = excluded.window_start",
    )
    .bind(key)
    .bind(hits)
    .bind(window_start)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn purge_throttle(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM share_throttle WHERE window_start < $1").bind(before).execute(&db.pool).await?.rows_affected())
}

pub(super) async fn set_image(conn: &mut AnyConnection, product_id: i64, content_type: &str, data: &[u8], now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO product_images (product_id, content_type, data, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (product_id) DO UPDATE SET content_type = excluded.content_type, data = excluded.data, updated_at = excluded.updated_at",
    )
    .bind(product_id)
    .bind(content_type)
    .bind(data.to_vec())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn image(db: &Db, product_id: i64) -> Result<Option<(String, Vec<u8>, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT content_type, data, updated_at FROM product_images WHERE product_id = $1").bind(product_id).fetch_optional(&db.pool).await
}

pub(super) async fn product_exists(conn: &mut AnyConnection, product_id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT id FROM products WHERE id = $1").bind(product_id).fetch_optional(conn).await?.is_some())
}

// ---- REST API: replays and idempotency -------------------------------------------------------

/// Remember a request's signature; false if it was seen before (a replay).
pub(super) async fn remember_signature(conn: &mut AnyConnection, signature: &str, key_id: i64, at: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("INSERT INTO api_nonces (signature, key_id, at) VALUES ($1, $2, $3) ON CONFLICT (signature) DO NOTHING")
        .bind(signature)
        .bind(key_id)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

pub(super) async fn purge_signatures(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM api_nonces WHERE at < $1").bind(before).execute(&db.pool).await?.rows_affected())
}

/// The stored answer to (key, Idempotency-Key): (request hash, status, body).
pub(super) async fn idempotent(conn: &mut AnyConnection, key_id: i64, idem_key: &str) -> Result<Option<(String, i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT request_hash, status, body FROM api_idempotency WHERE key_id = $1 AND idem_key = $2")
        .bind(key_id)
        .bind(idem_key)
        .fetch_optional(conn)
        .await
}

pub(super) async fn store_idempotent(conn: &mut AnyConnection, key_id: i64, idem_key: &str, hash: &str, status: i64, body: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO api_idempotency (key_id, idem_key, request_hash, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (key_id, idem_key) DO NOTHING",
    )
    .bind(key_id)
    .bind(idem_key)
    .bind(hash)
    .bind(status)
    .bind(body)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn finish_idempotent(conn: &mut AnyConnection, key_id: i64, idem_key: &str, status: i64, body: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE api_idempotency SET status = $1, body = $2 WHERE key_id = $3 AND idem_key = $4")
        .bind(status)
        .bind(body)
        .bind(key_id)
        .bind(idem_key)
        .execute(conn)
        .await?;
    Ok(())
}

pub(super) async fn purge_idempotency(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM api_idempotency WHERE created_at < $1").bind(before).execute(&db.pool).await?.rows_affected())
}

/// Channels whose committed imports claim more new orders than the orders of that channel
/// with an external number (`server check`).
pub(super) async fn import_mismatches(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT i.channel FROM (SELECT channel, CAST(SUM(created) AS BIGINT) AS n FROM intake_imports GROUP BY channel) i \
         LEFT JOIN (SELECT channel, COUNT(*) AS n FROM orders WHERE external_no IS NOT NULL GROUP BY channel) o ON o.channel = i.channel \
         WHERE i.n > COALESCE(o.n, 0) ORDER BY i.channel",
    )
    .fetch_all(&db.pool)
    .await
}
