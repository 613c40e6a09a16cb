//! Customer use cases (ssr only): each requires a permission, filters by the caller's scope
//! (by-id customers through an `Owned` proof: out of scope = not found), and writes in one
//! transaction. Order entry calls the `pub(crate)` functions here inside the order's
//! transaction: the customer upsert, coupon redemption, the 撞单 flag and the refresh.

mod campaigns;
mod io;
mod refresh;
mod reports;
mod tags;

pub use campaigns::*;
pub use io::*;
pub use refresh::*;
pub use reports::*;
pub use tags::*;

use super::db::{self, campaigns as cdb, tags as tdb};
use super::logic::{check_address, check_edit, check_new_customer, check_note, CustomerError};
use super::logic_tags::{FieldDef, FieldValue};
use super::{
    AddressInput, CustomerEdit, CustomerFilter, CustomerId, CustomerProfile, CustomerSummary, FieldValueView, NewCustomer, NoteKind,
    OrderCustomer, OrderLookup,
};
use crate::auth::{self, Caller, Owned, Perm, Role};
use crate::error::{AppError, AppResult, CommonError};
use crate::money::Money;
use crate::page::Page;
use crate::state::{Db, Tx};
use crate::time::now_ms;
use sqlx::AnyConnection;
use std::collections::{BTreeMap, HashMap};

/// Mobiles are shown in full to the boss and the owning line (agents only ever see their own
/// line's customers); everyone else sees `138****8000`.
pub(crate) fn masked(caller: &Caller) -> bool {
    !matches!(caller.role(), Role::Boss | Role::Agent)
}

/// The proof that customer `id` is in the caller's scope, and whether it was erased.
/// Missing and out-of-scope customers answer the same `NotFound`.
async fn own(conn: &mut AnyConnection, caller: &Caller, id: CustomerId) -> AppResult<(Owned<CustomerId>, bool)> {
    let (agent_id, erased) = db::owner(conn, id).await?.ok_or(AppError::NotFound)?;
    let owned = caller.scope().vouch(id, agent_id).ok_or(AppError::NotFound)?;
    Ok((owned, erased))
}

/// As [`own`], for a change: refused once the personal data was erased.
async fn own_live(conn: &mut AnyConnection, caller: &Caller, id: CustomerId) -> AppResult<Owned<CustomerId>> {
    let (owned, erased) = own(conn, caller, id).await?;
    if erased {
        return Err(CustomerError::Erased.into());
    }
    Ok(owned)
}

pub async fn list_customers(db: &Db, caller: &Caller, filter: &CustomerFilter) -> AppResult<Page<CustomerSummary>> {
    caller.require(Perm::ViewCustomers)?;
    let mut text = crate::orders::logic::bounded_text("q", &filter.q, 64, false)?;
    if let Some(token) = filter.search.as_deref().filter(|t| t.len() <= 64) {
        // Another user's token (or an expired one) finds nothing rather than everything.
        match db::saved_search(db, caller.id(), token).await? {
            Some(q) => text = q,
            None => return Ok(Page::empty()),
        }
    }
    let (rows, count) = db::list(db, caller.scope(), filter, &text).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut tags: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (c, name) in db::tag_names(db, &ids).await? {
        tags.entry(c).or_default().push(name);
    }
    let masked = masked(caller);
    let rows = rows.into_iter().map(|r| {
        let t = tags.remove(&r.id).unwrap_or_default();
        r.into_summary(masked, t)
    });
    Ok(Page::assemble(rows.collect(), filter.seek, count, |c| crate::page::Cursor { key: c.created_at, id: c.id.0 }))
}

/// Save a search text and return the customer list URL that refers to it by a token, so a
/// mobile number never appears in a URL. `rest` are the list's other URL parameters.
pub async fn save_search(db: &Db, caller: &Caller, q: &str, rest: &str) -> AppResult<String> {
    caller.require(Perm::ViewCustomers)?;
    let q = crate::orders::logic::bounded_text("q", q, 64, false)?;
    let rest: String = rest.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '=' | '&' | '_' | '-')).take(200).collect();
    if q.is_empty() {
        return Ok(crate::ui::widgets::with_query("/customers", &[rest]));
    }
    let token = auth::service::random_token(8);
    db::save_search(db, &token, caller.id(), &q, now_ms()).await?;
    Ok(crate::ui::widgets::with_query("/customers", &[format!("s={token}"), rest]))
}

