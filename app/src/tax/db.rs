//! Every SQL statement of the tax area (ssr only). Private to the area: other areas go
//! through `tax::service`. Orders and products are read through their areas' services.

use super::logic_invoice::{InvoiceKind, RedReason};
use super::logic_rate::{TaxRate, TaxpayerType};
use super::logic_vat::CityTier;
use super::logic_vat_policy::{PolicyEntry, PolicyRule, TaxPolicy};
use super::{InputFilter, InputInvoice, InputInvoiceId, InvoiceFilter, InvoiceId, InvoiceStatus, InvoiceSummary, TaxSettings};
use crate::money::Money;
use crate::page::Count;
use crate::sql::Sql;
use crate::state::Db;
use chrono::NaiveDate;
use sqlx::{AnyConnection, FromRow};
use std::collections::HashMap;

#[derive(FromRow)]
pub(super) struct ProfileRow {
    pub taxpayer_type: String,
    pub name: String,
    pub tax_id: String,
    pub address: String,
    pub phone: String,
    pub bank: String,
    pub bank_account: String,
    pub city_tier: String,
    pub individual_business: i64,
    pub surcharge_relief: i64,
    pub credit_month: String,
    pub opening_credit_fen: i64,
}

impl ProfileRow {
    pub fn taxpayer(&self) -> TaxpayerType {
        TaxpayerType::parse(&self.taxpayer_type).unwrap_or(TaxpayerType::SmallScale)
    }

    pub fn city(&self) -> CityTier {
        CityTier::parse(&self.city_tier).unwrap_or(CityTier::Urban)
    }
}

pub(super) async fn profile(conn: &mut AnyConnection) -> Result<Option<ProfileRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT taxpayer_type, name, tax_id, address, phone, bank, bank_account, city_tier, individual_business, \
         surcharge_relief, credit_month, opening_credit_fen FROM tax_profile WHERE id = 1",
    )
    .fetch_optional(conn)
    .await
}

pub(super) async fn save_profile(conn: &mut AnyConnection, p: &ProfileRow, user: Option<i64>, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO tax_profile (id, taxpayer_type, name, tax_id, address, phone, bank, bank_account, city_tier, \
         individual_business, surcharge_relief, credit_month, opening_credit_fen, updated_by, updated_at) \
         VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (id) DO UPDATE SET taxpayer_type = excluded.taxpayer_type, name = excluded.name, tax_id = excluded.tax_id, \
         address = excluded.address, phone = excluded.phone, bank = excluded.bank, bank_account = excluded.bank_account, \
         city_tier = excluded.city_tier, individual_business = excluded.individual_business, \
         surcharge_relief = excluded.surcharge_relief, credit_month = excluded.credit_month, \
         opening_credit_fen = excluded.opening_credit_fen, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(&p.taxpayer_type)
    .bind(&p.name)
    .bind(&p.tax_id)
    .bind(&p.address)
    .bind(&p.phone)
    .bind(&p.bank)
    .bind(&p.bank_account)
    .bind(&p.city_tier)
    .bind(p.individual_business)
    .bind(p.surcharge_relief)
    .bind(&p.credit_month)
    .bind(p.opening_credit_fen)
    .bind(user)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

type SettingsRow = (i64, String, String, String, i64, String);

fn settings_of(r: SettingsRow) -> (i64, TaxSettings) {
    let (id, tax_code, short_name, rate, simplified, unit) = r;
    (id, TaxSettings { tax_code, short_name, rate: TaxRate::parse(&rate).unwrap_or(TaxRate::Exempt), simplified: simplified == 1, unit })
}

/// Tax settings of the given products (all products when `ids` is `None`).
pub(super) async fn settings(conn: &mut AnyConnection, ids: Option<&[i64]>) -> Result<HashMap<i64, TaxSettings>, sqlx::Error> {
    let mut q = Sql::new("SELECT product_id, tax_code, short_name, rate, simplified, unit FROM tax_products");
    if let Some(ids) = ids {
        q.push(" WHERE product_id IN (").ints(ids).push(")");
    }
    let rows: Vec<SettingsRow> = q.query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().map(settings_of).collect())
}

