//! Order use cases (ssr only): each requires a permission, resolves by-id orders to an
//! `Owned` proof (out of scope = not found), and writes in one transaction.

use super::db::{self, Event, OrderHead};
use super::logic::{check_new_order, order_no, price_lines, CheckedOrder, PricedLine};
use super::{Channel, NewOrder, OrderDetail, OrderError, OrderFilter, OrderId, OrderStatus, OrderSummary, Transition};
use crate::auth::{self, Caller, Owned, Perm, Role};
use crate::error::{AppError, AppResult, CommonError};
use crate::money::Money;
use crate::page::Page;
use crate::dashboard::logic::SaleFacts;
use crate::state::{Backend, Db, Tx};
use crate::time::{day_of, now_ms};
use crate::{customers, inventory, settings};
use sqlx::AnyConnection;
use std::collections::{BTreeMap, HashMap};

pub async fn list_orders(db: &Db, caller: &Caller, filter: &OrderFilter) -> AppResult<Page<OrderSummary>> {
    caller.require(Perm::ViewOrders)?;
    super::logic::bounded_text("q", &filter.q, 64, false)?;
    let mut filter = filter.clone();
    if let Some(token) = filter.search.as_deref().filter(|t| t.len() <= 64) {
        // A token of another user (or an expired one) finds nothing rather than everything.
        match db::saved_search(db, caller.id(), token).await? {
            Some(q) => filter.q = q.into(),
            None => return Ok(Page::empty()),
        }
    }
    let (rows, count) = db::list(db, caller.scope(), &filter).await?;
    Ok(Page::assemble(rows, filter.seek, count, |o| crate::page::Cursor { key: o.created_at, id: o.id.0 }))
}

/// Save a search text and return the list URL that refers to it by an opaque token, so
/// a mobile number never appears in a URL (browser history, proxy logs).
pub async fn save_search(db: &Db, caller: &Caller, q: &str, status: Option<OrderStatus>) -> AppResult<String> {
    caller.require(Perm::ViewOrders)?;
    let q = super::logic::bounded_text("q", q, 64, false)?;
    let status = status.map(|s| format!("status={}", s.code())).unwrap_or_default();
    if q.is_empty() {
        return Ok(crate::ui::widgets::with_query("/orders", &[status]));
    }
    let token = crate::auth::service::random_token(8);
    db::save_search(db, &token, caller.id(), &q, now_ms()).await?;
    Ok(crate::ui::widgets::with_query("/orders", &[format!("s={token}"), status]))
}

/// Forget saved searches older than a day (housekeeping job).
pub async fn purge_searches(db: &Db) -> AppResult<u64> {
    Ok(db::purge_searches(db, now_ms() - crate::time::DAY_MS).await?)
}

/// The proof that order `id` is in the caller's scope, with its current status.
/// Missing and out-of-scope orders answer the same `NotFound`.
async fn own(conn: &mut AnyConnection, caller: &Caller, id: OrderId) -> AppResult<(Owned<OrderId>, OrderStatus)> {
    let (agent_id, status) = db::owner_and_status(conn, id).await?.ok_or(AppError::NotFound)?;
    let owned = caller.scope().vouch(id, agent_id).ok_or(AppError::NotFound)?;
    let status = OrderStatus::parse(&status).ok_or_else(|| AppError::internal(format!("order {} has status {status}", id.0)))?;
    Ok((owned, status))
}

pub async fn get_order(db: &Db, caller: &Caller, id: OrderId) -> AppResult<OrderDetail> {
    caller.require(Perm::ViewOrders)?;
    let mut conn = db.pool.acquire().await?;
    let (order, status) = own(&mut conn, caller, id).await?;
    let agents_pay = settings::service::team(&mut conn).await?.agents_confirm_payment;
    drop(conn);
    let (summary, address, discount_fen) = db::head(db, &order).await?;
    let ownership_clash = customers::service::order_flagged(&mut *db.pool.acquire().await?, id.0).await?;
    let lines = db::lines(db, &order).await?;
    let events = db::events(db, &order).await?;
    let actions = Transition::available(status)
        .into_iter()
        .filter(|t| caller.role().can(t.perm()) && (*t != Transition::MarkPaid || caller.role() != Role::Agent || agents_pay))
        .collect();
    let can_check_payment = summary.payment_check && caller.role().can(Perm::ConfirmPayment) && caller.role() != Role::Agent;
    let discount = crate::money::Money::from_fen(discount_fen);
    let warehouse = db::warehouse_of(&mut *db.pool.acquire().await?, &order).await?;
    let can_change_warehouse = summary.status.holds_stock() && caller.role().can(Perm::MoveStock);
    Ok(OrderDetail {
        summary,
        agent_id: order.agent_id(),
        address,
        discount,
        ownership_clash,
        lines,
        events,
        actions,
        can_check_payment,
        warehouse,
        can_change_warehouse,
    })
}

