//! Bill files (F2), ssr only: upload, preview, all-or-nothing import, the reconciliation per
//! day and provider, and saved bank statement mappings.
//!
//! An import is idempotent: a file seen before (same SHA-256) changes nothing, and within a
//! new file every line already imported (key: provider + transaction number) is skipped, so
//! overlapping periods are safe. Income lines become payments (or confirm payments entered by
//! hand), matched to orders; refunds follow their original payment and its order; fees
//! become expenses (平台手续费) per day.

use super::bills::{self, BankMapping, BillImport, BillProvider, BillRow, Direction};
use super::db::{self, bills::NewLine, books::NewExpenseRow, payments::NewRow};
use super::logic::{book_day, check_mapping, Month, MAX_UPLOAD_BYTES, UPLOAD_TTL_MS};
use super::logic_expenses::FEES_CODE;
use super::logic_match::{MatchReason, Outcome, PaymentFacts};
use super::service::{after_matches, set_outcome, Matcher};
use super::{
    BankMappingInput, BankMappingView, BillChoice, BillImportRow, BillLineView, BillPreview, ExpenseSource, FinanceError, ImportReport,
    MatchKind, Method, PaymentId, PaymentKind, PaymentState, ReconDay, ReconFilter, ReconItem, Reconciliation, Tally, Upload, UploadKind,
};
use crate::auth::{Caller, Perm};
use crate::error::{is_unique_violation, AppError, AppResult};
use crate::money::Money;
use crate::state::Db;
use crate::time::{day_of, day_start_ms, now_ms, DAY_MS};
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Keep an uploaded file for its preview and import; returns its token. `kind` says which
/// import it is for (the permission differs).
pub async fn upload(db: &Db, caller: &Caller, kind: UploadKind, file: &Upload) -> AppResult<String> {
    caller.require(upload_perm(kind))?;
    let bytes = decode_base64(&file.content_b64)?;
    upload_bytes(db, caller, kind, &file.file_name, &bytes).await
}

fn upload_perm(kind: UploadKind) -> Perm {
    match kind {
        UploadKind::Bill => Perm::ManagePayments,
        UploadKind::Expenses => Perm::ManageExpenses,
    }
}

/// Keep a file's bytes for its import (the CLI and the demo seed hand them over directly).
pub async fn upload_bytes(db: &Db, caller: &Caller, kind: UploadKind, file_name: &str, bytes: &[u8]) -> AppResult<String> {
    caller.require(upload_perm(kind))?;
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(FinanceError::FileTooLarge { max_mb: (MAX_UPLOAD_BYTES / 1024 / 1024) as u32 }.into());
    }
    let name: String = file_name.trim().chars().take(100).collect();
    let sha = hex::encode(Sha256::digest(bytes));
    let token = crate::auth::service::random_token(16);
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    db::bills::purge_uploads(&mut tx, now - UPLOAD_TTL_MS).await?;
    db::bills::insert_upload(&mut tx, &token, caller.id(), kind, &name, bytes, &sha, now).await?;
    tx.commit().await?;
    Ok(token)
}

/// Forget uploads nobody imported within a day (housekeeping).
pub async fn purge_uploads(db: &Db) -> AppResult<u64> {
    let mut conn = db.pool.acquire().await?;
    Ok(db::bills::purge_uploads(&mut conn, now_ms() - UPLOAD_TTL_MS).await?)
}

/// A browser's base64 (standard or URL-safe alphabet, padding optional), size-checked.
fn decode_base64(b64: &str) -> Result<Vec<u8>, FinanceError> {
    if b64.len() / 4 * 3 > MAX_UPLOAD_BYTES + 3 {
        return Err(FinanceError::FileTooLarge { max_mb: (MAX_UPLOAD_BYTES / 1024 / 1024) as u32 });
    }
    crate::imports::decode_base64(b64).ok_or(FinanceError::BadUpload)
}

/// The caller's upload, or `UploadGone`.
pub(super) async fn load_upload(conn: &mut AnyConnection, caller: &Caller, token: &str, kind: UploadKind) -> AppResult<db::bills::Upload> {
    db::bills::upload(conn, token, caller.id(), kind, now_ms() - UPLOAD_TTL_MS).await?.ok_or_else(|| FinanceError::UploadGone.into())
}

