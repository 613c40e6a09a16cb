//! Products, SKUs, categories, suppliers and warehouses (SQL).

use super::super::catalog_io::{Known, KnownProduct, KnownSku, ProductPlan, SkuValues};
use super::super::logic::{CheckedProduct, Variant};
use super::super::{sku_label, Supplier, Warehouse};
use crate::money::Money;
use crate::page::{Count, Seek};
use crate::sql::Sql;
use crate::state::Db;
use sqlx::{AnyConnection, FromRow};
use std::collections::HashMap;

/// What a new product carries besides its checked fields.
pub(in crate::inventory) struct ProductExtras<'a> {
    pub image: &'a str,
    pub supplier_id: Option<i64>,
    pub barcode: Option<&'a str>,
    pub weight_g: i64,
}

pub(in crate::inventory) async fn insert_product(conn: &mut AnyConnection, p: &CheckedProduct, x: &ProductExtras<'_>, at: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("INSERT INTO categories (name) VALUES ($1) ON CONFLICT (name) DO NOTHING").bind(&p.category).execute(&mut *conn).await?;
    sqlx::query_scalar("INSERT INTO products (name, category, image, supplier_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(&p.name)
        .bind(&p.category)
        .bind(x.image)
        .bind(x.supplier_id)
        .bind(at)
        .fetch_one(conn)
        .await
}

pub(in crate::inventory) async fn insert_sku(
    conn: &mut AnyConnection,
    product_id: i64,
    v: &Variant,
    p: &CheckedProduct,
    x: &ProductExtras<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO skus (product_id, code, size, color, price_fen, cost_fen, low_stock_qty, barcode, weight_g) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(product_id)
    .bind(&v.code)
    .bind(&v.size)
    .bind(&v.color)
    .bind(p.price.to_fen())
    .bind(p.cost.to_fen())
    .bind(p.low_stock_qty)
    .bind(x.barcode)
    .bind(x.weight_g)
    .fetch_one(conn)
    .await
}

/// A SKU's editable figures, checked.
pub(in crate::inventory) struct SkuFigures<'a> {
    pub price: Money,
    pub cost: Money,
    pub barcode: Option<&'a str>,
    pub low_stock_qty: i64,
    pub weight_g: i64,
}