/// Forget saved customer searches older than a day (housekeeping).
pub async fn purge_searches(db: &Db) -> AppResult<u64> {
    Ok(db::purge_searches(db, now_ms() - crate::time::DAY_MS).await?)
}

fn parse_fields(json: &str) -> BTreeMap<String, FieldValue> {
    serde_json::from_str(json).unwrap_or_default()
}

pub async fn get_customer(db: &Db, caller: &Caller, id: CustomerId) -> AppResult<CustomerProfile> {
    caller.require(Perm::ViewCustomers)?;
    let mut conn = db.pool.acquire().await?;
    let (c, erased) = own(&mut conn, caller, id).await?;
    let row = db::profile(&mut conn, &c).await?;
    let defs = tdb::fields(&mut conn).await?;
    let values = parse_fields(&row.fields);
    let fields = defs
        .iter()
        .map(|d| FieldValueView { name: d.name.clone(), kind: d.kind, value: values.get(&d.name).map(super::logic::field_text).unwrap_or_default() })
        .collect();
    let tags = tdb::of_customer(&mut conn, &c).await?;
    let manual_tags = tdb::manual(&mut conn).await?.into_iter().filter(|(t, _)| !tags.iter().any(|p| p.id == *t)).collect();
    let masked = masked(caller);
    let mut addresses = db::addresses(&mut conn, id).await?;
    if masked {
        for a in &mut addresses {
            a.mobile = super::mask_mobile(&a.mobile);
        }
    }
    let now = now_ms();
    let coupons = cdb::coupons_of(&mut conn, id).await?.into_iter().map(|k| k.view(now)).collect();
    let orders = db::orders_of(&mut conn, &c).await?;
    let notes = db::notes(&mut conn, &c).await?;
    let stage_history = db::stage_history(&mut conn, &c).await?;
    let rfm = match (row.rfm_r, row.rfm_f, row.rfm_m) {
        (Some(r), Some(f), Some(m)) => Some((r as u8, f as u8, m as u8)),
        _ => None,
    };
    let summary = row.summary;
    let average_order = if summary.orders_count > 0 { Money::from_fen(summary.spend_fen).average(summary.orders_count) } else { Money::ZERO };
    let tag_names = tags.iter().map(|t| t.name.clone()).collect();
    Ok(CustomerProfile {
        summary: summary.into_summary(masked, tag_names),
        masked,
        wechat_id: row.wechat_id,
        birthday: row.birthday,
        fields,
        first_order_at: row.first_order_at,
        average_order,
        rfm,
        stage_history,
        addresses,
        notes,
        tags,
        manual_tags,
        orders,
        coupons,
        erased,
        can_edit: caller.role().can(Perm::EditCustomers) && !erased,
        can_manage: caller.role().can(Perm::ManageCrm),
    })
}

trait Average {
    fn average(self, n: i64) -> Money;
}

impl Average for Money {
    /// The mean of `n` amounts summing to `self`, rounded half-up to the fen.
    fn average(self, n: i64) -> Money {
        Money(self.0 / rust_decimal::Decimal::from(n)).round_fen()
    }
}