/// Read an uploaded bill off the async runtime (a 50,000-line file is CPU work).
async fn parse(conn: &mut AnyConnection, content: Vec<u8>, choice: &BillChoice) -> AppResult<BillImport> {
    let mapping = match choice.mapping_id {
        Some(id) => Some(mapping(conn, id).await?),
        None => None,
    };
    if choice.format == Some(bills::BillFormat::Bank) && mapping.is_none() {
        return Err(FinanceError::MappingRequired.into());
    }
    let format = choice.format;
    let parsed = tokio::task::spawn_blocking(move || match (mapping, format) {
        (Some(m), _) => bills::parse_bank_statement(&content, &m),
        (None, Some(f)) => bills::parse_bill_as(&content, f),
        (None, None) => bills::parse_bill(&content),
    })
    .await
    .map_err(AppError::internal)?;
    Ok(parsed?)
}

async fn mapping(conn: &mut AnyConnection, id: i64) -> AppResult<BankMapping> {
    let json = db::bills::mapping(conn, id).await?.ok_or(FinanceError::UnknownMapping)?;
    serde_json::from_str(&json).map_err(AppError::internal)
}

/// The lines of a bill once each (the first of a repeated number), oldest first.
fn distinct_lines(rows: &[BillRow]) -> Vec<&BillRow> {
    let mut seen = HashSet::new();
    let mut out: Vec<&BillRow> = rows.iter().filter(|r| seen.insert(r.txn_no.as_str())).collect();
    out.sort_by_key(|r| (r.time_ms, r.raw_row));
    out
}

/// What importing an uploaded bill would do; changes nothing.
pub async fn preview_bill(db: &Db, caller: &Caller, token: &str, choice: &BillChoice) -> AppResult<BillPreview> {
    caller.require(Perm::ManagePayments)?;
    let mut conn = db.pool.acquire().await?;
    let up = load_upload(&mut conn, caller, token, UploadKind::Bill).await?;
    let import = parse(&mut conn, up.content, choice).await?;
    let provider = import.format.provider();
    let lines = distinct_lines(&import.rows);
    let keys: Vec<&str> = lines.iter().map(|r| r.txn_no.as_str()).collect();
    let known = db::bills::known_lines(&mut conn, provider, &keys).await?;
    let closed = db::closed_months(&mut conn).await?;
    let same_file = db::bills::import_by_sha(&mut conn, &up.sha256).await?.map(super::BillImportId);
    let tally = |d: Direction| Tally {
        count: lines.iter().filter(|r| r.direction == d).count() as i64,
        amount: Money::from_fen(lines.iter().filter(|r| r.direction == d).map(|r| r.amount_fen).sum()),
    };
    let fresh: Vec<&&BillRow> = lines.iter().filter(|r| !known.contains(&r.txn_no)).collect();
    let sample = lines
        .iter()
        .take(20)
        .map(|r| BillLineView {
            row: r.raw_row,
            txn_no: r.txn_no.clone(),
            at: r.time_ms,
            direction: r.direction,
            amount: Money::from_fen(r.amount_fen),
            fee: Money::from_fen(r.fee_fen),
            counterparty: r.counterparty.clone(),
            merchant_order_no: r.merchant_order_no.clone().unwrap_or_default(),
            known: known.contains(&r.txn_no),
        })
        .collect();
    Ok(BillPreview {
        token: token.to_string(),
        file_name: up.file_name,
        format: import.format,
        provider,
        lines: lines.len() as i64,
        income: tally(Direction::Income),
        refunds: tally(Direction::Refund),
        expense: tally(Direction::Expense),
        other: lines.iter().filter(|r| r.direction == Direction::Other).count() as i64,
        fees: Money::from_fen(lines.iter().map(|r| r.fee_fen).sum()),
        new_lines: fresh.len() as i64,
        adjustments: fresh.iter().filter(|r| book_day(day_of(r.time_ms), &closed).1).count() as i64,
        first_at: lines.first().map(|r| r.time_ms),
        last_at: lines.last().map(|r| r.time_ms),
        same_file,
        file_totals: file_totals(&import, &lines, caller.lang()),
        sample,
        errors: import.errors,
    })
}

