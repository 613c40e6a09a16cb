//! Payment use cases (ssr only): list, detail, record by hand, match and undo, the payments
//! of one order (for whoever may see the order), and what happens when an order ships.
//!
//! Matching runs in memory ([`Matcher`]: the orders that may be meant, loaded once) with the
//! pure rules of `logic_match`, so a bill of 50,000 lines costs a few queries, not 50,000.
//! Every payment action is in the audit trail (a bill import as one entry naming its counts).

use super::db::{self, payments::NewRow};
use super::logic::{check_new_payment, refuse_closed};
use super::logic_match::{self, order_numbers, Candidate, MatchReason, Outcome, PaymentFacts, WINDOW_AFTER_MS, WINDOW_BEFORE_MS};
use super::{
    CandidateView, FinanceError, MatchKind, MatchResult, NewPayment, OrderPayments, PaymentDetail, PaymentFilter, PaymentId, PaymentKind,
    PaymentRow, PaymentState,
};
use crate::auth::{Caller, Perm};
use crate::error::{is_unique_violation, AppError, AppResult};
use crate::orders::OrderId;
use crate::page::{Cursor, Page};
use crate::state::{Db, Tx};
use crate::time::{day_of, now_ms};
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};

pub async fn list_payments(db: &Db, caller: &Caller, filter: &PaymentFilter) -> AppResult<Page<PaymentRow>> {
    caller.require(Perm::ViewFinance)?;
    let (rows, count) = db::payments::list(db, filter).await?;
    Ok(Page::assemble(rows, filter.seek, count, |p| Cursor { key: p.paid_at, id: p.id.0 }))
}

pub async fn get_payment(db: &Db, caller: &Caller, id: PaymentId) -> AppResult<PaymentDetail> {
    caller.require(Perm::ViewFinance)?;
    let mut conn = db.pool.acquire().await?;
    let row = db::payments::row(&mut conn, id.0).await?.ok_or(AppError::NotFound)?;
    let d = db::payments::detail(db, id.0).await?.ok_or(AppError::NotFound)?;
    let order = match row.order_id {
        Some(o) => db::payments::balance(&mut conn, o.0).await?,
        None => None,
    };
    let candidates = if row.state == PaymentState::Matched || row.kind == PaymentKind::Refund {
        Vec::new()
    } else {
        candidates(db, &mut conn, id.0).await?
    };
    drop(conn);
    Ok(PaymentDetail {
        refunds: if row.kind == PaymentKind::Payment { db::payments::rows_where(db, "refund_of", id.0).await? } else { Vec::new() },
        row,
        payer_account: d.payer_account,
        reference: d.reference,
        note: d.note,
        match_kind: d.match_kind.as_deref().and_then(MatchKind::parse),
        reason: serde_json::from_str(&d.match_reason).ok(),
        matched_by: d.matched_by.unwrap_or_default(),
        matched_at: d.matched_at,
        import_id: d.import_id.map(super::BillImportId),
        refund_of: d.refund_of.map(PaymentId),
        order,
        candidates,
    })
}

/// Orders an unmatched payment may be for, best first: those it names, then by score.
async fn candidates(db: &Db, conn: &mut AnyConnection, id: i64) -> AppResult<Vec<CandidateView>> {
    let f = db::payments::facts(conn, id).await?.ok_or(AppError::NotFound)?;
    let facts = facts_of(&f);
    let m = Matcher::load(conn, facts.at, facts.at, &facts.texts).await?;
    let mut out: Vec<(Candidate, i32, MatchReason)> = Vec::new();
    for no in facts.texts.iter().flat_map(|t| order_numbers(t)) {
        if let Some(c) = m.by_no.get(&no).and_then(|id| m.orders.get(id)) {
            if !out.iter().any(|(o, _, _)| o.order_id == c.order_id) {
                out.push((c.clone(), 100, MatchReason::OrderNo { order_no: c.order_no.clone() }));
            }
        }
    }
    let mut scored: Vec<(Candidate, i32, MatchReason)> =
        m.open_for(facts.amount_fen).into_iter().filter_map(|c| logic_match::score(&facts, c).map(|(s, r)| (c.clone(), s, r))).collect();
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.order_id.cmp(&b.0.order_id)));
    out.extend(scored.into_iter().filter(|(c, _, _)| !out.iter().any(|(o, _, _)| o.order_id == c.order_id)).collect::<Vec<_>>());
    out.truncate(logic_match::MAX_CANDIDATES + 1);
    let names = db::payments::agent_names(db, &out.iter().map(|c| c.0.order_id).collect::<Vec<_>>()).await?;
    Ok(out
        .into_iter()
        .map(|(c, score, reason)| CandidateView {
            order_id: OrderId(c.order_id),
            agent_name: names.get(&c.order_id).cloned().unwrap_or_default(),
            due: crate::money::Money::from_fen(c.due_fen()),
            total: crate::money::Money::from_fen(c.total_fen),
            order_no: c.order_no,
            recipient: c.recipient,
            mobile: c.mobile,
            created_at: c.created_at,
            score,
            reason,
        })
        .collect())
}

