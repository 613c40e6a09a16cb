//! Order file imports (O1, P6), ssr only: a file arrives in chunks (each below the request
//! limit, so the page shows the upload's progress), is read and previewed — every bad row with
//! its column and reason, unknown SKU codes, what is new, known or skipped — and is then
//! committed in one transaction, all or nothing. An order is known by channel + the
//! marketplace's order number, so importing the same file again creates nothing new.

use super::db::{self, KeyedSku, UploadRow};
use super::exports::{self, ColumnMapping, ImportedOrder, OrderImport};
use super::logic::{channel_of, layout_channel, market_state, sku_key, IntakeError, CHUNK_BYTES, MAX_UPLOAD_MB, PREVIEW_ORDERS};
use super::{ImportChoice, ImportLayout, ImportPreview, ImportReport, MappingInput, MappingView, NewUpload, PreviewOrder, PreviewState, RowProblem, UnknownSku};
use crate::auth::{self, Caller, Perm};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::money::Money;
use crate::orders::service::{Created, Intake};
use crate::orders::{Channel, NewOrder, NewOrderLine};
use crate::state::Db;
use crate::time::{now_ms, DAY_MS};
use sqlx::AnyConnection;
use std::collections::{BTreeMap, HashMap};

/// Start an upload: returns its token; the bytes follow with [`upload_chunk`].
pub async fn start_upload(db: &Db, caller: &Caller, input: &NewUpload) -> AppResult<String> {
    caller.require(Perm::CreateOrder)?;
    let name = crate::orders::logic::bounded_text("file", &input.file_name, 200, true)?;
    if input.size <= 0 || input.size > i64::from(MAX_UPLOAD_MB) * 1024 * 1024 {
        return Err(IntakeError::FileTooLarge { max_mb: MAX_UPLOAD_MB }.into());
    }
    let token = auth::service::random_token(16);
    db::insert_upload(db, &token, caller.id(), &name, input.size, now_ms()).await?;
    Ok(token)
}

/// One chunk of an upload, starting at byte `offset` (chunks come in order). Returns the
/// bytes received so far.
pub async fn upload_chunk(db: &Db, caller: &Caller, token: &str, offset: i64, data_base64: &str) -> AppResult<i64> {
    caller.require(Perm::CreateOrder)?;
    use base64::Engine;
    let data = base64::engine::general_purpose::STANDARD.decode(data_base64.trim()).map_err(|_| IntakeError::BadUpload)?;
    if data.is_empty() || data.len() > CHUNK_BYTES {
        return Err(IntakeError::BadUpload.into());
    }
    let mut tx = db.begin_write().await?;
    let up = own_upload(&mut tx, caller, token).await?;
    if offset != up.received || up.received + data.len() as i64 > up.size {
        return Err(IntakeError::UploadIncomplete { received: up.received, size: up.size }.into());
    }
    if !db::add_chunk(&mut tx, up.id, offset, up.received, &data).await? {
        return Err(IntakeError::UploadIncomplete { received: up.received, size: up.size }.into());
    }
    tx.commit().await?;
    Ok(up.received + data.len() as i64)
}

/// The caller's upload of this token, not older than a day; anyone else's is gone.
async fn own_upload(conn: &mut AnyConnection, caller: &Caller, token: &str) -> AppResult<UploadRow> {
    match db::upload(conn, token).await? {
        Some(u) if u.user_id == caller.id() && u.created_at > now_ms() - DAY_MS => Ok(u),
        _ => Err(IntakeError::UploadGone.into()),
    }
}

/// The whole file of a complete upload.
async fn file(conn: &mut AnyConnection, caller: &Caller, token: &str) -> AppResult<(UploadRow, Vec<u8>)> {
    let up = own_upload(conn, caller, token).await?;
    if up.received != up.size {
        return Err(IntakeError::UploadIncomplete { received: up.received, size: up.size }.into());
    }
    let bytes = db::chunks(conn, up.id).await?.concat();
    Ok((up, bytes))
}

/// The Taobao 宝贝报表 uploaded with the order report, if any (only for that layout).
async fn items_file(conn: &mut AnyConnection, caller: &Caller, choice: &ImportChoice) -> AppResult<Option<(UploadRow, Vec<u8>)>> {
    if choice.items_token.trim().is_empty() {
        return Ok(None);
    }
    if !matches!(choice.layout, ImportLayout::Auto | ImportLayout::Taobao) {
        return Err(crate::error::CommonError::BadChoice { field: "items_token".into() }.into());
    }
    Ok(Some(file(conn, caller, &choice.items_token).await?))
}

/// A file read, matched and checked, ready to preview or to commit.
pub(crate) struct Plan {
    pub channel: Channel,
    pub rows: u32,
    pub orders: Vec<Planned>,
    pub unknown: Vec<UnknownSku>,
    pub problems: Vec<RowProblem>,
}