pub(in crate::inventory) async fn update_sku(conn: &mut AnyConnection, sku: i64, f: &SkuFigures<'_>) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE skus SET price_fen = $1, cost_fen = $2, barcode = $3, low_stock_qty = $4, weight_g = $5 WHERE id = $6")
        .bind(f.price.to_fen())
        .bind(f.cost.to_fen())
        .bind(f.barcode)
        .bind(f.low_stock_qty)
        .bind(f.weight_g)
        .bind(sku)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

/// Whether another SKU already carries this barcode.
pub(in crate::inventory) async fn barcode_owner(conn: &mut AnyConnection, barcode: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM skus WHERE barcode = $1 LIMIT 1").bind(barcode).fetch_optional(conn).await
}

/// Every warehouse holding the SKU (to re-check its alert after a threshold change).
pub(in crate::inventory) async fn stock_warehouses(conn: &mut AnyConnection, sku: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT warehouse_id FROM stock WHERE sku_id = $1").bind(sku).fetch_all(conn).await
}

/// One row of the product editor's grid.
#[derive(FromRow)]
pub(in crate::inventory) struct GridRow {
    pub id: i64,
    pub code: String,
    pub color: String,
    pub size: String,
    pub price_fen: i64,
    pub cost_fen: i64,
    pub barcode: Option<String>,
    pub low_stock_qty: i64,
    pub weight_g: i64,
}

/// A product's name, category, supplier, image and its SKUs in code order.
pub(in crate::inventory) async fn product(db: &Db, id: i64) -> Result<Option<((String, String, Option<i64>, String), Vec<GridRow>)>, sqlx::Error> {
    let head: Option<(String, String, Option<i64>, String)> =
        sqlx::query_as("SELECT name, category, supplier_id, image FROM products WHERE id = $1").bind(id).fetch_optional(&db.pool).await?;
    let Some(head) = head else { return Ok(None) };
    let rows = sqlx::query_as(
        "SELECT id, code, color, size, price_fen, cost_fen, barcode, low_stock_qty, weight_g FROM skus WHERE product_id = $1 ORDER BY code",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(Some((head, rows)))
}

pub(in crate::inventory) async fn sku_product(conn: &mut AnyConnection, sku: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT product_id FROM skus WHERE id = $1").bind(sku).fetch_optional(conn).await
}

/// A product's category (None when there is no such product).
pub(in crate::inventory) async fn product_category(conn: &mut AnyConnection, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT category FROM products WHERE id = $1").bind(id).fetch_optional(conn).await
}

pub(in crate::inventory) async fn update_product(conn: &mut AnyConnection, id: i64, category: &str, supplier: Option<i64>, image: &str) -> Result<u64, sqlx::Error> {
    sqlx::query("INSERT INTO categories (name) VALUES ($1) ON CONFLICT (name) DO NOTHING").bind(category).execute(&mut *conn).await?;
    let r = sqlx::query("UPDATE products SET category = $1, supplier_id = $2, image = $3 WHERE id = $4")
        .bind(category)
        .bind(supplier)
        .bind(image)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

/// Current unit prices of the given SKUs.
pub(in crate::inventory) async fn prices(conn: &mut AnyConnection, sku_ids: &[i64]) -> Result<HashMap<i64, Money>, sqlx::Error> {
    let mut q = Sql::new("SELECT id, price_fen FROM skus WHERE active = 1 AND id IN (");
    q.ints(sku_ids).push(")");
    let rows: Vec<(i64, i64)> = q.query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(id, fen)| (id, Money::from_fen(fen))).collect())
}

/// A SKU on sale as the offline order form keeps it.
#[derive(FromRow)]
pub(crate) struct SellableSku {
    pub id: i64,
    pub code: String,
    pub product_name: String,
    pub color: String,
    pub size: String,
    pub available: i64,
}

/// Every active SKU with what is available (on hand less reserved, all
/// warehouses), by product name and code.
pub(in crate::inventory) async fn sellable(conn: &mut AnyConnection) -> Result<Vec<SellableSku>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.code, p.name AS product_name, s.color, s.size, \
         CAST(COALESCE((SELECT SUM(st.qty - st.reserved) FROM stock st WHERE st.sku_id = s.id), 0) AS BIGINT) AS available \
         FROM skus s JOIN products p ON p.id = s.product_id WHERE s.active = 1 ORDER BY p.name, s.code",
    )
    .fetch_all(conn)
    .await
}

/// The product categories of SKUs (the sales aggregates of an import).
pub(in crate::inventory) async fn categories_of(conn: &mut AnyConnection, sku_ids: &[i64]) -> Result<HashMap<i64, String>, sqlx::Error> {
    let mut q = Sql::new("SELECT s.id, p.category FROM skus s JOIN products p ON p.id = s.product_id WHERE s.id IN (");
    q.ints(sku_ids).push(")");
    let rows: Vec<(i64, String)> = q.query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

/// Weights in grams of SKUs (courier routing by parcel weight).
pub(in crate::inventory) async fn weights(conn: &mut AnyConnection, sku_ids: &[i64]) -> Result<HashMap<i64, i64>, sqlx::Error> {
    let mut q = Sql::new("SELECT id, weight_g FROM skus WHERE id IN (");
    q.ints(sku_ids).push(")");
    let rows: Vec<(i64, i64)> = q.query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

/// Categories with their default alert level and number of products.
pub(in crate::inventory) async fn categories(db: &Db) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.name, c.low_stock_qty, (SELECT COUNT(*) FROM products p WHERE p.category = c.name) FROM categories c ORDER BY c.name",
    )
    .fetch_all(&db.pool)
    .await
}

pub(in crate::inventory) async fn category_default(conn: &mut AnyConnection, name: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT low_stock_qty FROM categories WHERE name = $1").bind(name).fetch_optional(conn).await
}

/// Set a category's default alert level; SKUs of the category still at the old default
/// follow it. Returns the SKUs changed.
pub(in crate::inventory) async fn set_category_default(conn: &mut AnyConnection, name: &str, low: i64) -> Result<Vec<i64>, sqlx::Error> {
    let old: i64 = sqlx::query_scalar(
        "INSERT INTO categories (name, low_stock_qty) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET low_stock_qty = categories.low_stock_qty \
         RETURNING low_stock_qty",
    )
    .bind(name)
    .bind(low)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("UPDATE categories SET low_stock_qty = $1 WHERE name = $2").bind(low).bind(name).execute(&mut *conn).await?;
    sqlx::query_scalar(
        "UPDATE skus SET low_stock_qty = $1 WHERE low_stock_qty = $2 AND product_id IN (SELECT id FROM products WHERE category = $3) RETURNING id",
    )
    .bind(low)
    .bind(old)
    .bind(name)
    .fetch_all(conn)
    .await
}

