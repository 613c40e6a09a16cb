//! SQL of tags, custom fields and CRM settings.

use crate::customers::logic_tags::{FieldKind, Rule};
use crate::customers::{CustomerId, FieldDefView, ProfileTag, TagView};
use crate::auth::Owned;
use crate::state::Db;
use sqlx::AnyConnection;

fn parse_rule(json: Option<String>) -> Option<Rule> {
    json.and_then(|j| serde_json::from_str(&j).ok())
}

/// Every tag with its rule and how many customers carry it.
pub(in crate::customers) async fn list(db: &Db) -> Result<Vec<TagView>, sqlx::Error> {
    let rows: Vec<(i64, String, Option<String>, i64)> = sqlx::query_as(
        "SELECT t.id, t.name, t.rule, (SELECT COUNT(*) FROM customer_tags ct WHERE ct.tag_id = t.id) FROM crm_tags t ORDER BY t.id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(id, name, rule, customers)| TagView { id, name, rule: parse_rule(rule), customers }).collect())
}

/// Automatic tags: (id, rule).
pub(in crate::customers) async fn rules(conn: &mut AnyConnection) -> Result<Vec<(i64, Rule)>, sqlx::Error> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, rule FROM crm_tags WHERE rule IS NOT NULL ORDER BY id").fetch_all(conn).await?;
    Ok(rows.into_iter().filter_map(|(id, r)| Some((id, serde_json::from_str(&r).ok()?))).collect())
}

/// Manual tags as (id, name).
pub(in crate::customers) async fn manual(conn: &mut AnyConnection) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM crm_tags WHERE rule IS NULL ORDER BY name").fetch_all(conn).await
}

/// (id, is automatic) of a tag.
pub(in crate::customers) async fn kind(conn: &mut AnyConnection, id: i64) -> Result<Option<bool>, sqlx::Error> {
    let r: Option<Option<String>> = sqlx::query_scalar("SELECT rule FROM crm_tags WHERE id = $1").bind(id).fetch_optional(conn).await?;
    Ok(r.map(|rule| rule.is_some()))
}

pub(in crate::customers) async fn by_name(conn: &mut AnyConnection, name: &str) -> Result<Option<(i64, bool)>, sqlx::Error> {
    let r: Option<(i64, Option<String>)> = sqlx::query_as("SELECT id, rule FROM crm_tags WHERE name = $1").bind(name).fetch_optional(conn).await?;
    Ok(r.map(|(id, rule)| (id, rule.is_some())))
}

pub(in crate::customers) async fn insert(conn: &mut AnyConnection, name: &str, rule: Option<&str>, by: Option<i64>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO crm_tags (name, rule, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id")
        .bind(name)
        .bind(rule)
        .bind(by)
        .bind(now)
        .fetch_one(conn)
        .await
}

pub(in crate::customers) async fn update(conn: &mut AnyConnection, id: i64, name: &str, rule: Option<&str>, now: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE crm_tags SET name = $1, rule = $2, updated_at = $3 WHERE id = $4").bind(name).bind(rule).bind(now).bind(id).execute(conn).await?;
    Ok(r.rows_affected())
}

/// Delete a tag, its memberships, and the campaigns' reference to it.
pub(in crate::customers) async fn delete(conn: &mut AnyConnection, id: i64) -> Result<u64, sqlx::Error> {
    sqlx::query("DELETE FROM customer_tags WHERE tag_id = $1").bind(id).execute(&mut *conn).await?;
    sqlx::query("UPDATE crm_campaigns SET tag_id = NULL, active = 0 WHERE tag_id = $1").bind(id).execute(&mut *conn).await?;
    Ok(sqlx::query("DELETE FROM crm_tags WHERE id = $1").bind(id).execute(conn).await?.rows_affected())
}

/// Remove every membership of an automatic tag (its rule changed; the refresh sets them anew).
pub(in crate::customers) async fn clear(conn: &mut AnyConnection, id: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM customer_tags WHERE tag_id = $1").bind(id).execute(conn).await?.rows_affected())
}

pub(in crate::customers) async fn set_on(conn: &mut AnyConnection, customer: i64, tag: i64, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO customer_tags (customer_id, tag_id, at) VALUES ($1, $2, $3) ON CONFLICT (customer_id, tag_id) DO NOTHING")
        .bind(customer)
        .bind(tag)
        .bind(at)
        .execute(conn)
        .await?;
    Ok(())
}

pub(in crate::customers) async fn set_off(conn: &mut AnyConnection, customer: i64, tag: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM customer_tags WHERE customer_id = $1 AND tag_id = $2").bind(customer).bind(tag).execute(conn).await?;
    Ok(())
}

/// The tags on a profile, automatic ones with their rule.
pub(in crate::customers) async fn of_customer(conn: &mut AnyConnection, id: &Owned<CustomerId>) -> Result<Vec<ProfileTag>, sqlx::Error> {
    let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT t.id, t.name, t.rule FROM customer_tags ct JOIN crm_tags t ON t.id = ct.tag_id WHERE ct.customer_id = $1 ORDER BY t.rule IS NULL, t.name",
    )
    .bind(id.id().0)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, name, rule)| ProfileTag { id, name, rule: parse_rule(rule) }).collect())
}

pub(in crate::customers) async fn fields(conn: &mut AnyConnection) -> Result<Vec<FieldDefView>, sqlx::Error> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as("SELECT id, name, kind FROM crm_fields ORDER BY id").fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, kind)| FieldDefView { id, name, kind: if kind == "number" { FieldKind::Number } else { FieldKind::Text } })
        .collect())
}

pub(in crate::customers) async fn insert_field(conn: &mut AnyConnection, name: &str, kind: FieldKind, now: i64) -> Result<i64, sqlx::Error> {
    let kind = match kind {
        FieldKind::Text => "text",
        FieldKind::Number => "number",
    };
    sqlx::query_scalar("INSERT INTO crm_fields (name, kind, created_at) VALUES ($1, $2, $3) RETURNING id").bind(name).bind(kind).bind(now).fetch_one(conn).await
}

pub(in crate::customers) async fn delete_field(conn: &mut AnyConnection, id: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM crm_fields WHERE id = $1").bind(id).execute(conn).await?.rows_affected())
}

pub(in crate::customers) async fn setting(conn: &mut AnyConnection, key: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT value FROM crm_settings WHERE key = $1").bind(key).fetch_optional(conn).await
}

pub(in crate::customers) async fn put_setting(conn: &mut AnyConnection, key: &str, value: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO crm_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(conn)
        .await?;
    Ok(())
}

/// Claim today's daily run: true for exactly one caller per business day (a conditional
/// update, so two servers never both run it).
pub(in crate::customers) async fn claim_day(conn: &mut AnyConnection, today: i64) -> Result<bool, sqlx::Error> {
    let r = sqlx::query("UPDATE crm_settings SET value = $1 WHERE key = 'daily_run_day' AND CAST(value AS BIGINT) < $2")
        .bind(today.to_string())
        .bind(today)
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}
