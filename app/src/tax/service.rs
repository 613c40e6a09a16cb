//! Tax use cases (ssr only). Every one requires `Perm::Tax` (the boss and finance); every
//! write runs in one transaction, so a refused draft, reversal or record changes nothing.
//! Orders are read through `orders::service`, product names through `inventory::service`.

use super::db::{self, FactRow, HeadRow, LineRow, NewHead, NewInput, ProfileRow};
use super::logic::{self, check_input, check_profile, check_settings, date_ms, hand_lines, invoice_sales, order_lines, parse_date, parse_period, LineFact, OrderItem};
use super::logic_capitals::capitals_fen;
use super::logic_invoice::{assemble, check_within_order, validate_draft, Buyer, DraftLine, InvoiceDraft, InvoiceLine, RedLink, Seller};
use super::logic_invoice_red::{is_invoice_number, red_letter_lines, RedLineRequest, RedScope, Reversed};
use super::logic_rate::{TaxRate, TaxpayerType};
use super::logic_split::{totals, SplitLine};
use super::logic_vat::{InputTax, Period, SaleDoc, SaleRecord};
use super::logic_vat_general::GeneralParams;
use super::logic_vat_policy::TaxPolicy;
use super::logic_vat_small::{small_scale_return, SmallScaleParams};
use super::{
    InputFilter, InputInvoice, InputInvoiceId, Invoice, InvoiceDetail, InvoiceFilter, InvoiceId, InvoiceOrderRef, InvoicePreview, InvoiceStatus,
    InvoiceSummary, InvoiceableOrder, NewInputInvoice, NewInvoice, PolicyRow, ProductTax, ProductTaxFilter, ProfileInput, RedRef, ReverseInput,
    TaxError, TaxIdWarning, TaxProfile, TaxSettingsInput, VatSummary,
};
use crate::auth::{Caller, Perm};
use crate::error::{is_unique_violation, AppError, AppResult, CommonError};
use crate::money::Money;
use crate::orders::service::OrderForInvoice;
use crate::page::{Cursor, Page};
use crate::state::Db;
use crate::time::{day_of, day_start_ms, now_ms};
use crate::{inventory, orders};
use rust_decimal::Decimal;
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::str::FromStr;

/// Most orders on one invoice.
pub const MAX_ORDERS: usize = 50;

fn profile_of(r: &ProfileRow) -> TaxProfile {
    let warnings = super::logic_uscc::parse_tax_id(&r.tax_id).map(|id| id.warnings).unwrap_or_default();
    TaxProfile {
        taxpayer: r.taxpayer(),
        name: r.name.clone(),
        tax_id: r.tax_id.clone(),
        address: r.address.clone(),
        phone: r.phone.clone(),
        bank: r.bank.clone(),
        bank_account: r.bank_account.clone(),
        city: r.city(),
        individual_business: r.individual_business == 1,
        surcharge_relief: r.surcharge_relief == 1,
        credit_month: r.credit_month.clone(),
        opening_credit: Money::from_fen(r.opening_credit_fen),
        warnings,
    }
}

async fn profile_row(conn: &mut AnyConnection) -> AppResult<ProfileRow> {
    db::profile(conn).await?.ok_or_else(|| TaxError::ProfileMissing.into())
}

pub async fn get_profile(db: &Db, caller: &Caller) -> AppResult<Option<TaxProfile>> {
    caller.require(Perm::Tax)?;
    let mut conn = db.pool.acquire().await?;
    Ok(db::profile(&mut conn).await?.as_ref().map(profile_of))
}

/// Save the company's tax profile; returns the warnings its tax id was accepted with.
pub async fn save_profile(db: &Db, caller: &Caller, input: &ProfileInput) -> AppResult<Vec<TaxIdWarning>> {
    caller.require(Perm::Tax)?;
    let c = check_profile(input)?;
    let row = ProfileRow {
        taxpayer_type: input.taxpayer.code().into(),
        name: c.name,
        tax_id: c.tax_id.normalized.clone(),
        address: input.address.trim().into(),
        phone: input.phone.trim().into(),
        bank: input.bank.trim().into(),
        bank_account: input.bank_account.trim().into(),
        city_tier: input.city.code().into(),
        individual_business: i64::from(input.individual_business),
        surcharge_relief: i64::from(input.surcharge_relief),
        credit_month: c.credit_month.code(),
        opening_credit_fen: c.opening_credit_fen,
    };
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    db::save_profile(&mut tx, &row, caller.actor(), now).await?;
    crate::audit::record(&mut tx, caller.actor(), "tax_profile", Some(1), "save", &row.tax_id, now).await?;
    tx.commit().await?;
    Ok(c.tax_id.warnings)
}