pub(super) async fn save_settings(conn: &mut AnyConnection, product_id: i64, s: &TaxSettings, user: Option<i64>, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO tax_products (product_id, tax_code, short_name, rate, simplified, unit, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (product_id) DO UPDATE SET tax_code = excluded.tax_code, \
         short_name = excluded.short_name, rate = excluded.rate, simplified = excluded.simplified, unit = excluded.unit, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(product_id)
    .bind(&s.tax_code)
    .bind(&s.short_name)
    .bind(s.rate.code())
    .bind(i64::from(s.simplified))
    .bind(&s.unit)
    .bind(user)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct PolicyRow {
    kind: String,
    valid_from: String,
    valid_to: Option<String>,
    rate: Option<String>,
    monthly_fen: Option<i64>,
    quarterly_fen: Option<i64>,
    percent: Option<i64>,
    source: String,
}

/// The dated policy table, in the order later rows override earlier ones. A row that
/// cannot be read is an error, never skipped: a summary must not use half a policy.
pub(super) async fn policy(conn: &mut AnyConnection) -> Result<TaxPolicy, sqlx::Error> {
    let rows: Vec<PolicyRow> = sqlx::query_as(
        "SELECT kind, valid_from, valid_to, rate, monthly_fen, quarterly_fen, percent, source FROM tax_policy ORDER BY id",
    )
    .fetch_all(conn)
    .await?;
    let bad = |what: &str| sqlx::Error::Decode(format!("tax_policy: {what}").into());
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad(s));
    let mut entries = Vec::with_capacity(rows.len());
    for r in rows {
        let fen = |v: Option<i64>| v.ok_or_else(|| bad("amount missing"));
        let rule = match r.kind.as_str() {
            "reduced_levy" => PolicyRule::SmallScaleReducedLevy { to: r.rate.as_deref().and_then(TaxRate::parse).ok_or_else(|| bad("rate"))? },
            "exemption" => PolicyRule::SmallScaleExemption { monthly_fen: fen(r.monthly_fen)?, quarterly_fen: fen(r.quarterly_fen)? },
            "surcharge_relief" => PolicyRule::SurchargeRelief { percent: r.percent.ok_or_else(|| bad("percent"))? },
            "education_exemption" => PolicyRule::EducationSurchargeExemption { monthly_fen: fen(r.monthly_fen)?, quarterly_fen: fen(r.quarterly_fen)? },
            other => return Err(bad(other)),
        };
        let to = match r.valid_to.as_deref() {
            Some(t) => Some(date(t)?),
            None => None,
        };
        entries.push(PolicyEntry { from: date(&r.valid_from)?, to, rule, source: r.source });
    }
    Ok(TaxPolicy { entries })
}

/// The head of an invoice to insert.
pub(super) struct NewHead<'a> {
    pub kind: InvoiceKind,
    pub red_of: Option<i64>,
    pub red_reason: Option<RedReason>,
    pub taxpayer: TaxpayerType,
    pub inv: &'a super::Invoice,
    pub note: &'a str,
    pub user: Option<i64>,
    pub at: i64,
}

