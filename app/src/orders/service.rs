//! Order use cases (ssr only): each authorizes, checks scope, and runs in one transaction.

use super::logic::{check_new_order, order_no};
use super::{db, NewOrder, OrderDetail, OrderFilter, OrderPage, OrderStatus, Transition, PAGE_SIZE};
use crate::auth::{Caller, Perm};
use crate::customers;
use crate::error::{AppError, AppResult};
use crate::inventory::db::{self as stock, MovementRef};
use crate::inventory::MovementKind;
use crate::money::Money;
use crate::state::Db;
use crate::time::{day_of, now_ms};

pub async fn list_orders(db: &Db, caller: &Caller, filter: &OrderFilter) -> AppResult<OrderPage> {
    caller.require(Perm::ViewOrders)?;
    if filter.q.chars().count() > 64 {
        return Err(AppError::validation("q", "搜索内容过长", "Search text is too long"));
    }
    let (rows, total) = db::list(db, caller.scope(), filter).await?;
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    Ok(OrderPage { rows, total, page: filter.page.max(1), pages })
}

/// The order's owner, after checking it exists and is in the caller's scope.
async fn owned_order(db: &Db, caller: &Caller, id: i64) -> AppResult<OrderStatus> {
    let (agent_id, status) = db::owner_and_status(db, id).await?.ok_or(AppError::NotFound)?;
    caller.scope().check(agent_id)?;
    OrderStatus::parse(&status).ok_or_else(|| AppError::internal(format!("order {id} has unknown status {status}")))
}

pub async fn get_order(db: &Db, caller: &Caller, id: i64) -> AppResult<OrderDetail> {
    caller.require(Perm::ViewOrders)?;
    owned_order(db, caller, id).await?;
    let (summary, agent_id, address) = db::get(db, caller.scope(), id).await?.ok_or(AppError::NotFound)?;
    let lines = db::lines(db, id).await?;
    let events = db::events(db, id).await?;
    Ok(OrderDetail { summary, agent_id, address, lines, events })
}

/// Create an order (status 待付款) for an agent in the caller's scope. Prices come from the SKUs.
pub async fn create_order(db: &Db, caller: &Caller, input: &NewOrder) -> AppResult<(i64, String)> {
    caller.require(Perm::CreateOrder)?;
    let order = check_new_order(input)?;
    caller.scope().check(input.agent_id)?;
    if crate::auth::db::user_role(db, input.agent_id).await? != Some(crate::auth::Role::Agent) {
        return Err(AppError::validation("agent_id", "请选择所属代理", "Choose the agent"));
    }
    let now = now_ms();
    let mut tx = db.pool.begin().await?;
    let ids: Vec<i64> = order.lines.iter().map(|l| l.sku_id).collect();
    let prices = db::sku_prices(&mut tx, &ids).await?;
    let mut priced = Vec::with_capacity(order.lines.len());
    for l in &order.lines {
        let Some(&(_, price_fen)) = prices.iter().find(|(id, _)| *id == l.sku_id) else {
            return Err(AppError::validation("lines", "所选商品不存在", "An item does not exist"));
        };
        let line_total = Money::from_fen(price_fen).times(l.qty);
        priced.push((l.sku_id, l.qty, price_fen, line_total.to_fen()));
    }
    let total_fen = priced.iter().map(|p| Money::from_fen(p.3)).sum::<Money>().to_fen();
    let customer_id =
        customers::db::upsert(&mut tx, input.agent_id, &order.customer_name, &order.mobile, &order.address, now).await?;
    let head = db::OrderHead {
        agent_id: input.agent_id,
        customer_id,
        recipient_name: &order.customer_name,
        mobile: &order.mobile,
        address: &order.address,
        channel: input.channel,
        status: OrderStatus::PendingPayment,
        total_fen,
        created_by: caller.id(),
        at: now,
    };
    let id = db::insert(&mut tx, &head).await?;
    let no = order_no(day_of(now), id);
    db::set_order_no(&mut tx, id, &no).await?;
    for (sku_id, qty, unit, total) in priced {
        db::insert_line(&mut tx, id, sku_id, qty, unit, total).await?;
    }
    db::insert_event(&mut tx, id, None, OrderStatus::PendingPayment, caller.id(), now).await?;
    tx.commit().await?;
    Ok((id, no))
}

/// Apply a status change. Shipping takes every line out of stock in the same transaction
/// and refuses, changing nothing, if any SKU would go below zero.
pub async fn transition(db: &Db, caller: &Caller, id: i64, t: Transition) -> AppResult<OrderStatus> {
    caller.require(Perm::ViewOrders)?;
    let from = owned_order(db, caller, id).await?;
    caller.require(t.perm())?;
    let to = t.apply(from)?;
    let now = now_ms();
    let mut tx = db.pool.begin().await?;
    if db::set_status(&mut tx, id, from, to, now).await? != 1 {
        return Err(AppError::conflict("订单状态已被他人修改，请刷新后重试", "The order was changed by someone else; refresh and retry"));
    }
    if t == Transition::Ship {
        let wh = stock::main_warehouse(&mut tx).await?;
        let m = MovementRef { kind: MovementKind::Shipment, ref_type: Some("order"), ref_id: Some(id), note: "", user_id: Some(caller.id()), at: now };
        for (sku_id, qty) in db::line_quantities(&mut tx, id).await? {
            if !stock::take(&mut tx, sku_id, wh, qty, &m).await? {
                let (label, have) = stock::sku_state(&mut tx, sku_id, wh).await?.unwrap_or_default();
                return Err(AppError::conflict(
                    format!("「{label}」库存不足：现有 {have}，需要 {qty}"),
                    format!("Not enough stock of '{label}': {have} on hand, {qty} needed"),
                ));
            }
        }
    }
    db::insert_event(&mut tx, id, Some(from), to, caller.id(), now).await?;
    tx.commit().await?;
    Ok(to)
}