/// Products with their tax settings, paged by product id.
pub async fn list_product_tax(db: &Db, caller: &Caller, f: &ProductTaxFilter) -> AppResult<Page<ProductTax>> {
    caller.require(Perm::Tax)?;
    crate::orders::logic::bounded_text("q", &f.q, 64, false)?;
    let page = inventory::service::product_page(db, &f.q, f.seek).await?;
    let ids: Vec<i64> = page.rows.iter().map(|p| p.id).collect();
    let mut conn = db.pool.acquire().await?;
    let mut settings = db::settings(&mut conn, Some(&ids)).await?;
    let rows = page
        .rows
        .into_iter()
        .map(|p| ProductTax { product_id: p.id, settings: settings.remove(&p.id), name: p.name, category: p.category })
        .collect();
    Ok(Page { rows, next: page.next, prev: page.prev, count: page.count })
}

/// Set a product's tax settings (checked against the profile's taxpayer type, if any).
pub async fn save_product_tax(db: &Db, caller: &Caller, input: &TaxSettingsInput) -> AppResult<()> {
    caller.require(Perm::Tax)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let taxpayer = db::profile(&mut tx).await?.map(|p| p.taxpayer());
    let s = check_settings(input, taxpayer)?;
    let Some(name) = inventory::service::product_name(&mut tx, input.product_id).await? else {
        return Err(AppError::NotFound);
    };
    db::save_settings(&mut tx, input.product_id, &s, caller.actor(), now).await?;
    crate::audit::record(&mut tx, caller.actor(), "tax_product", Some(input.product_id), "save", &format!("{name} {}", s.tax_code), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Sold orders of the buyer whose orders carry `q` (mobile or order number), with what is
/// already invoiced of each.
pub async fn invoiceable_orders(db: &Db, caller: &Caller, q: &str) -> AppResult<Vec<InvoiceableOrder>> {
    caller.require(Perm::Tax)?;
    let q = crate::orders::logic::bounded_text("q", q, 64, true)?;
    let found = orders::service::sold_orders_of_buyer(db, caller, &q).await?;
    let ids: Vec<i64> = found.iter().map(|o| o.id).collect();
    let mut conn = db.pool.acquire().await?;
    let invoiced = db::invoiced(&mut conn, &ids).await?;
    Ok(found
        .into_iter()
        .map(|o| InvoiceableOrder {
            invoiced: Money::from_fen(invoiced.get(&o.id).copied().unwrap_or(0)),
            order_id: o.id,
            order_no: o.order_no,
            customer_id: o.customer_id,
            customer_name: o.recipient_name,
            mobile: o.mobile,
            total: Money::from_fen(o.total_fen),
            created_at: o.created_at,
        })
        .collect())
}

/// A checked draft: the invoice, the product of each line, and the orders it takes.
struct Drafted {
    invoice: Invoice,
    products: Vec<Option<i64>>,
    orders: Vec<OrderForInvoice>,
}

/// Check a new invoice inside `tx` (orders read there), without writing.
async fn draft(tx: &mut crate::state::Tx, caller: &Caller, input: &NewInvoice) -> AppResult<Drafted> {
    let profile = profile_row(tx).await?;
    let seller = Seller { name: profile.name.clone(), tax_id: profile.tax_id.clone(), taxpayer: profile.taxpayer() };
    let buyer = Buyer {
        name: input.buyer_name.to_string(),
        tax_id: input.buyer_tax_id.to_string(),
        address_phone: input.buyer_address_phone.to_string(),
        bank_account: input.buyer_bank_account.to_string(),
        natural_person: input.natural_person,
    };
    crate::orders::logic::bounded_text("note", &input.note, 200, false)?;
    let (lines, products, orders) = if input.order_ids.is_empty() {
        if input.lines.len() > super::logic_invoice::MAX_LINES {
            return Err(TaxError::Invoice { errors: vec![super::logic_invoice_error::InvoiceError::TooManyLines { max: super::logic_invoice::MAX_LINES }] }.into());
        }
        let lines: Vec<DraftLine> = hand_lines(&input.lines)?;
        let products = vec![None; lines.len()];
        (lines, products, Vec::new())
    } else {
        let (lines, products, orders) = order_draft(tx, caller, &input.order_ids).await?;
        (lines, products.into_iter().map(Some).collect(), orders)
    };
    let invoice = validate_draft(&InvoiceDraft { kind: input.kind, seller, buyer, lines }).map_err(TaxError::from)?;
    // Whole orders go on an invoice: each must have nothing invoiced yet.
    let ids: Vec<i64> = orders.iter().map(|o| o.id).collect();
    let invoiced = db::invoiced(tx, &ids).await?;
    for o in &orders {
        let done = invoiced.get(&o.id).copied().unwrap_or(0);
        if let Err(error) = check_within_order(o.total_fen, done, o.total_fen) {
            return Err(TaxError::OrderInvoiced { order_no: o.order_no.clone(), error }.into());
        }
    }
    Ok(Drafted { invoice, products, orders })
}

/// Draft lines from sold orders of one buyer, with the products' tax settings.
async fn order_draft(tx: &mut crate::state::Tx, caller: &Caller, ids: &[i64]) -> AppResult<(Vec<DraftLine>, Vec<i64>, Vec<OrderForInvoice>)> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > MAX_ORDERS {
        return Err(CommonError::OutOfRange { field: "order_ids".into(), min: 1, max: MAX_ORDERS as i64 }.into());
    }
    let orders = orders::service::for_invoice(tx, caller, &ids).await?;
    if let Some(o) = orders.iter().find(|o| !o.sold) {
        return Err(TaxError::OrderNotSold { order_no: o.order_no.clone() }.into());
    }
    if orders.windows(2).any(|w| w[0].customer_id != w[1].customer_id) {
        return Err(TaxError::SeveralBuyers.into());
    }
    let items: Vec<OrderItem> = orders
        .iter()
        .flat_map(|o| o.lines.iter())
        .map(|l| OrderItem {
            product_id: l.product_id,
            name: l.product_name.clone(),
            spec: [l.color.as_str(), l.size.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join("/"),
            qty: l.qty,
            unit_price_fen: l.unit_price_fen,
            gross_fen: l.line_total_fen,
        })
        .collect();
    let product_ids: Vec<i64> = items.iter().map(|i| i.product_id).collect();
    let settings = db::settings(tx, Some(&product_ids)).await?;
    let (lines, products) = order_lines(&items, |id| settings.get(&id).cloned())?;
    Ok((lines, products, orders))
}

fn order_refs(orders: &[OrderForInvoice]) -> Vec<InvoiceOrderRef> {
    orders.iter().map(|o| InvoiceOrderRef { order_id: o.id, order_no: o.order_no.clone(), gross: Money::from_fen(o.total_fen) }).collect()
}

/// What the invoice would be: lines, totals, capitals, warnings. Writes nothing.
pub async fn preview_invoice(db: &Db, caller: &Caller, input: &NewInvoice) -> AppResult<InvoicePreview> {
    caller.require(Perm::Tax)?;
    let mut tx = db.pool.begin().await?;
    let d = draft(&mut tx, caller, input).await?;
    tx.rollback().await?;
    Ok(InvoicePreview { orders: order_refs(&d.orders), invoice: d.invoice })
}

/// Record a new invoice as 待开票. From orders: each order is taken whole, and the
/// conditional update refuses it if another invoice took it meanwhile.
pub async fn create_invoice(db: &Db, caller: &Caller, input: &NewInvoice) -> AppResult<InvoiceId> {
    caller.require(Perm::Tax)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let d = draft(&mut tx, caller, input).await?;
    for o in &d.orders {
        if !db::take_order(&mut tx, o.id, o.total_fen, o.total_fen).await? {
            let done = db::invoiced(&mut tx, &[o.id]).await?.get(&o.id).copied().unwrap_or(0);
            let error = check_within_order(o.total_fen, done, o.total_fen).err().unwrap_or(super::logic_invoice_error::InvoiceError::OrderOverInvoiced { order_fen: o.total_fen, invoiced_fen: done });
            return Err(TaxError::OrderInvoiced { order_no: o.order_no.clone(), error }.into());
        }
    }
    let head = NewHead {
        kind: input.kind,
        red_of: None,
        red_reason: None,
        taxpayer: d.invoice.seller.taxpayer,
        inv: &d.invoice,
        note: input.note.trim(),
        user: caller.actor(),
        at: now,
    };
    let id = db::insert_invoice(&mut tx, &head).await?;
    db::insert_lines(&mut tx, id, &d.invoice, &d.products, &[]).await?;
    for o in &d.orders {
        db::insert_invoice_order(&mut tx, id, o.id, o.total_fen).await?;
    }
    crate::audit::record(&mut tx, caller.actor(), "invoice", Some(id), "create", &Money::from_fen(d.invoice.gross_fen).to_string(), now).await?;
    tx.commit().await?;
    Ok(InvoiceId(id))
}

/// The issued-in-period range of a filter, if it names a period.
fn period_range(text: &str) -> Result<Option<(i64, i64)>, TaxError> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let p = parse_period(text)?;
    Ok(Some(range(p)))
}

/// [first day's start, day after the last day's start) of a period, in UTC ms.
fn range(p: Period) -> (i64, i64) {
    (date_ms(p.first_day()), date_ms(p.last_day()) + crate::time::DAY_MS)
}

pub async fn list_invoices(db: &Db, caller: &Caller, f: &InvoiceFilter) -> AppResult<Page<InvoiceSummary>> {
    caller.require(Perm::Tax)?;
    let issued = period_range(&f.period)?;
    let (rows, count) = db::list_invoices(db, f, issued).await?;
    Ok(Page::assemble(rows, f.seek, count, |r| Cursor { key: r.created_at, id: r.id.0 }))
}

/// Rebuild the logic's invoice from stored rows (totals and capitals recomputed).
fn rebuild(head: &HeadRow, lines: &[LineRow], red_of: Option<RedLink>) -> AppResult<Invoice> {
    let s = head.summary();
    let seller = Seller {
        name: head.seller_name.clone(),
        tax_id: head.seller_tax_id.clone(),
        taxpayer: TaxpayerType::parse(&head.taxpayer_type).unwrap_or(TaxpayerType::SmallScale),
    };
    let buyer = Buyer {
        name: s.buyer_name.clone(),
        tax_id: s.buyer_tax_id.clone(),
        address_phone: head.buyer_address_phone.clone(),
        bank_account: head.buyer_bank_account.clone(),
        natural_person: head.buyer_natural_person == 1,
    };
    let dec = |v: &Option<String>| v.as_deref().and_then(|t| Decimal::from_str(t).ok());
    let split_lines: Vec<SplitLine> = lines
        .iter()
        .map(|l| SplitLine {
            item_name: l.item_name.clone(),
            spec: l.spec.clone(),
            unit: l.unit.clone(),
            qty: dec(&l.qty),
            unit_price_excl: dec(&l.unit_price),
            rate: TaxRate::parse(&l.rate).unwrap_or(TaxRate::Exempt),
            gross_fen: l.gross_fen,
            amount_fen: l.amount_fen,
            tax_fen: l.tax_fen,
        })
        .collect();
    let codes = lines.iter().map(|l| (l.tax_code.clone(), l.simplified == 1)).collect();
    assemble(s.kind, seller, buyer, totals(split_lines), codes, red_of).map_err(|e| AppError::internal(format!("invoice {}: {e:?}", s.id.0)))
}

/// An invoice with its lines, as stored.
async fn load(conn: &mut AnyConnection, id: i64) -> AppResult<(HeadRow, Vec<LineRow>, Invoice)> {
    let head = db::head(conn, id).await?.ok_or(AppError::NotFound)?;
    let lines = db::lines(conn, id).await?;
    let link = match head.red_of() {
        Some(orig) => {
            let number = db::head(conn, orig).await?.and_then(|h| h.summary().number).unwrap_or_default();
            let reason = head.red_reason.as_deref().and_then(super::RedReason::parse).unwrap_or(super::RedReason::SalesReturn);
            Some(RedLink { original_number: number, reason })
        }
        None => None,
    };
    let invoice = rebuild(&head, &lines, link)?;
    Ok((head, lines, invoice))
}

/// What red-letter invoices took from each line of `invoice` (all zero for none).
async fn taken(conn: &mut AnyConnection, id: i64, lines: usize, issued_only: bool) -> AppResult<Vec<Reversed>> {
    let mut out = vec![Reversed::default(); lines];
    for (line, gross_fen, amount_fen, tax_fen) in db::reversed(conn, id, issued_only).await? {
        if let Some(r) = usize::try_from(line).ok().and_then(|l| l.checked_sub(1)).and_then(|i| out.get_mut(i)) {
            *r = Reversed { gross_fen, amount_fen, tax_fen };
        }
    }
    Ok(out)
}

pub async fn get_invoice(db: &Db, caller: &Caller, id: InvoiceId) -> AppResult<InvoiceDetail> {
    caller.require(Perm::Tax)?;
    let mut conn = db.pool.acquire().await?;
    let (head, _, invoice) = load(&mut conn, id.0).await?;
    let summary = head.summary();
    let red_of = match head.red_of() {
        Some(orig) => db::head(&mut conn, orig).await?.map(|h| h.summary()),
        None => None,
    };
    let reds = db::reds(&mut conn, id.0)
        .await?
        .into_iter()
        .map(|(rid, status, number, gross)| RedRef {
            id: InvoiceId(rid),
            status: InvoiceStatus::parse(&status).unwrap_or(InvoiceStatus::Pending),
            number,
            gross: Money::from_fen(gross),
        })
        .collect();
    let reversible = if summary.status == InvoiceStatus::Pending || summary.red {
        Vec::new()
    } else {
        let t = taken(&mut conn, id.0, invoice.lines.len(), false).await?;
        invoice.lines.iter().zip(&t).map(|(l, r)| Money::from_fen(l.line.gross_fen - r.gross_fen)).collect()
    };
    let links = db::invoice_orders(&mut conn, id.0).await?;
    drop(conn);
    let orders = order_names(db, caller, &links).await?;
    Ok(InvoiceDetail { note: head.note.clone(), summary, invoice, orders, red_of, reds, reversible })
}

/// Order numbers of an invoice's orders (read through the orders area).
async fn order_names(db: &Db, caller: &Caller, links: &[(i64, i64)]) -> AppResult<Vec<InvoiceOrderRef>> {
    if links.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = links.iter().map(|l| l.0).collect();
    let mut tx = db.pool.begin().await?;
    let found = orders::service::for_invoice(&mut tx, caller, &ids).await?;
    tx.rollback().await?;
    let names: HashMap<i64, String> = found.into_iter().map(|o| (o.id, o.order_no)).collect();
    Ok(links
        .iter()
        .map(|(order_id, gross)| InvoiceOrderRef { order_id: *order_id, order_no: names.get(order_id).cloned().unwrap_or_default(), gross: Money::from_fen(*gross) })
        .collect())
}

/// Lock an invoice for this transaction: its status and original, or `NotFound`.
async fn lock(conn: &mut AnyConnection, id: InvoiceId, at: i64) -> AppResult<(InvoiceStatus, Option<i64>)> {
    let (status, red_of) = db::lock(conn, id.0, at).await?.ok_or(AppError::NotFound)?;
    let status = InvoiceStatus::parse(&status).ok_or_else(|| AppError::internal(format!("invoice {} has status {status}", id.0)))?;
    Ok((status, red_of))
}

/// Record that the invoice was issued on the platform: its 20-digit number and date. For a
/// red-letter invoice of a whole original, its orders can then be invoiced again; an
/// original with nothing left becomes 已红冲.
pub async fn issue_invoice(db: &Db, caller: &Caller, id: InvoiceId, number: &str, date: &str) -> AppResult<()> {
    caller.require(Perm::Tax)?;
    let number = number.trim();
    if !is_invoice_number(number) {
        return Err(TaxError::InvoiceNumber { number: number.chars().take(24).collect() }.into());
    }
    let date = parse_date("issued_on", date)?;
    let now = now_ms();
    if crate::time::day_of_date(date) > day_of(now) {
        return Err(TaxError::BadDate { field: "issued_on".into() }.into());
    }
    let mut tx = db.begin_write().await?;
    let (status, red_of) = lock(&mut tx, id, now).await?;
    if status != InvoiceStatus::Pending {
        return Err(TaxError::NotPending.into());
    }
    match db::issue(&mut tx, id.0, number, date_ms(date), now).await {
        Ok(1) => {}
        Ok(_) => return Err(TaxError::NotPending.into()),
        Err(e) if is_unique_violation(&e) => return Err(TaxError::NumberTaken { number: number.into() }.into()),
        Err(e) => return Err(e.into()),
    }
    if let Some(orig) = red_of {
        for (order_id, gross) in db::invoice_orders(&mut tx, id.0).await? {
            db::release_order(&mut tx, order_id, -gross).await?;
        }
        let lines = db::lines(&mut tx, orig).await?;
        let t = taken(&mut tx, orig, lines.len(), true).await?;
        if lines.iter().zip(&t).all(|(l, r)| l.gross_fen == r.gross_fen) {
            db::set_status(&mut tx, orig, InvoiceStatus::Reversed).await?;
        }
    }
    crate::audit::record(&mut tx, caller.actor(), "invoice", Some(id.0), "issue", number, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Delete a 待开票 invoice; its orders can be invoiced again.
pub async fn delete_invoice(db: &Db, caller: &Caller, id: InvoiceId) -> AppResult<()> {
    caller.require(Perm::Tax)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (status, red_of) = lock(&mut tx, id, now).await?;
    if status != InvoiceStatus::Pending {
        return Err(TaxError::NotPending.into());
    }
    if red_of.is_none() {
        for (order_id, gross) in db::invoice_orders(&mut tx, id.0).await? {
            db::release_order(&mut tx, order_id, gross).await?;
        }
    }
    if db::delete_pending(&mut tx, id.0).await? != 1 {
        return Err(TaxError::NotPending.into());
    }
    crate::audit::record(&mut tx, caller.actor(), "invoice", Some(id.0), "delete", "", now).await?;
    tx.commit().await?;
    Ok(())
}

/// Prepare the red-letter invoice (待开票) of an issued invoice: everything left on it, or
/// the lines and amounts given. Reversing a whole, untouched original made from orders
/// lets those orders be invoiced again once the red-letter invoice is issued.
pub async fn reverse_invoice(db: &Db, caller: &Caller, id: InvoiceId, input: &ReverseInput) -> AppResult<InvoiceId> {
    caller.require(Perm::Tax)?;
    let scope = red_scope(input)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (status, red_of) = lock(&mut tx, id, now).await?;
    if status != InvoiceStatus::Issued || red_of.is_some() {
        return Err(TaxError::NotReversible.into());
    }
    let (head, lines, original) = load(&mut tx, id.0).await?;
    let number = head.summary().number.unwrap_or_default();
    let t = taken(&mut tx, id.0, lines.len(), false).await?;
    let untouched = t.iter().all(|r| *r == Reversed::default());
    let (red, index) = red_letter_lines(&original, &number, input.reason, &scope, &t).map_err(TaxError::from)?;
    let whole = untouched && red.gross_fen == -original.gross_fen;
    let h = NewHead {
        kind: original.kind,
        red_of: Some(id.0),
        red_reason: Some(input.reason),
        taxpayer: original.seller.taxpayer,
        inv: &red,
        note: "",
        user: caller.actor(),
        at: now,
    };
    let rid = db::insert_invoice(&mut tx, &h).await?;
    let products: Vec<Option<i64>> = index.iter().map(|i| lines[*i].product_id).collect();
    let orig: Vec<Option<i64>> = index.iter().map(|i| Some(*i as i64 + 1)).collect();
    db::insert_lines(&mut tx, rid, &red, &products, &orig).await?;
    if whole {
        for (order_id, gross) in db::invoice_orders(&mut tx, id.0).await? {
            db::insert_invoice_order(&mut tx, rid, order_id, -gross).await?;
        }
    }
    crate::audit::record(&mut tx, caller.actor(), "invoice", Some(rid), "reverse", &number, now).await?;
    tx.commit().await?;
    Ok(InvoiceId(rid))
}

fn red_scope(input: &ReverseInput) -> AppResult<RedScope> {
    let lines: Vec<_> = input.lines.iter().filter(|l| !l.gross.trim().is_empty()).collect();
    if lines.is_empty() {
        return Ok(RedScope::Full);
    }
    let mut requests = Vec::with_capacity(lines.len());
    for l in lines {
        let field = format!("lines.{}.gross", l.line);
        let gross = Money::parse_field(&field, &l.gross)?;
        let qty = match l.qty.trim() {
            "" => None,
            q => Some(Decimal::from_str(q).map_err(|_| CommonError::BadAmount { field: format!("lines.{}.qty", l.line) })?),
        };
        requests.push(RedLineRequest { line: l.line, gross_fen: gross.to_fen(), qty });
    }
    Ok(RedScope::Partial(requests))
}

pub async fn list_inputs(db: &Db, caller: &Caller, f: &InputFilter) -> AppResult<Page<InputInvoice>> {
    caller.require(Perm::Tax)?;
    let (rows, count) = db::list_inputs(db, f).await?;
    Ok(Page::assemble(rows, f.seek, count, |r| Cursor { key: r.created_at, id: r.id.0 }))
}

/// Purchase orders with goods received, to link an input invoice to.
pub async fn purchase_receipts(db: &Db, caller: &Caller) -> AppResult<Vec<crate::inventory::ReceivedPurchase>> {
    caller.require(Perm::Tax)?;
    let mut conn = db.pool.acquire().await?;
    crate::inventory::service::received_purchases(&mut *conn, None).await
}

/// Record an input invoice (by hand, or from a purchase receipt).
pub async fn create_input(db: &Db, caller: &Caller, input: &NewInputInvoice) -> AppResult<InputInvoiceId> {
    caller.require(Perm::Tax)?;
    let c = check_input(input)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    if let Some(id) = input.receipt_id {
        if crate::inventory::service::received_purchases(&mut tx, Some(id)).await?.is_empty() {
            return Err(TaxError::UnknownReceipt { id }.into());
        }
    }
    let row = NewInput { c: &c, kind: input.kind, deductible: input.deductible, receipt_id: input.receipt_id, user: caller.actor(), at: now };
    let id = match db::insert_input(&mut tx, &row).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(TaxError::InputDuplicate { number: c.number }.into()),
        Err(e) => return Err(e.into()),
    };
    crate::audit::record(&mut tx, caller.actor(), "input_invoice", Some(id), "create", &c.number, now).await?;
    tx.commit().await?;
    Ok(InputInvoiceId(id))
}

/// Record the 勾选/认证 date of an input invoice: it becomes deductible in that period.
pub async fn select_input(db: &Db, caller: &Caller, id: InputInvoiceId, date: &str) -> AppResult<()> {
    caller.require(Perm::Tax)?;
    let date = parse_date("selected_on", date)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let inv = db::input(&mut tx, id.0).await?.ok_or(AppError::NotFound)?;
    if date.format("%Y-%m-%d").to_string() < inv.issued_on {
        return Err(TaxError::SelectedBeforeIssued.into());
    }
    db::select_input(&mut tx, id.0, date_ms(date)).await?;
    crate::audit::record(&mut tx, caller.actor(), "input_invoice", Some(id.0), "select", &inv.number, now).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_input(db: &Db, caller: &Caller, id: InputInvoiceId) -> AppResult<()> {
    caller.require(Perm::Tax)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let inv = db::input(&mut tx, id.0).await?.ok_or(AppError::NotFound)?;
    db::delete_input(&mut tx, id.0).await?;
    crate::audit::record(&mut tx, caller.actor(), "input_invoice", Some(id.0), "delete", &inv.number, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The dated policy table the summaries use.
pub async fn list_policy(db: &Db, caller: &Caller) -> AppResult<Vec<PolicyRow>> {
    caller.require(Perm::Tax)?;
    let mut conn = db.pool.acquire().await?;
    let policy = db::policy(&mut conn).await?;
    Ok(policy
        .entries
        .into_iter()
        .map(|e| PolicyRow { from: e.from.to_string(), to: e.to.map(|d| d.to_string()), rule: e.rule, source: e.source })
        .collect())
}

/// The sale records and input tax of [from, to): issued invoice lines, and sold orders
/// (by day and product, at their products' settings) as sales without invoice.
async fn records(db: &Db, caller: &Caller, taxpayer: TaxpayerType, from: i64, to: i64) -> AppResult<(Vec<SaleRecord>, Vec<InputTax>)> {
    let facts: Vec<LineFact> = db::issued_lines(db, from, to).await?.into_iter().map(fact).collect();
    let mut sales = invoice_sales(taxpayer, &facts);
    let sold = orders::service::sales_by_day_product(db, caller, from, to).await?;
    let mut conn = db.pool.acquire().await?;
    let settings = db::settings(&mut conn, None).await?;
    let mut missing = Vec::new();
    for (day, product, gross) in sold {
        match settings.get(&product) {
            Some(s) => sales.push(logic::uninvoiced(taxpayer, day_start_ms(day), logic::sale_kind(&s.tax_code), s.rate, gross)),
            None if !missing.contains(&product) => missing.push(product),
            None => {}
        }
    }
    if !missing.is_empty() {
        let mut names = Vec::new();
        for id in missing {
            names.push(inventory::service::product_name(&mut conn, id).await?.unwrap_or_else(|| format!("#{id}")));
        }
        return Err(TaxError::SettingsMissing { products: names }.into());
    }
    let inputs = db::deductible_inputs(db, from, to).await?.into_iter().map(|(selected_at_ms, tax_fen)| InputTax { selected_at_ms, tax_fen }).collect();
    Ok((sales, inputs))
}

fn fact(r: FactRow) -> LineFact {
    LineFact {
        at_ms: r.issued_at,
        kind: super::InvoiceKind::parse(&r.kind).unwrap_or(super::InvoiceKind::Ordinary),
        tax_code: r.tax_code,
        rate: TaxRate::parse(&r.rate).unwrap_or(TaxRate::Exempt),
        gross_fen: r.gross_fen,
        amount_fen: r.amount_fen,
        tax_fen: r.tax_fen,
        from_orders: r.from_orders == 1,
    }
}

/// The VAT summary of a month (`2026-11`) or quarter (`2026-Q4`; empty: this month) for
/// the profile's taxpayer type, with the dated policy of that period.
pub async fn vat_summary(db: &Db, caller: &Caller, period: &str) -> AppResult<VatSummary> {
    caller.require(Perm::Tax)?;
    let period = if period.trim().is_empty() { Period::month_of(crate::time::date_of_day(day_of(now_ms()))) } else { parse_period(period)? };
    let mut conn = db.pool.acquire().await?;
    let profile = profile_row(&mut conn).await?;
    let policy: TaxPolicy = db::policy(&mut conn).await?;
    drop(conn);
    let pol = policy.for_period(period).map_err(|e| TaxError::Vat { errors: vec![e] })?;
    let taxpayer = profile.taxpayer();
    let (from, to) = range(period);
    let start = parse_period(&profile.credit_month).unwrap_or(period);
    let from_all = if taxpayer == TaxpayerType::General { from.min(range(start).0) } else { from };
    let (sales, inputs) = records(db, caller, taxpayer, from_all, to).await?;
    let in_period = |at: i64| from <= at && at < to;
    let mut s = VatSummary {
        period,
        taxpayer,
        policy: pol,
        small: None,
        general: None,
        general_months: Vec::new(),
        invoiced_sales: Money::ZERO,
        output_tax: Money::ZERO,
        uninvoiced_sales: Money::ZERO,
        input_tax: Money::from_fen(inputs.iter().filter(|i| in_period(i.selected_at_ms)).map(|i| i.tax_fen).sum()),
    };
    for r in sales.iter().filter(|r| in_period(r.at_ms)) {
        s.output_tax = s.output_tax + Money::from_fen(r.tax_fen);
        if r.doc == SaleDoc::NotInvoiced {
            s.uninvoiced_sales = s.uninvoiced_sales + Money::from_fen(r.gross_fen);
        } else {
            s.invoiced_sales = s.invoiced_sales + Money::from_fen(r.amount_fen);
        }
    }
    match taxpayer {
        TaxpayerType::SmallScale => {
            let p = SmallScaleParams { period, individual_business: profile.individual_business == 1, city: profile.city() };
            s.small = Some(small_scale_return(&p, &sales, &policy).map_err(TaxError::from)?);
        }
        TaxpayerType::General => {
            let base = GeneralParams {
                period,
                opening_credit_fen: profile.opening_credit_fen,
                transfer_out_fen: 0,
                city: profile.city(),
                surcharge_relief: profile.surcharge_relief == 1,
            };
            let (r, months) = logic::general_chain(&base, start, period, &sales, &inputs, &policy).map_err(TaxError::from)?;
            s.general = Some(r);
            s.general_months = months;
        }
    }
    Ok(s)
}

/// The summary as an .xlsx workbook, lines in the return's order.
pub async fn export_vat(db: &Db, caller: &Caller, period: &str) -> AppResult<Vec<u8>> {
    let s = vat_summary(db, caller, period).await?;
    let mut conn = db.pool.acquire().await?;
    let profile = profile_of(&profile_row(&mut conn).await?);
    super::export::vat(&s, &profile, caller.lang()).map_err(AppError::internal)
}

/// Most invoices in one export.
pub const EXPORT_LIMIT: i64 = 50_000;

/// The invoice list (filter's status and period) as an .xlsx workbook.
pub async fn export_invoices(db: &Db, caller: &Caller, f: &InvoiceFilter) -> AppResult<Vec<u8>> {
    caller.require(Perm::Tax)?;
    let issued = period_range(&f.period)?;
    let rows = db::all_invoices(db, f, issued, EXPORT_LIMIT).await?;
    super::export::invoices(&rows, caller.lang()).map_err(AppError::internal)
}

/// Tax invariants for `server check`: (orders whose invoiced amount is not what their
/// invoices add up to, invoices whose totals are not the sum of their lines).
pub async fn check(db: &Db, caller: &Caller) -> AppResult<(Vec<i64>, Vec<i64>)> {
    caller.require(Perm::ViewLedger)?;
    Ok((db::invoiced_mismatches(db).await?, db::invoice_total_mismatches(db).await?))
}

/// The line figures of an invoice as the logic's lines (for tests and the demo).
pub fn line_figures(inv: &Invoice) -> Vec<(i64, i64, i64)> {
    inv.lines.iter().map(|l: &InvoiceLine| (l.line.gross_fen, l.line.amount_fen, l.line.tax_fen)).collect()
}

/// 价税合计 in capitals of a figure (re-exported for the export).
pub fn capitals(fen: i64) -> String {
    capitals_fen(fen).unwrap_or_default()
}