pub(crate) struct Planned {
    pub order: ImportedOrder,
    pub state: PreviewState,
    pub input: NewOrder,
    pub prices: HashMap<i64, Money>,
    pub total: Money,
    pub items: Vec<String>,
}

impl Plan {
    fn count(&self, f: impl Fn(PreviewState) -> bool) -> u32 {
        self.orders.iter().filter(|o| f(o.state)).count() as u32
    }

    fn is_new(s: PreviewState) -> bool {
        matches!(s, PreviewState::NewPaid | PreviewState::NewUnpaid)
    }
}

/// Read a file in the chosen layout.
fn read(bytes: &[u8], layout: ImportLayout, mapping: Option<&ColumnMapping>) -> AppResult<OrderImport> {
    let import = match (layout_channel(layout), mapping) {
        (None, _) => exports::parse_order_export(bytes)?,
        (Some(exports::ImportChannel::Generic), Some(m)) => exports::parse_orders_with_mapping(bytes, m)?,
        (Some(exports::ImportChannel::Generic), None) => return Err(IntakeError::MappingRequired.into()),
        (Some(c), _) => exports::parse_order_export_as(bytes, c)?,
    };
    Ok(import)
}

/// Read, match SKUs by code or barcode, find orders imported before, check every new order
/// with the order rules. `agent_id` owns the new orders.
pub(crate) async fn plan(conn: &mut AnyConnection, bytes: &[u8], items: Option<&[u8]>, choice: &ImportChoice, lang: Lang) -> AppResult<Plan> {
    let mapping = match (choice.layout, choice.mapping_id) {
        (ImportLayout::Mapping, Some(id)) => Some(load_mapping(conn, id).await?),
        (ImportLayout::Mapping, None) => return Err(IntakeError::MappingRequired.into()),
        _ => None,
    };
    let mut import = read(bytes, choice.layout, mapping.as_ref().map(|m| &m.1))?;
    if let Some(items) = items {
        exports::attach_taobao_items(&mut import, items)?;
    }
    let channel = channel_of(import.channel, mapping.as_ref().map(|m| m.0));
    let rows = import.orders.iter().map(|o| o.raw_rows.len() as u32).sum::<u32>() + import.errors.len() as u32;
    let skus = match_skus(conn, &import.orders).await?;
    let numbers: Vec<String> = import.orders.iter().filter_map(|o| o.external_no.clone()).collect();
    let mut known = HashMap::new();
    for batch in numbers.chunks(400) {
        known.extend(crate::orders::service::known_external(conn, channel, batch).await?);
    }
    let mut problems: Vec<RowProblem> = import
        .errors
        .iter()
        .map(|e| RowProblem { row: e.row, field: e.field.clone(), code: e.code().into(), message: e.message(lang) })
        .collect();
    let mut unknown: BTreeMap<(String, String), Vec<u32>> = BTreeMap::new();
    let mut orders = Vec::with_capacity(import.orders.len());
    for o in import.orders {
        let planned = plan_order(o, channel, choice.agent_id, &skus, &known, &mut unknown, &mut problems, lang);
        orders.push(planned);
    }
    problems.sort_by_key(|p| p.row);
    let unknown = unknown.into_iter().map(|((code, title), rows)| UnknownSku { code, title, rows }).collect();
    Ok(Plan { channel, rows, orders, unknown, problems })
}

#[allow(clippy::too_many_arguments)]
fn plan_order(
    o: ImportedOrder,
    channel: Channel,
    agent_id: i64,
    skus: &HashMap<String, KeyedSku>,
    known: &HashMap<String, i64>,
    unknown: &mut BTreeMap<(String, String), Vec<u32>>,
    problems: &mut Vec<RowProblem>,
    lang: Lang,
) -> Planned {
    let mut lines = Vec::new();
    let mut prices = HashMap::new();
    let mut items = Vec::new();
    let mut total = Money::ZERO;
    let mut missing = false;
    for l in &o.lines {
        match sku_key(l).and_then(|k| skus.get(&k)) {
            Some(s) => {
                let price = l.unit_price_fen.map(Money::from_fen).unwrap_or(Money::from_fen(s.price_fen));
                prices.entry(s.id).or_insert(price);
                lines.push(NewOrderLine { sku_id: s.id, qty: l.qty });
                total = total + price.times(l.qty);
                items.push(format!("{} ×{}", crate::inventory::sku_label(&s.name, &s.color, &s.size), l.qty));
            }
            None => {
                missing = true;
                let key = (l.sku_code.clone().unwrap_or_default().trim().to_string(), l.title.clone());
                unknown.entry(key).or_default().extend(o.raw_rows.iter().copied());
                items.push(format!("{} ×{}", l.title, l.qty));
            }
        }
    }
    let address = match &o.mobile_ext {
        Some(ext) => format!("{}（转{ext}）", o.address),
        None => o.address.clone(),
    };
    let input = NewOrder {
        agent_id,
        customer_name: o.recipient_name.clone().into(),
        mobile: o.mobile.clone().into(),
        address: address.into(),
        channel,
        lines,
        coupon_code: Default::default(),
    };
    let state = if o.external_no.as_ref().is_some_and(|n| known.contains_key(n)) {
        PreviewState::Known
    } else if market_state(&o.status) == PreviewState::Skipped {
        PreviewState::Skipped
    } else if missing {
        PreviewState::UnknownSku
    } else {
        market_state(&o.status)
    };
    if Plan::is_new(state) {
        if let Err(e) = crate::orders::logic::check_new_order(&input) {
            let row = o.raw_rows.first().copied().unwrap_or(0);
            let field = e.field().unwrap_or("").to_string();
            problems.push(RowProblem { row, field, code: e.code(), message: e.message(lang) });
        }
    }
    Planned { order: o, state, input, prices, total, items }
}

