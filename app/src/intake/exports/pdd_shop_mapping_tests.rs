//! Pinduoduo (UTF-8 CSV), 微信小店 (.xlsx) and mapped sheets, end to end.

use crate::imports::errors::{ImportError, RowError, RowReason};
use super::*;
use super::test_files::{fixture, gbk, utf16le};

/// title, sku code, qty, unit price, line paid.
type LineView<'a> = (&'a str, Option<&'a str>, i64, Option<i64>, Option<i64>);
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

#[test]
fn pinduoduo_export() {
    let import = parse_order_export(&fixture("pdd_orders.csv")).unwrap();
    assert_eq!(import.channel, ImportChannel::Pinduoduo);
    assert_eq!(
        import.orders[0],
        ImportedOrder {
            channel: ImportChannel::Pinduoduo,
            external_no: Some("240301-123456789012345".into()),
            buyer_id: None,
            recipient_name: "张三".into(),
            mobile: "13800138000".into(),
            mobile_ext: None,
            province: "广东省".into(),
            city: "深圳市".into(),
            district: "南山区".into(),
            address: "广东省 深圳市 南山区 粤海街道 科技园 科苑路15号".into(),
            lines: vec![ImportedLine {
                title: "蛋黄酥 6枚装".into(),
                spec: "原味;6枚".into(),
                sku_code: Some("DHS-6-YW".into()),
                qty: 2,
                // 商品总价 59.80 for 2.
                unit_price_fen: Some(2_990),
                paid_fen: Some(5_480),
            }],
            paid_fen: Some(5_480),
            created_ms: Some(1_709_258_405_000),
            status: "待发货".into(),
            note: "加急".into(),
            buyer_message: "要新鲜的".into(),
            raw_rows: vec![2],
        }
    );
    let privacy = &import.orders[1];
    assert_eq!((privacy.mobile.as_str(), privacy.mobile_ext.as_deref()), ("13912345678", Some("1234")));
    // The detail repeats the levels; they are not repeated in the address.
    assert_eq!(privacy.address, "浙江省 杭州市 西湖区 文三路90号");
    // The SKU-level code is empty: the goods-level code is used.
    assert_eq!(privacy.lines[0].sku_code.as_deref(), Some("MG"));
    let sample = &import.orders[2];
    assert_eq!(sample.address, "北京市 朝阳区 建国路88号");
    // 10.00 for 3 has no exact unit price.
    assert_eq!((sample.lines[0].qty, sample.lines[0].unit_price_fen, sample.paid_fen), (3, None, Some(1_000)));
    assert_eq!(import.orders.len(), 3);
}

#[test]
fn pinduoduo_bad_rows() {
    let import = parse_order_export(&fixture("pdd_orders.csv")).unwrap();
    assert_eq!(
        import.errors,
        vec![
            RowError::new(4, "手机", RowReason::MobileMasked { value: "139****5678".into() }),
            RowError::new(5, "商品数量(件)", RowReason::BadQty { value: "0".into() }),
            RowError::new(7, "订单号", RowReason::Missing),
        ]
    );
    assert_eq!(import.rejected, ["240301-123456789012347", "240301-123456789012348"]);
}

