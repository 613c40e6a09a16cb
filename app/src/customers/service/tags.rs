//! Tags (manual, and automatic from rules the boss edits), custom profile fields and the
//! lifecycle thresholds. Changing a rule or a threshold re-evaluates every customer.

use super::super::db::{self, tags as tdb};
use super::super::logic::{check_tag, CustomerError};
use super::super::logic_tags::{seed_tags, FieldDef, FieldKind, RuleSchema};
use super::super::{CrmSettings, LifecycleConfig, TagInput, TagView};
use super::refresh::{lifecycle_config, refresh_all_at, save_lifecycle_config};
use crate::auth::{Caller, Perm};
use crate::error::{is_unique_violation, AppError, AppResult};
use crate::i18n::Lang;
use crate::orders::logic::bounded_text;
use crate::state::Db;
use crate::time::now_ms;
use sqlx::AnyConnection;

pub async fn list_tags(db: &Db, caller: &Caller) -> AppResult<Vec<TagView>> {
    caller.require(Perm::ViewCustomers)?;
    Ok(tdb::list(db).await?)
}

async fn schema(conn: &mut AnyConnection) -> AppResult<RuleSchema> {
    let fields = tdb::fields(conn).await?.into_iter().map(|f| FieldDef { name: f.name, kind: f.kind }).collect();
    Ok(RuleSchema { fields, categories: db::categories(conn).await? })
}

/// Create or change a tag (boss). An automatic tag's members are re-evaluated at once.
pub async fn save_tag(db: &Db, caller: &Caller, input: &TagInput) -> AppResult<i64> {
    let id = save_tag_quiet(db, caller, input).await?;
    if !input.rule.trim().is_empty() {
        refresh_all_at(db, now_ms()).await?;
    }
    Ok(id)
}

/// As [`save_tag`] without the re-evaluation (setting up several rules; refresh after).
pub async fn save_tag_quiet(db: &Db, caller: &Caller, input: &TagInput) -> AppResult<i64> {
    caller.require(Perm::ManageCrm)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (name, rule) = check_tag(&input.name, &input.rule, &schema(&mut tx).await?)?;
    let json = rule.as_ref().map(|r| serde_json::to_string(r).map_err(AppError::internal)).transpose()?;
    if let Some((other, _)) = tdb::by_name(&mut tx, &name).await? {
        if Some(other) != input.id {
            return Err(CustomerError::TagNameTaken { name }.into());
        }
    }
    let id = match input.id {
        Some(id) => {
            let was_auto = tdb::kind(&mut tx, id).await?.ok_or(AppError::NotFound)?;
            tdb::update(&mut tx, id, &name, json.as_deref(), now).await?;
            if was_auto || rule.is_some() {
                // Manual members of a tag that became automatic, or stale members of a changed rule.
                tdb::clear(&mut tx, id).await?;
            }
            id
        }
        None => match tdb::insert(&mut tx, &name, json.as_deref(), caller.actor(), now).await {
            Ok(id) => id,
            Err(e) if is_unique_violation(&e) => return Err(CustomerError::TagNameTaken { name }.into()),
            Err(e) => return Err(e.into()),
        },
    };
    crate::audit::record(&mut tx, caller.actor(), "crm_tag", Some(id), "save", json.as_deref().unwrap_or("manual"), now).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn delete_tag(db: &Db, caller: &Caller, id: i64) -> AppResult<()> {
    caller.require(Perm::ManageCrm)?;
    let mut tx = db.begin_write().await?;
    if tdb::delete(&mut tx, id).await? != 1 {
        return Err(AppError::NotFound);
    }
    crate::audit::record(&mut tx, caller.actor(), "crm_tag", Some(id), "delete", "", now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn crm_settings(db: &Db, caller: &Caller) -> AppResult<CrmSettings> {
    caller.require(Perm::ViewCustomers)?;
    let mut conn = db.pool.acquire().await?;
    Ok(CrmSettings { lifecycle: lifecycle_config(&mut conn).await?, fields: tdb::fields(&mut conn).await?, categories: db::categories(&mut conn).await? })
}

/// New lifecycle thresholds (boss); every customer's stage is recomputed.
pub async fn save_lifecycle(db: &Db, caller: &Caller, config: &LifecycleConfig) -> AppResult<()> {
    caller.require(Perm::ManageCrm)?;
    config.validate()?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    save_lifecycle_config(&mut tx, config).await?;
    crate::audit::record(&mut tx, caller.actor(), "crm_settings", None, "lifecycle", &serde_json::to_string(config).unwrap_or_default(), now).await?;
    tx.commit().await?;
    refresh_all_at(db, now).await?;
    Ok(())
}

pub async fn add_field(db: &Db, caller: &Caller, name: &str, kind: FieldKind) -> AppResult<i64> {
    caller.require(Perm::ManageCrm)?;
    let name = bounded_text("name", name, 20, true)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let id = match tdb::insert_field(&mut tx, &name, kind, now).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(CustomerError::FieldNameTaken { name }.into()),
        Err(e) => return Err(e.into()),
    };
    crate::audit::record(&mut tx, caller.actor(), "crm_field", Some(id), "create", &name, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Remove a custom field definition (values stay in profiles but are no longer shown; rules
/// naming it must be changed first, or they stop matching).
pub async fn delete_field(db: &Db, caller: &Caller, id: i64) -> AppResult<()> {
    caller.require(Perm::ManageCrm)?;
    let mut tx = db.begin_write().await?;
    if tdb::delete_field(&mut tx, id).await? != 1 {
        return Err(AppError::NotFound);
    }
    crate::audit::record(&mut tx, caller.actor(), "crm_field", Some(id), "delete", "", now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// The starting tags of a new shop, once: 高净值, 潜力, 活跃, 沉睡 and one 偏好 tag per product
/// category (see `logic_tags::seed`). Returns how many were added.
pub async fn seed_default_tags(db: &Db, lang: Lang) -> AppResult<usize> {
    let mut tx = db.begin_write().await?;
    if tdb::setting(&mut tx, "tags_seeded").await?.is_some() {
        return Ok(0);
    }
    let categories = db::categories(&mut tx).await?;
    let now = now_ms();
    let mut n = 0;
    for t in seed_tags(&categories, lang) {
        if tdb::by_name(&mut tx, &t.name).await?.is_none() {
            let json = serde_json::to_string(&t.rule).map_err(AppError::internal)?;
            tdb::insert(&mut tx, &t.name, Some(&json), None, now).await?;
            n += 1;
        }
    }
    tdb::put_setting(&mut tx, "tags_seeded", &now.to_string()).await?;
    tx.commit().await?;
    Ok(n)
}
