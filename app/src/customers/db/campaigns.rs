//! SQL of campaigns, follow-ups, coupons and 撞单 (ownership clash) records.

use super::counted;
use crate::auth::Scope;
use crate::customers::logic_coupons::Discount;
use crate::customers::{CampaignView, ConflictView, CouponState, CouponView, CustomerId, FollowUpView, Stage};
use crate::money::Money;
use crate::orders::OrderId;
use crate::sql::Sql;
use crate::state::Db;
use rust_decimal::Decimal;
use sqlx::{AnyConnection, FromRow};
use std::str::FromStr;

#[derive(FromRow)]
pub(in crate::customers) struct CampaignRow {
    pub id: i64,
    pub name: String,
    pub tag_id: Option<i64>,
    pub tag_name: Option<String>,
    pub stage: Option<String>,
    pub min_silent_days: i64,
    pub coupon_amount_fen: Option<i64>,
    pub coupon_percent: Option<String>,
    pub coupon_min_spend_fen: i64,
    pub coupon_valid_days: i64,
    pub repeat_days: i64,
    pub active: i64,
}

impl CampaignRow {
    pub fn discount(&self) -> Option<Discount> {
        match (self.coupon_amount_fen, self.coupon_percent.as_deref()) {
            (Some(fen), _) => Some(Discount::AmountOff { fen }),
            (None, Some(p)) => Decimal::from_str(p).ok().map(|percent| Discount::PercentOff { percent }),
            _ => None,
        }
    }
}

const CAMPAIGN_COLUMNS: &str = "c.id, c.name, c.tag_id, t.name AS tag_name, c.stage, c.min_silent_days, c.coupon_amount_fen, \
     c.coupon_percent, c.coupon_min_spend_fen, c.coupon_valid_days, c.repeat_days, c.active";

pub(in crate::customers) async fn campaigns(conn: &mut AnyConnection, only_active: bool) -> Result<Vec<CampaignRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {CAMPAIGN_COLUMNS} FROM crm_campaigns c LEFT JOIN crm_tags t ON t.id = c.tag_id {} ORDER BY c.id",
        if only_active { "WHERE c.active = 1" } else { "" }
    );
    sqlx::query_as(&sql).fetch_all(conn).await
}

/// Follow-up, coupon and revenue counts of every campaign: (campaign, follow-ups, done,
/// issued, redeemed, revenue of redeeming orders in sold statuses).
pub(in crate::customers) async fn campaign_stats(db: &Db) -> Result<Vec<(i64, i64, i64, i64, i64, i64)>, sqlx::Error> {
    let mut q = Sql::new(
        "SELECT c.id, \
         (SELECT COUNT(*) FROM crm_follow_ups f WHERE f.campaign_id = c.id), \
         (SELECT COUNT(*) FROM crm_follow_ups f WHERE f.campaign_id = c.id AND f.done_at IS NOT NULL), \
         (SELECT COUNT(*) FROM crm_coupons k WHERE k.campaign_id = c.id), \
         (SELECT COUNT(*) FROM crm_coupons k WHERE k.campaign_id = c.id AND k.redeemed_at IS NOT NULL), \
         (SELECT CAST(COALESCE(SUM(o.total_fen), 0) AS BIGINT) FROM crm_coupons k JOIN orders o ON o.id = k.order_id \
          WHERE k.campaign_id = c.id AND k.redeemed_at IS NOT NULL AND ",
    );
    counted(&mut q, "o.status");
    q.push(") FROM crm_campaigns c ORDER BY c.id");
    q.query_as().fetch_all(&db.pool).await
}

pub(in crate::customers) fn campaign_view(r: CampaignRow, stats: Option<&(i64, i64, i64, i64, i64, i64)>) -> CampaignView {
    let coupon = r.discount().map(|d| (d, Money::from_fen(r.coupon_min_spend_fen), r.coupon_valid_days));
    let s = stats.copied().unwrap_or((r.id, 0, 0, 0, 0, 0));
    CampaignView {
        id: r.id,
        tag: r.tag_id.zip(r.tag_name),
        stage: r.stage.as_deref().and_then(Stage::parse),
        name: r.name,
        min_silent_days: r.min_silent_days,
        coupon,
        repeat_days: r.repeat_days,
        active: r.active == 1,
        follow_ups: s.1,
        follow_ups_done: s.2,
        issued: s.3,
        redeemed: s.4,
        revenue: Money::from_fen(s.5),
    }
}

pub(in crate::customers) struct CampaignRecord<'a> {
    pub name: &'a str,
    pub tag_id: Option<i64>,
    pub stage: Option<&'a str>,
    pub min_silent_days: i64,
    pub amount_fen: Option<i64>,
    pub percent: Option<String>,
    pub min_spend_fen: i64,
    pub valid_days: i64,
    pub repeat_days: i64,
    pub active: bool,
}