fn facts_of(f: &db::payments::Facts) -> PaymentFacts {
    PaymentFacts {
        amount_fen: f.amount_fen,
        payer: f.payer.clone(),
        payer_account: f.payer_account.clone(),
        at: f.paid_at,
        texts: vec![f.reference.clone(), f.note.clone()],
    }
}

/// Record a payment by hand and match it if an order fits (F1).
pub async fn record_payment(db: &Db, caller: &Caller, input: &NewPayment) -> AppResult<MatchResult> {
    caller.require(Perm::ManagePayments)?;
    let now = now_ms();
    let p = check_new_payment(input, now)?;
    let mut tx = db.begin_write().await?;
    refuse_closed(day_of(p.paid_at), &db::closed_months(&mut tx).await?)?;
    if let Some(txn) = &p.txn_no {
        if !db::payments::by_txn(&mut tx, p.method, std::slice::from_ref(txn)).await?.is_empty() {
            return Err(FinanceError::DuplicateTxn { txn_no: txn.clone() }.into());
        }
    }
    let facts = PaymentFacts { amount_fen: p.amount.to_fen(), payer: p.payer.clone(), payer_account: p.payer_account.clone(), at: p.paid_at, texts: vec![p.reference.clone(), p.note.clone()] };
    let m = Matcher::load(&mut tx, p.paid_at, p.paid_at, &facts.texts).await?;
    let outcome = m.decide(&facts);
    let mut row = NewRow {
        kind: PaymentKind::Payment,
        method: p.method,
        amount_fen: facts.amount_fen,
        fee_fen: 0,
        payer: p.payer.clone(),
        payer_account: p.payer_account.clone(),
        txn_no: p.txn_no.clone(),
        reference: p.reference.clone(),
        note: p.note.clone(),
        paid_at: p.paid_at,
        book_day: day_of(p.paid_at),
        state: PaymentState::Unmatched,
        order_id: None,
        refund_of: None,
        match_kind: None,
        match_reason: String::new(),
        matched_by: None,
        import_id: None,
        created_by: caller.actor(),
        at: now,
    };
    let order_no = set_outcome(&mut row, &outcome, &m, caller);
    let id = match db::payments::insert(&mut tx, std::slice::from_ref(&row)).await {
        Ok(ids) => ids[0],
        Err(e) if is_unique_violation(&e) => return Err(FinanceError::DuplicateTxn { txn_no: p.txn_no.unwrap_or_default() }.into()),
        Err(e) => return Err(e.into()),
    };
    let confirmed = match row.order_id {
        Some(order) => after_matches(&mut tx, caller, &[(order, row.amount_fen, 0, 1)]).await?,
        None => Vec::new(),
    };
    let detail = format!("{} {} {}", p.method.code(), p.amount, order_no.as_deref().unwrap_or(row.state.code()));
    crate::audit::record(&mut tx, caller.actor(), "payment", Some(id), "record", &detail, now).await?;
    tx.commit().await?;
    Ok(MatchResult { id: PaymentId(id), state: row.state, order_no, reason: serde_json::from_str(&row.match_reason).ok(), order_confirmed: !confirmed.is_empty() })
}

/// Write a matching outcome into a payment about to be inserted; returns the order number.
pub(super) fn set_outcome(row: &mut NewRow, outcome: &Outcome, m: &Matcher, caller: &Caller) -> Option<String> {
    match outcome {
        Outcome::Matched { order_id, reason, .. } => {
            row.state = PaymentState::Matched;
            row.order_id = Some(*order_id);
            row.match_kind = Some(if matches!(reason, MatchReason::OrderNo { .. }) { MatchKind::Reference } else { MatchKind::Scored });
            row.match_reason = serde_json::to_string(reason).unwrap_or_default();
            row.matched_by = caller.actor();
            m.orders.get(order_id).map(|c| c.order_no.clone())
        }
        Outcome::Ambiguous(_) => {
            row.state = PaymentState::Ambiguous;
            None
        }
        Outcome::Unmatched => None,
    }
}

/// Where to find the order a person matches a payment to.
#[derive(Clone, Debug)]
pub enum OrderRef {
    Id(OrderId),
    No(String),
}