pub(in crate::inventory) async fn suppliers(conn: &mut AnyConnection) -> Result<Vec<Supplier>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64)> =
        sqlx::query_as("SELECT id, name, contact, lead_time_days FROM suppliers ORDER BY name").fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(id, name, contact, lead_time_days)| Supplier { id, name, contact, lead_time_days }).collect())
}

pub(in crate::inventory) async fn supplier_exists(conn: &mut AnyConnection, id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT id FROM suppliers WHERE id = $1").bind(id).fetch_optional(conn).await?.is_some())
}

pub(in crate::inventory) async fn name_used(conn: &mut AnyConnection, table: &str, name: &str) -> Result<bool, sqlx::Error> {
    let sql = match table {
        "suppliers" => "SELECT id FROM suppliers WHERE name = $1",
        _ => "SELECT id FROM warehouses WHERE name = $1",
    };
    Ok(sqlx::query_scalar::<_, i64>(sql).bind(name).fetch_optional(conn).await?.is_some())
}

pub(in crate::inventory) async fn insert_supplier(conn: &mut AnyConnection, name: &str, contact: &str, lead: i64, at: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO suppliers (name, contact, lead_time_days, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(name)
        .bind(contact)
        .bind(lead)
        .bind(at)
        .fetch_one(conn)
        .await
}

pub(in crate::inventory) async fn warehouses(conn: &mut AnyConnection) -> Result<Vec<Warehouse>, sqlx::Error> {
    let rows: Vec<(i64, String, Option<i64>, String, i64)> =
        sqlx::query_as("SELECT id, name, parent_id, regions, active FROM warehouses ORDER BY parent_id IS NOT NULL, id").fetch_all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, parent_id, regions, active)| Warehouse {
            id,
            name,
            parent_id,
            regions: regions.split(',').filter(|r| !r.is_empty()).map(str::to_string).collect(),
            active: active == 1,
        })
        .collect())
}

pub(in crate::inventory) async fn insert_warehouse(conn: &mut AnyConnection, name: &str, parent: i64, regions: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO warehouses (name, parent_id, regions, active) VALUES ($1, $2, $3, 1) RETURNING id")
        .bind(name)
        .bind(parent)
        .bind(regions)
        .fetch_one(conn)
        .await
}

/// Change a 分仓's regions and whether it is in use (the 总仓 stays as it is).
pub(in crate::inventory) async fn update_warehouse(conn: &mut AnyConnection, id: i64, regions: &str, active: bool) -> Result<u64, sqlx::Error> {
    let r = sqlx::query("UPDATE warehouses SET regions = $1, active = $2 WHERE id = $3 AND parent_id IS NOT NULL")
        .bind(regions)
        .bind(i64::from(active))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(r.rows_affected())
}

pub(in crate::inventory) async fn warehouse_active(conn: &mut AnyConnection, id: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar::<_, i64>("SELECT active FROM warehouses WHERE id = $1").bind(id).fetch_optional(conn).await? == Some(1))
}

fn product_where(q: &mut Sql, text: &str) {
    q.push(" WHERE 1 = 1");
    let text = text.trim();
    if !text.is_empty() {
        q.push(" AND p.name LIKE ").text(format!("%{}%", text.replace(['%', '_'], "")));
    }
}

/// A page of products (id, name, category) whose name contains `text`, by id, and the capped count.
pub(in crate::inventory) async fn product_page(db: &Db, text: &str, seek: Seek) -> Result<(Vec<(i64, String, String)>, Count), sqlx::Error> {
    let mut q = Sql::new("SELECT p.id, p.name, p.category FROM products p");
    product_where(&mut q, text);
    q.seek("p.id", "p.id", seek).order_page("p.id", "p.id", seek);
    let rows = q.query_as().fetch_all(&db.pool).await?;
    let mut c = Sql::new("SELECT 1 FROM products p");
    product_where(&mut c, text);
    let n: i64 = c.capped_count().query_scalar().fetch_one(&db.pool).await?;
    Ok((rows, Count::from_capped(n)))
}

/// A product's name, if it exists.
pub(in crate::inventory) async fn product_name(conn: &mut AnyConnection, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM products WHERE id = $1").bind(id).fetch_optional(conn).await
}