pub(super) async fn insert_invoice(conn: &mut AnyConnection, h: &NewHead<'_>) -> Result<i64, sqlx::Error> {
    let b = &h.inv.buyer;
    sqlx::query_scalar(
        "INSERT INTO invoices (kind, status, red_of, red_reason, taxpayer_type, seller_name, seller_tax_id, buyer_name, \
         buyer_tax_id, buyer_address_phone, buyer_bank_account, buyer_natural_person, amount_fen, tax_fen, gross_fen, note, \
         created_by, created_at, updated_at) \
         VALUES ($1, 'pending', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id",
    )
    .bind(h.kind.code())
    .bind(h.red_of)
    .bind(h.red_reason.map(RedReason::code))
    .bind(h.taxpayer.code())
    .bind(&h.inv.seller.name)
    .bind(&h.inv.seller.tax_id)
    .bind(&b.name)
    .bind(&b.tax_id)
    .bind(&b.address_phone)
    .bind(&b.bank_account)
    .bind(i64::from(b.natural_person))
    .bind(h.inv.amount_fen)
    .bind(h.inv.tax_fen)
    .bind(h.inv.gross_fen)
    .bind(h.note)
    .bind(h.user)
    .bind(h.at)
    .fetch_one(conn)
    .await
}

/// Insert an invoice's lines; `products[i]` and `orig[i]` are the product and the
/// original line (1-based, red-letter) of line i, where known.
pub(super) async fn insert_lines(
    conn: &mut AnyConnection,
    invoice_id: i64,
    inv: &super::Invoice,
    products: &[Option<i64>],
    orig: &[Option<i64>],
) -> Result<(), sqlx::Error> {
    for (i, l) in inv.lines.iter().enumerate() {
        let s = &l.line;
        sqlx::query(
            "INSERT INTO invoice_lines (invoice_id, line_no, orig_line, product_id, item_name, spec, unit, qty, unit_price, rate, \
             tax_code, simplified, amount_fen, tax_fen, gross_fen) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        )
        .bind(invoice_id)
        .bind(i as i64 + 1)
        .bind(orig.get(i).copied().flatten())
        .bind(products.get(i).copied().flatten())
        .bind(&s.item_name)
        .bind(&s.spec)
        .bind(&s.unit)
        .bind(s.qty.map(|q| q.to_string()))
        .bind(s.unit_price_excl.map(|p| p.to_string()))
        .bind(s.rate.code())
        .bind(&l.tax_code)
        .bind(i64::from(l.simplified))
        .bind(s.amount_fen)
        .bind(s.tax_fen)
        .bind(s.gross_fen)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub(super) async fn insert_invoice_order(conn: &mut AnyConnection, invoice_id: i64, order_id: i64, gross_fen: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO invoice_orders (invoice_id, order_id, gross_fen) VALUES ($1, $2, $3)")
        .bind(invoice_id)
        .bind(order_id)
        .bind(gross_fen)
        .execute(conn)
        .await?;
    Ok(())
}

/// What is invoiced of each order (0 for orders never invoiced).
pub(super) async fn invoiced(conn: &mut AnyConnection, order_ids: &[i64]) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let mut q = Sql::new("SELECT order_id, invoiced_fen FROM invoiced_orders WHERE order_id IN (");
    q.ints(order_ids).push(")");
    let rows: Vec<(i64, i64)> = q.query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

/// Raise what is invoiced of an order by `fen`, unless that passes `total_fen`: one
/// conditional statement, so concurrent invoices cannot both take the last of an order.
/// Returns false (and changes nothing) when refused.
pub(super) async fn take_order(conn: &mut AnyConnection, order_id: i64, fen: i64, total_fen: i64) -> Result<bool, sqlx::Error> {
    sqlx::query("INSERT INTO invoiced_orders (order_id, invoiced_fen) VALUES ($1, 0) ON CONFLICT (order_id) DO NOTHING")
        .bind(order_id)
        .execute(&mut *conn)
        .await?;
    let r = sqlx::query("UPDATE invoiced_orders SET invoiced_fen = invoiced_fen + $1 WHERE order_id = $2 AND invoiced_fen + $1 <= $3")
        .bind(fen)
        .bind(order_id)
        .bind(total_fen)
        .execute(conn)
        .await?;
    Ok(r.rows_affected() == 1)
}

/// Lower what is invoiced of an order (a deleted draft, an issued full reversal).
pub(super) async fn release_order(conn: &mut AnyConnection, order_id: i64, fen: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE invoiced_orders SET invoiced_fen = invoiced_fen - $1 WHERE order_id = $2")
        .bind(fen)
        .bind(order_id)
        .execute(conn)
        .await?;
    Ok(())
}

const SUMMARY_COLUMNS: &str = "i.id, i.kind, i.status, i.red_of, i.number, i.issued_at, i.buyer_name, i.buyer_tax_id, \
     i.amount_fen, i.tax_fen, i.gross_fen, i.created_at";

#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    kind: String,
    status: String,
    red_of: Option<i64>,
    number: Option<String>,
    issued_at: Option<i64>,
    buyer_name: String,
    buyer_tax_id: String,
    amount_fen: i64,
    tax_fen: i64,
    gross_fen: i64,
    created_at: i64,
}

impl SummaryRow {
    fn into_summary(self) -> InvoiceSummary {
        InvoiceSummary {
            id: InvoiceId(self.id),
            kind: InvoiceKind::parse(&self.kind).unwrap_or(InvoiceKind::Ordinary),
            status: InvoiceStatus::parse(&self.status).unwrap_or(InvoiceStatus::Pending),
            red: self.red_of.is_some(),
            number: self.number,
            issued_on: self.issued_at.map(super::logic::ms_date),
            buyer_name: self.buyer_name,
            buyer_tax_id: self.buyer_tax_id,
            amount: Money::from_fen(self.amount_fen),
            tax: Money::from_fen(self.tax_fen),
            gross: Money::from_fen(self.gross_fen),
            created_at: self.created_at,
        }
    }
}

/// `WHERE …` of an invoice list: status, and issued in [from, to) when given.
fn invoice_where(q: &mut Sql, f: &InvoiceFilter, issued: Option<(i64, i64)>) {
    q.push(" WHERE 1 = 1");
    if let Some(s) = f.status {
        q.push(" AND i.status = ").text(s.code());
    }
    if let Some((from, to)) = issued {
        q.push(" AND i.issued_at >= ").int(from).push(" AND i.issued_at < ").int(to);
    }
}

/// One page of invoices, newest first by key, and the capped count.
pub(super) async fn list_invoices(db: &Db, f: &InvoiceFilter, issued: Option<(i64, i64)>) -> Result<(Vec<InvoiceSummary>, Count), sqlx::Error> {
    let mut q = Sql::new(&format!("SELECT {SUMMARY_COLUMNS} FROM invoices i"));
    invoice_where(&mut q, f, issued);
    q.seek("i.created_at", "i.id", f.seek).order_page("i.created_at", "i.id", f.seek);
    let rows: Vec<SummaryRow> = q.query_as().fetch_all(&db.pool).await?;
    let mut c = Sql::new("SELECT 1 FROM invoices i");
    invoice_where(&mut c, f, issued);
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    Ok((rows.into_iter().map(SummaryRow::into_summary).collect(), Count::from_capped(n)))
}

/// Every invoice matching the filter (for the export), oldest first, at most `limit`.
pub(super) async fn all_invoices(db: &Db, f: &InvoiceFilter, issued: Option<(i64, i64)>, limit: i64) -> Result<Vec<InvoiceSummary>, sqlx::Error> {
    let mut q = Sql::new(&format!("SELECT {SUMMARY_COLUMNS} FROM invoices i"));
    invoice_where(&mut q, f, issued);
    q.push(" ORDER BY i.created_at, i.id LIMIT ").int(limit);
    let rows: Vec<SummaryRow> = q.query_as().fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(SummaryRow::into_summary).collect())
}

#[derive(FromRow)]
pub(super) struct HeadRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    pub red_reason: Option<String>,
    pub taxpayer_type: String,
    pub seller_name: String,
    pub seller_tax_id: String,
    pub buyer_address_phone: String,
    pub buyer_bank_account: String,
    pub buyer_natural_person: i64,
    pub note: String,
}