/// The file's own totals next to what was read: (what, file, read).
fn file_totals(import: &BillImport, lines: &[&BillRow], lang: crate::i18n::Lang) -> Vec<(String, String, String)> {
    use super::text::file_total_label as label;
    let Some(s) = &import.summary else { return Vec::new() };
    let sum = |d: Direction| Money::from_fen(lines.iter().filter(|r| r.direction == d).map(|r| r.amount_fen).sum());
    let count = |d: Direction| lines.iter().filter(|r| r.direction == d).count();
    let mut out = Vec::new();
    if let Some(n) = s.record_count {
        out.push((label("records", lang).into(), n.to_string(), (lines.len() + import.errors.len()).to_string()));
    }
    if let Some(t) = s.income {
        out.push((label("income", lang).into(), format!("{} · {}", t.count, Money::from_fen(t.fen)), format!("{} · {}", count(Direction::Income), sum(Direction::Income))));
    }
    if let Some(t) = s.expense {
        out.push((label("expense", lang).into(), format!("{} · {}", t.count, Money::from_fen(t.fen)), format!("{} · {}", count(Direction::Expense), sum(Direction::Expense))));
    }
    if let Some(f) = s.settled_fen {
        out.push((label("settled", lang).into(), Money::from_fen(f).to_string(), sum(Direction::Income).to_string()));
    }
    if let Some(f) = s.refund_fen {
        out.push((label("refunds", lang).into(), Money::from_fen(f).to_string(), sum(Direction::Refund).to_string()));
    }
    if let Some(f) = s.fee_fen {
        out.push((label("fees", lang).into(), Money::from_fen(f).to_string(), Money::from_fen(lines.iter().map(|r| r.fee_fen).sum()).to_string()));
    }
    out
}

/// Import an uploaded bill, all or nothing (F2).
pub async fn import_bill(db: &Db, caller: &Caller, token: &str, choice: &BillChoice) -> AppResult<ImportReport> {
    caller.require(Perm::ManagePayments)?;
    let now = now_ms();
    let (up, import) = {
        let mut conn = db.pool.acquire().await?;
        let up = load_upload(&mut conn, caller, token, UploadKind::Bill).await?;
        let import = parse(&mut conn, up.content.clone(), choice).await?;
        (up, import)
    };
    if !import.errors.is_empty() {
        return Err(FinanceError::BadRows { count: import.errors.len() as u32 }.into());
    }
    let lines = distinct_lines(&import.rows);
    if lines.is_empty() {
        return Err(FinanceError::NothingToImport.into());
    }
    let provider = import.format.provider();
    let mut tx = db.begin_write().await?;
    let mut report = empty_report(lines.len() as i64);
    if let Some(id) = db::bills::import_by_sha(&mut tx, &up.sha256).await? {
        db::bills::delete_upload(&mut tx, token).await?;
        tx.commit().await?;
        return Ok(ImportReport { id: Some(super::BillImportId(id)), ..report });
    }
    let keys: Vec<&str> = lines.iter().map(|r| r.txn_no.as_str()).collect();
    let known = db::bills::known_lines(&mut tx, provider, &keys).await?;
    let fresh: Vec<&BillRow> = lines.into_iter().filter(|r| !known.contains(&r.txn_no)).collect();
    report.lines_known = known.len() as i64;
    report.lines_new = fresh.len() as i64;
    if fresh.is_empty() {
        db::bills::delete_upload(&mut tx, token).await?;
        tx.commit().await?;
        return Ok(report);
    }
    let new_import = db::bills::NewImport {
        provider,
        format: import.format,
        file_name: &up.file_name,
        sha256: &up.sha256,
        lines_total: report.lines_new + report.lines_known,
        first_at: fresh.first().map(|r| r.time_ms),
        last_at: fresh.last().map(|r| r.time_ms),
        by: caller.actor(),
        at: now,
    };
    let import_id = match db::bills::insert_import(&mut tx, &new_import).await {
        Ok(id) => id,
        // The same file imported at this very moment by someone else.
        Err(e) if is_unique_violation(&e) => return Err(crate::error::CommonError::Stale.into()),
        Err(e) => return Err(e.into()),
    };
    let mut job = Job { caller, provider, method: Method::of(provider), import_id, now, closed: db::closed_months(&mut tx).await?, report };
    job.run(&mut tx, &fresh).await?;
    let report = job.report;
    db::bills::finish_import(&mut tx, import_id, report.lines_new, report.payments_new, report.matched).await?;
    let detail = format!(
        "{} lines new, {} payments ({} matched, {} ambiguous, {} unmatched), {} linked, {} refunds, fees {}",
        report.lines_new, report.payments_new, report.matched, report.ambiguous, report.unmatched, report.payments_linked, report.refunds, report.fees
    );
    crate::audit::record(&mut tx, caller.actor(), "bill_import", Some(import_id), "import", &detail, now).await?;
    db::bills::delete_upload(&mut tx, token).await?;
    let t = std::time::Instant::now();
    tx.commit().await?;
    tracing::debug!(import = import_id, ms = t.elapsed().as_millis() as u64, "committed");
    Ok(ImportReport { id: Some(super::BillImportId(import_id)), ..report })
}