/// Labels of SKUs by id.
pub(in crate::inventory) async fn sku_labels(conn: &mut AnyConnection, ids: &[i64]) -> Result<HashMap<i64, (String, String)>, sqlx::Error> {
    let mut q = Sql::new("SELECT s.id, s.code, p.name, s.color, s.size FROM skus s JOIN products p ON p.id = s.product_id WHERE s.id IN (");
    q.ints(ids).push(")");
    let rows: Vec<(i64, String, String, String, String)> = q.query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(id, code, p, c, s)| (id, (code, sku_label(&p, &c, &s)))).collect())
}

/// Every product (id, name, category), by id.
pub(in crate::inventory) async fn products_brief(conn: &mut AnyConnection) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, category FROM products ORDER BY id LIMIT 20000").fetch_all(conn).await
}

// ---- product sheets (import/export) ------------------------------------------------------

/// The whole catalog as the product sheet import plans against it and the export writes it:
/// products by id, SKUs by product and code, suppliers.
pub(in crate::inventory) async fn catalog_snapshot(conn: &mut AnyConnection) -> Result<Known, sqlx::Error> {
    let products: Vec<(i64, String, String, Option<i64>, String)> =
        sqlx::query_as("SELECT id, name, category, supplier_id, image FROM products ORDER BY id").fetch_all(&mut *conn).await?;
    let skus: Vec<(i64, i64, String, String, String, i64, i64, Option<String>, i64, i64)> = sqlx::query_as(
        "SELECT id, product_id, code, color, size, price_fen, cost_fen, barcode, weight_g, low_stock_qty FROM skus ORDER BY product_id, code",
    )
    .fetch_all(&mut *conn)
    .await?;
    let suppliers: Vec<(i64, String)> = sqlx::query_as("SELECT id, name FROM suppliers ORDER BY id").fetch_all(conn).await?;
    Ok(Known {
        products: products.into_iter().map(|(id, name, category, supplier_id, image)| KnownProduct { id, name, category, supplier_id, image }).collect(),
        skus: skus
            .into_iter()
            .map(|(id, product_id, code, color, size, price, cost, barcode, weight_g, low_stock_qty)| KnownSku {
                id,
                product_id,
                code,
                color,
                size,
                price: Money::from_fen(price),
                cost: Money::from_fen(cost),
                barcode,
                weight_g,
                low_stock_qty,
            })
            .collect(),
        suppliers,
    })
}

/// A product of an imported sheet; returns its id.
pub(in crate::inventory) async fn insert_sheet_product(conn: &mut AnyConnection, p: &ProductPlan, at: i64) -> Result<i64, sqlx::Error> {
    sqlx::query("INSERT INTO categories (name) VALUES ($1) ON CONFLICT (name) DO NOTHING").bind(&p.category).execute(&mut *conn).await?;
    sqlx::query_scalar("INSERT INTO products (name, category, image, supplier_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(&p.name)
        .bind(&p.category)
        .bind(&p.image)
        .bind(p.supplier_id)
        .bind(at)
        .fetch_one(conn)
        .await
}

/// A SKU of an imported sheet; `low` is its alert level (the value given or the default).
pub(in crate::inventory) async fn insert_sheet_sku(conn: &mut AnyConnection, product_id: i64, code: &str, v: &SkuValues, low: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO skus (product_id, code, size, color, price_fen, cost_fen, low_stock_qty, barcode, weight_g) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(product_id)
    .bind(code)
    .bind(&v.size)
    .bind(&v.color)
    .bind(v.price.to_fen())
    .bind(v.cost.to_fen())
    .bind(low)
    .bind(v.barcode.as_deref())
    .bind(v.weight_g)
    .fetch_one(conn)
    .await
}

/// A SKU's colour, size and figures from an imported sheet.
pub(in crate::inventory) async fn update_sheet_sku(conn: &mut AnyConnection, sku: i64, v: &SkuValues, low: i64) -> Result<u64, sqlx::Error> {
    let r = sqlx::query(
        "UPDATE skus SET color = $1, size = $2, price_fen = $3, cost_fen = $4, barcode = $5, low_stock_qty = $6, weight_g = $7 WHERE id = $8",
    )
    .bind(&v.color)
    .bind(&v.size)
    .bind(v.price.to_fen())
    .bind(v.cost.to_fen())
    .bind(v.barcode.as_deref())
    .bind(low)
    .bind(v.weight_g)
    .bind(sku)
    .execute(conn)
    .await?;
    Ok(r.rows_affected())
}