impl HeadRow {
    pub fn red_of(&self) -> Option<i64> {
        self.summary.red_of
    }

    pub fn summary(&self) -> InvoiceSummary {
        let s = &self.summary;
        SummaryRow {
            id: s.id,
            kind: s.kind.clone(),
            status: s.status.clone(),
            red_of: s.red_of,
            number: s.number.clone(),
            issued_at: s.issued_at,
            buyer_name: s.buyer_name.clone(),
            buyer_tax_id: s.buyer_tax_id.clone(),
            amount_fen: s.amount_fen,
            tax_fen: s.tax_fen,
            gross_fen: s.gross_fen,
            created_at: s.created_at,
        }
        .into_summary()
    }
}

pub(super) async fn head(conn: &mut AnyConnection, id: i64) -> Result<Option<HeadRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, i.red_reason, i.taxpayer_type, i.seller_name, i.seller_tax_id, i.buyer_address_phone, \
         i.buyer_bank_account, i.buyer_natural_person, i.note FROM invoices i WHERE i.id = $1"
    );
    sqlx::query_as(&sql).bind(id).fetch_optional(conn).await
}

#[derive(FromRow)]
pub(super) struct LineRow {
    pub product_id: Option<i64>,
    pub item_name: String,
    pub spec: String,
    pub unit: String,
    pub qty: Option<String>,
    pub unit_price: Option<String>,
    pub rate: String,
    pub tax_code: String,
    pub simplified: i64,
    pub amount_fen: i64,
    pub tax_fen: i64,
    pub gross_fen: i64,
}