/// A person matches an open payment to an order, in one action (F1).
pub async fn match_payment(db: &Db, caller: &Caller, id: PaymentId, order: OrderRef) -> AppResult<MatchResult> {
    caller.require(Perm::ManagePayments)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let f = db::payments::facts(&mut tx, id.0).await?.ok_or(AppError::NotFound)?;
    if f.kind != PaymentKind::Payment.code() {
        return Err(FinanceError::RefundNotMatchable.into());
    }
    if f.state == PaymentState::Matched.code() {
        return Err(FinanceError::AlreadyMatched.into());
    }
    let target = match &order {
        OrderRef::Id(o) => db::payments::order_candidate(&mut tx, o.0).await?,
        OrderRef::No(no) => db::payments::orders_by_no(&mut tx, &[no.trim().to_uppercase()]).await?.pop(),
    };
    let unknown = || FinanceError::UnknownOrder { order_no: match &order { OrderRef::Id(o) => format!("#{}", o.0), OrderRef::No(n) => n.trim().to_string() } };
    let target = target.ok_or_else(unknown)?;
    // Orders of any line: finance sees the whole team (an agent never gets here).
    crate::orders::service::owned(&mut tx, caller, OrderId(target.order_id)).await.map_err(|_| unknown())?;
    let reason = serde_json::to_string(&MatchReason::Manual).unwrap_or_default();
    if db::payments::set_match(&mut tx, id.0, target.order_id, MatchKind::Manual, &reason, caller.actor(), now).await? != 1 {
        return Err(crate::error::CommonError::Stale.into());
    }
    let refund_reason = serde_json::to_string(&MatchReason::RefundOf { payment_id: id.0 }).unwrap_or_default();
    let refunded = db::payments::follow_refunds(&mut tx, id.0, Some(target.order_id), &refund_reason, now).await?;
    let confirmed = after_matches(&mut tx, caller, &[(target.order_id, f.amount_fen, refunded, 1)]).await?;
    crate::audit::record(&mut tx, caller.actor(), "payment", Some(id.0), "match", &target.order_no, now).await?;
    tx.commit().await?;
    Ok(MatchResult {
        id,
        state: PaymentState::Matched,
        order_no: Some(target.order_no),
        reason: Some(MatchReason::Manual),
        order_confirmed: !confirmed.is_empty(),
    })
}

/// Undo a payment's match. An order it had confirmed stays where it is and is marked
/// 待核对收款 for finance to check (the status flow has no way back to 待付款).
pub async fn unmatch_payment(db: &Db, caller: &Caller, id: PaymentId) -> AppResult<()> {
    caller.require(Perm::ManagePayments)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let f = db::payments::facts(&mut tx, id.0).await?.ok_or(AppError::NotFound)?;
    if f.kind != PaymentKind::Payment.code() {
        return Err(FinanceError::RefundNotMatchable.into());
    }
    let (order, amount) = db::payments::clear_match(&mut tx, id.0).await?.ok_or(FinanceError::NotMatched)?;
    let refunded = db::payments::follow_refunds(&mut tx, id.0, None, "", now).await?;
    db::payments::add_balances(&mut tx, &[(order, -amount, -refunded, -1)]).await?;
    db::payments::refresh_receivable(&mut tx, &[order]).await?;
    let bal = db::payments::balance(&mut tx, order).await?.ok_or(AppError::NotFound)?;
    if bal.paid < bal.total {
        crate::orders::service::payment_withdrawn(&mut tx, caller, OrderId(order)).await?;
    }
    crate::audit::record(&mut tx, caller.actor(), "payment", Some(id.0), "unmatch", &bal.order_no, now).await?;
    tx.commit().await?;
    Ok(())
}

/// After payments (or refunds) were matched: order balances and receivable marks change, and
/// orders now paid in full move to 待发货 through the orders area. `deltas` are
/// (order, paid +, refunded +, payments +). Returns the orders that moved.
pub(super) async fn after_matches(tx: &mut Tx, caller: &Caller, deltas: &[(i64, i64, i64, i64)]) -> AppResult<Vec<OrderId>> {
    if deltas.is_empty() {
        return Ok(Vec::new());
    }
    db::payments::add_balances(tx, deltas).await?;
    let mut orders: Vec<i64> = deltas.iter().map(|d| d.0).collect();
    orders.sort_unstable();
    orders.dedup();
    db::payments::refresh_receivable(tx, &orders).await?;
    let paid = db::books::fully_paid(tx, &orders).await?;
    let ids: Vec<OrderId> = paid.into_iter().map(OrderId).collect();
    crate::orders::service::settle_paid(tx, caller, &ids).await
}

