//! Order use cases (ssr only): each requires a permission, resolves by-id orders to an
//! `Owned` proof (out of scope = not found), and writes in one transaction.

use super::db::{self, Event, OrderHead};
use super::logic::{check_new_order, order_no, price_lines, CheckedOrder, PricedLine};
use super::{Channel, LogKind, NewOrder, OrderDetail, OrderError, OrderFilter, OrderId, OrderLogView, OrderStatus, OrderSummary, Transition};
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
    let mut conn = db.pool.acquire().await?;
    let (code, reason_zh, reason_en, tracking_no, _) = db::courier_of(&mut conn, &order).await?;
    let couriers = crate::fulfil::service::couriers(&mut conn).await?;
    drop(conn);
    let name = couriers.iter().find(|(c, _, _)| *c == code).map(|(_, n, _)| n.clone()).unwrap_or_else(|| code.clone());
    let choices = if summary.status.holds_stock() && caller.role().can(Perm::ChooseCourier) {
        couriers.into_iter().filter(|(_, _, active)| *active).map(|(c, n, _)| (c, n)).collect()
    } else {
        Vec::new()
    };
    let courier = crate::fulfil::OrderCourier { code, name, reason_zh, reason_en, tracking_no, choices };
    let after_sales = crate::fulfil::service::after_sales_of_order(db, caller, id.0).await?;
    let log = db::log(db, &order)
        .await?
        .into_iter()
        .filter_map(|(kind, detail, old_value, user, at)| {
            Some(OrderLogView { kind: LogKind::parse(&kind)?, detail, old_value, user_name: user.unwrap_or_default(), at })
        })
        .collect();
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
        courier,
        log,
        after_sales,
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
    let to_route: Vec<(i64, &str, Vec<(i64, i64)>, i64)> = todo
        .iter()
        .enumerate()
        .map(|(k, &i)| (customer_ids[k], checked[i].address.as_str(), checked[i].lines.iter().map(|l| (l.sku_id, l.qty)).collect(), priced[k].1.to_fen()))
        .collect();
    let routed = crate::fulfil::service::route_orders(tx, &to_route).await?;
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
                courier: (&routed[k].courier_code, &routed[k].reason_zh, &routed[k].reason_en),
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
    let mut categories = HashMap::new();
    for chunk in sku_ids.chunks(400) {
        categories.extend(inventory::service::categories_of(tx, chunk).await?);
    }
    for (k, &i) in todo.iter().enumerate() {
        let intake = &orders[i].1;
        events.push(Event { order_id: ids[k], from: None, to: OrderStatus::PendingPayment, user_id: caller.actor(), note: intake.note, at: now });
        if intake.paid {
            events.push(Event { order_id: ids[k], from: Some(OrderStatus::PendingPayment), to: OrderStatus::ToShip, user_id: caller.actor(), note: intake.note, at: now });
            let lines = priced[k]
                .0
                .iter()
                .map(|l| crate::dashboard::logic::SaleLine { sku_id: l.sku_id, category: categories.get(&l.sku_id).cloned().unwrap_or_default(), qty: l.qty, sales_fen: l.line_total.to_fen() })
                .collect();
            let (agent_id, channel) = (orders[i].0.agent_id, orders[i].0.channel.code().to_string());
            let customer_id = customer_ids[k];
            sales.push(SaleFacts { day, hour: crate::time::hour_of(now), agent_id, customer_id, channel, total_fen: priced[k].1.to_fen(), lines });
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
    let (code, reason_zh, reason_en, tracking_no, _) = db::courier_of(tx, &order).await?;
    let name = crate::fulfil::service::couriers(tx).await?.into_iter().find(|(c, _, _)| *c == code).map(|(_, n, _)| n).unwrap_or_else(|| code.clone());
    let courier = crate::fulfil::OrderCourier { code, name, reason_zh, reason_en, tracking_no, choices: Vec::new() };
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
        courier,
        log: Vec::new(),
        after_sales: Vec::new(),
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
    let routed = crate::fulfil::service::route_order(tx, customer_id, &order.address, &wanted, total.to_fen()).await?;
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
        courier: (&routed.courier_code, &routed.reason_zh, &routed.reason_en),
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
    let to = apply_transition(&mut tx, caller, &order, from, t, now_ms()).await?;
    tx.commit().await?;
    Ok(to)
}

/// A status change inside the caller's transaction (see [`transition`]).
async fn apply_transition(tx: &mut Tx, caller: &Caller, order: &Owned<OrderId>, from: OrderStatus, t: Transition, now: i64) -> AppResult<OrderStatus> {
    caller.require(t.perm())?;
    let by_agent = t == Transition::MarkPaid && caller.role() == Role::Agent;
    if by_agent && !settings::service::team(tx).await?.agents_confirm_payment {
        return Err(OrderError::AgentPaymentOff.into());
    }
    let to = t.apply(from)?;
    if db::set_status(tx, order, from, to, by_agent, now).await? != 1 {
        return Err(CommonError::Stale.into());
    }
    if from.holds_stock() && !to.holds_stock() {
        let lines = db::line_quantities(tx, order).await?;
        let (wh, _) = db::warehouse_of(tx, order).await?;
        if t == Transition::Ship {
            if let Err(short) = inventory::service::take_for_order(tx, caller, order.id().0, wh, &lines, now).await? {
                return Err(OrderError::StockShort { sku: short.sku, have: short.have, need: short.need }.into());
            }
            // Revenue is recognised at shipment: finance adds it (and the goods' cost, just
            // recorded on the movements) to the day.
            crate::finance::service::on_shipped(tx, order.id(), now).await?;
        } else {
            inventory::service::release_for_order(tx, wh, &lines, now).await?;
        }
    }
    // Dashboards count sales from aggregates moved here, in the order's transaction.
    if from.is_sale() != to.is_sale() {
        let facts = db::sale_facts(tx, order).await?;
        crate::dashboard::service::record_sale(tx, &facts, if to.is_sale() { 1 } else { -1 }).await?;
    }
    let note = if by_agent { "agent_payment" } else { "" };
    db::insert_event(tx, &Event { order_id: order.id().0, from: Some(from), to, user_id: caller.actor(), note, at: now }).await?;
    customers::service::order_changed(tx, order.id().0, to, now).await?;
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
    let n = db::reassign(tx, from, to, at).await?;
    // The dashboards' per-agent figures move with the orders.
    crate::dashboard::service::agents_moved(tx, from, to).await?;
    Ok(n)
}

/// Move every order of customer `from` to customer `into` inside the caller's transaction
/// (the customers area merges two records of one person after a 撞单 decision).
pub(crate) async fn move_customer_orders(tx: &mut Tx, from: i64, into: i64, at: i64) -> AppResult<u64> {
    let moved = db::move_customer(tx, from, into, at).await?;
    // What other areas keep per customer follows the orders, before `from` goes.
    crate::dashboard::service::customers_merged(tx, from, into).await?;
    crate::fulfil::service::customers_merged(tx, from, into).await?;
    Ok(moved)
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
    figures_of(heads, lines, skus)
}

/// The figures of the given orders (those shipped, completed or cancelled at some time), by
/// id, inside the caller's transaction: commissions read the orders refunded in a month
/// whose other events lie in earlier months.
pub(crate) async fn sale_figures_of(conn: &mut AnyConnection, ids: &[i64]) -> AppResult<Vec<SaleFigures>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let (heads, lines) = db::figures_of_orders(conn, ids).await?;
    let skus = db::sku_categories(conn).await?;
    figures_of(heads, lines, skus)
}