/// Create an order (status 待付款) for an agent in the caller's scope. Prices come from the SKUs.
pub async fn create_order(db: &Db, caller: &Caller, input: &NewOrder) -> AppResult<(OrderId, String)> {
    caller.require(Perm::CreateOrder)?;
    let order = check_new_order(input)?;
    if !auth::service::is_agent_in_scope(db, caller, input.agent_id).await? {
        return Err(OrderError::AgentRequired.into());
    }
    let mut tx = db.begin_write().await?;
    let created = insert_checked(&mut tx, caller, input, &order, &Intake::default()).await?;
    tx.commit().await?;
    Ok(created)
}

/// Where an order made by the intake area came from: the marketplace's or API client's
/// order number (with the channel, the key that makes a repeat create nothing), the unit
/// prices the source states (instead of the SKUs'), whether it is paid already, and a note
/// for its first history entry.
#[derive(Clone, Debug, Default)]
pub(crate) struct Intake<'a> {
    pub external_no: Option<&'a str>,
    pub prices: Option<&'a HashMap<i64, Money>>,
    pub paid: bool,
    pub note: &'a str,
}

/// What [`create_in`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Created {
    New(OrderId, String),
    /// An order of this channel with this external number exists already.
    Known(OrderId, String),
}

/// Create an order inside the caller's transaction (imports, the REST API, share pages):
/// the same checks, pricing and records as [`create_order`]. The caller's service checked
/// that `input.agent_id` is an active agent in its scope.
pub(crate) async fn create_in(tx: &mut Tx, caller: &Caller, input: &NewOrder, intake: &Intake<'_>) -> AppResult<Created> {
    caller.require(Perm::CreateOrder)?;
    let order = check_new_order(input)?;
    if !caller.scope().contains(input.agent_id) {
        return Err(OrderError::AgentRequired.into());
    }
    if let Some(no) = intake.external_no {
        if let Some((id, order_no)) = db::by_external(tx, input.channel, no).await? {
            return Ok(Created::Known(OrderId(id), order_no));
        }
    }
    let (id, no) = insert_checked(tx, caller, input, &order, intake).await?;
    Ok(Created::New(id, no))
}

