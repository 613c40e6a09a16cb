//! `server bench-intake`: on a generated team (`server gen`), time a large Pinduoduo order
//! export (one order per row) through the intake services as the boss: chunked upload,
//! preview, commit. Three SKUs get enough stock in every warehouse first. Changes the
//! database: run it on a copy.

use app::intake::{service_import, ImportChoice, NewUpload};
use app::inventory::Inbound;
use app::state::Db;
use base64::Engine;
use std::fmt::Write;
use std::time::Instant;

/// The header of Pinduoduo's 订单导出 as the merchant back office writes it.
pub const PDD_HEAD: &str = "商品,订单号,订单状态,商品总价(元),店铺优惠折扣(元),平台优惠折扣(元),邮费(元),用户实付金额(元),商家实收金额(元),商品数量(件),收货人,手机,省,市,区,街道,详细地址,支付时间,成交时间,商品id,商品规格,样式ID,商家编码-SKU维度,商家编码-商品维度,商家备注,买家留言,售后状态\n";

pub async fn run(db: &Db, rows: usize) -> anyhow::Result<String> {
    let err = crate::cli::both;
    let sys = app::auth::service::system();
    let boss_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE role = 'boss' ORDER BY id LIMIT 1").fetch_one(&db.pool).await?;
    let agent_id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE role = 'agent' AND active = 1 ORDER BY id LIMIT 1").fetch_one(&db.pool).await?;
    let boss = app::auth::service::act_as(db, &sys, boss_id).await.map_err(err)?;
    let skus: Vec<(i64, String)> = sqlx::query_as("SELECT id, code FROM skus WHERE active = 1 ORDER BY id LIMIT 3").fetch_all(&db.pool).await?;
    anyhow::ensure!(skus.len() == 3, "no generated team here: run `server gen` first");
    let warehouses: Vec<i64> = sqlx::query_scalar("SELECT id FROM warehouses ORDER BY id").fetch_all(&db.pool).await?;
    for (sku_id, _) in &skus {
        for &wh in &warehouses {
            let inbound = Inbound { sku_id: *sku_id, qty: rows as i64, note: "bench-intake".into(), warehouse_id: Some(wh), unit_cost: Default::default() };
            app::inventory::service::receive(db, &boss, &inbound).await.map_err(err)?;
        }
    }
    let mut csv = String::from("\u{feff}");
    csv.push_str(PDD_HEAD);
    let stamp = app::time::now_ms() % 1_000_000;
    for i in 0..rows {
        let code = &skus[i % 3].1;
        let _ = writeln!(
            csv,
            "商品{},\t{stamp:06}-{i:015},待发货,20.00,0.00,0.00,0.00,20.00,20.00,2,顾客{i},\t139{:08},浙江省,杭州市,西湖区,,文三路{i}号,2026-03-01 10:00:05,2026-03-01 10:00:05,\t1,默认,\t1,{code},,,,无售后或售后取消",
            i % 3,
            i % 100_000_000
        );
    }
    let bytes = csv.into_bytes();
    let started = Instant::now();
    let token = service_import::start_upload(db, &boss, &NewUpload { file_name: "bench.csv".into(), size: bytes.len() as i64 }).await.map_err(err)?;
    let mut offset = 0;
    for chunk in bytes.chunks(app::intake::logic::CHUNK_BYTES) {
        let b64 = base64::engine::general_purpose::STANDARD.encode(chunk);
        offset = service_import::upload_chunk(db, &boss, &token, offset, &b64).await.map_err(err)?;
    }
    let uploaded = started.elapsed();
    let choice = ImportChoice { token: token.as_str().into(), agent_id, ..Default::default() };
    let p = service_import::preview(db, &boss, &choice).await.map_err(err)?;
    let previewed = started.elapsed();
    anyhow::ensure!(p.new_orders as usize == rows && p.can_commit, "preview: {} new orders, can commit {}", p.new_orders, p.can_commit);
    let r = service_import::commit(db, &boss, &choice).await.map_err(err)?;
    let done = started.elapsed();
    anyhow::ensure!(r.created as usize == rows, "committed {} of {rows}", r.created);
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders").fetch_one(&db.pool).await?;
    let s = |d: std::time::Duration| d.as_secs_f64();
    let mut md = String::new();
    let _ = writeln!(md, "### Order import — {rows} rows into {orders} orders\n");
    let _ = writeln!(md, "| step | s |\n|---|---:|");
    let _ = writeln!(md, "| upload ({} KB in {} chunks) | {:.2} |", bytes.len() / 1024, bytes.len().div_ceil(app::intake::logic::CHUNK_BYTES), s(uploaded));
    let _ = writeln!(md, "| preview | {:.2} |", s(previewed - uploaded));
    let _ = writeln!(md, "| commit ({} orders) | {:.2} |", r.created, s(done - previewed));
    let _ = writeln!(md, "| total | {:.2} |", s(done));
    Ok(md)
}
