//! Import and export (P6) and personal data (PIPL).
//!
//! Files are read with calamine (.xlsx) and csv + encoding_rs (.csv in UTF-8 or, as Excel
//! in China saves it, GBK), written with rust_xlsxwriter. An import is checked first
//! (every bad row with its column and reason) and applied all-or-nothing in one
//! transaction; the key is agent + mobile, so importing the same file again changes nothing.

use super::super::db::{self, tags as tdb};
use super::super::logic::{field_text, CustomerError};
use super::super::logic_import::{parse_rows, BadRow, ImportRow};
use super::super::logic_tags::{FieldDef, FieldValue};
use super::super::{CustomerFilter, CustomerId, ImportAction, ImportInput, ImportReport, ImportRowView, RowError};
use super::{get_customer, masked, own, refresh_in_tx};
use crate::auth::{self, Caller, Perm, Role};
use crate::error::{AppError, AppResult};
use crate::state::Db;
use crate::time::{format_ms, now_ms};
use base64::Engine;
use std::collections::{BTreeMap, HashMap};

/// Most rows in one export.
pub const EXPORT_MAX: i64 = 50_000;
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The file's cells as text, first sheet for .xlsx.
fn read_table(file_name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, CustomerError> {
    let unreadable = |d: String| CustomerError::ImportUnreadable { detail: d.chars().take(120).collect() };
    if file_name.to_lowercase().ends_with(".xlsx") {
        use calamine::{Data, Reader, Xlsx};
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
        let range = book.worksheet_range_at(0).ok_or_else(|| unreadable("no sheet".into()))?.map_err(|e| unreadable(e.to_string()))?;
        let cell = |d: &Data| match d {
            Data::Int(i) => i.to_string(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(t) => t.as_datetime().map(|d| d.date().to_string()).unwrap_or_default(),
            Data::Error(_) | Data::Empty => String::new(),
        };
        return Ok(range.rows().map(|r| r.iter().map(cell).collect()).collect());
    }
    if !file_name.to_lowercase().ends_with(".csv") {
        return Err(unreadable(file_name.rsplit('.').next().unwrap_or_default().to_string()));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.map(|rec| rec.iter().map(str::to_string).collect()).map_err(|e| unreadable(e.to_string())))
        .collect()
}

fn row_error(b: BadRow) -> RowError {
    RowError { row: b.row, field: b.field, error: b.error }
}

/// What a row will do to its customer.
struct Planned {
    row: ImportRow,
    agent: i64,
    agent_name: String,
    existing: Option<i64>,
    fields: BTreeMap<String, FieldValue>,
    birthday: Option<i64>,
    action: ImportAction,
    tags: Vec<i64>,
    new_tags: Vec<String>,
}

/// Check (and with `commit`, apply) an import file. Agents import into their own line.
pub async fn import_customers(db: &Db, caller: &Caller, input: &ImportInput) -> AppResult<ImportReport> {
    caller.require(Perm::EditCustomers)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(input.data.trim())
        .map_err(|e| CustomerError::ImportUnreadable { detail: e.to_string() })?;
    let table = read_table(&input.file_name, &bytes)?;
    let mut conn = db.pool.acquire().await?;
    let defs: Vec<FieldDef> = tdb::fields(&mut conn).await?.into_iter().map(|f| FieldDef { name: f.name, kind: f.kind }).collect();
    let (rows, bad) = parse_rows(&table, &defs)?;
    let mut errors: Vec<RowError> = bad.into_iter().map(row_error).collect();
    let agents: HashMap<String, (i64, String)> = auth::service::agents_by_username(db, caller).await?.into_iter().map(|(u, id, n)| (u, (id, n))).collect();
    let default_agent = match input.agent_id {
        Some(a) => agents.values().find(|(id, _)| *id == a).cloned(),
        None if caller.role() == Role::Agent => agents.values().find(|(id, _)| *id == caller.id()).cloned(),
        None => None,
    };
    let manual: HashMap<String, i64> = tdb::manual(&mut conn).await?.into_iter().map(|(id, n)| (n, id)).collect();
    let mut plans = Vec::new();
    let mut seen: HashMap<(i64, String), u32> = HashMap::new();
    for row in rows {
        let agent = match &row.agent {
            Some(u) => agents.get(u).cloned(),
            None => default_agent.clone(),
        };
        let Some((agent, agent_name)) = agent else {
            errors.push(RowError { row: row.row, field: "agent".into(), error: CustomerError::AgentRequired.into() });
            continue;
        };
        if let Some(first_row) = seen.insert((agent, row.mobile.clone()), row.row) {
            errors.push(RowError { row: row.row, field: "mobile".into(), error: CustomerError::ImportDuplicateRow { first_row }.into() });
            continue;
        }
        let mut tags = Vec::new();
        let mut new_tags = Vec::new();
        for t in &row.tags {
            match manual.get(t) {
                Some(id) => tags.push(*id),
                // An automatic tag (e.g. from an exported list) comes from its rule: skipped.
                None => match tdb::by_name(&mut conn, t).await? {
                    Some((_, true)) => {}
                    _ => new_tags.push(t.clone()),
                },
            }
        }
        let existing = db::by_agent_mobile(&mut conn, agent, &row.mobile).await?;
        let (action, existing_id, fields, birthday) = match existing {
            None => (ImportAction::New, None, row.fields.clone(), row.birthday),
            Some((id, name, wechat, address, birthday, fields_json)) => {
                let mut fields: BTreeMap<String, FieldValue> = serde_json::from_str(&fields_json).unwrap_or_default();
                let before = fields.clone();
                fields.extend(row.fields.clone());
                let new_birthday = row.birthday.or(birthday);
                let new_wechat = if row.wechat_id.is_empty() { wechat.clone() } else { row.wechat_id.clone() };
                let new_address = if row.address.is_empty() { address.clone() } else { row.address.clone() };
                let current_tags = db::tag_names(db, &[id]).await?.into_iter().map(|(_, n)| n).collect::<Vec<_>>();
                let tags_same = tags.iter().all(|t| manual.iter().any(|(n, id)| id == t && current_tags.contains(n))) && new_tags.is_empty();
                let same = name == row.name && new_wechat == wechat && new_address == address && new_birthday == birthday && fields == before && tags_same;
                (if same { ImportAction::Unchanged } else { ImportAction::Update }, Some(id), fields, new_birthday)
            }
        };
        plans.push(Planned { row, agent, agent_name, existing: existing_id, fields, birthday, action, tags, new_tags });
    }
    drop(conn);
    errors.sort_by_key(|e| e.row);
    let count = |a: ImportAction| plans.iter().filter(|p| p.action == a).count() as u32;
    let mut report = ImportReport {
        rows: (plans.len() + errors.len()) as u32,
        new: count(ImportAction::New),
        updated: count(ImportAction::Update),
        unchanged: count(ImportAction::Unchanged),
        preview: plans
            .iter()
            .take(20)
            .map(|p| ImportRowView { row: p.row.row, name: p.row.name.clone(), mobile: p.row.mobile.clone(), agent_name: p.agent_name.clone(), action: p.action })
            .collect(),
        errors,
        committed: false,
    };
    if !input.commit {
        return Ok(report);
    }
    if !report.errors.is_empty() {
        let mut rows: Vec<u32> = report.errors.iter().map(|e| e.row).collect();
        rows.dedup();
        return Err(CustomerError::ImportRejected { bad_rows: rows.len() as u32 }.into());
    }
    apply(db, caller, &plans).await?;
    report.committed = true;
    Ok(report)
}

/// Apply checked rows in one transaction.
async fn apply(db: &Db, caller: &Caller, plans: &[Planned]) -> AppResult<()> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let mut created_tags: HashMap<String, i64> = HashMap::new();
    let mut touched = Vec::new();
    for p in plans.iter().filter(|p| p.action != ImportAction::Unchanged) {
        let fields = serde_json::to_string(&p.fields).map_err(AppError::internal)?;
        let id = match p.existing {
            Some(id) => {
                let r = &p.row;
                let (_, _, wechat, address, _, _) = db::by_agent_mobile(&mut tx, p.agent, &r.mobile).await?.ok_or(AppError::NotFound)?;
                let wechat = if r.wechat_id.is_empty() { wechat } else { r.wechat_id.clone() };
                db::update_profile(&mut tx, CustomerId(id), &r.name, &wechat, p.birthday, &fields).await?;
                if !r.address.is_empty() && r.address != address {
                    db::add_address(&mut tx, CustomerId(id), &r.name, &r.mobile, &r.address, true, now).await?;
                }
                id
            }
            None => {
                let r = &p.row;
                let row = db::NewRow { agent_id: p.agent, name: &r.name, mobile: &r.mobile, wechat_id: &r.wechat_id, address: &r.address, birthday: p.birthday, fields: &fields, now };
                let id = db::insert(&mut tx, &row).await?;
                if !r.address.is_empty() {
                    db::add_address(&mut tx, CustomerId(id), &r.name, &r.mobile, &r.address, true, now).await?;
                }
                id
            }
        };
        let mut tag_ids = p.tags.clone();
        for name in &p.new_tags {
            let t = match created_tags.get(name) {
                Some(t) => *t,
                None => {
                    let t = tdb::insert(&mut tx, name, None, caller.actor(), now).await?;
                    created_tags.insert(name.clone(), t);
                    t
                }
            };
            tag_ids.push(t);
        }
        for t in tag_ids {
            tdb::set_on(&mut tx, id, t, now).await?;
        }
        touched.push(id);
    }
    refresh_in_tx(&mut tx, &touched, now).await?;
    let detail = format!("rows={} changed={}", plans.len(), touched.len());
    crate::audit::record(&mut tx, caller.actor(), "customer", None, "import", &detail, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Export the customers matching a filter (up to [`EXPORT_MAX`]) to .xlsx, with the same
/// masking as the list. The columns re-import as they are (agent username, mobile, …).
pub async fn export_customers(db: &Db, caller: &Caller, filter: &CustomerFilter) -> AppResult<(String, Vec<u8>)> {
    caller.require(Perm::ViewCustomers)?;
    let mut text = crate::orders::logic::bounded_text("q", &filter.q, 64, false)?;
    if let Some(token) = filter.search.as_deref().filter(|t| t.len() <= 64) {
        text = db::saved_search(db, caller.id(), token).await?.unwrap_or_else(|| "\u{0}".into());
    }
    let rows = db::export_rows(db, caller.scope(), filter, &text, EXPORT_MAX).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.0.id).collect();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for (c, n) in db::tag_names(db, chunk).await? {
            tags.entry(c).or_default().push(n);
        }
    }
    let lang = caller.lang();
    let t = super::super::text::text(lang);
    let masked = masked(caller);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let headers = [t.name, t.mobile, "代理账号", t.agent, t.wechat_id, t.address, t.stage, t.segment, t.orders, t.spend, t.last_order, t.tags];
    let xerr = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(xerr)?;
    }
    for (i, (s, username, wechat, address)) in rows.into_iter().enumerate() {
        let r = (i + 1) as u32;
        let mobile = if masked { super::super::mask_mobile(&s.mobile) } else { s.mobile.clone() };
        let cells: [String; 12] = [
            s.name.clone(),
            mobile,
            username,
            s.agent_name.clone(),
            wechat,
            address,
            super::super::Stage::parse(&s.stage).map(|x| x.label(lang).to_string()).unwrap_or_default(),
            s.segment.as_deref().and_then(super::super::Segment::parse).map(|x| x.label(lang).to_string()).unwrap_or_default(),
            s.orders_count.to_string(),
            crate::money::Money::from_fen(s.spend_fen).0.to_string(),
            s.last_order_at.map(format_ms).unwrap_or_default(),
            tags.remove(&s.id).unwrap_or_default().join("，"),
        ];
        for (c, v) in cells.iter().enumerate() {
            sheet.write_string(r, c as u16, v).map_err(xerr)?;
        }
    }
    for (c, w) in [10, 14, 12, 10, 14, 36, 8, 14, 8, 12, 18, 24].iter().enumerate() {
        sheet.set_column_width(c as u16, *w as f64).map_err(xerr)?;
    }
    let bytes = book.save_to_buffer().map_err(xerr)?;
    let day = crate::time::date_of_day(crate::time::day_of(now_ms())).format("%Y%m%d");
    Ok((format!("customers-{day}.xlsx"), bytes))
}