/// Many orders of one import inside the caller's transaction: the same checks, pricing,
/// stock reservation, customer records, history and sales aggregates as [`create_in`] order
/// by order, written in batches — multi-row statements, one reservation per SKU and
/// warehouse, one customer refresh per run of customer ids. Every order carries its external
/// number (the import's key); one known already, or earlier in the batch, is
/// `Created::Known`. Without external numbers, or with coupons, it goes order by order.
pub(crate) async fn create_many_in(tx: &mut Tx, caller: &Caller, backend: Backend, orders: &[(NewOrder, Intake<'_>)]) -> AppResult<Vec<Created>> {
    caller.require(Perm::CreateOrder)?;
    if orders.iter().any(|(input, intake)| intake.external_no.is_none() || !input.coupon_code.trim().is_empty()) {
        let mut out = Vec::with_capacity(orders.len());
        for (input, intake) in orders {
            out.push(create_in(tx, caller, input, intake).await?);
        }
        return Ok(out);
    }
    let positional = backend == Backend::Sqlite;
    let now = now_ms();
    let mut checked = Vec::with_capacity(orders.len());
    for (input, _) in orders {
        checked.push(check_new_order(input)?);
        if !caller.scope().contains(input.agent_id) {
            return Err(OrderError::AgentRequired.into());
        }
    }
    let key = |i: usize| (orders[i].0.channel, orders[i].1.external_no.unwrap_or_default());
    // Known already: in the database, or earlier in this batch.
    let mut numbers: HashMap<Channel, Vec<String>> = HashMap::new();
    for i in 0..orders.len() {
        let (channel, no) = key(i);
        numbers.entry(channel).or_default().push(no.to_string());
    }
    let mut known: HashMap<(Channel, String), (i64, String)> = HashMap::new();
    for (channel, list) in numbers {
        for chunk in list.chunks(400) {
            for (no, id, order_no) in db::known_numbers(tx, channel, chunk).await? {
                known.insert((channel, no), (id, order_no));
            }
        }
    }
    let mut first: HashMap<(Channel, &str), usize> = HashMap::new();
    let mut todo = Vec::new();
    for i in 0..orders.len() {
        let (channel, no) = key(i);
        if !known.contains_key(&(channel, no.to_string())) && first.insert((channel, no), i).is_none() {
            todo.push(i);
        }
    }
    // Prices: the SKUs' (active ones), or what the source states for them.
    let mut sku_ids: Vec<i64> = todo.iter().flat_map(|&i| checked[i].lines.iter().map(|l| l.sku_id)).collect();
    sku_ids.sort_unstable();
    sku_ids.dedup();
    let mut base = HashMap::new();
    for chunk in sku_ids.chunks(400) {
        base.extend(inventory::service::prices(tx, chunk).await?);
    }
    let mut priced = Vec::with_capacity(todo.len());
    for &i in &todo {
        let given = orders[i].1.prices;
        let price_of = |id: i64| base.get(&id).map(|p: &Money| given.and_then(|g| g.get(&id)).copied().unwrap_or(*p));
        priced.push(price_lines(&checked[i].lines, price_of)?);
    }
    // The goods are held from now on, summed per warehouse and SKU: short anywhere refuses all.
    let addresses: Vec<&str> = todo.iter().map(|&i| checked[i].address.as_str()).collect();
    let warehouses = inventory::service::warehouses_for(tx, &addresses).await?;
    let mut wanted: BTreeMap<(i64, i64), i64> = BTreeMap::new();
    for (k, &i) in todo.iter().enumerate() {
        for l in &checked[i].lines {
            *wanted.entry((warehouses[k], l.sku_id)).or_default() += l.qty;
        }
    }
    let wanted: Vec<(i64, i64, i64)> = wanted.into_iter().map(|((wh, sku), qty)| (wh, sku, qty)).collect();
    if let Err(short) = inventory::service::reserve_many(tx, &wanted, now).await? {
        return Err(OrderError::StockShort { sku: short.sku, have: short.have, need: short.need }.into());
    }
    let people: Vec<(i64, &str, &str, &str)> =
        todo.iter().map(|&i| (orders[i].0.agent_id, checked[i].customer_name.as_str(), checked[i].mobile.as_str(), checked[i].address.as_str())).collect();
    let customer_ids = customers::service::upsert_many_for_orders(tx, positional, &people, now).await?;
    let heads: Vec<(OrderHead, OrderStatus, &str)> = todo
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let head = OrderHead {
                agent_id: orders[i].0.agent_id,
                customer_id: customer_ids[k],
                recipient_name: &checked[i].customer_name,
                mobile: &checked[i].mobile,
                address: &checked[i].address,
                channel: orders[i].0.channel,
                total_fen: priced[k].1.to_fen(),
                warehouse_id: warehouses[k],
                created_by: caller.actor(),
                at: now,
            };
            let status = if orders[i].1.paid { OrderStatus::ToShip } else { OrderStatus::PendingPayment };
            (head, status, key(i).1)
        })
        .collect();
    let inserted: HashMap<String, i64> = db::insert_many(tx, positional, &heads).await?.into_iter().map(|(id, no)| (no, id)).collect();
    let mut ids = Vec::with_capacity(todo.len());
    for &i in &todo {
        ids.push(*inserted.get(key(i).1).ok_or_else(|| AppError::internal("an imported order was not inserted"))?);
    }
    let day = day_of(now);
    let order_nos: Vec<(i64, String)> = ids.iter().map(|&id| (id, order_no(day, id))).collect();
    db::set_order_nos(tx, positional, &order_nos).await?;
    let lines: Vec<(i64, &PricedLine)> = ids.iter().zip(&priced).flat_map(|(&id, (lines, _))| lines.iter().map(move |l| (id, l))).collect();
    db::insert_lines(tx, positional, &lines).await?;
    let mut events = Vec::with_capacity(todo.len() * 2);
    let mut sales = Vec::new();
    for (k, &i) in todo.iter().enumerate() {
        let intake = &orders[i].1;
        events.push(Event { order_id: ids[k], from: None, to: OrderStatus::PendingPayment, user_id: caller.actor(), note: intake.note, at: now });
        if intake.paid {
            events.push(Event { order_id: ids[k], from: Some(OrderStatus::PendingPayment), to: OrderStatus::ToShip, user_id: caller.actor(), note: intake.note, at: now });
            let lines = priced[k].0.iter().map(|l| (l.sku_id, l.qty, l.line_total.to_fen())).collect();
            let (agent_id, channel) = (orders[i].0.agent_id, orders[i].0.channel.code().to_string());
            sales.push(SaleFacts { day, hour: crate::time::hour_of(now), agent_id, channel, total_fen: priced[k].1.to_fen(), lines });
        }
    }
    db::insert_events_bulk(tx, positional, &events).await?;
    crate::dashboard::service::record_sales(tx, &sales).await?;
    let entered: Vec<(i64, i64, i64, &str)> = todo.iter().enumerate().map(|(k, &i)| (ids[k], customer_ids[k], orders[i].0.agent_id, checked[i].mobile.as_str())).collect();
    customers::service::orders_entered(tx, positional, &entered, now).await?;
    // Each order's answer, in the batch's order.
    let created: HashMap<usize, usize> = todo.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let mut out = Vec::with_capacity(orders.len());
    for i in 0..orders.len() {
        let (channel, no) = key(i);
        out.push(match known.get(&(channel, no.to_string())) {
            Some((id, order_no)) => Created::Known(OrderId(*id), order_no.clone()),
            None => {
                let first = first[&(channel, no)];
                let k = created[&first];
                if first == i { Created::New(OrderId(ids[k]), order_nos[k].1.clone()) } else { Created::Known(OrderId(ids[k]), order_nos[k].1.clone()) }
            }
        });
    }
    Ok(out)
}