/// Enter a customer by hand (a prospect from a consultation, say) for an agent of the line.
pub async fn create_customer(db: &Db, caller: &Caller, input: &NewCustomer) -> AppResult<CustomerId> {
    caller.require(Perm::EditCustomers)?;
    let c = check_new_customer(input)?;
    if !auth::service::is_agent_in_scope(db, caller, input.agent_id).await? {
        return Err(CustomerError::AgentRequired.into());
    }
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    if db::by_agent_mobile(&mut tx, input.agent_id, &c.mobile).await?.is_some() {
        return Err(CustomerError::DuplicateMobile { mobile: c.mobile }.into());
    }
    let row = db::NewRow { agent_id: input.agent_id, name: &c.name, mobile: &c.mobile, wechat_id: &c.wechat_id, address: &c.address, birthday: None, fields: "{}", now };
    let id = CustomerId(db::insert(&mut tx, &row).await?);
    if !c.address.is_empty() {
        db::add_address(&mut tx, id, &c.name, &c.mobile, &c.address, true, now).await?;
    }
    if !c.note.is_empty() {
        db::insert_note(&mut tx, id, NoteKind::Consultation, &c.note, caller.actor(), now).await?;
    }
    refresh_in_tx(&mut tx, &[id.0], now).await?;
    tx.commit().await?;
    Ok(id)
}

async fn field_defs(conn: &mut AnyConnection) -> AppResult<Vec<FieldDef>> {
    Ok(tdb::fields(conn).await?.into_iter().map(|f| FieldDef { name: f.name, kind: f.kind }).collect())
}

