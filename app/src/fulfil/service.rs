//! Fulfilment use cases (ssr only): the routing configuration, the courier of a new order,
//! the batch-shipping list, waybills, picking lists and tracking-number entry. Orders' rows
//! are read and changed through `orders::service` (scope and proofs stay there).

use super::db;
use super::logic::{self, FulfilError, MAX_BATCH};
use super::logic_barcode::{code128_svg, Code128Layout};
use super::logic_courier::{order_weight_g, place_of, route, OrderFacts, Routed, RoutingConfig, SenderAddress};
use super::logic_import::{parse_pasted, parse_table, TrackingLine};
use super::logic_picking::{picking_list as sum_picking, PickLine, PickList};
use super::logic_aftersale::{check_refund, next_state, AfterSaleAction, AfterSaleKind, AfterSaleState};
use super::{AfterSaleView, ImportOutcome, ImportRow, LabelSize, NewAfterSale, Refund, ReturnLine, Selection, ToShipFilter, ToShipRow, Waybill};
use crate::orders::{OrderId, OrderStatus};
use crate::auth::{Caller, Perm};
use crate::error::{AppError, AppResult};
use crate::money::Money;
use crate::orders::service::{self as orders, BatchOrder, Shipped};
use crate::page::Page;
use crate::state::{Db, Tx};
use crate::time::now_ms;
use sqlx::AnyConnection;

/// The routing configuration: the saved one, or the starting one (江浙沪 → 圆通, remote
/// areas → 邮政, else 中通) with an empty sender until the boss fills it in.
async fn config(conn: &mut AnyConnection) -> AppResult<RoutingConfig> {
    match db::routing(conn).await? {
        Some(json) => serde_json::from_str(&json).map_err(|e| AppError::internal(format!("routing config: {e}"))),
        None => Ok(RoutingConfig::seed(SenderAddress::default())),
    }
}

pub async fn get_routing(db: &Db, caller: &Caller) -> AppResult<RoutingConfig> {
    caller.require(Perm::ManageCouriers)?;
    config(&mut *db.pool.acquire().await?).await
}