pub(in crate::customers) async fn insert_campaign(conn: &mut AnyConnection, c: &CampaignRecord<'_>, by: Option<i64>, now: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO crm_campaigns (name, tag_id, stage, min_silent_days, coupon_amount_fen, coupon_percent, coupon_min_spend_fen, \
         coupon_valid_days, repeat_days, active, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(c.name)
    .bind(c.tag_id)
    .bind(c.stage)
    .bind(c.min_silent_days)
    .bind(c.amount_fen)
    .bind(c.percent.clone())
    .bind(c.min_spend_fen)
    .bind(c.valid_days)
    .bind(c.repeat_days)
    .bind(i64::from(c.active))
    .bind(by)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub(in crate::customers) async fn update_campaign(conn: &mut AnyConnection, id: i64, c: &CampaignRecord<'_>) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE crm_campaigns SET name = $1, tag_id = $2, stage = $3, min_silent_days = $4, coupon_amount_fen = $5, coupon_percent = $6, \
         coupon_min_spend_fen = $7, coupon_valid_days = $8, repeat_days = $9, active = $10 WHERE id = $11",
    )
    .bind(c.name)
    .bind(c.tag_id)
    .bind(c.stage)
    .bind(c.min_silent_days)
    .bind(c.amount_fen)
    .bind(c.percent.clone())
    .bind(c.min_spend_fen)
    .bind(c.valid_days)
    .bind(c.repeat_days)
    .bind(i64::from(c.active))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(r.rows_affected())
}

/// Customers a campaign picks today: carrying its tag, in its stage, silent since before
/// `silent_before_ms`, personal data not erased, and not picked by it since `repeat_from_day`.
pub(in crate::customers) async fn candidates(conn: &mut AnyConnection, c: &CampaignRow, silent_before_ms: Option<i64>, repeat_from_day: i64) -> Result<Vec<i64>, sqlx::Error> {
    let mut q = Sql::new("SELECT c.id FROM customers c WHERE c.erased_at IS NULL");
    if let Some(t) = c.tag_id {
        q.push(" AND EXISTS (SELECT 1 FROM customer_tags ct WHERE ct.customer_id = c.id AND ct.tag_id = ").int(t).push(")");
    }
    if let Some(s) = &c.stage {
        q.push(" AND c.stage = ").text(s.clone());
    }
    if let Some(ms) = silent_before_ms {
        q.push(" AND c.last_order_at < ").int(ms);
    }
    q.push(" AND NOT EXISTS (SELECT 1 FROM crm_follow_ups f WHERE f.customer_id = c.id AND f.campaign_id = ").int(c.id);
    q.push(" AND f.day >= ").int(repeat_from_day).push(") ORDER BY c.id LIMIT 20000");
    q.query_scalar().fetch_all(conn).await
}

pub(in crate::customers) struct CouponRecord {
    pub customer_id: i64,
    pub campaign_id: Option<i64>,
    pub discount: Discount,
    pub min_spend_fen: i64,
    pub expires_at: i64,
    pub now: i64,
}

