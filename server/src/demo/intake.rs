//! Demo data of the intake area, made through its services: every agent's share page, a
//! saved column mapping, a Pinduoduo export imported for one agent, two orders customers
//! placed on a share page, and the SKU picker's pinyin index.

use app::auth::Caller;
use app::intake::{service, service_import, service_share, ImportChoice, MappingInput, NewUpload, ShareOrder};
use app::orders::{Channel, NewOrderLine};
use app::state::Db;
use base64::Engine;

fn err(e: app::error::AppError) -> anyhow::Error {
    anyhow::anyhow!(e.message(app::i18n::Lang::En))
}

/// `59.80` from 5980 fen, as the export writes amounts.
fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// `agents` are the demo agents' ids (a01 first).
pub async fn seed(db: &Db, sys: &Caller, boss: i64, agents: &[i64]) -> anyhow::Result<()> {
    service::index_missing(db).await.map_err(err)?;
    let boss = app::auth::service::act_as(db, sys, boss).await.map_err(err)?;
    for a in agents {
        let agent = app::auth::service::act_as(db, sys, *a).await.map_err(err)?;
        service_share::admin(db, &agent, None).await.map_err(err)?;
    }
    let mapping = MappingInput {
        name: "有赞订单导出".into(),
        channel: Some(Channel::Import),
        order_no: "订单号".into(),
        recipient_name: "收货人姓名".into(),
        mobile: "收货人手机号".into(),
        address: "详细收货地址".into(),
        title: "商品名称".into(),
        sku_code: "商品编码".into(),
        qty: "商品数量".into(),
        unit_price: "商品单价".into(),
        paid: "订单实付金额".into(),
        ..Default::default()
    };
    service_import::save_mapping(db, &boss, &mapping).await.map_err(err)?;
    // Two SKUs with plenty of stock, by their codes.
    let skus = app::inventory::service::sku_choices(db, &boss).await.map_err(err)?;
    let mut stocked: Vec<_> = skus.into_iter().filter(|s| s.qty - s.reserved > 20).collect();
    stocked.sort_by_key(|s| s.sku_id);
    let [a, b] = [&stocked[0], &stocked[stocked.len() / 2]];
    // A Pinduoduo export of three paid orders, for a07.
    let csv = format!(
        "\u{feff}商品,订单号,订单状态,商品总价(元),店铺优惠折扣(元),平台优惠折扣(元),邮费(元),用户实付金额(元),商家实收金额(元),商品数量(件),收货人,手机,省,市,区,街道,详细地址,支付时间,成交时间,商品id,商品规格,样式ID,商家编码-SKU维度,商家编码-商品维度,商家备注,买家留言,售后状态\n\
         {an},\t260101-880000000000001,待发货,{ap2},0.00,0.00,0.00,{ap2},{ap2},2,林晓,\t13812340001,浙江省,宁波市,鄞州区,,天童南路 588 号,2026-01-01 10:00:00,2026-01-01 10:00:00,\t1,默认,\t1,{ac},,,,无售后或售后取消\n\
         {bn},\t260101-880000000000002,待发货,{bp},0.00,0.00,0.00,{bp},{bp},1,周敏,\t13812340002,江苏省,南京市,鼓楼区,,中山北路 30 号,2026-01-01 11:00:00,2026-01-01 11:00:00,\t2,默认,\t2,{bc},,,,无售后或售后取消\n\
         {an},\t260101-880000000000003,待发货,{ap},0.00,0.00,0.00,{ap},{ap},1,郑洁,\t13812340003,广东省,佛山市,顺德区,大良街道,东乐路 1 号,2026-01-01 12:00:00,2026-01-01 12:00:00,\t1,默认,\t1,{ac},,,,无售后或售后取消\n",
        an = a.product_name,
        ac = a.code,
        ap = yuan(a.price.to_fen()),
        ap2 = yuan(a.price.to_fen() * 2),
        bn = b.product_name,
        bc = b.code,
        bp = yuan(b.price.to_fen()),
    );
    let bytes = csv.into_bytes();
    let token = service_import::start_upload(db, &boss, &NewUpload { file_name: "拼多多订单导出.csv".into(), size: bytes.len() as i64 }).await.map_err(err)?;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    service_import::upload_chunk(db, &boss, &token, 0, &b64).await.map_err(err)?;
    let choice = ImportChoice { token: token.into(), agent_id: agents[6], ..Default::default() };
    service_import::commit(db, &boss, &choice).await.map_err(err)?;
    // Customers ordering from a01's share page.
    let page = service_share::admin(db, &app::auth::service::act_as(db, sys, agents[0]).await.map_err(err)?, None).await.map_err(err)?;
    for (name, mobile, address, sku) in [("吴佳", "13912340011", "上海市徐汇区漕溪北路 18 号", a.sku_id), ("何静", "13912340012", "福建省厦门市思明区湖滨南路 90 号", b.sku_id)] {
        let order = ShareOrder {
            code: page.code.as_str().into(),
            name: name.into(),
            mobile: mobile.into(),
            address: address.into(),
            lines: vec![NewOrderLine { sku_id: sku, qty: 1 }],
            ..Default::default()
        };
        service_share::place_order(db, &order, "demo").await.map_err(err)?;
    }
    Ok(())
}
