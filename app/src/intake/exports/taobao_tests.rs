//! Taobao 订单报表 (GBK) and 宝贝报表 end to end, plus the one-row-per-item layout.

use crate::imports::errors::{FileKind, ImportError, RowError, RowReason};
use super::*;
use super::test_files::fixture;

/// title, sku code, qty, unit price, line paid.
type LineView<'a> = (&'a str, Option<&'a str>, i64, Option<i64>, Option<i64>);

#[test]
fn classic_order_report() {
    let import = parse_order_export(&fixture("taobao_orders_gbk.csv")).unwrap();
    assert_eq!(import.channel, ImportChannel::Taobao);
    assert_eq!(import.orders.len(), 2);
    assert_eq!(
        import.orders[0],
        ImportedOrder {
            channel: ImportChannel::Taobao,
            external_no: Some("1930679858170647".into()),
            buyer_id: Some("幸福蔓岩1627".into()),
            recipient_name: "马慧".into(),
            mobile: "18618486065".into(),
            mobile_ext: None,
            province: "吉林省".into(),
            city: "通化市".into(),
            district: "柳河县".into(),
            address: "吉林省 通化市 柳河县 柳河镇紫御府 七号楼 3单元 201室".into(),
            lines: vec![ImportedLine {
                title: "日本直邮护肤特惠套装".into(),
                spec: String::new(),
                sku_code: None,
                qty: 1,
                unit_price_fen: None,
                paid_fen: None,
            }],
            paid_fen: Some(59_800),
            created_ms: Some(1_464_012_120_000),
            status: "买家已付款，等待卖家发货".into(),
            note: "送小样".into(),
            buyer_message: "请尽快发货".into(),
            raw_rows: vec![2],
        }
    );
    let changed = &import.orders[1];
    // The buyer's changed address wins over the original one.
    assert_eq!(changed.address, "浙江省 杭州市 滨江区 长河街道 江南大道588号");
    assert_eq!((changed.district.as_str(), changed.paid_fen, changed.lines[0].qty), ("滨江区", Some(10_700), 3));
    assert_eq!(changed.created_ms, Some(1_464_052_500_000));
}

#[test]
fn classic_order_report_bad_rows() {
    let import = parse_order_export(&fixture("taobao_orders_gbk.csv")).unwrap();
    assert_eq!(
        import.errors,
        vec![
            RowError::new(4, "联系手机", RowReason::MobileMasked { value: "138****8000".into() }),
            RowError::new(5, "买家实际支付金额", RowReason::BadAmount { value: "五十".into() }),
            RowError::new(6, "订单创建时间", RowReason::BadTime { value: "24-05-2016 12:00".into() }),
            RowError::new(7, "联系电话", RowReason::BadMobile { value: "028-85551234".into() }),
        ]
    );
    assert_eq!(import.rejected, ["1930680000000002", "1930680000000003", "1930680000000004", "1930680000000005"]);
}

#[test]
fn item_report_supplies_the_lines() {
    let mut import = parse_order_export(&fixture("taobao_orders_gbk.csv")).unwrap();
    attach_taobao_items(&mut import, &fixture("taobao_items_gbk.csv")).unwrap();
    assert_eq!(
        import.orders[0].lines,
        vec![ImportedLine {
            title: "日本直邮护肤特惠套装".into(),
            spec: String::new(),
            sku_code: Some("HF-SET-01".into()),
            qty: 1,
            unit_price_fen: Some(59_800),
            paid_fen: None,
        }]
    );
    assert_eq!(
        import.orders[1].lines,
        vec![
            ImportedLine {
                title: "玫瑰花茶 250g".into(),
                spec: "规格：250g".into(),
                sku_code: Some("MG-250".into()),
                qty: 2,
                unit_price_fen: Some(3_900),
                paid_fen: None,
            },
            ImportedLine {
                title: "菊花茶 100g".into(),
                spec: "规格：100g".into(),
                // 商家编码 is empty, 外部系统编号 is used.
                sku_code: Some("JH-100".into()),
                qty: 1,
                unit_price_fen: Some(2_900),
                paid_fen: None,
            },
        ]
    );
    assert_eq!(import.orders[1].raw_rows, vec![3]);
    // The line of a rejected order is ignored; a line of an unknown order is an error.
    assert_eq!(
        import.errors.last(),
        Some(&RowError::new(6, "订单编号", RowReason::UnknownOrder { value: "1930689999999999".into() }))
    );
    assert_eq!(import.errors.len(), 5);
}

#[test]
fn item_report_alone_is_refused() {
    assert_eq!(detect_order_export_kind(&fixture("taobao_items_gbk.csv")), Some(OrderExportKind::TaobaoItems));
    assert_eq!(parse_order_export(&fixture("taobao_items_gbk.csv")), Err(ImportError::ItemsReportAlone));
}

#[test]
fn one_row_per_item_layout() {
    let text = "子订单编号,主订单编号,商品标题,商品价格,购买数量,外部系统编号,商品属性,订单状态,商家编码,买家应付货款,买家实付金额,收货人姓名,联系手机,收货地址,订单创建时间,商家备注\n\
=\"3001\",=\"2001\",玫瑰花茶 250g,39.00,2,,规格：250g,等待发货,MG-250,78.00,75.00,林小姐,13912345678,浙江省 杭州市 西湖区 文三路90号,2024-03-01 10:00:05,老客户\n\
=\"3002\",=\"2001\",菊花茶 100g,29.00,1,JH-100,,等待发货,,29.00,28.00,林小姐,13912345678,浙江省 杭州市 西湖区 文三路90号,2024-03-01 10:00:05,老客户\n";
    let import = parse_order_export(text.as_bytes()).unwrap();
    assert_eq!(import.errors, vec![]);
    assert_eq!(import.orders.len(), 1);
    let o = &import.orders[0];
    assert_eq!(o.external_no.as_deref(), Some("2001"));
    assert_eq!(o.raw_rows, vec![2, 3]);
    let lines: Vec<LineView<'_>> = o
        .lines
        .iter()
        .map(|l| (l.title.as_str(), l.sku_code.as_deref(), l.qty, l.unit_price_fen, l.paid_fen))
        .collect();
    assert_eq!(
        lines,
        vec![("玫瑰花茶 250g", Some("MG-250"), 2, Some(3_900), Some(7_500)), ("菊花茶 100g", Some("JH-100"), 1, Some(2_900), Some(2_800))]
    );
    // Line amounts add up to the order.
    assert_eq!(o.paid_fen, Some(10_300));
    assert_eq!((o.note.as_str(), o.created_ms), ("老客户", Some(1_709_258_405_000)));
}

#[test]
fn taobao_file_without_recipient_columns() {
    let text = "订单编号,买家会员名,买家实际支付金额,宝贝标题\n1,a,1.00,b\n";
    assert_eq!(parse_order_export(text.as_bytes()), Err(ImportError::MissingColumn { column: "收货人姓名".into() }));
    assert_eq!(
        parse_order_export("随便,什么\n1,2\n".as_bytes()),
        Err(ImportError::UnknownFormat { kind: FileKind::OrderExport })
    );
}