/// Insert a coupon; the caller sets its code from the returned id.
pub(in crate::customers) async fn insert_coupon(conn: &mut AnyConnection, c: &CouponRecord) -> Result<i64, sqlx::Error> {
    let (amount, percent) = match &c.discount {
        Discount::AmountOff { fen } => (Some(*fen), None),
        Discount::PercentOff { percent } => (None, Some(percent.normalize().to_string())),
    };
    sqlx::query_scalar(
        "INSERT INTO crm_coupons (customer_id, campaign_id, amount_fen, percent, min_spend_fen, expires_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(c.customer_id)
    .bind(c.campaign_id)
    .bind(amount)
    .bind(percent)
    .bind(c.min_spend_fen)
    .bind(c.expires_at)
    .bind(c.now)
    .fetch_one(conn)
    .await
}

pub(in crate::customers) async fn set_coupon_code(conn: &mut AnyConnection, id: i64, code: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE crm_coupons SET code = $1 WHERE id = $2").bind(code).bind(id).execute(conn).await?;
    Ok(())
}

pub(in crate::customers) async fn insert_follow_up(conn: &mut AnyConnection, campaign: i64, customer: i64, coupon: Option<i64>, day: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO crm_follow_ups (campaign_id, customer_id, coupon_id, day, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(campaign)
        .bind(customer)
        .bind(coupon)
        .bind(day)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(FromRow)]
pub(in crate::customers) struct CouponRow {
    pub id: i64,
    pub code: Option<String>,
    pub customer_id: i64,
    pub amount_fen: Option<i64>,
    pub percent: Option<String>,
    pub min_spend_fen: i64,
    pub expires_at: i64,
    pub order_id: Option<i64>,
    pub redeemed_at: Option<i64>,
    pub campaign: Option<String>,
}

impl CouponRow {
    pub fn discount(&self) -> Discount {
        match (self.amount_fen, self.percent.as_deref()) {
            (Some(fen), _) => Discount::AmountOff { fen },
            (None, Some(p)) => Discount::PercentOff { percent: Decimal::from_str(p).unwrap_or_default() },
            _ => Discount::AmountOff { fen: 0 },
        }
    }

    pub fn view(self, now: i64) -> CouponView {
        let state = if self.redeemed_at.is_some() {
            CouponState::Redeemed
        } else if now >= self.expires_at {
            CouponState::Expired
        } else {
            CouponState::Open
        };
        CouponView {
            id: self.id,
            discount: self.discount(),
            code: self.code.unwrap_or_default(),
            min_spend: Money::from_fen(self.min_spend_fen),
            expires_at: self.expires_at,
            state,
            order_id: self.order_id,
            campaign: self.campaign,
        }
    }
}

const COUPON_COLUMNS: &str = "k.id, k.code, k.customer_id, k.amount_fen, k.percent, k.min_spend_fen, k.expires_at, k.order_id, k.redeemed_at, \
     m.name AS campaign";

pub(in crate::customers) async fn coupons_of(conn: &mut AnyConnection, customer: CustomerId) -> Result<Vec<CouponRow>, sqlx::Error> {
    let sql = format!("SELECT {COUPON_COLUMNS} FROM crm_coupons k LEFT JOIN crm_campaigns m ON m.id = k.campaign_id WHERE k.customer_id = $1 ORDER BY k.id DESC LIMIT 100");
    sqlx::query_as(&sql).bind(customer.0).fetch_all(conn).await
}

pub(in crate::customers) async fn coupon_by_code(conn: &mut AnyConnection, code: &str) -> Result<Option<CouponRow>, sqlx::Error> {
    let sql = format!("SELECT {COUPON_COLUMNS} FROM crm_coupons k LEFT JOIN crm_campaigns m ON m.id = k.campaign_id WHERE k.code = $1");
    sqlx::query_as(&sql).bind(code).fetch_optional(conn).await
}

/// Redeem a coupon for an order: exactly once, as a conditional update (0 rows = already used).
pub(in crate::customers) async fn redeem(conn: &mut AnyConnection, id: i64, order_id: i64, discount_fen: i64, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE crm_coupons SET order_id = $1, redeemed_at = $2, discount_fen = $3 WHERE id = $4 AND redeemed_at IS NULL")
        .bind(order_id)
        .bind(at)
        .bind(discount_fen)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

/// A cancelled order gives its coupon back.
pub(in crate::customers) async fn release(conn: &mut AnyConnection, order_id: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE crm_coupons SET order_id = NULL, redeemed_at = NULL, discount_fen = NULL WHERE order_id = $1")
        .bind(order_id)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

/// Orders whose discount differs from what their coupons took off (must be empty).
pub(in crate::customers) async fn discount_mismatches(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT o.id FROM orders o LEFT JOIN (SELECT order_id, SUM(discount_fen) AS d, COUNT(*) AS n FROM crm_coupons \
         WHERE order_id IS NOT NULL GROUP BY order_id) k ON k.order_id = o.id \
         WHERE o.status <> 'cancelled' AND (COALESCE(k.d, 0) <> o.discount_fen OR COALESCE(k.n, 0) > 1) ORDER BY o.id LIMIT 1000",
    )
    .fetch_all(&db.pool)
    .await
}

#[derive(FromRow)]
struct FollowRow {
    id: i64,
    customer_id: i64,
    name: String,
    mobile: String,
    agent_name: String,
    campaign: String,
    stage: String,
    spend_fen: i64,
    last_order_at: Option<i64>,
    day: i64,
    done_at: Option<i64>,
    coupon_id: Option<i64>,
}

/// Open follow-ups (and those done today) for customers in scope, oldest first.
pub(in crate::customers) async fn follow_ups(conn: &mut AnyConnection, scope: &Scope, done_since: i64, masked: bool, now: i64) -> Result<Vec<FollowUpView>, sqlx::Error> {
    let mut q = Sql::new(
        "SELECT f.id, f.customer_id, c.name, c.mobile, u.display_name AS agent_name, m.name AS campaign, c.stage, c.spend_fen, \
         c.last_order_at, f.day, f.done_at, f.coupon_id FROM crm_follow_ups f JOIN customers c ON c.id = f.customer_id \
         JOIN users u ON u.id = c.agent_id JOIN crm_campaigns m ON m.id = f.campaign_id WHERE (f.done_at IS NULL OR f.done_at >= ",
    );
    q.int(done_since).push(") AND c.erased_at IS NULL AND ").scope("c.agent_id", scope);
    q.push(" ORDER BY f.done_at IS NOT NULL, f.day, f.id LIMIT 200");
    let rows: Vec<FollowRow> = q.query_as().fetch_all(&mut *conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let coupon = match r.coupon_id {
            Some(id) => {
                let sql = format!("SELECT {COUPON_COLUMNS} FROM crm_coupons k LEFT JOIN crm_campaigns m ON m.id = k.campaign_id WHERE k.id = $1");
                let row: Option<CouponRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut *conn).await?;
                row.map(|k| k.view(now))
            }
            None => None,
        };
        out.push(FollowUpView {
            id: r.id,
            customer_id: CustomerId(r.customer_id),
            customer_name: r.name,
            mobile: if masked { crate::customers::mask_mobile(&r.mobile) } else { r.mobile },
            agent_name: r.agent_name,
            campaign: r.campaign,
            stage: Stage::parse(&r.stage).unwrap_or(Stage::Prospect),
            spend: Money::from_fen(r.spend_fen),
            last_order_at: r.last_order_at,
            coupon,
            day: r.day,
            done: r.done_at.is_some(),
        });
    }
    Ok(out)
}

/// The customer (and its owner) of a follow-up.
pub(in crate::customers) async fn follow_up_owner(conn: &mut AnyConnection, id: i64) -> Result<Option<(i64, i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT f.customer_id, c.agent_id, f.done_at FROM crm_follow_ups f JOIN customers c ON c.id = f.customer_id WHERE f.id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

pub(in crate::customers) async fn finish_follow_up(conn: &mut AnyConnection, id: i64, contact: &str, result: &str, by: Option<i64>, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE crm_follow_ups SET contact = $1, result = $2, done_by = $3, done_at = $4 WHERE id = $5 AND done_at IS NULL")
        .bind(contact)
        .bind(result)
        .bind(by)
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

pub(in crate::customers) async fn insert_conflict(conn: &mut AnyConnection, order_id: i64, customer: i64, owner_customer: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO crm_conflicts (order_id, customer_id, owner_customer_id, created_at) VALUES ($1, $2, $3, $4)")
        .bind(order_id)
        .bind(customer)
        .bind(owner_customer)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(FromRow)]
struct ConflictRow {
    id: i64,
    order_id: i64,
    order_no: Option<String>,
    name: String,
    mobile: String,
    agent_name: String,
    owner_name: String,
    owner_customer_id: i64,
    created_at: i64,
}

pub(in crate::customers) async fn open_conflicts(db: &Db) -> Result<Vec<ConflictView>, sqlx::Error> {
    let rows: Vec<ConflictRow> = sqlx::query_as(
        "SELECT k.id, k.order_id, o.order_no, c.name, c.mobile, u.display_name AS agent_name, w.display_name AS owner_name, \
         k.owner_customer_id, k.created_at FROM crm_conflicts k JOIN orders o ON o.id = k.order_id JOIN customers c ON c.id = k.customer_id \
         JOIN users u ON u.id = o.agent_id JOIN customers oc ON oc.id = k.owner_customer_id JOIN users w ON w.id = oc.agent_id \
         WHERE k.decided_at IS NULL ORDER BY k.created_at, k.id LIMIT 500",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ConflictView {
            id: r.id,
            order_id: OrderId(r.order_id),
            order_no: r.order_no.unwrap_or_default(),
            customer_name: r.name,
            mobile: r.mobile,
            agent_name: r.agent_name,
            owner_name: r.owner_name,
            owner_customer: CustomerId(r.owner_customer_id),
            created_at: r.created_at,
        })
        .collect())
}

/// An open clash: (order, its customer, the first owner's customer, that customer's agent).
pub(in crate::customers) async fn conflict(conn: &mut AnyConnection, id: i64) -> Result<Option<(i64, i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT k.order_id, k.customer_id, k.owner_customer_id, oc.agent_id FROM crm_conflicts k JOIN customers oc ON oc.id = k.owner_customer_id \
         WHERE k.id = $1 AND k.decided_at IS NULL",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

pub(in crate::customers) async fn decide(conn: &mut AnyConnection, id: i64, decision: &str, by: Option<i64>, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE crm_conflicts SET decision = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND decided_at IS NULL")
        .bind(decision)
        .bind(by)
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

/// Whether an order is flagged as a clash still open.
pub(in crate::customers) async fn order_flagged(conn: &mut AnyConnection, order_id: i64) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM crm_conflicts WHERE order_id = $1 AND decided_at IS NULL").bind(order_id).fetch_one(conn).await?;
    Ok(n > 0)
}