/// An order read inside the caller's transaction (the REST API answers with the order it
/// just made): summary, address and lines; no history or actions.
pub(crate) async fn detail_in(tx: &mut Tx, caller: &Caller, id: OrderId) -> AppResult<OrderDetail> {
    let (order, _) = own(tx, caller, id).await?;
    let (summary, address, discount_fen, lines) = db::view_in(tx, &order).await?;
    let ownership_clash = customers::service::order_flagged(tx, id.0).await?;
    let warehouse = db::warehouse_of(tx, &order).await?;
    Ok(OrderDetail {
        summary,
        agent_id: order.agent_id(),
        address,
        discount: Money::from_fen(discount_fen),
        ownership_clash,
        lines,
        events: Vec::new(),
        actions: Vec::new(),
        can_check_payment: false,
        warehouse,
        can_change_warehouse: false,
    })
}

/// Orders of a channel by their external numbers (at most 500 asked at once): (external no, id).
pub(crate) async fn known_external(conn: &mut AnyConnection, channel: Channel, numbers: &[String]) -> AppResult<Vec<(String, i64)>> {
    Ok(db::known_external(conn, channel, numbers).await?)
}

async fn insert_checked(tx: &mut Tx, caller: &Caller, input: &NewOrder, order: &CheckedOrder, intake: &Intake<'_>) -> AppResult<(OrderId, String)> {
    let now = now_ms();
    let ids: Vec<i64> = order.lines.iter().map(|l| l.sku_id).collect();
    let mut prices = inventory::service::prices(tx, &ids).await?;
    if let Some(given) = intake.prices {
        for (sku, price) in prices.iter_mut() {
            if let Some(p) = given.get(sku) {
                *price = *p;
            }
        }
    }
    let (priced, total) = price_lines(&order.lines, |id| prices.get(&id).copied())?;
    // The goods are held from now on: an order that cannot get them is refused, unchanged.
    let warehouse_id = inventory::service::warehouse_for(tx, &order.address).await?;
    let wanted: Vec<(i64, i64)> = order.lines.iter().map(|l| (l.sku_id, l.qty)).collect();
    if let Err(short) = inventory::service::reserve_for_order(tx, warehouse_id, &wanted, now).await? {
        return Err(OrderError::StockShort { sku: short.sku, have: short.have, need: short.need }.into());
    }
    let customer_id = customers::service::upsert_for_order(tx, input.agent_id, &order.customer_name, &order.mobile, &order.address, now).await?;
    let head = OrderHead {
        agent_id: input.agent_id,
        customer_id,
        recipient_name: &order.customer_name,
        mobile: &order.mobile,
        address: &order.address,
        channel: input.channel,
        total_fen: total.to_fen(),
        warehouse_id,
        created_by: caller.actor(),
        at: now,
    };
    let id = db::insert(tx, &head).await?;
    let no = order_no(day_of(now), id);
    db::set_numbers(tx, id, &no, intake.external_no).await?;
    for line in &priced {
        db::insert_line(tx, id, line).await?;
    }
    if !input.coupon_code.trim().is_empty() {
        let discount = customers::service::redeem_for_order(tx, customer_id, &input.coupon_code, total.to_fen(), id, now).await?;
        db::set_discount(tx, id, discount).await?;
    }
    let event = Event { order_id: id, from: None, to: OrderStatus::PendingPayment, user_id: caller.actor(), note: intake.note, at: now };
    db::insert_event(tx, &event).await?;
    customers::service::order_entered(tx, id, customer_id, input.agent_id, &order.mobile, now).await?;
    if intake.paid {
        let owned = caller.scope().vouch(OrderId(id), input.agent_id).ok_or(AppError::NotFound)?;
        db::set_status(tx, &owned, OrderStatus::PendingPayment, OrderStatus::ToShip, false, now).await?;
        let facts = db::sale_facts(tx, &owned).await?;
        crate::dashboard::service::record_sale(tx, &facts, 1).await?;
        let paid = Event { order_id: id, from: Some(OrderStatus::PendingPayment), to: OrderStatus::ToShip, user_id: caller.actor(), note: intake.note, at: now };
        db::insert_event(tx, &paid).await?;
        customers::service::order_changed(tx, id, OrderStatus::ToShip, now).await?;
    }
    Ok((OrderId(id), no))
}