/// Change name, WeChat id, birthday and custom fields; the rules see the new fields at once.
pub async fn update_customer(db: &Db, caller: &Caller, id: CustomerId, input: &CustomerEdit) -> AppResult<()> {
    caller.require(Perm::EditCustomers)?;
    let mut tx = db.begin_write().await?;
    let c = own_live(&mut tx, caller, id).await?;
    let edit = check_edit(input, &field_defs(&mut tx).await?)?;
    let fields = serde_json::to_string(&edit.fields).map_err(AppError::internal)?;
    if db::update_profile(&mut tx, c.id(), &edit.name, &edit.wechat_id, edit.birthday, &fields).await? != 1 {
        return Err(CommonError::Stale.into());
    }
    refresh_in_tx(&mut tx, &[id.0], now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_note(db: &Db, caller: &Caller, id: CustomerId, kind: NoteKind, body: &str) -> AppResult<i64> {
    caller.require(Perm::EditCustomers)?;
    let body = check_note(body)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let c = own_live(&mut tx, caller, id).await?;
    let note = db::insert_note(&mut tx, c.id(), kind, &body, caller.actor(), now).await?;
    if kind == NoteKind::Consultation {
        // "咨询过但未下单" may now apply.
        refresh_in_tx(&mut tx, &[id.0], now).await?;
    }
    tx.commit().await?;
    Ok(note)
}

pub async fn save_address(db: &Db, caller: &Caller, id: CustomerId, input: &AddressInput) -> AppResult<()> {
    caller.require(Perm::EditCustomers)?;
    let a = check_address(input)?;
    let mut tx = db.begin_write().await?;
    let c = own_live(&mut tx, caller, id).await?;
    let book = db::addresses(&mut tx, c.id()).await?;
    if book.len() >= super::logic::MAX_ADDRESSES && !book.iter().any(|x| x.address == *a.address) {
        return Err(CommonError::OutOfRange { field: "address".into(), min: 1, max: super::logic::MAX_ADDRESSES as i64 }.into());
    }
    db::add_address(&mut tx, c.id(), &a.recipient, &a.mobile, &a.address, a.is_default, now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn set_default_address(db: &Db, caller: &Caller, id: CustomerId, address_id: i64) -> AppResult<()> {
    caller.require(Perm::EditCustomers)?;
    let mut tx = db.begin_write().await?;
    let c = own_live(&mut tx, caller, id).await?;
    if db::set_default_address(&mut tx, &c, address_id).await? == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

pub async fn delete_address(db: &Db, caller: &Caller, id: CustomerId, address_id: i64) -> AppResult<()> {
    caller.require(Perm::EditCustomers)?;
    let mut tx = db.begin_write().await?;
    let c = own_live(&mut tx, caller, id).await?;
    if db::delete_address(&mut tx, &c, address_id).await? == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Put a manual tag on a customer or take it off. Automatic tags come from their rule.
pub async fn set_customer_tag(db: &Db, caller: &Caller, id: CustomerId, tag_id: i64, on: bool) -> AppResult<()> {
    caller.require(Perm::EditCustomers)?;
    let mut tx = db.begin_write().await?;
    let c = own_live(&mut tx, caller, id).await?;
    match tdb::kind(&mut tx, tag_id).await? {
        None => return Err(AppError::NotFound),
        Some(true) => return Err(CustomerError::TagIsAutomatic.into()),
        Some(false) => {}
    }
    if on {
        tdb::set_on(&mut tx, c.id().0, tag_id, now_ms()).await?;
    } else {
        tdb::set_off(&mut tx, c.id().0, tag_id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// How many customers the caller's scope holds (the home page's figure).
pub async fn count(db: &Db, caller: &Caller) -> AppResult<i64> {
    caller.require(Perm::ViewOrders)?;
    Ok(db::count(db, caller.scope()).await?)
}

/// Agents the caller may filter by, as (id, name).
pub async fn agent_choices(db: &Db, caller: &Caller) -> AppResult<Vec<(i64, String)>> {
    caller.require(Perm::ViewCustomers)?;
    Ok(db::agents(db, caller.scope()).await?)
}

/// The customer behind a new order: one per agent and mobile, updated with the latest name
/// and address (which joins its address book). Runs in the order's transaction.
pub(crate) async fn upsert_for_order(tx: &mut Tx, agent_id: i64, name: &str, mobile: &str, address: &str, now: i64) -> AppResult<i64> {
    Ok(db::upsert(tx, agent_id, name, mobile, address, now).await?)
}

/// Move all of an agent's customers to another agent in the caller's transaction (a member
/// leaves). A customer the receiving agent already has (same mobile) is merged into that
/// record, orders, notes, tags and coupons included, so every customer moves.
pub(crate) async fn reassign(tx: &mut Tx, from: i64, to: i64) -> AppResult<u64> {
    let now = now_ms();
    let dups = db::duplicates_between(tx, from, to).await?;
    for (leaving, staying) in &dups {
        crate::orders::service::move_customer_orders(tx, *leaving, *staying, now).await?;
        db::merge_into(tx, *leaving, *staying).await?;
    }
    let moved = db::reassign(tx, from, to).await?;
    let touched: Vec<i64> = dups.iter().map(|d| d.1).collect();
    refresh_in_tx(tx, &touched, now).await?;
    Ok(moved + dups.len() as u64)
}

/// After an order was entered (in its transaction): flag a 撞单 when the mobile already
/// belongs to another line's customer, and bring the customer's figures, stage and tags up
/// to date.
pub(crate) async fn order_entered(tx: &mut Tx, order_id: i64, customer_id: i64, agent_id: i64, mobile: &str, now: i64) -> AppResult<()> {
    for (owner_customer, owner_agent) in db::other_owner(tx, mobile, agent_id).await? {
        if !auth::service::same_line(tx, owner_agent, agent_id).await? {
            cdb::insert_conflict(tx, order_id, customer_id, owner_customer, now).await?;
            break;
        }
    }
    refresh_in_tx(tx, &[customer_id], now).await?;
    Ok(())
}

/// The customers of many new orders at once (an import), in its transaction: (agent, name,
/// mobile, address) per order → the customer id per order, as [`upsert_for_order`] order by
/// order would leave them.
pub(crate) async fn upsert_many_for_orders(tx: &mut Tx, positional: bool, rows: &[(i64, &str, &str, &str)], now: i64) -> AppResult<Vec<i64>> {
    Ok(db::upsert_many(tx, positional, rows, now).await?)
}

/// Many orders entered at once (an import, in its transaction): (order, customer, agent,
/// mobile) each. As [`order_entered`] per order: a 撞单 is flagged where the mobile belongs
/// to another line's customer; the customers' figures, stages and tags are brought up to
/// date once for the whole batch.
pub(crate) async fn orders_entered(tx: &mut Tx, positional: bool, orders: &[(i64, i64, i64, &str)], now: i64) -> AppResult<()> {
    let mut mobiles: Vec<&str> = orders.iter().map(|o| o.3).collect();
    mobiles.sort_unstable();
    mobiles.dedup();
    let mut owners: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
    for (mobile, customer, agent) in db::owners_of(tx, positional, &mobiles).await? {
        owners.entry(mobile).or_default().push((customer, agent));
    }
    let mut lines: HashMap<(i64, i64), bool> = HashMap::new();
    for &(order_id, customer_id, agent_id, mobile) in orders {
        let Some(list) = owners.get(mobile) else { continue };
        for &(owner_customer, owner_agent) in list.iter().filter(|o| o.1 != agent_id).take(20) {
            let same = match lines.get(&(owner_agent, agent_id)) {
                Some(s) => *s,
                None => {
                    let s = auth::service::same_line(tx, owner_agent, agent_id).await?;
                    lines.insert((owner_agent, agent_id), s);
                    s
                }
            };
            if !same {
                cdb::insert_conflict(tx, order_id, customer_id, owner_customer, now).await?;
                break;
            }
        }
    }
    let ids: Vec<i64> = orders.iter().map(|o| o.1).collect();
    refresh::refresh_many_in_tx(tx, &ids, now).await
}

/// After an order changed status (in its transaction): a cancelled order gives its coupon
/// back, and the customer's figures, stage and tags follow.
pub(crate) async fn order_changed(tx: &mut Tx, order_id: i64, to: crate::orders::OrderStatus, now: i64) -> AppResult<()> {
    if to == crate::orders::OrderStatus::Cancelled {
        cdb::release(tx, order_id).await?;
    }
    if let Some(customer) = db::customer_of_order(tx, order_id).await? {
        refresh_in_tx(tx, &[customer], now).await?;
    }
    Ok(())
}

/// After a refund of an order was recorded (in its transaction): the customer's figures,
/// stage and tags follow (spend net of refunds; a fully refunded order no longer counts).
pub(crate) async fn order_refunded(tx: &mut Tx, order_id: i64, now: i64) -> AppResult<()> {
    if let Some(customer) = db::customer_of_order(tx, order_id).await? {
        refresh_in_tx(tx, &[customer], now).await?;
    }
    Ok(())
}

/// Whether an order waits for the boss's 撞单 decision (the order page shows it).
pub(crate) async fn order_flagged(conn: &mut AnyConnection, order_id: i64) -> AppResult<bool> {
    Ok(cdb::order_flagged(conn, order_id).await?)
}

/// What the order form offers for a customer: addresses and usable coupons. By id (a link
/// from the profile) or by agent and mobile (typed in the form); `None` for a new customer.
pub async fn order_customer(db: &Db, caller: &Caller, lookup: &OrderLookup) -> AppResult<Option<OrderCustomer>> {
    caller.require(Perm::CreateOrder)?;
    let mut conn = db.pool.acquire().await?;
    let id = match lookup.id {
        Some(id) => own_live(&mut conn, caller, id).await?.id(),
        None => {
            let Ok(mobile) = crate::orders::logic::parse_mobile(&lookup.mobile) else { return Ok(None) };
            if !caller.scope().contains(lookup.agent_id) {
                return Ok(None);
            }
            match db::by_agent_mobile(&mut conn, lookup.agent_id, &mobile).await? {
                Some((id, ..)) => own_live(&mut conn, caller, CustomerId(id)).await?.id(),
                None => return Ok(None),
            }
        }
    };
    let (c, _) = own(&mut conn, caller, id).await?;
    let row = db::profile(&mut conn, &c).await?;
    let now = now_ms();
    let coupons = cdb::coupons_of(&mut conn, id)
        .await?
        .into_iter()
        .map(|k| k.view(now))
        .filter(|k| k.state == super::CouponState::Open)
        .collect();
    Ok(Some(OrderCustomer {
        id,
        agent_id: c.agent_id(),
        name: row.summary.name,
        mobile: row.summary.mobile,
        addresses: db::addresses(&mut conn, id).await?,
        coupons,
    }))
}