pub(super) async fn lines(conn: &mut AnyConnection, invoice_id: i64) -> Result<Vec<LineRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT product_id, item_name, spec, unit, qty, unit_price, rate, tax_code, simplified, amount_fen, tax_fen, gross_fen \
         FROM invoice_lines WHERE invoice_id = $1 ORDER BY line_no",
    )
    .bind(invoice_id)
    .fetch_all(conn)
    .await
}

/// (order id, 价税合计 on the invoice) of an invoice's orders.
pub(super) async fn invoice_orders(conn: &mut AnyConnection, invoice_id: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT order_id, gross_fen FROM invoice_orders WHERE invoice_id = $1 ORDER BY order_id")
        .bind(invoice_id)
        .fetch_all(conn)
        .await
}

/// (id, status, number, gross) of the red-letter invoices of an original.
pub(super) async fn reds(conn: &mut AnyConnection, original: i64) -> Result<Vec<(i64, String, Option<String>, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT id, status, number, gross_fen FROM invoices WHERE red_of = $1 ORDER BY id")
        .bind(original)
        .fetch_all(conn)
        .await
}

/// What red-letter invoices (pending or issued; `issued_only` for issued ones) took from
/// each line of an original: (line, gross, amount, tax) as positive figures.
pub(super) async fn reversed(conn: &mut AnyConnection, original: i64, issued_only: bool) -> Result<Vec<(i64, i64, i64, i64)>, sqlx::Error> {
    let mut q = Sql::new(
        "SELECT l.orig_line, CAST(-SUM(l.gross_fen) AS BIGINT), CAST(-SUM(l.amount_fen) AS BIGINT), CAST(-SUM(l.tax_fen) AS BIGINT) \
         FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.red_of = ",
    );
    q.int(original);
    if issued_only {
        q.push(" AND i.status <> 'pending'");
    }
    q.push(" GROUP BY l.orig_line");
    let rows: Vec<(Option<i64>, i64, i64, i64)> = q.query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().filter_map(|(l, g, a, t)| Some((l?, g, a, t))).collect())
}