/// Apply a status change. Shipping takes every line out of stock in the same transaction
/// and refuses, changing nothing, if any SKU would go below zero. An agent confirming a
/// payment needs the team setting, and the order is marked for finance to check.
pub async fn transition(db: &Db, caller: &Caller, id: OrderId, t: Transition) -> AppResult<OrderStatus> {
    caller.require(Perm::ViewOrders)?;
    let mut tx = db.begin_write().await?;
    let (order, from) = own(&mut tx, caller, id).await?;
    caller.require(t.perm())?;
    let by_agent = t == Transition::MarkPaid && caller.role() == Role::Agent;
    if by_agent && !settings::service::team(&mut tx).await?.agents_confirm_payment {
        return Err(OrderError::AgentPaymentOff.into());
    }
    let to = t.apply(from)?;
    let now = now_ms();
    if db::set_status(&mut tx, &order, from, to, by_agent, now).await? != 1 {
        return Err(CommonError::Stale.into());
    }
    if from.holds_stock() && !to.holds_stock() {
        let lines = db::line_quantities(&mut tx, &order).await?;
        let (wh, _) = db::warehouse_of(&mut tx, &order).await?;
        if t == Transition::Ship {
            if let Err(short) = inventory::service::take_for_order(&mut tx, caller, order.id().0, wh, &lines, now).await? {
                return Err(OrderError::StockShort { sku: short.sku, have: short.have, need: short.need }.into());
            }
            // Revenue is recognised at shipment: finance adds it (and the goods' cost, just
            // recorded on the movements) to the day.
            crate::finance::service::on_shipped(&mut tx, order.id(), now).await?;
        } else {
            inventory::service::release_for_order(&mut tx, wh, &lines, now).await?;
        }
    }
    // Dashboards count sales from aggregates moved here, in the order's transaction.
    if from.is_sale() != to.is_sale() {
        let facts = db::sale_facts(&mut tx, &order).await?;
        crate::dashboard::service::record_sale(&mut tx, &facts, if to.is_sale() { 1 } else { -1 }).await?;
    }
    let note = if by_agent { "agent_payment" } else { "" };
    db::insert_event(&mut tx, &Event { order_id: id.0, from: Some(from), to, user_id: caller.actor(), note, at: now }).await?;
    customers::service::order_changed(&mut tx, id.0, to, now).await?;
    tx.commit().await?;
    Ok(to)
}

