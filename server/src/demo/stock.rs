//! Demo data of the inventory area, through its services: three suppliers with lead times,
//! a 华南仓 serving 广东/广西/海南 stocked by a transfer (one more still in transit), purchase
//! orders (one received in part, one open), a posted stocktake, the low-stock alerts the
//! closing stock implies, and the forecasts with their purchase suggestions.

use super::catalogue::{Sku, PRODUCTS};
use app::auth::Caller;
use app::inventory::{service as inv, DocLine, NewPurchaseOrder, NewStocktake, NewSupplier, NewTransfer, NewWarehouse, PoReceipt, ProductMeta};
use app::state::Db;

fn err(e: app::error::AppError) -> anyhow::Error {
    crate::cli::both(e)
}

fn line(sku: i64, qty: i64, cost: &str) -> DocLine {
    DocLine { sku_id: sku, qty, unit_cost: cost.into() }
}

/// `staff` is the warehouse keeper's caller (documents carry their name).
pub async fn seed(db: &Db, sys: &Caller, staff: &Caller, skus: &[Sku]) -> anyhow::Result<()> {
    let suppliers = [("杭州四季青服装批发", "王经理 138 0571 0001", 5), ("广州白云美妆供应链", "李小姐 139 2000 0002", 7), ("苏州稻香村食品厂", "赵师傅 137 1200 0003", 3)];
    let mut ids = Vec::new();
    for (name, contact, lead) in suppliers {
        ids.push(inv::create_supplier(db, sys, &NewSupplier { name: name.into(), contact: contact.into(), lead_time_days: lead }).await.map_err(err)?);
    }
    for (p, prod) in PRODUCTS.iter().enumerate() {
        let supplier = match prod.category {
            "服装" | "鞋类" | "母婴" => Some(ids[0]),
            "美妆" => Some(ids[1]),
            "食品" => Some(ids[2]),
            _ => None,
        };
        let Some(first) = skus.iter().find(|k| k.product == p) else { continue };
        let detail = inv::get_product(db, sys, product_of(db, sys, first.id).await?).await.map_err(err)?;
        let meta = ProductMeta { product_id: detail.id, category: prod.category.into(), supplier_id: supplier, image: Default::default() };
        inv::save_product(db, sys, &meta).await.map_err(err)?;
    }
    let south = inv::create_warehouse(db, sys, &NewWarehouse { name: "华南仓".into(), regions: "广东、广西、海南".into() }).await.map_err(err)?;
    let main = inv::list_warehouses(db, sys).await.map_err(err)?.into_iter().find(|w| w.parent_id.is_none()).map(|w| w.id).unwrap_or(1);
    // Stock the branch with the best sellers, and a second batch still on the road.
    let sent = inv::create_transfer(
        db,
        staff,
        &NewTransfer { from_warehouse_id: main, to_warehouse_id: south, note: "华南仓首批备货".into(), lines: vec![line(skus[0].id, 12, ""), line(skus[1].id, 12, "")] },
    )
    .await
    .map_err(err)?;
    inv::receive_transfer(db, staff, sent).await.map_err(err)?;
    inv::create_transfer(db, staff, &NewTransfer { from_warehouse_id: main, to_warehouse_id: south, note: "补货".into(), lines: vec![line(skus[4].id, 6, "")] })
        .await
        .map_err(err)?;
    // Purchases: masks ordered and half received (at a new cost), T-shirts on order.
    let mask = skus.iter().find(|k| PRODUCTS[k.product].name.contains("面膜")).map(|k| k.id).unwrap_or(skus[0].id);
    let po = inv::create_purchase(db, staff, &NewPurchaseOrder { supplier_id: ids[1], note: "双12备货".into(), lines: vec![line(mask, 200, "27.50")], ..Default::default() })
        .await
        .map_err(err)?;
    inv::receive_purchase(db, staff, &PoReceipt { po_id: po, lines: vec![line(mask, 100, "")] }).await.map_err(err)?;
    inv::create_purchase(
        db,
        staff,
        &NewPurchaseOrder { supplier_id: ids[0], note: "春装首单".into(), lines: vec![line(skus[0].id, 60, "31.00"), line(skus[1].id, 60, "31.00")], ..Default::default() },
    )
    .await
    .map_err(err)?;
    // A stocktake of three items in the main warehouse: one found short by two.
    let board = inv::all_stock(db, sys, &app::inventory::StockFilter { warehouse_id: Some(main), ..Default::default() }).await.map_err(err)?;
    let counted: Vec<DocLine> = board.iter().take(3).enumerate().map(|(i, k)| line(k.sku_id, if i == 1 { (k.qty - 2).max(0) } else { k.qty }, "")).collect();
    let sheet = inv::create_stocktake(db, staff, &NewStocktake { warehouse_id: main, note: "月底抽盘".into(), lines: counted }).await.map_err(err)?;
    inv::post_stocktake(db, staff, sheet).await.map_err(err)?;
    inv::recheck_alerts(db, sys).await.map_err(err)?;
    inv::refresh_forecasts(db, sys).await.map_err(err)?;
    Ok(())
}

async fn product_of(db: &Db, sys: &Caller, sku: i64) -> anyhow::Result<i64> {
    let rows = inv::all_stock(db, sys, &Default::default()).await.map_err(err)?;
    rows.iter().find(|k| k.sku_id == sku).map(|k| k.product_id).ok_or_else(|| anyhow::anyhow!("SKU {sku} missing"))
}
