//! Products, SKUs, categories, suppliers and warehouses.

use super::super::db::{self, ProductExtras, SkuFigures};
use super::super::logic::{check_barcode, check_sku_edit, parse_regions, MAX_WEIGHT_G, MAX_STOCK_QTY};
use super::super::{
    check_new_product, CategoryView, InventoryError, NewProduct, NewSupplier, NewWarehouse, ProductDetail, ProductMeta, SkuEdit,
    SkuGridRow, Supplier, Warehouse, WarehouseEdit,
};
use super::{after_change, not_found_if_none};
use crate::auth::{Caller, Perm};
use crate::error::{AppError, AppResult, CommonError};
use crate::money::Money;
use crate::orders::logic::bounded_text;
use crate::page::{Cursor, Page, Seek};
use crate::state::{Db, Tx};
use crate::time::now_ms;

/// Add a product with one SKU per colour × size; returns the SKU ids. A single-SKU
/// product may carry a barcode; the alert level defaults to the category's.
pub async fn create_product(db: &Db, caller: &Caller, input: &NewProduct) -> AppResult<Vec<i64>> {
    caller.require(Perm::ManageProducts)?;
    let mut p = check_new_product(input)?;
    let barcode = check_barcode(&input.barcode)?;
    if !(0..=MAX_WEIGHT_G).contains(&input.weight_g) {
        return Err(CommonError::OutOfRange { field: "weight_g".into(), min: 0, max: MAX_WEIGHT_G }.into());
    }
    let image = check_image(&input.image)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    if let Some(s) = input.supplier_id {
        if !db::supplier_exists(&mut tx, s).await? {
            return Err(InventoryError::UnknownSupplier.into());
        }
    }
    if input.low_stock_qty == 0 {
        if let Some(d) = db::category_default(&mut tx, &p.category).await? {
            p.low_stock_qty = d;
        }
    }
    let variants = p.variants(0);
    let barcode = barcode.filter(|_| variants.len() == 1);
    if let Some(b) = &barcode {
        barcode_free(&mut tx, b, None).await?;
    }
    let x = ProductExtras { image: &image, supplier_id: input.supplier_id, barcode: barcode.as_deref(), weight_g: input.weight_g };
    let id = db::insert_product(&mut tx, &p, &x, now).await?;
    let mut skus = Vec::new();
    for v in p.variants(id) {
        skus.push(db::insert_sku(&mut tx, id, &v, &p, &x).await?);
    }
    crate::audit::record(&mut tx, caller.actor(), "product", Some(id), "create", &p.name, now).await?;
    tx.commit().await?;
    Ok(skus)
}

/// An image is an http(s) URL or a path on this server, or nothing.
fn check_image(input: &str) -> AppResult<String> {
    let v = bounded_text("image", input, 400, false)?;
    if v.is_empty() || v.starts_with("https://") || v.starts_with("http://") || v.starts_with('/') {
        Ok(v)
    } else {
        Err(CommonError::BadChoice { field: "image".into() }.into())
    }
}

async fn barcode_free(tx: &mut Tx, barcode: &str, own: Option<i64>) -> AppResult<()> {
    match db::barcode_owner(tx, barcode).await? {
        Some(other) if Some(other) != own => {
            let labels = db::sku_labels(tx, &[other]).await?;
            let sku = labels.get(&other).map(|l| l.1.clone()).unwrap_or_default();
            Err(InventoryError::BarcodeTaken { sku }.into())
        }
        _ => Ok(()),
    }
}

/// A product and its SKU grid (staff who manage products; costs are in it).
pub async fn get_product(db: &Db, caller: &Caller, id: i64) -> AppResult<ProductDetail> {
    caller.require(Perm::ManageProducts)?;
    let ((name, category, supplier_id, image), rows) = not_found_if_none(db::product(db, id).await?)?;
    let mut colors: Vec<String> = Vec::new();
    let mut sizes: Vec<String> = Vec::new();
    for r in &rows {
        if !colors.contains(&r.color) {
            colors.push(r.color.clone());
        }
        if !sizes.contains(&r.size) {
            sizes.push(r.size.clone());
        }
    }
    let skus = rows
        .into_iter()
        .map(|r| SkuGridRow {
            sku_id: r.id,
            code: r.code,
            color: r.color,
            size: r.size,
            price: Money::from_fen(r.price_fen),
            cost: Money::from_fen(r.cost_fen),
            barcode: r.barcode.unwrap_or_default(),
            low_stock_qty: r.low_stock_qty,
            weight_g: r.weight_g,
        })
        .collect();
    Ok(ProductDetail { id, name, category, supplier_id, image, colors, sizes, skus })
}