/// Everything stored about one customer, as JSON (PIPL: the person's copy). Boss only.
pub async fn export_personal_data(db: &Db, caller: &Caller, id: CustomerId) -> AppResult<(String, Vec<u8>)> {
    caller.require(Perm::ManageCrm)?;
    let profile = get_customer(db, caller, id).await?;
    let json = serde_json::to_string_pretty(&profile).map_err(AppError::internal)?;
    let mut tx = db.begin_write().await?;
    crate::audit::record(&mut tx, caller.actor(), "customer", Some(id.0), "export_personal_data", "", now_ms()).await?;
    tx.commit().await?;
    Ok((format!("customer-{}.json", id.0), json.into_bytes()))
}

/// Erase a customer's personal data (PIPL), boss only: name, mobile, WeChat id, birthday,
/// custom fields, addresses and notes are replaced or removed, in the customer record and in
/// its orders' recipient fields; orders, amounts, tags and figures stay for the books.
pub async fn erase_customer(db: &Db, caller: &Caller, id: CustomerId) -> AppResult<()> {
    caller.require(Perm::ManageCrm)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (c, erased) = own(&mut tx, caller, id).await?;
    if erased {
        return Err(CustomerError::Erased.into());
    }
    let (name, mobile) = (ERASED_NAME, format!("erased-{}", id.0));
    if db::erase(&mut tx, &c, ERASED_NAME, &mobile, now).await? != 1 {
        return Err(crate::error::CommonError::Stale.into());
    }
    let orders = crate::orders::service::erase_recipient(&mut tx, id.0, name, &mobile, ERASED_ADDRESS, now).await?;
    crate::audit::record(&mut tx, caller.actor(), "customer", Some(id.0), "erase", &format!("orders={orders}"), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Placeholders of erased personal data.
pub const ERASED_NAME: &str = "（已删除）";
pub const ERASED_ADDRESS: &str = "（已删除）";

/// A field value as text, for the profile form.
pub fn field_value_text(v: &FieldValue) -> String {
    field_text(v)
}