/// SKUs of every line's code, by upper-case code and by barcode.
async fn match_skus(conn: &mut AnyConnection, orders: &[ImportedOrder]) -> AppResult<HashMap<String, KeyedSku>> {
    let mut keys: Vec<String> = orders.iter().flat_map(|o| o.lines.iter().filter_map(sku_key)).collect();
    keys.sort();
    keys.dedup();
    let mut out = HashMap::new();
    for batch in keys.chunks(200) {
        for s in db::skus_by_keys(conn, batch).await? {
            if let Some(b) = s.barcode.clone().filter(|b| !b.is_empty()) {
                out.insert(b, s.clone());
            }
            out.insert(s.code.clone(), s);
        }
    }
    Ok(out)
}

/// The preview of an uploaded file.
pub async fn preview(db: &Db, caller: &Caller, choice: &ImportChoice) -> AppResult<ImportPreview> {
    caller.require(Perm::CreateOrder)?;
    check_agent(db, caller, choice.agent_id).await?;
    let mut conn = db.pool.acquire().await?;
    let (up, bytes) = file(&mut conn, caller, &choice.token).await?;
    let items = items_file(&mut conn, caller, choice).await?;
    let plan = plan(&mut conn, &bytes, items.as_ref().map(|i| i.1.as_slice()), choice, caller.lang()).await?;
    let mut shown: Vec<&Planned> = plan.orders.iter().collect();
    shown.sort_by_key(|p| match p.state {
        PreviewState::UnknownSku => 0,
        PreviewState::NewPaid | PreviewState::NewUnpaid => 1,
        PreviewState::Known => 2,
        PreviewState::Skipped => 3,
    });
    let orders = shown
        .iter()
        .take(PREVIEW_ORDERS)
        .map(|p| PreviewOrder {
            external_no: p.order.external_no.clone().unwrap_or_default(),
            recipient_name: p.order.recipient_name.clone(),
            mobile: p.order.mobile.clone(),
            address: p.input.address.to_string(),
            items: p.items.clone(),
            total: p.total,
            paid: p.order.paid_fen.map(Money::from_fen),
            state: p.state,
        })
        .collect();
    let new_orders = plan.count(Plan::is_new);
    Ok(ImportPreview {
        file_name: up.file_name,
        channel: plan.channel,
        rows: plan.rows,
        orders,
        new_orders,
        known: plan.count(|s| s == PreviewState::Known),
        skipped: plan.count(|s| s == PreviewState::Skipped),
        total: plan.orders.iter().filter(|p| Plan::is_new(p.state)).map(|p| p.total).sum(),
        can_commit: plan.problems.is_empty() && plan.unknown.is_empty() && new_orders > 0,
        unknown_skus: plan.unknown,
        problems: plan.problems,
    })
}

async fn check_agent(db: &Db, caller: &Caller, agent_id: i64) -> AppResult<()> {
    if auth::service::is_agent_in_scope(db, caller, agent_id).await? {
        Ok(())
    } else {
        Err(crate::orders::OrderError::AgentRequired.into())
    }
}