fn empty_report(lines: i64) -> ImportReport {
    ImportReport {
        id: None,
        lines_new: 0,
        lines_known: lines,
        payments_new: 0,
        payments_linked: 0,
        matched: 0,
        ambiguous: 0,
        unmatched: 0,
        refunds: 0,
        duplicates: 0,
        orders_confirmed: 0,
        fees: Money::ZERO,
        adjustments: 0,
    }
}

/// One import's work inside its transaction.
struct Job<'a> {
    caller: &'a Caller,
    provider: BillProvider,
    method: Method,
    import_id: i64,
    now: i64,
    closed: Vec<i64>,
    report: ImportReport,
}

/// What a new bill line records: nothing but itself, an existing payment it confirms, or the
/// n-th new payment / refund of this import.
#[derive(Clone, Copy)]
enum Records {
    Nothing,
    Existing(i64),
    NewPayment(usize),
    NewRefund(usize),
}

impl Job<'_> {
    async fn run(&mut self, tx: &mut crate::state::Tx, fresh: &[&BillRow]) -> AppResult<()> {
        let started = std::time::Instant::now();
        let import_id = self.import_id;
        let lap = |what: &str| tracing::debug!(import = import_id, ms = started.elapsed().as_millis() as u64, "{what}");
        let (first, last) = (fresh.first().map(|r| r.time_ms).unwrap_or(self.now), fresh.last().map(|r| r.time_ms).unwrap_or(self.now));
        let mut txns: Vec<String> = fresh.iter().map(|r| r.txn_no.clone()).collect();
        txns.extend(fresh.iter().filter_map(|r| r.refund_of.clone()));
        let existing = db::payments::by_txn(tx, self.method, &txns).await?;
        let mut loose = db::payments::unconfirmed(tx, self.method, first - DAY_MS, last + DAY_MS).await?;
        let incomes: Vec<&&BillRow> = fresh.iter().filter(|r| r.direction == Direction::Income).collect();
        let texts: Vec<String> = incomes.iter().flat_map(|r| [r.merchant_order_no.clone().unwrap_or_default(), r.note.clone(), r.item.clone()]).collect();
        lap("existing payments read");
        let mut m = Matcher::load(tx, first, last, &texts).await?;
        lap("orders that may be meant loaded");
        let (mut payments, mut refunds_of): (Vec<NewRow>, Vec<(NewRow, Option<usize>)>) = (Vec::new(), Vec::new());
        let mut records = Vec::with_capacity(fresh.len());
        let mut new_by_txn: HashMap<&str, usize> = HashMap::new();
        for r in fresh {
            let rec = match r.direction {
                Direction::Income => {
                    if let Some((id, _, _)) = existing.get(&r.txn_no) {
                        self.report.payments_linked += 1;
                        Records::Existing(*id)
                    } else if let Some(pos) = loose.iter().position(|(_, amount, at)| *amount == r.amount_fen && (at - r.time_ms).abs() <= 2 * 3_600_000) {
                        let (id, _, _) = loose.remove(pos);
                        db::payments::set_txn(tx, id, &r.txn_no).await?;
                        self.report.payments_linked += 1;
                        Records::Existing(id)
                    } else {
                        let row = self.new_payment(r, &mut m);
                        new_by_txn.insert(r.txn_no.as_str(), payments.len());
                        payments.push(row);
                        Records::NewPayment(payments.len() - 1)
                    }
                }
                Direction::Refund => {
                    let original = r.refund_of.as_deref();
                    let from_db = original.and_then(|t| existing.get(t)).map(|(id, _, order)| (*id, *order));
                    let from_batch = original.and_then(|t| new_by_txn.get(t)).copied();
                    let order = from_db.and_then(|o| o.1).or_else(|| from_batch.and_then(|i| payments[i].order_id));
                    let mut row = self.new_row(r, PaymentKind::Refund);
                    row.refund_of = from_db.map(|o| o.0);
                    if let Some(order) = order {
                        row.state = PaymentState::Matched;
                        row.order_id = Some(order);
                        row.match_kind = Some(MatchKind::Refund);
                        row.matched_by = self.caller.actor();
                        row.match_reason = from_db.map(|o| reason(o.0)).unwrap_or_default();
                    }
                    refunds_of.push((row, from_batch));
                    Records::NewRefund(refunds_of.len() - 1)
                }
                Direction::Expense | Direction::Other => Records::Nothing,
            };
            records.push(rec);
        }
        lap("matched in memory");
        let payment_ids = db::payments::insert(tx, &payments).await.map_err(stale_on_unique)?;
        let refund_rows: Vec<NewRow> = refunds_of
            .into_iter()
            .map(|(mut row, batch)| {
                if let Some(i) = batch {
                    row.refund_of = Some(payment_ids[i]);
                    if row.order_id.is_some() {
                        row.match_reason = reason(payment_ids[i]);
                    }
                }
                row
            })
            .collect();
        let refund_ids = db::payments::insert(tx, &refund_rows).await.map_err(stale_on_unique)?;
        let lines: Vec<NewLine> = fresh
            .iter()
            .zip(&records)
            .map(|(r, rec)| NewLine {
                txn_no: r.txn_no.clone(),
                direction: r.direction,
                amount_fen: r.amount_fen,
                fee_fen: r.fee_fen,
                at: r.time_ms,
                counterparty: r.counterparty.chars().take(100).collect(),
                merchant_order_no: r.merchant_order_no.clone(),
                status: r.status.chars().take(40).collect(),
                refund_of_txn: r.refund_of.clone(),
                payment_id: match rec {
                    Records::Nothing => None,
                    Records::Existing(id) => Some(*id),
                    Records::NewPayment(i) => Some(payment_ids[*i]),
                    Records::NewRefund(i) => Some(refund_ids[*i]),
                },
                raw_row: r.raw_row,
            })
            .collect();
        lap("payments and refunds inserted");
        db::bills::insert_lines(tx, self.import_id, self.provider, &lines).await.map_err(stale_on_unique)?;
        lap("bill lines inserted");
        self.tally(&payments, &refund_rows);
        let mut deltas: Vec<(i64, i64, i64, i64)> = payments.iter().filter_map(|p| p.order_id.map(|o| (o, p.amount_fen, 0, 1))).collect();
        deltas.extend(refund_rows.iter().filter_map(|p| p.order_id.map(|o| (o, 0, p.amount_fen, 0))));
        let confirmed = after_matches(tx, self.caller, &deltas).await?;
        lap("order balances and confirmations done");
        self.report.orders_confirmed = confirmed.len() as i64;
        self.report.duplicates = m.duplicates();
        self.book_fees(tx, fresh).await?;
        lap("fees booked");
        Ok(())
    }

    fn new_row(&self, r: &BillRow, kind: PaymentKind) -> NewRow {
        let (book, _) = book_day(day_of(r.time_ms), &self.closed);
        NewRow {
            kind,
            method: self.method,
            amount_fen: r.amount_fen,
            fee_fen: r.fee_fen,
            payer: r.counterparty.chars().take(100).collect(),
            payer_account: r.payer_account.clone().unwrap_or_default().chars().take(100).collect(),
            txn_no: Some(r.txn_no.clone()),
            reference: r.merchant_order_no.clone().unwrap_or_default(),
            note: [r.item.as_str(), r.note.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" · ").chars().take(200).collect(),
            paid_at: r.time_ms,
            book_day: book,
            state: PaymentState::Unmatched,
            order_id: None,
            refund_of: None,
            match_kind: None,
            match_reason: String::new(),
            matched_by: None,
            import_id: Some(self.import_id),
            created_by: self.caller.actor(),
            at: self.now,
        }
    }

    fn new_payment(&self, r: &BillRow, m: &mut Matcher) -> NewRow {
        let mut row = self.new_row(r, PaymentKind::Payment);
        let facts = PaymentFacts {
            amount_fen: r.amount_fen,
            payer: r.counterparty.clone(),
            payer_account: r.payer_account.clone().unwrap_or_default(),
            at: r.time_ms,
            texts: vec![r.merchant_order_no.clone().unwrap_or_default(), r.note.clone(), r.item.clone()],
        };
        let outcome = m.decide(&facts);
        set_outcome(&mut row, &outcome, m, self.caller);
        if let Outcome::Matched { order_id, .. } = outcome {
            m.pay(order_id, r.amount_fen);
        }
        row
    }

    fn tally(&mut self, payments: &[NewRow], refunds: &[NewRow]) {
        let r = &mut self.report;
        r.payments_new = payments.len() as i64;
        r.matched = payments.iter().filter(|p| p.state == PaymentState::Matched).count() as i64;
        r.ambiguous = payments.iter().filter(|p| p.state == PaymentState::Ambiguous).count() as i64;
        r.unmatched = payments.iter().filter(|p| p.state == PaymentState::Unmatched).count() as i64;
        r.refunds = refunds.len() as i64;
        r.adjustments = payments.iter().chain(refunds).filter(|p| day_of(p.paid_at) != p.book_day).count() as i64;
    }

    /// Fees of the new lines become one 平台手续费 expense per booking day.
    async fn book_fees(&mut self, tx: &mut crate::state::Tx, fresh: &[&BillRow]) -> AppResult<()> {
        let mut by_day: BTreeMap<i64, (i64, i64)> = BTreeMap::new();
        for r in fresh.iter().filter(|r| r.fee_fen != 0) {
            let day = day_of(r.time_ms);
            let e = by_day.entry(book_day(day, &self.closed).0).or_insert((r.time_ms, 0));
            e.1 += r.fee_fen;
        }
        let cats = db::books::categories(tx).await?;
        let fees = cats.iter().find(|c| c.code.as_deref() == Some(FEES_CODE)).ok_or_else(|| AppError::internal("fees category missing"))?.id;
        let label = super::text::provider_label(self.provider, crate::i18n::Lang::Zh);
        let rows: Vec<NewExpenseRow> = by_day
            .into_iter()
            .filter(|(_, (_, fen))| *fen != 0)
            .map(|(book, (first_at, fen))| NewExpenseRow {
                category_id: fees,
                amount_fen: fen,
                spent_at: first_at,
                book_day: book,
                note: format!("{label}手续费（账单导入 #{}）", self.import_id),
                source: ExpenseSource::BillFee,
                import_id: Some(self.import_id),
                created_by: self.caller.actor(),
                at: self.now,
            })
            .collect();
        self.report.fees = Money::from_fen(rows.iter().map(|r| r.amount_fen).sum());
        db::books::insert_expenses(tx, &rows).await?;
        Ok(())
    }
}

