//! Product sheets (I1): export the catalog as .xlsx, and import one back — a preview that
//! changes nothing, then an all-or-nothing import that plans again inside its transaction.

use super::super::catalog_io::{self, made_up_code, plan, position_in, Known, Plan, ProductImportPreview, ProductImportReport, ProductSheet, RowAction};
use super::super::db;
use super::super::InventoryError;
use super::after_change;
use crate::auth::{Caller, Perm};
use crate::error::{AppError, AppResult};
use crate::imports::tabular::{locate_table, read_rows};
use crate::state::Db;
use crate::time::now_ms;
use std::collections::{HashMap, HashSet};

/// The whole catalog (products and SKUs, no stock) as .xlsx in the columns the import reads.
pub async fn export_products(db: &Db, caller: &Caller) -> AppResult<Vec<u8>> {
    caller.require(Perm::ManageProducts)?;
    let mut conn = db.pool.acquire().await?;
    let known = db::catalog_snapshot(&mut conn).await?;
    drop(conn);
    let lang = caller.lang();
    tokio::task::spawn_blocking(move || super::super::export::products(&known, lang))
        .await
        .map_err(AppError::internal)?
        .map_err(|e| AppError::internal(format!("xlsx: {e}")))
}

/// Read the sheet off the async runtime: rows and every bad cell.
async fn read(sheet: &ProductSheet) -> AppResult<(Vec<catalog_io::SheetRow>, Vec<crate::imports::errors::RowError>)> {
    let bytes = crate::imports::decode_base64(&sheet.content_b64).ok_or(InventoryError::BadUpload)?;
    let read = tokio::task::spawn_blocking(move || -> Result<_, crate::imports::ImportError> {
        let rows = read_rows(&bytes)?;
        let table = locate_table(rows, &catalog_io::header_spec())?;
        if table.rows.len() > catalog_io::MAX_IMPORT_ROWS {
            return Err(crate::imports::ImportError::TooManyRows { rows: table.rows.len(), max: catalog_io::MAX_IMPORT_ROWS });
        }
        Ok(catalog_io::read_sheet(&table))
    })
    .await
    .map_err(AppError::internal)??;
    Ok(read)
}

/// What importing the sheet would do; changes nothing.
pub async fn preview_products(db: &Db, caller: &Caller, sheet: &ProductSheet) -> AppResult<ProductImportPreview> {
    caller.require(Perm::ManageProducts)?;
    let (rows, bad) = read(sheet).await?;
    let mut conn = db.pool.acquire().await?;
    let known = db::catalog_snapshot(&mut conn).await?;
    Ok(ProductImportPreview::of(sheet.file_name.to_string(), &plan(&rows, &known, bad)))
}

/// Import the sheet, all or nothing: refused while any row has a problem; importing the same
/// sheet again changes nothing.
pub async fn import_products(db: &Db, caller: &Caller, sheet: &ProductSheet) -> AppResult<ProductImportReport> {
    caller.require(Perm::ManageProducts)?;
    let (rows, bad) = read(sheet).await?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let known = db::catalog_snapshot(&mut tx).await?;
    let plan = plan(&rows, &known, bad);
    if !plan.errors.is_empty() {
        return Err(InventoryError::BadRows { count: plan.errors.len() as u32 }.into());
    }
    let report = ProductImportReport {
        new_products: plan.new_products.len() as u32,
        new_skus: (plan.count(RowAction::NewProduct) + plan.count(RowAction::NewSku)) as u32,
        updated: plan.count(RowAction::Update) as u32,
        unchanged: plan.count(RowAction::Unchanged) as u32,
    };
    if plan.is_noop() {
        return Ok(report);
    }
    apply(&mut tx, &known, &plan, now).await?;
    let summary = format!("{}: +{} products, +{} SKUs, {} updated", sheet.file_name.as_str(), report.new_products, report.new_skus, report.updated);
    crate::audit::record(&mut tx, caller.actor(), "product", None, "import", &summary, now).await?;
    tx.commit().await?;
    Ok(report)
}

async fn apply(tx: &mut crate::state::Tx, known: &Known, plan: &Plan, now: i64) -> AppResult<()> {
    let mut codes: HashSet<String> = known.skus.iter().map(|s| s.code.clone()).collect();
    // Colours and sizes of each product in the order its codes number them.
    let mut grids: HashMap<i64, (Vec<String>, Vec<String>)> = HashMap::new();
    for s in &known.skus {
        let g = grids.entry(s.product_id).or_default();
        position_in(&mut g.0, &s.color);
        position_in(&mut g.1, &s.size);
    }
    let mut defaults: HashMap<String, i64> = HashMap::new();
    let categories: HashMap<i64, &str> = known.products.iter().map(|p| (p.id, p.category.as_str())).collect();

    for (id, fields) in &plan.product_updates {
        db::update_product(tx, *id, &fields.category, fields.supplier_id, &fields.image).await?;
    }
    for (sku, values) in &plan.sku_updates {
        let low = values.low_stock_qty.unwrap_or(0);
        db::update_sheet_sku(tx, *sku, values, low).await?;
        for wh in db::stock_warehouses(tx, *sku).await? {
            after_change(tx, *sku, wh, now).await?;
        }
    }
    let mut added: Vec<(i64, &str, &catalog_io::NewSkuPlan)> = Vec::new();
    for p in &plan.new_products {
        let id = db::insert_sheet_product(tx, p, now).await?;
        for s in &p.skus {
            added.push((id, p.category.as_str(), s));
        }
    }
    for (pid, s) in &plan.new_skus {
        added.push((*pid, categories.get(pid).copied().unwrap_or(""), s));
    }
    // Codes given in the sheet are reserved before any is made up.
    codes.extend(added.iter().filter_map(|(_, _, s)| s.code.clone()));
    for (pid, category, s) in added {
        let g = grids.entry(pid).or_default();
        let (ci, si) = (position_in(&mut g.0, &s.values.color), position_in(&mut g.1, &s.values.size));
        let code = match &s.code {
            Some(c) => c.clone(),
            None => made_up_code(pid, ci, si, &|c| codes.contains(c)),
        };
        let low = match s.values.low_stock_qty {
            Some(l) => l,
            None => match defaults.get(category) {
                Some(&d) => d,
                None => {
                    let d = db::category_default(tx, category).await?.unwrap_or(10);
                    defaults.insert(category.to_string(), d);
                    d
                }
            },
        };
        db::insert_sheet_sku(tx, pid, &code, &s.values, low).await?;
        codes.insert(code);
    }
    Ok(())
}