fn figures_of(heads: Vec<db::FigureHead>, lines: Vec<(i64, i64, i64, i64, i64)>, skus: Vec<(i64, i64, String)>) -> AppResult<Vec<SaleFigures>> {
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

// ---- fulfilment ----

/// Give an open order another courier (a user overrides routing); with `remember`, the
/// customer's orders get it from now on. Recorded in the order's log with the old courier.
pub async fn set_courier(db: &Db, caller: &Caller, id: OrderId, code: &str, remember: bool) -> AppResult<()> {
    caller.require(Perm::ChooseCourier)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (order, status) = own(&mut tx, caller, id).await?;
    if !status.holds_stock() {
        return Err(OrderError::BadTransition { from: status, action: Transition::Ship }.into());
    }
    let name = crate::fulfil::service::active_courier_name(&mut tx, code).await?;
    let (old, _, _, _, customer_id) = db::courier_of(&mut tx, &order).await?;
    let (zh, en) = (format!("手动改派：{name}"), format!("Changed by hand: {name}"));
    if db::set_courier(&mut tx, &order, code, &zh, &en, now).await? != 1 {
        return Err(CommonError::Stale.into());
    }
    if remember {
        crate::fulfil::service::remember_courier(&mut tx, customer_id, code, now).await?;
    }
    let entry = db::LogEntry { order_id: id.0, kind: LogKind::Courier.code(), detail: code, old_value: &old, user_id: caller.actor(), at: now };
    db::insert_log(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// A 待发货 order in the batch-shipping list, before the courier's name is filled in.
pub(crate) struct ToShip {
    pub id: OrderId,
    pub order_no: String,
    pub recipient_name: String,
    pub mobile: String,
    pub address: String,
    pub total_fen: i64,
    pub created_at: i64,
    pub courier_code: String,
    pub twin: Option<String>,
}

/// One page of the caller's 待发货 orders (of one courier), newest first.
pub(crate) async fn to_ship_page(db: &Db, caller: &Caller, courier: Option<&str>, seek: crate::page::Seek) -> AppResult<Page<ToShip>> {
    caller.require(Perm::Ship)?;
    let (mut rows, count) = db::to_ship(db, caller.scope(), courier, seek).await?;
    // Same mobile is found in SQL; the same address written differently needs the
    // normalised key, compared here with the open orders of the same agent.
    if rows.iter().any(|r| r.twin.is_none()) {
        use crate::fulfil::logic_dedupe::{normalize_address, same_recipient, Recipient};
        let open = db::open_orders(&mut *db.pool.acquire().await?, caller.scope(), DUPLICATE_WINDOW).await?;
        let mut by_key: std::collections::HashMap<(i64, String), Vec<&db::OpenOrderRow>> = std::collections::HashMap::new();
        for o in &open {
            by_key.entry((o.agent_id, normalize_address(&o.address))).or_default().push(o);
        }
        let recipient = |mobile: &str, address: &str| Recipient { name: String::new(), mobile: mobile.to_string(), address: address.to_string() };
        for r in rows.iter_mut().filter(|r| r.twin.is_none()) {
            let me = recipient(&r.mobile, &r.address);
            r.twin = by_key
                .get(&(r.agent_id, normalize_address(&r.address)))
                .and_then(|list| list.iter().filter(|o| o.id != r.id).find(|o| same_recipient(&me, &recipient(&o.mobile, &o.address)).is_some()))
                .and_then(|o| o.order_no.clone());
        }
    }
    let rows = rows
        .into_iter()
        .map(|r| ToShip {
            id: OrderId(r.id),
            order_no: r.order_no.unwrap_or_default(),
            recipient_name: r.recipient_name,
            mobile: r.mobile,
            address: r.address,
            total_fen: r.total_fen,
            created_at: r.created_at,
            courier_code: r.courier_code,
            twin: r.twin,
        })
        .collect();
    Ok(Page::assemble(rows, seek, count, |o: &ToShip| crate::page::Cursor { key: o.created_at, id: o.id.0 }))
}

/// An order of a batch (labels, picking list) with its lines.
pub(crate) struct BatchOrder {
    pub order_no: String,
    pub courier_code: String,
    pub recipient_name: String,
    pub mobile: String,
    pub address: String,
    pub lines: Vec<BatchLine>,
}

pub(crate) struct BatchLine {
    pub sku_code: String,
    pub product_name: String,
    pub color: String,
    pub size: String,
    pub qty: i64,
    pub weight_g: i64,
}

/// The orders of a batch: the given ids (every one must be in the caller's scope and not
/// cancelled, else `NotFound`), or all 待发货 ones (of a courier), at most `limit`.
pub(crate) async fn batch(db: &Db, caller: &Caller, ids: Option<&[i64]>, courier: Option<&str>, limit: i64) -> AppResult<Vec<BatchOrder>> {
    caller.require(Perm::Ship)?;
    let mut wanted: Vec<i64> = ids.map(|v| v.to_vec()).unwrap_or_default();
    wanted.sort_unstable();
    wanted.dedup();
    let found = db::batch_ids(db, caller.scope(), ids.map(|_| wanted.as_slice()), courier, limit).await?;
    if ids.is_some() && found.len() != wanted.len() {
        return Err(AppError::NotFound);
    }
    if found.is_empty() {
        return Ok(Vec::new());
    }
    let mut lines = db::batch_lines(db, &found).await?.into_iter();
    let mut out = Vec::with_capacity(found.len());
    let heads = db::batch_heads(db, &found).await?;
    let mut by_order: std::collections::HashMap<i64, Vec<BatchLine>> = std::collections::HashMap::new();
    for (order_id, _sku_id, sku_code, product_name, color, size, qty, weight_g) in lines.by_ref() {
        by_order.entry(order_id).or_default().push(BatchLine { sku_code, product_name, color, size, qty, weight_g });
    }
    for h in heads {
        out.push(BatchOrder {
            order_no: h.order_no.unwrap_or_default(),
            courier_code: h.courier_code,
            recipient_name: h.recipient_name,
            mobile: h.mobile,
            address: h.address,
            lines: by_order.remove(&h.id).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// What entering a tracking number did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shipped {
    Now,
    /// It had shipped with this very number before: nothing changed.
    Before,
}

/// Ship the order with this number under this tracking number, in one transaction: 待发货
/// → 已发货, its stock taken. The same number again changes nothing; anything else that
/// does not fit is refused with the reason, unchanged.
pub(crate) async fn ship_with_tracking(db: &Db, caller: &Caller, order_no: &str, tracking_no: &str) -> AppResult<Shipped> {
    use crate::fulfil::FulfilError;
    caller.require(Perm::Ship)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let unknown = || AppError::from(FulfilError::UnknownOrder { order_no: order_no.to_string() });
    let (id, agent_id, status, current) = db::by_order_no(&mut tx, order_no).await?.ok_or_else(unknown)?;
    let order = caller.scope().vouch(OrderId(id), agent_id).ok_or_else(unknown)?;
    let status = OrderStatus::parse(&status).ok_or_else(|| AppError::internal(format!("order {id} has status {status}")))?;
    match current {
        Some(t) if t == tracking_no => return Ok(Shipped::Before),
        Some(t) => return Err(FulfilError::AlreadyShipped { order_no: order_no.to_string(), tracking_no: t }.into()),
        None => {}
    }
    if status != OrderStatus::ToShip {
        return Err(FulfilError::NotToShip { order_no: order_no.to_string(), status }.into());
    }
    if let Some(other) = db::order_with_tracking(&mut tx, tracking_no).await? {
        return Err(FulfilError::TrackingUsed { tracking_no: tracking_no.to_string(), order_no: other }.into());
    }
    apply_transition(&mut tx, caller, &order, status, Transition::Ship, now).await?;
    db::set_tracking(&mut tx, &order, tracking_no, now).await?;
    let entry = db::LogEntry { order_id: id, kind: LogKind::Tracking.code(), detail: tracking_no, old_value: "", user_id: caller.actor(), at: now };
    db::insert_log(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(Shipped::Now)
}

/// Change the delivery address of an order before it ships; the old one stays in its log.
pub async fn edit_address(db: &Db, caller: &Caller, id: OrderId, address: &str) -> AppResult<()> {
    caller.require(Perm::EditOrder)?;
    let address = super::logic::check_address(address)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (order, status) = own(&mut tx, caller, id).await?;
    if !status.holds_stock() {
        return Err(OrderError::AddressLocked { status }.into());
    }
    let old = db::address_of(&mut tx, &order).await?;
    if old == address {
        return Ok(());
    }
    if db::set_address(&mut tx, &order, status, &address, now).await? != 1 {
        return Err(CommonError::Stale.into());
    }
    let entry = db::LogEntry { order_id: id.0, kind: LogKind::Address.code(), detail: &address, old_value: &old, user_id: caller.actor(), at: now };
    db::insert_log(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// An internal note on an order (seen by whoever may see the order), kept in its log.
pub async fn add_note(db: &Db, caller: &Caller, id: OrderId, note: &str) -> AppResult<()> {
    caller.require(Perm::ViewOrders)?;
    let note = super::logic::bounded_text("note", note, super::logic::MAX_NOTE, true)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (_order, _) = own(&mut tx, caller, id).await?;
    let entry = db::LogEntry { order_id: id.0, kind: LogKind::Note.code(), detail: &note, old_value: "", user_id: caller.actor(), at: now };
    db::insert_log(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// An order as after-sales sees it, inside the caller's transaction.
pub(crate) struct AfterSaleOrder {
    pub status: OrderStatus,
    pub total_fen: i64,
    pub warehouse_id: i64,
    /// (sku, qty) of its lines.
    pub lines: Vec<(i64, i64)>,
}

/// The order of an after-sales request (out of the caller's scope: not found).
pub(crate) async fn for_after_sale(conn: &mut AnyConnection, caller: &Caller, id: OrderId) -> AppResult<AfterSaleOrder> {
    let (order, status) = own(conn, caller, id).await?;
    let (_, _, _, total_fen) = db::invoice_head(conn, &order).await?;
    let (warehouse_id, _) = db::warehouse_of(conn, &order).await?;
    let lines = db::line_quantities(conn, &order).await?;
    Ok(AfterSaleOrder { status, total_fen, warehouse_id, lines })
}

/// Record an after-sales step in the order's history (the order already vouched for).
pub(crate) async fn log_after_sale(tx: &mut Tx, caller: &Caller, id: OrderId, detail: &str, at: i64) -> AppResult<()> {
    let entry = db::LogEntry { order_id: id.0, kind: LogKind::AfterSale.code(), detail, old_value: "", user_id: caller.actor(), at };
    Ok(db::insert_log(tx, &entry).await?)
}

// ---- duplicates and merging (O4) ----

/// How many open orders the duplicate prompt compares a new order with (newest first).
const DUPLICATE_WINDOW: i64 = 5_000;

/// The open orders (待付款, 待发货) in the caller's scope going to the same recipient as an
/// order being entered — same mobile, or same address once normalised — newest first: the
/// form asks 是否合并订单 before saving when there are any. `agent_id` is the agent the new
/// order is for (a merge stays within one agent's orders).
pub async fn duplicates(db: &Db, caller: &Caller, agent_id: i64, mobile: &str, address: &str) -> AppResult<Vec<super::DuplicateOrder>> {
    use crate::fulfil::logic_dedupe::{same_recipient, Recipient};
    caller.require(Perm::CreateOrder)?;
    let mobile = super::logic::bounded_text("mobile", mobile, 32, false)?;
    let address = super::logic::bounded_text("address", address, 400, false)?;
    if mobile.is_empty() && address.is_empty() {
        return Ok(Vec::new());
    }
    let new = Recipient { name: String::new(), mobile, address };
    let rows = db::open_orders(&mut *db.pool.acquire().await?, caller.scope(), DUPLICATE_WINDOW).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let reason = same_recipient(&new, &Recipient { name: String::new(), mobile: r.mobile.clone(), address: r.address.clone() })?;
            let status = OrderStatus::parse(&r.status)?;
            Some(super::DuplicateOrder {
                id: OrderId(r.id),
                order_no: r.order_no.unwrap_or_default(),
                recipient_name: r.recipient_name,
                address: r.address,
                status,
                total: crate::money::Money::from_fen(r.total_fen),
                created_at: r.created_at,
                reason_zh: reason.message(crate::i18n::Lang::Zh),
                reason_en: reason.message(crate::i18n::Lang::En),
                can_merge: status == OrderStatus::PendingPayment && r.agent_id == agent_id,
            })
        })
        .take(20)
        .collect())
}

/// Merge order `from` into order `keep` (合并订单) in one transaction: `from`'s lines move to
/// `keep` (its total grows by theirs; the goods stay reserved, moved to `keep`'s warehouse if
/// need be), `from` is closed as 已取消 with a total of 0, and both keep their histories — the
/// merge is written into each one's log (合并了订单 … / 已合并到 …). See [`check_merge`] for
/// which orders may merge.
pub async fn merge_orders(db: &Db, caller: &Caller, keep: OrderId, from: OrderId) -> AppResult<()> {
    use super::logic::{check_merge, MergeSide};
    caller.require(Perm::CreateOrder)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (keep_o, _) = own(&mut tx, caller, keep).await?;
    let (from_o, _) = own(&mut tx, caller, from).await?;
    let k = db::open_order(&mut tx, &keep_o).await?;
    let f = db::open_order(&mut tx, &from_o).await?;
    let paid = crate::finance::service::paid_of(&mut tx, from).await?.unwrap_or(0);
    let side = |r: &db::OpenOrderRow, paid_fen: i64| -> AppResult<MergeSide> {
        Ok(MergeSide {
            id: r.id,
            status: OrderStatus::parse(&r.status).ok_or_else(|| AppError::internal(format!("order {} has status {}", r.id, r.status)))?,
            agent_id: r.agent_id,
            mobile: r.mobile.clone(),
            address: r.address.clone(),
            coupon_fen: r.discount_fen,
            paid_fen,
        })
    };
    let (ks, fs) = (side(&k, 0)?, side(&f, paid)?);
    check_merge(&ks, &fs)?;
    let status = ks.status;
    // The sales aggregates: both orders out as they were, the merged one back in.
    if status.is_sale() {
        for o in [&keep_o, &from_o] {
            let facts = db::sale_facts(&mut tx, o).await?;
            crate::dashboard::service::record_sale(&mut tx, &facts, -1).await?;
        }
    }
    let lines = db::line_quantities(&mut tx, &from_o).await?;
    let ((kw, _), (fw, _)) = (db::warehouse_of(&mut tx, &keep_o).await?, db::warehouse_of(&mut tx, &from_o).await?);
    if kw != fw {
        if let Err(short) = inventory::service::move_order(&mut tx, fw, kw, &lines, now).await? {
            return Err(OrderError::StockShort { sku: short.sku, have: short.have, need: short.need }.into());
        }
    }
    db::move_lines(&mut tx, &from_o, &keep_o).await?;
    db::set_total(&mut tx, &keep_o, k.total_fen + f.total_fen, now).await?;
    db::set_total(&mut tx, &from_o, 0, now).await?;
    if db::set_status(&mut tx, &from_o, status, OrderStatus::Cancelled, false, now).await? != 1 {
        return Err(CommonError::Stale.into());
    }
    db::insert_event(&mut tx, &Event { order_id: from.0, from: Some(status), to: OrderStatus::Cancelled, user_id: caller.actor(), note: "merged", at: now }).await?;
    if status.is_sale() {
        let facts = db::sale_facts(&mut tx, &keep_o).await?;
        crate::dashboard::service::record_sale(&mut tx, &facts, 1).await?;
    }
    let (k_no, f_no) = (k.order_no.clone().unwrap_or_default(), f.order_no.clone().unwrap_or_default());
    let qty: i64 = lines.iter().map(|l| l.1).sum();
    let amount = crate::money::Money::from_fen(f.total_fen);
    let into_keep = format!("{f_no}（{qty} 件，{amount}）");
    db::insert_log(&mut tx, &db::LogEntry { order_id: keep.0, kind: LogKind::MergedFrom.code(), detail: &into_keep, old_value: "", user_id: caller.actor(), at: now }).await?;
    db::insert_log(&mut tx, &db::LogEntry { order_id: from.0, kind: LogKind::MergedInto.code(), detail: &k_no, old_value: "", user_id: caller.actor(), at: now }).await?;
    customers::service::order_changed(&mut tx, from.0, OrderStatus::Cancelled, now).await?;
    customers::service::order_changed(&mut tx, keep.0, status, now).await?;
    crate::audit::record(&mut tx, caller.actor(), "order", Some(keep.0), "merge", &format!("{f_no} → {k_no}"), now).await?;
    tx.commit().await?;
    Ok(())
}

/// At most this many orders go into one export.
pub const EXPORT_ROWS: usize = 20_000;

/// The order list as filtered, as an .xlsx file (every page of the filter, newest first, at
/// most [`EXPORT_ROWS`] orders).
pub async fn export_orders(db: &Db, caller: &Caller, filter: &OrderFilter) -> AppResult<Vec<u8>> {
    let mut f = OrderFilter { seek: crate::page::Seek::default(), ..filter.clone() };
    let mut rows = Vec::new();
    loop {
        let page = list_orders(db, caller, &f).await?;
        rows.extend(page.rows);
        match page.next {
            Some(c) if rows.len() < EXPORT_ROWS => f.seek = crate::page::Seek::After(c),
            _ => break,
        }
    }
    rows.truncate(EXPORT_ROWS);
    super::export::orders(&rows, caller.lang()).map_err(|e| AppError::internal(format!("xlsx: {e}")))
}