/// Touch an invoice to lock its row for the rest of the transaction (PostgreSQL) and read
/// its status and original; `None` if it does not exist.
pub(super) async fn lock(conn: &mut AnyConnection, id: i64, at: i64) -> Result<Option<(String, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("UPDATE invoices SET updated_at = $1 WHERE id = $2 RETURNING status, red_of")
        .bind(at)
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// 待开票 → 已开票 with its number and date; 0 rows if it was not pending.
pub(super) async fn issue(conn: &mut AnyConnection, id: i64, number: &str, issued_at: i64, at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE invoices SET status = 'issued', number = $1, issued_at = $2, updated_at = $3 WHERE id = $4 AND status = 'pending'")
        .bind(number)
        .bind(issued_at)
        .bind(at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

pub(super) async fn set_status(conn: &mut AnyConnection, id: i64, status: InvoiceStatus) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE invoices SET status = $1 WHERE id = $2").bind(status.code()).bind(id).execute(conn).await?;
    Ok(())
}

/// Delete a pending invoice with its lines and order links.
pub(super) async fn delete_pending(conn: &mut AnyConnection, id: i64) -> Result<u64, sqlx::Error> {
    for sql in ["DELETE FROM invoice_lines WHERE invoice_id = $1", "DELETE FROM invoice_orders WHERE invoice_id = $1"] {
        sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    }
    let r = sqlx::query("DELETE FROM invoices WHERE id = $1 AND status = 'pending'").bind(id).execute(conn).await?;
    Ok(r.rows_affected())
}

/// One issued invoice line for the summaries.
#[derive(FromRow)]
pub(super) struct FactRow {
    pub issued_at: i64,
    pub kind: String,
    pub tax_code: String,
    pub rate: String,
    pub gross_fen: i64,
    pub amount_fen: i64,
    pub tax_fen: i64,
    pub from_orders: i64,
}

/// Lines of invoices issued in [from, to) (blue and red-letter).
pub(super) async fn issued_lines(db: &Db, from: i64, to: i64) -> Result<Vec<FactRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.issued_at, i.kind, l.tax_code, l.rate, l.gross_fen, l.amount_fen, l.tax_fen, \
         CASE WHEN EXISTS (SELECT 1 FROM invoice_orders io WHERE io.invoice_id = i.id) THEN 1 ELSE 0 END AS from_orders \
         FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id \
         WHERE i.issued_at >= $1 AND i.issued_at < $2 ORDER BY i.issued_at, i.id, l.line_no",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await
}

/// (selected_at, tax) of deductible input invoices selected in [from, to).
pub(super) async fn deductible_inputs(db: &Db, from: i64, to: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT selected_at, tax_fen FROM input_invoices WHERE deductible = 1 AND selected_at >= $1 AND selected_at < $2")
        .bind(from)
        .bind(to)
        .fetch_all(&db.pool)
        .await
}

pub(super) struct NewInput<'a> {
    pub c: &'a super::logic::CheckedInput,
    pub kind: InvoiceKind,
    pub deductible: bool,
    pub receipt_id: Option<i64>,
    pub user: Option<i64>,
    pub at: i64,
}