/// Ship an open order from another warehouse: its goods are released there and reserved
/// in the new one (refused, unchanged, if they are not available there).
pub async fn change_warehouse(db: &Db, caller: &Caller, id: OrderId, warehouse_id: i64) -> AppResult<()> {
    caller.require(Perm::MoveStock)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (order, status) = own(&mut tx, caller, id).await?;
    if !status.holds_stock() {
        return Err(inventory::InventoryError::BadState.into());
    }
    let (from, from_name) = db::warehouse_of(&mut tx, &order).await?;
    if from == warehouse_id {
        return Ok(());
    }
    let lines = db::line_quantities(&mut tx, &order).await?;
    if let Err(short) = inventory::service::move_order(&mut tx, from, warehouse_id, &lines, now).await? {
        return Err(OrderError::StockShort { sku: short.sku, have: short.have, need: short.need }.into());
    }
    if db::set_warehouse(&mut tx, &order, status, warehouse_id, now).await? != 1 {
        return Err(CommonError::Stale.into());
    }
    crate::audit::record(&mut tx, caller.actor(), "order", Some(id.0), "warehouse", &format!("{from_name} → #{warehouse_id}"), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Finance (or the boss) checked a payment an agent confirmed.
pub async fn check_payment(db: &Db, caller: &Caller, id: OrderId) -> AppResult<()> {
    caller.require(Perm::ConfirmPayment)?;
    if caller.role() == Role::Agent {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin_write().await?;
    let (order, _) = own(&mut tx, caller, id).await?;
    if db::clear_payment_check(&mut tx, &order, now_ms()).await? != 1 {
        return Err(CommonError::Stale.into());
    }
    crate::audit::record(&mut tx, caller.actor(), "order", Some(id.0), "payment_checked", "", now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// The proof that order `id` is in the caller's scope (other areas' by-id reads of an order,
/// e.g. finance showing an order's payments). Missing and out of scope answer `NotFound`.
pub(crate) async fn owned(conn: &mut AnyConnection, caller: &Caller, id: OrderId) -> AppResult<Owned<OrderId>> {
    Ok(own(conn, caller, id).await?.0)
}

/// Recorded payments have paid these orders in full (finance, inside its transaction): each
/// still 待付款 moves to 待发货 through the status flow (`Transition::MarkPaid`), with its event
/// noted `payment`; an agent-confirmed payment awaiting finance's check counts as checked.
/// Returns the orders that moved to 待发货. Batched: a bill file may pay thousands at once.
pub(crate) async fn settle_paid(tx: &mut Tx, caller: &Caller, ids: &[OrderId]) -> AppResult<Vec<OrderId>> {
    let from = OrderStatus::PendingPayment;
    let to = Transition::MarkPaid.apply(from)?;
    let now = now_ms();
    let mut moved = Vec::new();
    // 200 ids per statement: SQLite's parameter lookup grows with the square of their number.
    for chunk in ids.chunks(200) {
        let raw: Vec<i64> = chunk.iter().map(|i| i.0).collect();
        // Only orders still 待付款 or waiting for a check need anything (most are neither).
        let owned: Vec<Owned<OrderId>> =
            db::owners_to_settle(tx, &raw).await?.into_iter().filter_map(|(id, agent)| caller.scope().vouch(OrderId(id), agent)).collect();
        if owned.is_empty() {
            continue;
        }
        let mine: Vec<i64> = owned.iter().map(|o| o.id().0).collect();
        let changed = db::set_status_many(tx, &mine, from, to, now).await?;
        // As in `transition`: an order that starts counting as a sale enters the dashboards' aggregates.
        if from.is_sale() != to.is_sale() {
            for order in owned.iter().filter(|o| changed.binary_search(&o.id().0).is_ok()) {
                let facts = db::sale_facts(tx, order).await?;
                crate::dashboard::service::record_sale(tx, &facts, if to.is_sale() { 1 } else { -1 }).await?;
            }
        }
        let events: Vec<Event> = changed.iter().map(|&order_id| Event { order_id, from: Some(from), to, user_id: caller.actor(), note: "payment", at: now }).collect();
        db::insert_events(tx, &events).await?;
        for id in db::clear_payment_checks(tx, &mine, now).await? {
            crate::audit::record(tx, caller.actor(), "order", Some(id), "payment_checked", "payment", now).await?;
        }
        moved.extend(changed.into_iter().map(OrderId));
    }
    Ok(moved)
}

/// A payment that paid this order was taken back (finance undid a match, in its transaction):
/// an order already past 待付款 is marked 待核对收款 again, for finance to check.
pub(crate) async fn payment_withdrawn(tx: &mut Tx, caller: &Caller, id: OrderId) -> AppResult<bool> {
    let (order, status) = own(tx, caller, id).await?;
    if !status.is_sale() {
        return Ok(false);
    }
    let marked = db::mark_payment_check(tx, &order, now_ms()).await? == 1;
    if marked {
        crate::audit::record(tx, caller.actor(), "order", Some(id.0), "payment_check", "payment_withdrawn", now_ms()).await?;
    }
    Ok(marked)
}

/// Move every order of agent `from` to agent `to`, inside the caller's transaction (a member
/// leaves; `auth::service::transfer_member` authorizes and records it).
pub(crate) async fn reassign(tx: &mut Tx, from: i64, to: i64, at: i64) -> AppResult<u64> {
    Ok(db::reassign(tx, from, to, at).await?)
}

/// Move every order of customer `from` to customer `into` inside the caller's transaction
/// (the customers area merges two records of one person after a 撞单 decision).
pub(crate) async fn move_customer_orders(tx: &mut Tx, from: i64, into: i64, at: i64) -> AppResult<u64> {
    Ok(db::move_customer(tx, from, into, at).await?)
}

/// Give one order to another agent inside the caller's transaction (a 撞单 decided for the
/// first owner), recorded in the order's history.
pub(crate) async fn set_order_agent(tx: &mut Tx, caller: &Caller, order_id: i64, agent_id: i64, at: i64) -> AppResult<()> {
    let (order, status) = own(tx, caller, OrderId(order_id)).await?;
    // The sales aggregates are per agent: take the sale out under the old agent, back in under the new.
    if status.is_sale() {
        let facts = db::sale_facts(tx, &order).await?;
        crate::dashboard::service::record_sale(tx, &facts, -1).await?;
    }
    db::set_agent(tx, order_id, agent_id, at).await?;
    if status.is_sale() {
        let facts = db::sale_facts(tx, &order).await?;
        crate::dashboard::service::record_sale(tx, &facts, 1).await?;
    }
    Ok(())
}

/// Replace the recipient fields of a customer's orders by placeholders (personal data erased
/// on request); amounts and lines stay. Returns how many orders changed.
pub(crate) async fn erase_recipient(tx: &mut Tx, customer_id: i64, name: &str, mobile: &str, address: &str, at: i64) -> AppResult<u64> {
    Ok(db::erase_recipient(tx, customer_id, name, mobile, address, at).await?)
}

/// Orders whose total is not the sum of their lines (`server check`).
pub async fn total_mismatches(db: &Db, caller: &Caller) -> AppResult<Vec<i64>> {
    caller.require(Perm::ViewLedger)?;
    Ok(db::total_mismatches(db).await?)
}

/// A goods line as commissions see it: product, category, quantity, unit price and the line's
/// own discount (unit price × qty − line total).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaleLine {
    pub product_id: i64,
    pub category: String,
    pub qty: i64,
    pub unit_price_fen: i64,
    pub discount_fen: i64,
}

/// An order's amounts and history for commissions. This is the one place that knows how an
/// order's amounts are made up: when order discounts and coupons arrive, only this changes
/// (today orders carry no order-level discount, coupon or freight).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaleFigures {
    pub id: i64,
    pub agent_id: i64,
    pub placed_at: i64,
    pub lines: Vec<SaleLine>,
    pub discount_fen: i64,
    pub coupon_fen: i64,
    pub freight_fen: i64,
    /// The first shipment, completion and cancellation (those that happened), in time order.
    pub events: Vec<(OrderStatus, i64)>,
}

/// The orders shipped, completed or cancelled between `from_ms` and `to_ms` (a commission
/// month), with their lines and their status changes that matter to commissions, by id, inside
/// the caller's transaction.
pub(crate) async fn sale_figures(conn: &mut AnyConnection, from_ms: i64, to_ms: i64) -> AppResult<Vec<SaleFigures>> {
    let (heads, lines, skus) = db::figures_in_window(conn, from_ms, to_ms).await?;
    let sku_of: std::collections::HashMap<i64, (i64, String)> = skus.into_iter().map(|(id, product, category)| (id, (product, category))).collect();
    let mut out: Vec<SaleFigures> = heads
        .into_iter()
        .map(|h| {
            let mut events: Vec<(OrderStatus, i64)> = [(OrderStatus::Shipped, h.shipped_at), (OrderStatus::Completed, h.completed_at), (OrderStatus::Cancelled, h.cancelled_at)]
                .into_iter()
                .filter_map(|(s, at)| Some((s, at?)))
                .collect();
            events.sort_by_key(|e| e.1);
            SaleFigures { id: h.id, agent_id: h.agent_id, placed_at: h.created_at, lines: Vec::new(), discount_fen: 0, coupon_fen: h.discount_fen, freight_fen: 0, events }
        })
        .collect();
    // Heads and lines both come sorted by order id: merge by walking them together.
    let mut i = 0;
    for (order_id, sku_id, qty, unit_price_fen, line_total_fen) in lines {
        while i < out.len() && out[i].id < order_id {
            i += 1;
        }
        let (product_id, category) = sku_of.get(&sku_id).cloned().ok_or_else(|| AppError::internal(format!("order {order_id}: sku {sku_id} has no product")))?;
        if let Some(o) = out.get_mut(i).filter(|o| o.id == order_id) {
            o.lines.push(SaleLine { product_id, category, qty, unit_price_fen, discount_fen: qty * unit_price_fen - line_total_fen });
        }
    }
    Ok(out)
}

/// A sold order as the tax area lists it for invoicing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SoldOrder {
    pub id: i64,
    pub order_no: String,
    pub customer_id: i64,
    pub recipient_name: String,
    pub mobile: String,
    pub total_fen: i64,
    pub created_at: i64,
}

/// The sold orders (paid, not cancelled) of the customer(s) whose orders carry `text` as
/// mobile or order number, in the caller's scope, newest first (at most 200): the orders
/// an invoice for that buyer can be made from.
pub(crate) async fn sold_orders_of_buyer(db: &Db, caller: &Caller, text: &str) -> AppResult<Vec<SoldOrder>> {
    let rows = db::sold_orders_of_buyer(db, caller.scope(), text.trim(), 200).await?;
    Ok(rows
        .into_iter()
        .map(|(id, order_no, customer_id, recipient_name, mobile, total_fen, created_at)| SoldOrder { id, order_no, customer_id, recipient_name, mobile, total_fen, created_at })
        .collect())
}

/// An order line as it goes on an invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SoldLine {
    pub product_id: i64,
    pub product_name: String,
    pub color: String,
    pub size: String,
    pub qty: i64,
    pub unit_price_fen: i64,
    pub line_total_fen: i64,
}

/// An order read for an invoice inside the invoice's transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderForInvoice {
    pub id: i64,
    pub order_no: String,
    pub customer_id: i64,
    /// Paid and not cancelled.
    pub sold: bool,
    pub total_fen: i64,
    pub lines: Vec<SoldLine>,
}

