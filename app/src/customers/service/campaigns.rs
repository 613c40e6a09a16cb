//! Campaigns, the follow-up lists they make, coupons (issued by campaigns, redeemed once by
//! an order in its transaction, given back by a cancelled order), and 撞单 decisions.

use super::super::db::{self, campaigns as cdb};
use super::super::logic::{check_campaign, CustomerError};
use super::super::logic_coupons::{check_redeem, generate_code, normalize_code, Coupon, CouponError, Discount};
use super::super::{CampaignInput, CampaignRunReport, CampaignView, ConflictDecision, ConflictView, Contact, CustomerId, DiscountKind, FollowUpView, NoteKind};
use super::{masked, refresh_in_tx};
use crate::auth::{Caller, Perm};
use crate::error::{is_unique_violation, AppError, AppResult, CommonError};
use crate::state::{Db, Tx};
use crate::time::{day_of, day_start_ms, now_ms};

pub async fn list_campaigns(db: &Db, caller: &Caller) -> AppResult<Vec<CampaignView>> {
    caller.require(Perm::ManageCrm)?;
    let stats = cdb::campaign_stats(db).await?;
    let mut conn = db.pool.acquire().await?;
    let rows = cdb::campaigns(&mut conn, false).await?;
    Ok(rows.into_iter().map(|r| {
        let s = stats.iter().find(|s| s.0 == r.id);
        cdb::campaign_view(r, s)
    }).collect())
}