/// Import every new order of an uploaded file in one transaction, or nothing: refused while
/// the file has bad rows or unknown SKUs. Orders the marketplace was paid for land as 待发货.
pub async fn commit(db: &Db, caller: &Caller, choice: &ImportChoice) -> AppResult<ImportReport> {
    caller.require(Perm::CreateOrder)?;
    check_agent(db, caller, choice.agent_id).await?;
    let mut tx = db.begin_write().await?;
    let (up, bytes) = file(&mut tx, caller, &choice.token).await?;
    let items = items_file(&mut tx, caller, choice).await?;
    let plan = plan(&mut tx, &bytes, items.as_ref().map(|i| i.1.as_slice()), choice, caller.lang()).await?;
    if !plan.problems.is_empty() {
        return Err(IntakeError::BadRows { count: plan.problems.len() as u32 }.into());
    }
    if !plan.unknown.is_empty() {
        return Err(IntakeError::UnknownSkus { count: plan.unknown.len() as u32 }.into());
    }
    let mut report = ImportReport { channel: plan.channel, created: 0, known: 0, skipped: plan.count(|s| s == PreviewState::Skipped), total: Money::ZERO };
    // Every new order in one batch through the orders service (checks, stock, customers,
    // history, aggregates as for an order typed in), written with multi-row statements.
    let new: Vec<&Planned> = plan.orders.iter().filter(|p| Plan::is_new(p.state)).collect();
    report.known = plan.count(|s| s == PreviewState::Known);
    let batch: Vec<(NewOrder, Intake)> = new
        .iter()
        .map(|p| {
            let intake = Intake { external_no: p.order.external_no.as_deref(), prices: Some(&p.prices), paid: p.state == PreviewState::NewPaid, note: "import" };
            (p.input.clone(), intake)
        })
        .collect();
    for (p, created) in new.iter().zip(crate::orders::service::create_many_in(&mut tx, caller, db.backend, &batch).await?) {
        match created {
            Created::New(..) => {
                report.created += 1;
                report.total = report.total + p.total;
            }
            Created::Known(..) => report.known += 1,
        }
    }
    if report.created == 0 {
        return Err(IntakeError::NothingToImport.into());
    }
    let now = now_ms();
    let record = db::ImportRecord {
        user_id: caller.id(),
        agent_id: choice.agent_id,
        channel: plan.channel.code(),
        file_name: &up.file_name,
        created: i64::from(report.created),
        known: i64::from(report.known),
        skipped: i64::from(report.skipped),
        at: now,
    };
    let id = db::insert_import(&mut tx, &record).await?;
    let detail = format!("channel={} created={} known={} skipped={}", plan.channel.code(), report.created, report.known, report.skipped);
    crate::audit::record(&mut tx, caller.actor(), "order_import", Some(id), "import", &detail, now).await?;
    db::delete_upload(&mut tx, up.id).await?;
    if let Some((items, _)) = items {
        db::delete_upload(&mut tx, items.id).await?;
    }
    tx.commit().await?;
    Ok(report)
}

async fn load_mapping(conn: &mut AnyConnection, id: i64) -> AppResult<(Channel, ColumnMapping)> {
    let (channel, json) = db::mapping(conn, id).await?.ok_or(AppError::NotFound)?;
    let mapping = serde_json::from_str(&json).map_err(AppError::internal)?;
    Ok((Channel::parse(&channel).unwrap_or(Channel::Import), mapping))
}

pub async fn list_mappings(db: &Db, caller: &Caller) -> AppResult<Vec<MappingView>> {
    caller.require(Perm::CreateOrder)?;
    let mut conn = db.pool.acquire().await?;
    let rows = db::mappings(&mut conn).await?;
    rows.into_iter()
        .map(|(id, name, channel, json)| {
            let mapping = serde_json::from_str(&json).map_err(AppError::internal)?;
            Ok(MappingView { id, name, channel: Channel::parse(&channel).unwrap_or(Channel::Import), mapping })
        })
        .collect()
}

/// Save a column mapping for the team's next imports of such sheets.
pub async fn save_mapping(db: &Db, caller: &Caller, input: &MappingInput) -> AppResult<i64> {
    caller.require(Perm::CreateOrder)?;
    let Some(by) = caller.actor() else { return Err(AppError::Forbidden) };
    let (name, mapping) = super::logic::check_mapping(input)?;
    let channel = input.channel.unwrap_or(Channel::Import);
    let json = serde_json::to_string(&mapping).map_err(AppError::internal)?;
    let mut tx = db.begin_write().await?;
    let id = match db::insert_mapping(&mut tx, &name, channel.code(), &json, by, now_ms()).await {
        Ok(id) => id,
        Err(e) if crate::error::is_unique_violation(&e) => return Err(IntakeError::MappingExists { name }.into()),
        Err(e) => return Err(e.into()),
    };
    crate::audit::record(&mut tx, caller.actor(), "import_mapping", Some(id), "create", &name, now_ms()).await?;
    tx.commit().await?;
    Ok(id)
}

/// Delete a saved mapping (the boss: mappings are the team's).
pub async fn delete_mapping(db: &Db, caller: &Caller, id: i64) -> AppResult<()> {
    caller.require(Perm::ManageSettings)?;
    let mut tx = db.begin_write().await?;
    if db::delete_mapping(&mut tx, id).await? == 0 {
        return Err(AppError::NotFound);
    }
    crate::audit::record(&mut tx, caller.actor(), "import_mapping", Some(id), "delete", "", now_ms()).await?;
    tx.commit().await?;
    Ok(())
}