/// Save the whole configuration after validation (the first problem is reported).
pub async fn save_routing(db: &Db, caller: &Caller, cfg: &RoutingConfig) -> AppResult<()> {
    caller.require(Perm::ManageCouriers)?;
    let cfg = tidy(cfg.clone());
    if let Err(errs) = cfg.validate() {
        return Err(errs.into_iter().next().unwrap_or(FulfilError::NothingSelected).into());
    }
    let json = serde_json::to_string(&cfg).map_err(AppError::internal)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    db::save_routing(&mut tx, &json, caller.actor(), now).await?;
    let summary = format!("{} couriers, {} rules, default {}", cfg.couriers.len(), cfg.rules.len(), cfg.default_courier);
    crate::audit::record(&mut tx, caller.actor(), "routing", None, "saved", &summary, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Trim texts and drop empty list entries, as forms send them.
fn tidy(mut cfg: RoutingConfig) -> RoutingConfig {
    let clean = |v: &mut Vec<String>| {
        v.iter_mut().for_each(|s| *s = s.trim().to_string());
        v.retain(|s| !s.is_empty());
    };
    for c in &mut cfg.couriers {
        c.code = c.code.trim().to_ascii_uppercase();
        c.name = c.name.trim().to_string();
    }
    for r in &mut cfg.rules {
        r.name = r.name.trim().to_string();
        r.courier_code = r.courier_code.trim().to_ascii_uppercase();
        clean(&mut r.when.provinces);
        clean(&mut r.when.cities);
    }
    cfg.remote_areas.retain(|a| !a.province.trim().is_empty());
    cfg.default_courier = cfg.default_courier.trim().to_ascii_uppercase();
    cfg
}

/// Every courier as (code, name, active).
pub(crate) async fn couriers(conn: &mut AnyConnection) -> AppResult<Vec<(String, String, bool)>> {
    Ok(config(conn).await?.couriers.into_iter().map(|c| (c.code, c.name, c.active)).collect())
}

/// The name of an active courier, or `CourierUnknown`.
pub(crate) async fn active_courier_name(tx: &mut Tx, code: &str) -> AppResult<String> {
    let cfg = config(tx).await?;
    match cfg.courier(code) {
        Some(c) if c.active => Ok(c.name.clone()),
        _ => Err(FulfilError::CourierUnknown { courier: code.chars().take(16).collect() }.into()),
    }
}

/// Remember a customer's courier (their later orders get it unless a forced rule decides).
pub(crate) async fn remember_courier(tx: &mut Tx, customer_id: i64, code: &str, at: i64) -> AppResult<()> {
    Ok(db::set_customer_courier(tx, customer_id, code, at).await?)
}

/// The courier of a new order, inside its transaction: its place (from the address), weight
/// (SKU weights × quantities), amount and the customer's courier go through the rules.
pub(crate) async fn route_order(tx: &mut Tx, customer_id: i64, address: &str, lines: &[(i64, i64)], total_fen: i64) -> AppResult<Routed> {
    let mut routed = route_orders(tx, &[(customer_id, address, lines.to_vec(), total_fen)]).await?;
    routed.pop().ok_or_else(|| AppError::internal("routing answered no courier"))
}

/// The couriers of many new orders (an import; one for [`route_order`]): (customer id,
/// address, (SKU, qty) lines, total in fen) each; the rules, weights and preferred couriers
/// read once.
pub(crate) async fn route_orders(tx: &mut Tx, orders: &[(i64, &str, Vec<(i64, i64)>, i64)]) -> AppResult<Vec<Routed>> {
    let cfg = config(tx).await?;
    let mut skus: Vec<i64> = orders.iter().flat_map(|o| o.2.iter().map(|l| l.0)).collect();
    skus.sort_unstable();
    skus.dedup();
    let mut weights = std::collections::HashMap::new();
    for chunk in skus.chunks(400) {
        weights.extend(crate::inventory::service::weights(tx, chunk).await?);
    }
    let mut customers: Vec<i64> = orders.iter().map(|o| o.0).collect();
    customers.sort_unstable();
    customers.dedup();
    let mut preferred = std::collections::HashMap::new();
    for chunk in customers.chunks(400) {
        preferred.extend(db::customer_couriers(tx, chunk).await?);
    }
    Ok(orders
        .iter()
        .map(|(customer_id, address, lines, total_fen)| {
            let weight_g = order_weight_g(lines.iter().map(|(sku, qty)| (weights.get(sku).copied().unwrap_or(0), *qty)));
            let (province, city) = place_of(address);
            let preferred_courier = preferred.get(customer_id).cloned();
            route(&cfg, &OrderFacts { province, city, weight_g, amount_fen: *total_fen, preferred_courier })
        })
        .collect())
}

/// One page of 待发货 orders for batch shipping, with their courier's name and a mark on
/// orders that have an open twin to the same recipient.
pub async fn list_to_ship(db: &Db, caller: &Caller, filter: &ToShipFilter) -> AppResult<Page<ToShipRow>> {
    let courier = filter.courier.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let page = orders::to_ship_page(db, caller, courier, filter.seek).await?;
    let names = couriers(&mut *db.pool.acquire().await?).await?;
    let name = |code: &str| names.iter().find(|(c, _, _)| c == code).map(|(_, n, _)| n.clone()).unwrap_or_else(|| code.to_string());
    Ok(Page {
        rows: page
            .rows
            .into_iter()
            .map(|o| ToShipRow {
                id: o.id,
                courier_name: name(&o.courier_code),
                order_no: o.order_no,
                recipient_name: o.recipient_name,
                mobile: o.mobile,
                address: o.address,
                total: Money::from_fen(o.total_fen),
                created_at: o.created_at,
                courier_code: o.courier_code,
                duplicate_of: o.twin,
            })
            .collect(),
        next: page.next,
        prev: page.prev,
        count: page.count,
    })
}

/// The orders of a selection, in the caller's scope (a ticked order outside it: not found).
async fn selected(db: &Db, caller: &Caller, sel: &Selection) -> AppResult<Vec<BatchOrder>> {
    caller.require(Perm::Ship)?;
    if !sel.all && sel.ids.is_empty() {
        return Err(FulfilError::NothingSelected.into());
    }
    if sel.ids.len() > MAX_BATCH as usize {
        return Err(FulfilError::TooManySelected { max: MAX_BATCH }.into());
    }
    let courier = sel.courier.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let ids = (!sel.all).then_some(sel.ids.as_slice());
    let orders = orders::batch(db, caller, ids, courier, i64::from(MAX_BATCH)).await?;
    if orders.is_empty() {
        return Err(FulfilError::NothingSelected.into());
    }
    Ok(orders)
}

/// Waybill labels of the selected orders, one per order, oldest first.
pub async fn waybills(db: &Db, caller: &Caller, sel: &Selection, size: LabelSize) -> AppResult<Vec<Waybill>> {
    let orders = selected(db, caller, sel).await?;
    let cfg = config(&mut *db.pool.acquire().await?).await?;
    let layout = match size {
        LabelSize::L100x180 => Code128Layout::LABEL_100X180,
        LabelSize::L76x130 => Code128Layout::LABEL_76X130,
    };
    let mut out = Vec::with_capacity(orders.len());
    for o in orders {
        let courier = cfg.courier(&o.courier_code).or_else(|| cfg.courier(&cfg.default_courier));
        let barcode_svg = code128_svg(&o.order_no, &layout).map_err(|e| AppError::internal(format!("barcode of {}: {e:?}", o.order_no)))?;
        let items = o
            .lines
            .iter()
            .map(|l| {
                let variant = [l.color.as_str(), l.size.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join("/");
                if variant.is_empty() { format!("{}×{}", l.product_name, l.qty) } else { format!("{}（{}）×{}", l.product_name, variant, l.qty) }
            })
            .collect::<Vec<_>>()
            .join("，");
        out.push(Waybill {
            courier_code: courier.map(|c| c.code.clone()).unwrap_or_default(),
            courier_name: courier.map(|c| c.name.clone()).unwrap_or_default(),
            account: courier.map(|c| c.account.clone()).unwrap_or_default(),
            sender: courier.map(|c| c.sender.clone()).unwrap_or_default(),
            weight_g: order_weight_g(o.lines.iter().map(|l| (l.weight_g, l.qty))),
            order_no: o.order_no,
            recipient_name: o.recipient_name,
            mobile: o.mobile,
            address: o.address,
            items,
            barcode_svg,
        });
    }
    Ok(out)
}

/// The picking list of the selected orders: every SKU once with its total.
pub async fn picking_list(db: &Db, caller: &Caller, sel: &Selection) -> AppResult<PickList> {
    let orders = selected(db, caller, sel).await?;
    let lines: Vec<PickLine> = orders
        .iter()
        .flat_map(|o| {
            o.lines.iter().map(|l| PickLine {
                order_no: o.order_no.clone(),
                sku_code: l.sku_code.clone(),
                name: l.product_name.clone(),
                variant: [l.color.as_str(), l.size.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" / "),
                location: String::new(),
                qty: l.qty,
            })
        })
        .collect();
    sum_picking(&lines).map_err(|e| AppError::internal(format!("picking list: {e:?}")))
}

/// The picking list of a selection as an .xlsx file.
pub async fn export_picking(db: &Db, caller: &Caller, sel: &Selection) -> AppResult<Vec<u8>> {
    let list = picking_list(db, caller, sel).await?;
    super::export::picking(&list, caller.lang()).map_err(|e| AppError::internal(format!("xlsx: {e}")))
}

/// Ship every row on its own (one transaction each): the rows that fail are reported with
/// the reason, the others go through; a row shipped before with the same number is
/// `Unchanged`, so running the same import again changes nothing.
async fn ship_rows(db: &Db, caller: &Caller, rows: Vec<TrackingLine>) -> AppResult<Vec<ImportRow>> {
    caller.require(Perm::Ship)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let outcome = match logic::tracking_no(&r.tracking_no) {
            Err(e) => ImportOutcome::Failed(e.into()),
            Ok(t) => match orders::ship_with_tracking(db, caller, &r.order_no, &t).await {
                Ok(Shipped::Now) => ImportOutcome::Shipped,
                Ok(Shipped::Before) => ImportOutcome::Unchanged,
                Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => ImportOutcome::Failed(e),
                Err(e) => return Err(e),
            },
        };
        out.push(ImportRow { line: r.line, order_no: r.order_no, tracking_no: r.tracking_no, outcome });
    }
    Ok(out)
}

/// Tracking numbers typed, pasted or scanned: one "order no. tracking no." per line.
pub async fn import_tracking(db: &Db, caller: &Caller, text: &str) -> AppResult<Vec<ImportRow>> {
    caller.require(Perm::Ship)?;
    ship_rows(db, caller, parse_pasted(text)?).await
}

/// A courier's export (CSV in UTF-8 or GBK, or xlsx) with order and tracking columns.
pub async fn import_tracking_file(db: &Db, caller: &Caller, bytes: &[u8]) -> AppResult<Vec<ImportRow>> {
    caller.require(Perm::Ship)?;
    let table = read_table(bytes)?;
    ship_rows(db, caller, parse_table(&table)?).await
}

/// The cells of the first sheet of an xlsx file, or of a CSV file (UTF-8 with or without
/// BOM; otherwise GBK, as Chinese Excel saves it).
fn read_table(bytes: &[u8]) -> Result<Vec<Vec<String>>, FulfilError> {
    use calamine::{Data, Reader, Xlsx};
    if bytes.starts_with(b"PK") {
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).map_err(|_| FulfilError::ImportUnreadable)?;
        let range = book.worksheet_range_at(0).ok_or(FulfilError::ImportUnreadable)?.map_err(|_| FulfilError::ImportUnreadable)?;
        return Ok(range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect());
    }
    let text = match std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let (s, _, bad) = encoding_rs::GBK.decode(bytes);
            if bad {
                return Err(FulfilError::ImportUnreadable);
            }
            s.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader.records().map(|r| r.map(|rec| rec.iter().map(str::to_string).collect()).map_err(|_| FulfilError::ImportUnreadable)).collect()
}

// ---- after-sales (O2) and refunds ----

/// What may still be refunded is measured against this: the payments matched to the order
/// (less bill refunds), or, with none matched, its total once it was marked paid.
async fn paid_fen(tx: &mut Tx, order: OrderId, total_fen: i64) -> AppResult<i64> {
    Ok(crate::finance::service::paid_of(tx, order).await?.unwrap_or(total_fen))
}

/// Ask for a return, exchange or refund on a shipped or completed order. The refund may
/// not exceed what was paid less refunds made or requested; returned goods must be on the
/// order (at most its quantity, less what earlier requests send back).
pub async fn request_after_sale(db: &Db, caller: &Caller, input: &NewAfterSale) -> AppResult<i64> {
    caller.require(Perm::CreateOrder)?;
    let reason = crate::orders::logic::bounded_text("reason", &input.reason, 200, true)?;
    let refund = if input.refund.trim().is_empty() { Money::from_fen(0) } else { Money::parse_field("refund", &input.refund)? };
    let refund_fen = refund.round_fen().to_fen();
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let order = OrderId(input.order_id);
    let o = orders::for_after_sale(&mut tx, caller, order).await?;
    if !matches!(o.status, OrderStatus::Shipped | OrderStatus::Completed) {
        return Err(FulfilError::AfterSaleNotShipped { status: o.status }.into());
    }
    let mut lines: Vec<ReturnLine> = input.lines.iter().copied().filter(|l| l.qty != 0).collect();
    lines.sort_by_key(|l| l.sku_id);
    if input.kind.returns_goods() {
        if lines.is_empty() {
            return Err(FulfilError::ReturnLinesMissing.into());
        }
        let before = db::returned_qty(&mut tx, order.0).await?;
        for (i, l) in lines.iter().enumerate() {
            let on_order: i64 = o.lines.iter().filter(|(s, _)| *s == l.sku_id).map(|(_, q)| q).sum();
            let back: i64 = before.iter().filter(|(s, _)| *s == l.sku_id).map(|(_, q)| q).sum();
            let twice = i > 0 && lines[i - 1].sku_id == l.sku_id;
            if l.qty < 0 || twice || l.qty + back > on_order {
                return Err(FulfilError::ReturnLineInvalid { sku_id: l.sku_id }.into());
            }
        }
    } else {
        lines.clear();
    }
    let paid = paid_fen(&mut tx, order, o.total_fen).await?;
    let (refunded, pending) = db::refund_totals(&mut tx, order.0, 0).await?;
    check_refund(refund_fen, paid, refunded, pending)?;
    let row = db::NewRow { order_id: order.0, kind: input.kind.code(), reason: &reason, refund_fen, by: caller.actor(), at: now };
    let id = db::insert_after_sale(&mut tx, &row).await?;
    for l in &lines {
        db::insert_after_sale_line(&mut tx, id, l.sku_id, l.qty).await?;
    }
    let detail = format!("#{id} {} {} {}", input.kind.label(crate::i18n::Lang::Zh), refund, reason);
    orders::log_after_sale(&mut tx, caller, order, &detail, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// The permission an after-sales step needs.
fn step_perm(action: AfterSaleAction) -> Perm {
    match action {
        AfterSaleAction::Approve | AfterSaleAction::Reject => Perm::DecideAfterSales,
        AfterSaleAction::ReceiveReturn => Perm::ReceiveStock,
        AfterSaleAction::Refund => Perm::Refund,
    }
}

/// Take a step on a request: approve or reject it (the boss); receive the goods back into
/// the order's warehouse through a return movement (the warehouse); refund it (finance),
/// which records the refund — never more than is left to refund.
pub async fn after_sale_step(db: &Db, caller: &Caller, id: i64, action: AfterSaleAction) -> AppResult<AfterSaleState> {
    caller.require(Perm::ViewOrders)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (order_id, kind, state, refund_fen) = db::after_sale(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let order = OrderId(order_id);
    let o = orders::for_after_sale(&mut tx, caller, order).await?;
    caller.require(step_perm(action))?;
    let bad = || AppError::internal(format!("after-sale {id} has kind {kind} / state {state}"));
    let kind_v = AfterSaleKind::parse(&kind).ok_or_else(bad)?;
    let from = AfterSaleState::parse(&state).ok_or_else(bad)?;
    let to = next_state(kind_v, from, action)?;
    if db::set_after_sale_state(&mut tx, id, from.code(), to.code(), now).await? != 1 {
        return Err(crate::error::CommonError::Stale.into());
    }
    match action {
        AfterSaleAction::ReceiveReturn => {
            let lines = db::after_sale_lines(&mut tx, id).await?;
            crate::inventory::service::return_for_order(&mut tx, db.backend, caller, order_id, o.warehouse_id, &lines, now).await?;
        }
        AfterSaleAction::Refund if refund_fen > 0 => {
            let paid = paid_fen(&mut tx, order, o.total_fen).await?;
            let (refunded, pending) = db::refund_totals(&mut tx, order_id, id).await?;
            check_refund(refund_fen, paid, refunded, pending)?;
            db::insert_refund(&mut tx, order_id, id, refund_fen, now, caller.actor()).await?;
            crate::customers::service::order_refunded(&mut tx, order_id, now).await?;
        }
        _ => {}
    }
    let detail = format!("#{id} {}", to.label(crate::i18n::Lang::Zh));
    orders::log_after_sale(&mut tx, caller, order, &detail, now).await?;
    tx.commit().await?;
    Ok(to)
}

/// The after-sales requests of an order, with the steps this caller may take.
pub async fn after_sales_of_order(db: &Db, caller: &Caller, order_id: i64) -> AppResult<Vec<AfterSaleView>> {
    caller.require(Perm::ViewOrders)?;
    let mut conn = db.pool.acquire().await?;
    // Vouch for the order the same way (out of scope: not found).
    orders::for_after_sale(&mut conn, caller, OrderId(order_id)).await?;
    let rows = db::after_sales_of(&mut conn, order_id).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (Some(kind), Some(state)) = (AfterSaleKind::parse(&r.kind), AfterSaleState::parse(&r.state)) else { continue };
        let lines = db::after_sale_lines(&mut conn, r.id).await?.into_iter().map(|(sku_id, qty)| ReturnLine { sku_id, qty }).collect();
        let actions = super::logic_aftersale::actions(kind, state).into_iter().filter(|a| caller.role().can(step_perm(*a))).collect();
        out.push(AfterSaleView {
            id: r.id,
            order_id: r.order_id,
            kind,
            state,
            reason: r.reason,
            refund: Money::from_fen(r.refund_fen),
            lines,
            requested_by: r.requested_by.unwrap_or_default(),
            requested_at: r.requested_at,
            actions,
        });
    }
    Ok(out)
}

fn refund_of(r: (i64, i64, Option<i64>, i64, i64, Option<i64>)) -> Refund {
    Refund { id: r.0, order_id: r.1, after_sale_id: r.2, amount_fen: r.3, at: r.4, by_user: r.5 }
}

/// Refunds of the given orders, oldest first (commissions claw back from these). No
/// permission check: the caller area has already vouched for the orders.
pub async fn refunds_of_orders(conn: &mut AnyConnection, order_ids: &[i64]) -> AppResult<Vec<Refund>> {
    if order_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for chunk in order_ids.chunks(400) {
        out.extend(db::refunds_of_orders(conn, chunk).await?.into_iter().map(refund_of));
    }
    out.sort_by_key(|r| (r.at, r.id));
    Ok(out)
}

/// What was refunded per refunded order (order id → fen): the customers area nets these out
/// of spend and leaves fully refunded orders out of its counts. Refunds are few next to
/// orders, so this reads them all.
pub async fn refunded_by_order(conn: &mut AnyConnection) -> AppResult<std::collections::HashMap<i64, i64>> {
    Ok(db::refund_sums(conn).await?.into_iter().collect())
}

/// Refunds made in [from_ms, to_ms), oldest first (finance books them).
pub async fn refunds_between(conn: &mut AnyConnection, from_ms: i64, to_ms: i64) -> AppResult<Vec<Refund>> {
    Ok(db::refunds_between(conn, from_ms, to_ms).await?.into_iter().map(refund_of).collect())
}

/// Customer `from` is being merged into `into` (a 撞单 decision or a leaver's duplicate): its
/// preferred courier moves unless `into` has one. In the caller's transaction.
pub(crate) async fn customers_merged(tx: &mut Tx, from: i64, into: i64) -> AppResult<()> {
    Ok(db::merge_customer_courier(tx, from, into).await?)
}