pub(super) async fn insert_input(conn: &mut AnyConnection, i: &NewInput<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO input_invoices (kind, seller_name, seller_tax_id, number, issued_at, amount_fen, tax_fen, deductible, \
         selected_at, receipt_id, note, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(i.kind.code())
    .bind(&i.c.seller_name)
    .bind(&i.c.seller_tax_id)
    .bind(&i.c.number)
    .bind(i.c.issued_at)
    .bind(i.c.amount_fen)
    .bind(i.c.tax_fen)
    .bind(i64::from(i.deductible))
    .bind(i.c.selected_at)
    .bind(i.receipt_id)
    .bind(&i.c.note)
    .bind(i.user)
    .bind(i.at)
    .fetch_one(conn)
    .await
}

#[derive(FromRow)]
struct InputRow {
    id: i64,
    kind: String,
    seller_name: String,
    seller_tax_id: String,
    number: String,
    issued_at: i64,
    amount_fen: i64,
    tax_fen: i64,
    deductible: i64,
    selected_at: Option<i64>,
    receipt_id: Option<i64>,
    note: String,
    created_at: i64,
}

impl InputRow {
    fn into_input(self) -> InputInvoice {
        InputInvoice {
            id: InputInvoiceId(self.id),
            kind: InvoiceKind::parse(&self.kind).unwrap_or(InvoiceKind::Special),
            seller_name: self.seller_name,
            seller_tax_id: self.seller_tax_id,
            number: self.number,
            issued_on: super::logic::ms_date(self.issued_at),
            amount: Money::from_fen(self.amount_fen),
            tax: Money::from_fen(self.tax_fen),
            deductible: self.deductible == 1,
            selected_on: self.selected_at.map(super::logic::ms_date),
            receipt_id: self.receipt_id,
            note: self.note,
            created_at: self.created_at,
        }
    }
}

const INPUT_COLUMNS: &str = "i.id, i.kind, i.seller_name, i.seller_tax_id, i.number, i.issued_at, i.amount_fen, i.tax_fen, \
     i.deductible, i.selected_at, i.receipt_id, i.note, i.created_at";

pub(super) async fn list_inputs(db: &Db, f: &InputFilter) -> Result<(Vec<InputInvoice>, Count), sqlx::Error> {
    let mut q = Sql::new(&format!("SELECT {INPUT_COLUMNS} FROM input_invoices i WHERE 1 = 1"));
    q.seek("i.created_at", "i.id", f.seek).order_page("i.created_at", "i.id", f.seek);
    let rows: Vec<InputRow> = q.query_as().fetch_all(&db.pool).await?;
    let n: i64 = Sql::new("SELECT 1 FROM input_invoices i").capped_count().query_scalar().fetch_one(&db.pool).await?;
    Ok((rows.into_iter().map(InputRow::into_input).collect(), Count::from_capped(n)))
}

pub(super) async fn input(conn: &mut AnyConnection, id: i64) -> Result<Option<InputInvoice>, sqlx::Error> {
    let sql = format!("SELECT {INPUT_COLUMNS} FROM input_invoices i WHERE i.id = $1");
    let row: Option<InputRow> = sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?;
    Ok(row.map(InputRow::into_input))
}

/// Record the 勾选 date: the invoice becomes deductible in that date's period.
pub(super) async fn select_input(conn: &mut AnyConnection, id: i64, selected_at: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE input_invoices SET selected_at = $1, deductible = 1 WHERE id = $2")
        .bind(selected_at)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

pub(super) async fn delete_input(conn: &mut AnyConnection, id: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("DELETE FROM input_invoices WHERE id = $1").bind(id).execute(conn).await?;
    Ok(r.rows_affected())
}

/// Orders whose recorded invoiced amount is not what their invoices add up to (blue
/// invoices, pending or issued, plus issued red-letter ones). Must be empty (`server check`).
pub(super) async fn invoiced_mismatches(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT io.order_id FROM invoiced_orders io LEFT JOIN ( \
           SELECT x.order_id, SUM(x.gross_fen) AS s FROM invoice_orders x JOIN invoices i ON i.id = x.invoice_id \
           WHERE i.red_of IS NULL OR i.status <> 'pending' GROUP BY x.order_id) t ON t.order_id = io.order_id \
         WHERE io.invoiced_fen <> COALESCE(t.s, 0) ORDER BY io.order_id LIMIT 1000",
    )
    .fetch_all(&db.pool)
    .await
}

/// Invoices whose totals are not the sum of their lines. Must be empty (`server check`).
pub(super) async fn invoice_total_mismatches(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT i.id FROM invoices i LEFT JOIN (SELECT invoice_id, SUM(gross_fen) AS g, SUM(amount_fen) AS a, SUM(tax_fen) AS t \
         FROM invoice_lines GROUP BY invoice_id) l ON l.invoice_id = i.id \
         WHERE l.g IS NULL OR l.g <> i.gross_fen OR l.a <> i.amount_fen OR l.t <> i.tax_fen ORDER BY i.id LIMIT 1000",
    )
    .fetch_all(&db.pool)
    .await
}