/// Orders with their lines, inside the caller's transaction (the tax area's invoice from
/// orders). An order outside the caller's scope answers `NotFound`, like a missing one.
pub(crate) async fn for_invoice(tx: &mut Tx, caller: &Caller, ids: &[i64]) -> AppResult<Vec<OrderForInvoice>> {
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let (order, status) = own(tx, caller, OrderId(id)).await?;
        let (order_no, customer_id, _, total_fen) = db::invoice_head(tx, &order).await?;
        let lines = db::invoice_lines(tx, &order)
            .await?
            .into_iter()
            .map(|(product_id, product_name, color, size, qty, unit_price_fen, line_total_fen)| SoldLine { product_id, product_name, color, size, qty, unit_price_fen, line_total_fen })
            .collect();
        out.push(OrderForInvoice { id, order_no, customer_id, sold: status.is_sale(), total_fen, lines });
    }
    Ok(out)
}

/// Order numbers of orders by id, for views that list orders the caller was already shown
/// by another area (a commission statement's lines).
pub(crate) async fn order_numbers(conn: &mut AnyConnection, ids: &[i64]) -> AppResult<std::collections::HashMap<i64, String>> {
    Ok(db::order_numbers(conn, ids).await?.into_iter().map(|(id, no)| (id, no.unwrap_or_default())).collect())
}

/// Sales of sold orders (fen including tax) per business day and product in [from, to),
/// in the caller's scope: the sales without invoice of the tax area's VAT summary.
pub(crate) async fn sales_by_day_product(db: &Db, caller: &Caller, from_ms: i64, to_ms: i64) -> AppResult<Vec<(i64, i64, i64)>> {
    Ok(db::sales_by_day_product(db, caller.scope(), from_ms, to_ms).await?)
}