/// Save the grid: every SKU's price, cost, barcode, alert level and weight, all or nothing.
/// Every SKU must belong to `product_id`. A changed alert level re-checks the SKU's alerts.
pub async fn save_skus(db: &Db, caller: &Caller, product_id: i64, edits: &[SkuEdit]) -> AppResult<()> {
    caller.require(Perm::ManageProducts)?;
    if edits.is_empty() || edits.len() > super::super::logic::MAX_VARIANTS {
        return Err(InventoryError::TooManyLines { max: super::super::logic::MAX_VARIANTS as u32 }.into());
    }
    let checked = edits.iter().map(check_sku_edit).collect::<Result<Vec<_>, _>>()?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    for (e, c) in edits.iter().zip(&checked) {
        if db::sku_product(&mut tx, e.sku_id).await? != Some(product_id) {
            return Err(InventoryError::UnknownSku.into());
        }
        if let Some(b) = &c.barcode {
            barcode_free(&mut tx, b, Some(e.sku_id)).await?;
        }
        let f = SkuFigures { price: c.price, cost: c.cost, barcode: c.barcode.as_deref(), low_stock_qty: c.low_stock_qty, weight_g: c.weight_g };
        db::update_sku(&mut tx, e.sku_id, &f).await?;
        for wh in db::stock_warehouses(&mut tx, e.sku_id).await? {
            after_change(&mut tx, e.sku_id, wh, now).await?;
        }
    }
    crate::audit::record(&mut tx, caller.actor(), "product", Some(product_id), "edit_skus", &edits.len().to_string(), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Change a product's category, supplier and image.
pub async fn save_product(db: &Db, caller: &Caller, input: &ProductMeta) -> AppResult<()> {
    caller.require(Perm::ManageProducts)?;
    let category = bounded_text("category", &input.category, 20, true)?;
    let image = check_image(&input.image)?;
    let mut tx = db.begin_write().await?;
    if let Some(s) = input.supplier_id {
        if !db::supplier_exists(&mut tx, s).await? {
            return Err(InventoryError::UnknownSupplier.into());
        }
    }
    let before = db::product_category(&mut tx, input.product_id).await?;
    if db::update_product(&mut tx, input.product_id, &category, input.supplier_id, &image).await? != 1 {
        return Err(AppError::NotFound);
    }
    // The dashboards' per-category figures follow the product to its new category.
    if let Some(old) = before.filter(|old| *old != category) {
        crate::dashboard::service::categories_changed(&mut tx, &[old, category.clone()]).await?;
    }
    crate::audit::record(&mut tx, caller.actor(), "product", Some(input.product_id), "edit", &category, now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn list_categories(db: &Db, caller: &Caller) -> AppResult<Vec<CategoryView>> {
    caller.require(Perm::ViewStock)?;
    Ok(db::categories(db).await?.into_iter().map(|(name, low_stock_qty, products)| CategoryView { name, low_stock_qty, products }).collect())
}

/// Set a category's default alert level. SKUs of the category still at the previous
/// default follow it (their alerts are re-checked); returns how many changed.
pub async fn set_category_default(db: &Db, caller: &Caller, name: &str, low: i64) -> AppResult<u64> {
    caller.require(Perm::ManageProducts)?;
    let name = bounded_text("category", name, 20, true)?;
    if !(0..=MAX_STOCK_QTY).contains(&low) {
        return Err(CommonError::OutOfRange { field: "low_stock_qty".into(), min: 0, max: MAX_STOCK_QTY }.into());
    }
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let changed = db::set_category_default(&mut tx, &name, low).await?;
    for &sku in &changed {
        for wh in db::stock_warehouses(&mut tx, sku).await? {
            after_change(&mut tx, sku, wh, now).await?;
        }
    }
    crate::audit::record(&mut tx, caller.actor(), "category", None, "alert_level", &format!("{name}={low}"), now).await?;
    tx.commit().await?;
    Ok(changed.len() as u64)
}

pub async fn list_suppliers(db: &Db, caller: &Caller) -> AppResult<Vec<Supplier>> {
    caller.require(Perm::ManageProducts)?;
    let mut conn = db.pool.acquire().await?;
    Ok(db::suppliers(&mut conn).await?)
}

pub async fn create_supplier(db: &Db, caller: &Caller, input: &NewSupplier) -> AppResult<i64> {
    caller.require(Perm::Purchase)?;
    let name = bounded_text("name", &input.name, 60, true)?;
    let contact = bounded_text("contact", &input.contact, 120, false)?;
    if !(0..=365).contains(&input.lead_time_days) {
        return Err(CommonError::OutOfRange { field: "lead_time_days".into(), min: 0, max: 365 }.into());
    }
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    if db::name_used(&mut tx, "suppliers", &name).await? {
        return Err(InventoryError::NameTaken.into());
    }
    let id = db::insert_supplier(&mut tx, &name, &contact, input.lead_time_days, now).await?;
    crate::audit::record(&mut tx, caller.actor(), "supplier", Some(id), "create", &name, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Warehouses: the 总仓 first, then its 分仓.
pub async fn list_warehouses(db: &Db, caller: &Caller) -> AppResult<Vec<Warehouse>> {
    caller.require(Perm::ViewStock)?;
    let mut conn = db.pool.acquire().await?;
    Ok(db::warehouses(&mut conn).await?)
}

/// Add a 分仓 under the 总仓, serving the given provinces.
pub async fn create_warehouse(db: &Db, caller: &Caller, input: &NewWarehouse) -> AppResult<i64> {
    caller.require(Perm::MoveStock)?;
    let name = bounded_text("name", &input.name, 20, true)?;
    let regions = parse_regions(&input.regions)?.join(",");
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    if db::name_used(&mut tx, "warehouses", &name).await? {
        return Err(InventoryError::NameTaken.into());
    }
    let main = db::main_warehouse(&mut tx).await?;
    let id = db::insert_warehouse(&mut tx, &name, main, &regions).await?;
    crate::audit::record(&mut tx, caller.actor(), "warehouse", Some(id), "create", &name, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Change a 分仓's provinces or stop using it (new orders then ship from the 总仓; orders
/// already routed there keep it until changed).
pub async fn update_warehouse(db: &Db, caller: &Caller, input: &WarehouseEdit) -> AppResult<()> {
    caller.require(Perm::MoveStock)?;
    let regions = parse_regions(&input.regions)?.join(",");
    let mut tx = db.begin_write().await?;
    if db::update_warehouse(&mut tx, input.id, &regions, input.active).await? != 1 {
        return Err(InventoryError::UnknownWarehouse.into());
    }
    crate::audit::record(&mut tx, caller.actor(), "warehouse", Some(input.id), "edit", &regions, now_ms()).await?;
    tx.commit().await?;
    Ok(())
}

/// A page of products whose name contains `text`, by product id. The caller has checked
/// its own permission (product names are not secret inside the team).
pub(crate) async fn product_page(db: &Db, text: &str, seek: Seek) -> AppResult<Page<ProductRef>> {
    let (rows, count) = db::product_page(db, text, seek).await?;
    let rows = rows.into_iter().map(|(id, name, category)| ProductRef { id, name, category }).collect();
    Ok(Page::assemble(rows, seek, count, |p: &ProductRef| Cursor { key: p.id, id: p.id }))
}

/// A product as other areas list it (the tax area's product settings).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductRef {
    pub id: i64,
    pub name: String,
    pub category: String,
}

/// A product's name (inside the caller's transaction or on a pooled connection); `None` if
/// there is no such product.
pub(crate) async fn product_name(conn: &mut sqlx::AnyConnection, id: i64) -> AppResult<Option<String>> {
    Ok(db::product_name(conn, id).await?)
}