pub async fn save_campaign(db: &Db, caller: &Caller, input: &CampaignInput) -> AppResult<i64> {
    caller.require(Perm::ManageCrm)?;
    let c = check_campaign(input)?;
    let (amount_fen, percent) = match c.coupon.as_ref().map(|k| &k.discount) {
        Some(Discount::AmountOff { fen }) => (Some(*fen), None),
        Some(Discount::PercentOff { percent }) => (None, Some(percent.normalize().to_string())),
        None => (None, None),
    };
    let record = cdb::CampaignRecord {
        name: &c.name,
        tag_id: input.tag_id,
        stage: input.stage.map(|s| s.code()),
        min_silent_days: c.min_silent_days,
        amount_fen,
        percent,
        min_spend_fen: c.coupon.as_ref().map_or(0, |k| k.min_spend_fen),
        valid_days: c.coupon.as_ref().map_or(30, |k| k.valid_days),
        repeat_days: c.repeat_days,
        active: input.active,
    };
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    if let Some(t) = input.tag_id {
        if super::super::db::tags::kind(&mut tx, t).await?.is_none() {
            return Err(CommonError::BadChoice { field: "tag_id".into() }.into());
        }
    }
    let saved = match input.id {
        Some(id) => cdb::update_campaign(&mut tx, id, &record).await.map(|n| (n == 1).then_some(id)),
        None => cdb::insert_campaign(&mut tx, &record, caller.actor(), now).await.map(Some),
    };
    let id = match saved {
        Ok(Some(id)) => id,
        Ok(None) => return Err(AppError::NotFound),
        Err(e) if is_unique_violation(&e) => return Err(CustomerError::CampaignNameTaken { name: c.name }.into()),
        Err(e) => return Err(e.into()),
    };
    crate::audit::record(&mut tx, caller.actor(), "crm_campaign", Some(id), "save", &c.name, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Run every active campaign now (boss); the daily job does this each morning.
pub async fn run_campaigns(db: &Db, caller: &Caller) -> AppResult<CampaignRunReport> {
    caller.require(Perm::ManageCrm)?;
    run_campaigns_at(db, now_ms()).await
}

/// Each active campaign picks today's customers (its tag, stage and days without an order,
/// not picked by it within its repeat days), files a follow-up for the owning agent and, if
/// it gives coupons, issues one per customer. One transaction per campaign.
pub(crate) async fn run_campaigns_at(db: &Db, now: i64) -> AppResult<CampaignRunReport> {
    let today = day_of(now);
    let mut report = CampaignRunReport::default();
    let mut conn = db.pool.acquire().await?;
    let campaigns = cdb::campaigns(&mut conn, true).await?;
    drop(conn);
    for c in campaigns {
        let mut tx = db.begin_write().await?;
        let silent_before = (c.min_silent_days > 0).then(|| day_start_ms(today - c.min_silent_days + 1));
        let picked = cdb::candidates(&mut tx, &c, silent_before, today - c.repeat_days + 1).await?;
        let discount = c.discount();
        for customer in picked {
            let coupon = match &discount {
                Some(d) => {
                    let expires_at = day_start_ms(today + c.coupon_valid_days);
                    let k = cdb::CouponRecord { customer_id: customer, campaign_id: Some(c.id), discount: d.clone(), min_spend_fen: c.coupon_min_spend_fen, expires_at, now };
                    report.coupons += 1;
                    Some(issue(&mut tx, &k).await?)
                }
                None => None,
            };
            cdb::insert_follow_up(&mut tx, c.id, customer, coupon, today, now).await?;
            report.follow_ups += 1;
        }
        tx.commit().await?;
    }
    Ok(report)
}

/// Insert a coupon and give it its code (made from its id, so codes are unique).
async fn issue(tx: &mut Tx, k: &cdb::CouponRecord) -> AppResult<i64> {
    let id = cdb::insert_coupon(tx, k).await?;
    cdb::set_coupon_code(tx, id, &generate_code(id as u64)).await?;
    Ok(id)
}

/// Issue one coupon to a customer by hand (boss), e.g. an apology after a complaint.
pub async fn issue_coupon(db: &Db, caller: &Caller, id: CustomerId, kind: DiscountKind, value: &str, min_spend: &str, valid_days: i64) -> AppResult<String> {
    caller.require(Perm::ManageCrm)?;
    let input = CampaignInput {
        name: "x".into(),
        min_silent_days: 1,
        repeat_days: 1,
        coupon_kind: Some(kind),
        coupon_value: value.into(),
        coupon_min_spend: min_spend.into(),
        coupon_valid_days: valid_days,
        ..Default::default()
    };
    let terms = check_campaign(&input)?.coupon.ok_or(CommonError::Required { field: "coupon_value".into() })?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let c = super::own_live(&mut tx, caller, id).await?;
    let k = cdb::CouponRecord {
        customer_id: c.id().0,
        campaign_id: None,
        discount: terms.discount,
        min_spend_fen: terms.min_spend_fen,
        expires_at: day_start_ms(day_of(now) + terms.valid_days),
        now,
    };
    let coupon = issue(&mut tx, &k).await?;
    crate::audit::record(&mut tx, caller.actor(), "crm_coupon", Some(coupon), "issue", &format!("customer={}", id.0), now).await?;
    tx.commit().await?;
    Ok(generate_code(coupon as u64))
}

/// Redeem a coupon for an order of `customer_id` in the order's transaction; returns the
/// discount in fen. It must be this customer's, unused, unexpired, and the subtotal must
/// reach its minimum. Exactly once: the conditional update loses to a concurrent order.
pub(crate) async fn redeem_for_order(tx: &mut Tx, customer_id: i64, code: &str, subtotal_fen: i64, order_id: i64, now: i64) -> AppResult<i64> {
    let code = normalize_code(code)?;
    let row = cdb::coupon_by_code(tx, &code).await?.ok_or_else(|| CustomerError::UnknownCoupon { given: code.clone() })?;
    let coupon = Coupon {
        code: code.clone(),
        customer_id: row.customer_id,
        discount: row.discount(),
        min_spend_fen: row.min_spend_fen,
        expires_at_ms: row.expires_at,
        redeemed_at_ms: row.redeemed_at,
    };
    let discount = check_redeem(&coupon, customer_id, subtotal_fen, now)?;
    if cdb::redeem(tx, row.id, order_id, discount, now).await? != 1 {
        return Err(CouponError::AlreadyUsed { used_at_ms: now }.into());
    }
    Ok(discount)
}

/// The follow-up list of the caller's line: open ones, and those done today.
pub async fn list_follow_ups(db: &Db, caller: &Caller) -> AppResult<Vec<FollowUpView>> {
    caller.require(Perm::EditCustomers)?;
    let now = now_ms();
    let mut conn = db.pool.acquire().await?;
    Ok(cdb::follow_ups(&mut conn, caller.scope(), day_start_ms(day_of(now)), masked(caller), now).await?)
}

/// Record that a follow-up was done (call or WeChat) with its result, which also joins the
/// customer's timeline as a follow-up note.
pub async fn finish_follow_up(db: &Db, caller: &Caller, id: i64, contact: Contact, result: &str) -> AppResult<()> {
    caller.require(Perm::EditCustomers)?;
    let result = crate::orders::logic::bounded_text("result", result, super::super::logic::MAX_NOTE, false)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (customer, agent, _) = cdb::follow_up_owner(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    caller.scope().vouch(id, agent).ok_or(AppError::NotFound)?;
    if cdb::finish_follow_up(&mut tx, id, contact.code(), &result, caller.actor(), now).await? != 1 {
        return Err(CommonError::Stale.into());
    }
    let label = super::super::text::contact_label(contact, caller.lang());
    let body = if result.is_empty() { label.to_string() } else { format!("{label}：{result}") };
    db::insert_note(&mut tx, CustomerId(customer), NoteKind::FollowUp, &body, caller.actor(), now).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn list_conflicts(db: &Db, caller: &Caller) -> AppResult<Vec<ConflictView>> {
    caller.require(Perm::ManageCrm)?;
    Ok(cdb::open_conflicts(db).await?)
}

/// The boss decides a 撞单: keep the customer with the first owner (the order and the
/// duplicate record move to the owner) or move the customer, history and all, to the agent
/// who entered the order. Either way one customer record remains. Audited.
pub async fn resolve_conflict(db: &Db, caller: &Caller, id: i64, decision: ConflictDecision) -> AppResult<()> {
    caller.require(Perm::ManageCrm)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (order_id, customer, owner_customer, owner_agent) = cdb::conflict(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let code = match decision {
        ConflictDecision::KeepOwner => "keep_owner",
        ConflictDecision::MoveToNew => "move_to_new",
    };
    if cdb::decide(&mut tx, id, code, caller.actor(), now).await? != 1 {
        return Err(CommonError::Stale.into());
    }
    let new_agent = match db::owner(&mut tx, CustomerId(customer)).await? {
        Some((a, _)) => a,
        None => return Err(AppError::NotFound),
    };
    if customer != owner_customer {
        crate::orders::service::move_customer_orders(&mut tx, customer, owner_customer, now).await?;
        db::merge_into(&mut tx, customer, owner_customer).await?;
    }
    match decision {
        ConflictDecision::KeepOwner => {
            crate::orders::service::set_order_agent(&mut tx, caller, order_id, owner_agent, now).await?;
        }
        ConflictDecision::MoveToNew => {
            // The customer record keeps its id (the first owner's) and changes hands.
            db::set_agent(&mut tx, owner_customer, new_agent).await?;
        }
    }
    let detail = format!("order={order_id} decision={code} customer={owner_customer} from_agent={owner_agent} to_agent={new_agent}");
    crate::audit::record(&mut tx, caller.actor(), "crm_conflict", Some(id), "decide", &detail, now).await?;
    refresh_in_tx(&mut tx, &[owner_customer], now).await?;
    tx.commit().await?;
    Ok(())
}

/// Orders whose discount is not what their coupon took off, or that redeemed two coupons
/// (`server check`; must be empty).
pub async fn discount_mismatches(db: &Db, caller: &Caller) -> AppResult<Vec<i64>> {
    caller.require(Perm::ViewLedger)?;
    Ok(cdb::discount_mismatches(db).await?)
}