/// Another import recorded the same lines at the same moment (PostgreSQL lets both read
/// them as new): this one is refused as stale, changing nothing; running it again skips them.
fn stale_on_unique(e: sqlx::Error) -> AppError {
    if is_unique_violation(&e) { crate::error::CommonError::Stale.into() } else { e.into() }
}

fn reason(payment_id: i64) -> String {
    serde_json::to_string(&MatchReason::RefundOf { payment_id }).unwrap_or_default()
}

/// The latest bill imports.
pub async fn list_imports(db: &Db, caller: &Caller) -> AppResult<Vec<BillImportRow>> {
    caller.require(Perm::ViewFinance)?;
    Ok(db::bills::imports(db, 50).await?)
}

pub async fn list_bank_mappings(db: &Db, caller: &Caller) -> AppResult<Vec<BankMappingView>> {
    caller.require(Perm::ViewFinance)?;
    let rows = db::bills::mappings(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, name, json)| serde_json::from_str(&json).ok().map(|mapping| BankMappingView { id, name, mapping }))
        .collect())
}

/// Save a bank statement's column mapping under a name; returns its id.
pub async fn save_bank_mapping(db: &Db, caller: &Caller, input: &BankMappingInput) -> AppResult<i64> {
    caller.require(Perm::ManagePayments)?;
    let (name, mapping) = check_mapping(input)?;
    let json = serde_json::to_string(&mapping).map_err(AppError::internal)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let id = match db::bills::insert_mapping(&mut tx, &name, &json, caller.actor(), now).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(FinanceError::MappingExists { name }.into()),
        Err(e) => return Err(e.into()),
    };
    crate::audit::record(&mut tx, caller.actor(), "bank_mapping", Some(id), "create", &name, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Bills against recorded payments, per day and provider, for a month (F2).
pub async fn reconciliation(db: &Db, caller: &Caller, filter: &ReconFilter) -> AppResult<Reconciliation> {
    caller.require(Perm::ViewFinance)?;
    let month = Month::parse_or(&filter.month, now_ms())?;
    let (from, to) = (month.first_day(), month.end_day());
    let (from_ms, to_ms) = (day_start_ms(from), day_start_ms(to));
    let mut conn = db.pool.acquire().await?;
    let bills = db::bills::bill_sums(&mut conn, from, to).await?;
    let recorded = db::bills::recorded_sums(&mut conn, from_ms, to_ms).await?;
    let coverage = db::bills::coverage(&mut conn, from_ms, to_ms).await?;
    let not_in_bill = db::bills::not_in_bill(&mut conn, from_ms, to_ms).await?;
    let differs = db::bills::amount_differs(&mut conn, from, to).await?;
    let orphans = db::bills::orphan_refunds(&mut conn, from, to).await?;
    drop(conn);
    let covered = |p: BillProvider, day: i64| coverage.iter().any(|(cp, a, b)| cp == p.code() && day_of(*a) <= day && day <= day_of(*b));
    let mut days: BTreeMap<(i64, BillProvider), ReconDay> = BTreeMap::new();
    let blank = |day: i64, provider: BillProvider| ReconDay {
        day,
        provider,
        covered: false,
        bill: Tally::default(),
        recorded: Tally::default(),
        bill_refunds: Money::ZERO,
        fees: Money::ZERO,
        difference: Money::ZERO,
        items: Vec::new(),
    };
    for (day, p, dir, n, amount, fee) in bills {
        let Some(p) = BillProvider::parse(&p) else { continue };
        let d = days.entry((day, p)).or_insert_with(|| blank(day, p));
        d.fees = d.fees + Money::from_fen(fee);
        match Direction::parse(&dir) {
            Some(Direction::Income) => d.bill = Tally { count: d.bill.count + n, amount: d.bill.amount + Money::from_fen(amount) },
            Some(Direction::Refund) => d.bill_refunds = d.bill_refunds + Money::from_fen(amount),
            _ => {}
        }
    }
    for (day, method, n, amount) in recorded {
        let Some(p) = provider_of(&method) else { continue };
        let d = days.entry((day, p)).or_insert_with(|| blank(day, p));
        d.recorded = Tally { count: n, amount: Money::from_fen(amount) };
    }
    for (id, method, amount, payer, at) in not_in_bill {
        let Some(p) = provider_of(&method) else { continue };
        if covered(p, day_of(at)) {
            let d = days.entry((day_of(at), p)).or_insert_with(|| blank(day_of(at), p));
            d.items.push(ReconItem::NotInBill { payment_id: PaymentId(id), amount: Money::from_fen(amount), payer, at });
        }
    }
    for (id, p, day, txn_no, recorded, bill) in differs {
        let Some(p) = BillProvider::parse(&p) else { continue };
        let d = days.entry((day, p)).or_insert_with(|| blank(day, p));
        d.items.push(ReconItem::AmountDiffers { payment_id: PaymentId(id), txn_no, recorded: Money::from_fen(recorded), bill: Money::from_fen(bill) });
    }
    for (id, p, day, txn_no, amount) in orphans {
        let Some(p) = BillProvider::parse(&p) else { continue };
        let d = days.entry((day, p)).or_insert_with(|| blank(day, p));
        d.items.push(ReconItem::RefundWithoutPayment { payment_id: PaymentId(id), txn_no, amount: Money::from_fen(amount) });
    }
    let days = days
        .into_values()
        .filter(|d| filter.provider.is_none_or(|p| p == d.provider))
        .map(|mut d| {
            d.covered = covered(d.provider, d.day);
            d.difference = d.recorded.amount - d.bill.amount;
            d
        })
        .collect();
    Ok(Reconciliation { month: month.to_string(), days })
}

fn provider_of(method: &str) -> Option<BillProvider> {
    match Method::parse(method)? {
        Method::Wechat => Some(BillProvider::WechatPay),
        Method::Alipay => Some(BillProvider::Alipay),
        Method::Bank => Some(BillProvider::Bank),
        Method::Cash => None,
    }
}