/// order no, title, spec, sku, qty, unit price, paid, mobile.
type ShopRow = (&'static str, &'static str, &'static str, &'static str, f64, f64, f64, &'static str);

fn wechat_shop_book() -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = ["订单号", "下单时间", "订单状态", "商品名称", "商品规格", "SKU编码", "数量", "商品单价", "实付金额", "收件人", "收件人手机", "省份", "城市", "区县", "详细地址", "买家留言"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let when = ExcelDateTime::parse_from_str("2024-03-01 10:00:05").unwrap();
    // Order 1: two products; the order total is repeated, once with a float artefact.
    let rows: [ShopRow; 3] = [
        ("3700012345678901", "玫瑰花茶", "250g", "MG-250", 2.0, 39.0, 107.0, "13800138000"),
        ("3700012345678901", "菊花茶", "100g", "JH-100", 1.0, 29.0, 107.000_000_000_000_01, "13800138000"),
        ("3700012345678902", "试吃装", "混合", "SC-1", 1.0, 12.499_999_999_999_998, 12.5, "138****1234"),
    ];
    for (i, (no, title, spec, sku, qty, price, paid, mobile)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, *no).unwrap();
        sheet.write_datetime_with_format(r, 1, &when, &date).unwrap();
        sheet.write_string(r, 2, "待发货").unwrap();
        sheet.write_string(r, 3, *title).unwrap();
        sheet.write_string(r, 4, *spec).unwrap();
        sheet.write_string(r, 5, *sku).unwrap();
        sheet.write_number(r, 6, *qty).unwrap();
        sheet.write_number(r, 7, *price).unwrap();
        sheet.write_number(r, 8, *paid).unwrap();
        sheet.write_string(r, 9, "林小姐").unwrap();
        match mobile.parse::<f64>() {
            Ok(n) => sheet.write_number(r, 10, n).unwrap(),
            Err(_) => sheet.write_string(r, 10, *mobile).unwrap(),
        };
        for (c, v) in [(11, "浙江省"), (12, "杭州市"), (13, "西湖区"), (14, "文三路90号")] {
            sheet.write_string(r, c, v).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn wechat_shop_xlsx() {
    let bytes = wechat_shop_book();
    assert_eq!(detect_order_export_kind(&bytes), Some(OrderExportKind::WechatShop));
    let import = parse_order_export(&bytes).unwrap();
    assert_eq!(import.channel, ImportChannel::WechatShop);
    assert_eq!(import.orders.len(), 1);
    let o = &import.orders[0];
    // A mobile stored as a number reads back as its digits.
    assert_eq!((o.mobile.as_str(), o.address.as_str()), ("13800138000", "浙江省 杭州市 西湖区 文三路90号"));
    assert_eq!((o.paid_fen, o.created_ms, o.raw_rows.clone()), (Some(10_700), Some(1_709_258_405_000), vec![2, 3]));
    let lines: Vec<LineView<'_>> =
        o.lines.iter().map(|l| (l.title.as_str(), l.sku_code.as_deref(), l.qty, l.unit_price_fen, l.paid_fen)).collect();
    assert_eq!(lines, vec![("玫瑰花茶", Some("MG-250"), 2, Some(3_900), None), ("菊花茶", Some("JH-100"), 1, Some(2_900), None)]);
    assert_eq!(import.errors, vec![RowError::new(4, "收件人手机", RowReason::MobileMasked { value: "138****1234".into() })]);
    assert_eq!(import.rejected, ["3700012345678902"]);
}

#[test]
fn order_level_amounts_must_agree() {
    let text = "订单号,商品名称,数量,实付金额,收件人,收件人手机,详细地址\n\
A1,玫瑰花茶,1,50.00,林小姐,13800138000,杭州市文三路90号\n\
A1,菊花茶,1,60.00,林小姐,13800138000,杭州市文三路90号\n";
    let import = parse_order_export(text.as_bytes()).unwrap();
    assert_eq!(import.orders, vec![]);
    assert_eq!(import.rejected, ["A1"]);
    assert_eq!(
        import.errors,
        vec![RowError::new(3, "实付金额", RowReason::Inconsistent { value: "60.00".into(), first_row: 2 })]
    );
}

#[test]
fn mapping_on_utf16_tab_separated_sheet() {
    let text = "客户订单汇总\n姓名\t电话\t地址\t产品\t编码\t数量\t金额\t日期\t备注\n\
林小姐\t 138 0013 8000\t浙江省 杭州市 西湖区 文三路90号\t玫瑰花茶\tMG-250\t2\t78.00\t2024.03.01\t老客户\n\
王先生\t13700137000\t\t菊花茶\tJH-100\t1\t29.00\t2024.03.02\t\n\
合计\t\t\t\t\t3\t107.00\t\t\n";
    let mapping = ColumnMapping {
        recipient_name: "姓名".into(),
        mobile: "电话".into(),
        address: Some("地址".into()),
        title: Some("产品".into()),
        sku_code: Some("编码".into()),
        qty: Some("数量".into()),
        paid: Some("金额".into()),
        created: Some("日期".into()),
        time_format: Some("%Y.%m.%d".into()),
        note: Some("备注".into()),
        ..ColumnMapping::default()
    };
    let import = parse_orders_with_mapping(&utf16le(text), &mapping).unwrap();
    assert_eq!(import.channel, ImportChannel::Generic);
    assert_eq!(import.orders.len(), 1);
    let o = &import.orders[0];
    assert_eq!((o.external_no.clone(), o.mobile.as_str(), o.paid_fen), (None, "13800138000", Some(7_800)));
    // 2024-03-01 00:00 in Shanghai.
    assert_eq!((o.created_ms, o.note.as_str(), o.province.as_str()), (Some(1_709_222_400_000), "老客户", "浙江省"));
    assert_eq!(import.errors, vec![RowError::new(4, "地址", RowReason::Missing)]);
    assert_eq!(import.rejected, Vec::<String>::new());
}

#[test]
fn mapping_with_order_numbers_and_order_totals_gbk() {
    let text = "单号,收货人,手机,省,市,区,地址,商品,数量,单价,订单金额\n\
D1,林小姐,13800138000,浙江省,杭州市,西湖区,文三路90号,玫瑰花茶,2,39.00,107.00\n\
D1,林小姐,13800138000,浙江省,杭州市,西湖区,文三路90号,菊花茶,1,29.00,107.00\n";
    let mapping = ColumnMapping {
        order_no: Some("单号".into()),
        recipient_name: "收货人".into(),
        mobile: "手机".into(),
        province: Some("省".into()),
        city: Some("市".into()),
        district: Some("区".into()),
        address: Some("地址".into()),
        title: Some("商品".into()),
        qty: Some("数量".into()),
        unit_price: Some("单价".into()),
        paid: Some("订单金额".into()),
        paid_is_order_total: true,
        ..ColumnMapping::default()
    };
    let import = parse_orders_with_mapping(&gbk(text), &mapping).unwrap();
    assert_eq!(import.errors, vec![]);
    let o = &import.orders[0];
    assert_eq!((o.external_no.as_deref(), o.paid_fen, o.lines.len()), (Some("D1"), Some(10_700), 2));
    assert_eq!(o.address, "浙江省 杭州市 西湖区 文三路90号");
}

#[test]
fn mapping_naming_a_missing_column() {
    let mapping = ColumnMapping { recipient_name: "姓名".into(), mobile: "手机号码".into(), address: Some("地址".into()), ..ColumnMapping::default() };
    assert_eq!(
        parse_orders_with_mapping("姓名,电话,地址\n甲,13800138000,某地\n".as_bytes(), &mapping),
        Err(ImportError::HeaderNotFound { expected: ["姓名", "手机号码", "地址"].map(String::from).to_vec() })
    );
}

#[test]
fn order_detection_by_content() {
    assert_eq!(detect_order_export_kind(&fixture("taobao_orders_gbk.csv")), Some(OrderExportKind::Taobao));
    assert_eq!(detect_order_export_kind(&fixture("pdd_orders.csv")), Some(OrderExportKind::Pinduoduo));
    assert_eq!(detect_order_export_kind(&fixture("wechat_personal.csv")), None);
}