/// The payments of one order, for anyone who may see the order (an agent: its own line).
pub async fn order_payments(db: &Db, caller: &Caller, id: OrderId) -> AppResult<OrderPayments> {
    caller.require(Perm::ViewOrders)?;
    let mut conn = db.pool.acquire().await?;
    let order = crate::orders::service::owned(&mut conn, caller, id).await?;
    let balance = db::payments::balance(&mut conn, order.id().0).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    Ok(OrderPayments { balance, payments: db::payments::rows_where(db, "order_id", order.id().0).await? })
}

/// An order shipped (called by the orders area inside its transaction): its total is revenue
/// of the day, the cost recorded on its shipment movements is that day's cost of goods, and
/// an order shipped without being paid in full becomes a receivable.
pub(crate) async fn on_shipped(tx: &mut Tx, order: OrderId, at: i64) -> AppResult<()> {
    let total = db::payments::order_total(tx, order.0).await?;
    let cogs = crate::inventory::service::cost_of_goods(tx, order.0).await?;
    db::payments::add_day(tx, day_of(at), total, cogs).await?;
    db::payments::mark_shipped(tx, order.0, at).await?;
    Ok(())
}

/// The orders a set of payments may be meant for, in memory: those placed in the matching
/// window around the payments (with something left to pay) and those the payments name.
pub(super) struct Matcher {
    pub(super) orders: HashMap<i64, Candidate>,
    pub(super) by_no: HashMap<String, i64>,
    /// Open orders by what is left to pay.
    by_due: HashMap<i64, Vec<i64>>,
    /// (what the order had been paid before, payments matched now) per order matched here.
    batch: HashMap<i64, (i64, i64)>,
}

impl Matcher {
    /// For payments made between `first_at` and `last_at` whose texts are `texts`.
    pub(super) async fn load(conn: &mut AnyConnection, first_at: i64, last_at: i64, texts: &[String]) -> AppResult<Matcher> {
        let open = db::payments::open_orders(conn, first_at - WINDOW_BEFORE_MS, last_at + WINDOW_AFTER_MS).await?;
        let mut m = Matcher { orders: HashMap::new(), by_no: HashMap::new(), by_due: HashMap::new(), batch: HashMap::new() };
        for c in open {
            m.by_due.entry(c.due_fen()).or_default().push(c.order_id);
            m.by_no.insert(c.order_no.clone(), c.order_id);
            m.orders.insert(c.order_id, c);
        }
        // Named orders not among the open ones (paid already, or older) are read by number.
        let mut nos: Vec<String> = texts.iter().flat_map(|t| order_numbers(t)).filter(|n| !m.by_no.contains_key(n)).collect::<HashSet<_>>().into_iter().collect();
        nos.sort();
        for c in db::payments::orders_by_no(conn, &nos).await? {
            m.by_no.insert(c.order_no.clone(), c.order_id);
            m.orders.entry(c.order_id).or_insert(c);
        }
        Ok(m)
    }

    /// Orders paid twice by what was matched here: two or more payments in all (an order paid
    /// anything before had at least one), together over the total.
    pub(super) fn duplicates(&self) -> i64 {
        self.batch
            .iter()
            .filter(|(id, (before, now))| {
                let c = &self.orders[*id];
                c.paid_fen > c.total_fen && (*before > 0 || *now > 1)
            })
            .count() as i64
    }

    /// Open orders with exactly `due_fen` left to pay.
    pub(super) fn open_for(&self, due_fen: i64) -> Vec<&Candidate> {
        self.by_due.get(&due_fen).map(|ids| ids.iter().filter_map(|id| self.orders.get(id)).collect()).unwrap_or_default()
    }

    /// The reference first; the orders that fit are looked up only when it names none.
    pub(super) fn decide(&self, f: &PaymentFacts) -> Outcome {
        logic_match::by_reference(f, |no| self.by_no.get(no).and_then(|id| self.orders.get(id)))
            .unwrap_or_else(|| logic_match::by_score(f, &self.open_for(f.amount_fen)))
    }

    /// A payment of `amount_fen` was matched to `order_id`: what it has left to pay changes.
    pub(super) fn pay(&mut self, order_id: i64, amount_fen: i64) {
        let Some(c) = self.orders.get_mut(&order_id) else { return };
        self.batch.entry(order_id).or_insert((c.paid_fen, 0)).1 += 1;
        let old = c.due_fen();
        c.paid_fen += amount_fen;
        let new = c.due_fen();
        if let Some(ids) = self.by_due.get_mut(&old) {
            if let Some(pos) = ids.iter().position(|i| *i == order_id) {
                ids.remove(pos);
                if new > 0 {
                    self.by_due.entry(new).or_default().push(order_id);
                }
            }
        }
    }
}
