//! Bill files end to end, from byte fixtures written in the real layouts (GBK bytes included):
//! WeChat Pay merchant and personal bills, Alipay current and legacy statements, bank
//! statements through a mapping; and the reading layer itself (encodings, delimiters,
//! workbooks, line numbers). Pure parsing: no database.

mod common;

use app::finance::bills::*;
use app::imports::errors::{FileKind, ImportError, RowError, RowReason};
use app::imports::tabular::{read_rows, RawRow, MAX_ROWS};
use common::finance::{fixture, gbk, utf16le};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

// ---- from bills_wechat.rs ----

#[test]
fn merchant_bill_all_type() {
    let import = parse_bill(&fixture("wechat_merchant_all.csv")).unwrap();
    assert_eq!(import.format, BillFormat::WechatMerchant);
    assert_eq!(import.rows.len(), 4);
    assert_eq!(
        import.rows[0],
        BillRow {
            provider: BillProvider::WechatPay,
            txn_no: "4200002024030112345678901".into(),
            merchant_order_no: Some("SO20240301001".into()),
            time_ms: 1_709_259_330_000,
            direction: Direction::Income,
            amount_fen: 12_800,
            fee_fen: 77,
            counterparty: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".into(),
            payer_account: Some("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".into()),
            item: "玫瑰花茶礼盒".into(),
            status: "SUCCESS".into(),
            note: "agent=12".into(),
            refund_of: None,
            raw_row: 2,
        }
    );
    // 0.00500 yuan of fee rounds half-up to one fen.
    assert_eq!((import.rows[1].amount_fen, import.rows[1].fee_fen, import.rows[1].time_ms), (83, 1, 1_709_308_799_000));
    assert_eq!(
        import.rows[2],
        BillRow {
            provider: BillProvider::WechatPay,
            txn_no: "50300009012024030212345678901".into(),
            merchant_order_no: Some("SO20240301001".into()),
            time_ms: 1_709_341_200_000,
            direction: Direction::Refund,
            amount_fen: 2_800,
            fee_fen: -17,
            counterparty: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".into(),
            payer_account: Some("oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".into()),
            item: "玫瑰花茶礼盒".into(),
            status: "REFUND/SUCCESS".into(),
            note: "agent=12".into(),
            refund_of: Some("4200002024030112345678901".into()),
            raw_row: 4,
        }
    );
    let revoked = &import.rows[3];
    assert_eq!((revoked.direction, revoked.amount_fen, revoked.status.as_str(), revoked.raw_row), (Direction::Other, 5_000, "REVOKED", 5));
}

#[test]
fn merchant_bill_bad_rows_and_summary() {
    let import = parse_bill(&fixture("wechat_merchant_all.csv")).unwrap();
    assert_eq!(
        import.errors,
        vec![
            RowError::new(6, "应结订单金额", RowReason::BadAmount { value: "12.3.4".into() }),
            RowError::new(7, "微信订单号", RowReason::Missing),
            RowError::new(8, "交易时间", RowReason::BadTime { value: "02/03/2024 12:10".into() }),
        ]
    );
    assert_eq!(
        import.summary,
        Some(BillSummary {
            record_count: Some(7),
            settled_fen: Some(24_083),
            refund_fen: Some(2_800),
            fee_fen: Some(97),
            order_total_fen: Some(24_083),
            ..BillSummary::default()
        })
    );
}

#[test]
fn merchant_refund_bill_uses_refund_time() {
    // REFUND-type bills add 退款申请时间 and 退款成功时间; the refund happened at the latter.
    let header = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,退款申请时间,退款成功时间,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
    let row = "`2024-03-01 10:15:30,`wx1,`1900000109,`0,`,`4200001,`SO1,`oid,`JSAPI,`REFUND,`OTHERS,`CNY,`128.00,`0.00,`2024-03-02 08:59:00,`2024-03-02 09:00:00,`5030001,`RF1,`0.00,`0.00,`ORIGINAL,`PROCESSING,`花茶,`,`-0.16800,`0.60%,`128.00,`28.00,`";
    let text = format!("{header}\n{row}\n总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\n`1,`0.00,`0.00,`0.00,`-0.16800,`128.00,`28.00\n");
    let import = parse_bill(text.as_bytes()).unwrap();
    let r = &import.rows[0];
    // 退款金额 is 0.00 while processing: the amount applied for is used.
    assert_eq!((r.txn_no.as_str(), r.amount_fen, r.time_ms, r.status.as_str()), ("5030001", 2_800, 1_709_341_200_000, "REFUND/PROCESSING"));
    assert_eq!(r.refund_of.as_deref(), Some("4200001"));
    assert_eq!(import.summary.unwrap().fee_fen, Some(-17));
}

#[test]
fn personal_bill() {
    let import = parse_bill(&fixture("wechat_personal.csv")).unwrap();
    assert_eq!(import.format, BillFormat::WechatPersonal);
    assert_eq!(import.rows.len(), 5);
    assert_eq!(
        import.rows[0],
        BillRow {
            provider: BillProvider::WechatPay,
            txn_no: "10001071012024030500123456789".into(),
            merchant_order_no: None,
            time_ms: 1_709_605_230_000,
            direction: Direction::Income,
            amount_fen: 8_800,
            fee_fen: 0,
            counterparty: "王女士".into(),
            payer_account: None,
            item: "收款方备注:二维码收款".into(),
            status: "已收钱".into(),
            note: String::new(),
            refund_of: None,
            raw_row: 18,
        }
    );
    let kinds: Vec<(u32, Direction, i64)> = import.rows.iter().map(|r| (r.raw_row, r.direction, r.amount_fen)).collect();
    assert_eq!(
        kinds,
        vec![
            (18, Direction::Income, 8_800),
            (19, Direction::Income, 20_000),
            (20, Direction::Expense, 2_550),
            (21, Direction::Refund, 2_550),
            (22, Direction::Other, 10_010),
        ]
    );
    // The refund is linked to the payment with the same 商户单号.
    assert_eq!(import.rows[3].refund_of.as_deref(), Some("4200002122202403070123456789"));
    assert_eq!(import.rows[3].time_ms, 1_709_805_600_000);
    // The withdrawal's service fee comes from its note.
    assert_eq!((import.rows[4].fee_fen, import.rows[4].note.as_str()), (10, "服务费¥0.10"));
}

#[test]
fn personal_bill_errors_and_preamble_totals() {
    let import = parse_bill(&fixture("wechat_personal.csv")).unwrap();
    assert_eq!(
        import.errors,
        vec![
            RowError::new(23, "金额(元)", RowReason::BadAmount { value: "¥abc".into() }),
            RowError::new(24, "收/支", RowReason::UnknownDirection { value: "进账".into() }),
        ]
    );
    assert_eq!(
        import.summary,
        Some(BillSummary {
            record_count: Some(7),
            income: Some(Tally { count: 3, fen: 29_800 }),
            expense: Some(Tally { count: 1, fen: 2_550 }),
            neutral: Some(Tally { count: 1, fen: 10_010 }),
            ..BillSummary::default()
        })
    );
}

#[test]
fn personal_bill_as_xlsx() {
    // Since 2023 the personal bill also comes as .xlsx with the same preamble and columns.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let lines: [&[&str]; 4] = [
        &["微信支付账单明细"],
        &["----------------------微信支付账单明细列表--------------------"],
        &["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态", "交易单号", "商户单号", "备注"],
        &["2024-03-05 10:20:30", "二维码收款", "王女士", "/", "收入", "¥88.00", "零钱", "已收钱", "10001071012024030500123456789", "/", "/"],
    ];
    for (r, cells) in lines.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    assert_eq!(detect_bill_format(&bytes), Some(BillFormat::WechatPersonal));
    let import = parse_bill(&bytes).unwrap();
    assert_eq!(import.errors, vec![]);
    assert_eq!((import.rows[0].raw_row, import.rows[0].amount_fen, import.rows[0].time_ms), (4, 8_800, 1_709_605_230_000));
}

// ---- from bills_alipay_bank.rs ----

#[test]
fn alipay_current_layout_gbk() {
    let import = parse_bill(&fixture("alipay_current_gbk.csv")).unwrap();
    assert_eq!(import.format, BillFormat::AlipayCurrent);
    assert_eq!(
        import.rows[0],
        BillRow {
            provider: BillProvider::Alipay,
            txn_no: "20240315200040011100230012345678".into(),
            merchant_order_no: None,
            time_ms: 1_710_483_605_000,
            direction: Direction::Income,
            amount_fen: 22_250,
            fee_fen: 0,
            counterparty: "张**".into(),
            payer_account: Some("zha***@qq.com".into()),
            item: "转账".into(),
            status: "交易成功".into(),
            note: String::new(),
            refund_of: None,
            raw_row: 19,
        }
    );
    let expense = &import.rows[1];
    assert_eq!(
        (expense.direction, expense.amount_fen, expense.merchant_order_no.as_deref(), expense.time_ms),
        (Direction::Expense, 4_974, Some("T200P20240312000111"), 1_710_250_334_000)
    );
    let refund = &import.rows[2];
    assert_eq!((refund.direction, refund.amount_fen, refund.raw_row), (Direction::Refund, 1_603, 21));
    assert_eq!(refund.refund_of.as_deref(), Some("2024031222001412345678901234"));
    assert_eq!(import.rows.len(), 3);
}

#[test]
fn alipay_current_errors_and_totals() {
    let import = parse_bill(&fixture("alipay_current_gbk.csv")).unwrap();
    assert_eq!(
        import.errors,
        vec![
            RowError::new(22, "交易订单号", RowReason::Missing),
            RowError::new(23, "交易时间", RowReason::BadTime { value: "2024-03-15 25:00:00".into() }),
            RowError::new(24, "金额", RowReason::BadAmount { value: "￥三元".into() }),
        ]
    );
    let s = import.summary.unwrap();
    assert_eq!(s.record_count, Some(6));
    assert_eq!(s.income, Some(Tally { count: 1, fen: 22_250 }));
    assert_eq!(s.expense, Some(Tally { count: 1, fen: 4_974 }));
    assert_eq!(s.neutral, Some(Tally { count: 1, fen: 1_603 }));
}

#[test]
fn alipay_legacy_layout_with_footer() {
    let import = parse_bill(&fixture("alipay_legacy_gbk.txt")).unwrap();
    assert_eq!(import.format, BillFormat::AlipayLegacy);
    assert_eq!(import.errors, vec![]);
    assert_eq!(
        import.rows[0],
        BillRow {
            provider: BillProvider::Alipay,
            txn_no: "2023012622001412340000001".into(),
            merchant_order_no: Some("T20230126001".into()),
            // 付款时间, not 交易创建时间.
            time_ms: 1_674_698_405_000,
            direction: Direction::Income,
            amount_fen: 10_000,
            fee_fen: 60,
            counterparty: "刘女士".into(),
            payer_account: None,
            item: "花茶礼盒".into(),
            status: "交易成功".into(),
            note: String::new(),
            refund_of: None,
            raw_row: 6,
        }
    );
    let rest: Vec<(u32, Direction, i64, i64)> =
        import.rows[1..].iter().map(|r| (r.raw_row, r.direction, r.amount_fen, r.time_ms)).collect();
    // The closed trade was never paid: Other, timed at its creation.
    assert_eq!(rest, vec![(7, Direction::Expense, 3_000, 1_674_804_610_000), (8, Direction::Other, 4_500, 1_674_867_600_000)]);
    let s = import.summary.unwrap();
    assert_eq!((s.record_count, s.income, s.expense), (Some(3), Some(Tally { count: 1, fen: 10_000 }), Some(Tally { count: 1, fen: 3_000 })));
}

#[test]
fn alipay_legacy_hash_lines() {
    let text = "#支付宝交易记录明细查询\n#账号:[2088001]\n#起始日期:[2023-01-26 00:00:00]    终止日期:[2023-02-01 00:00:00]\n\
#-----------------------------------------交易记录明细列表------------------------------------\n\
交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,商品名称,金额（元）,收/支,交易状态,服务费（元）,成功退款（元）,备注,资金状态,\n\
2023012622001,,2023-01-26 10:00:00,2023-01-26 10:00:05,2023-01-26 10:00:06,支付宝网站,即时到账交易,刘女士,花茶,1.00,收入,交易成功,0.00,0.00,,已收入,\n\
#-----------------------------------------交易记录明细列表结束------------------------------------\n\
#共1笔记录\n#导出时间:[2023-02-01 10:48:57]\n";
    let import = parse_bill(&gbk(text)).unwrap();
    assert_eq!(import.format, BillFormat::AlipayLegacy);
    assert_eq!(import.errors, vec![]);
    assert_eq!((import.rows.len(), import.rows[0].raw_row, import.rows[0].amount_fen), (1, 6, 100));
}

fn icbc_mapping(time_format: Option<&str>) -> BankMapping {
    BankMapping {
        time: "交易日期".into(),
        time_of_day: Some("交易时间".into()),
        time_format: time_format.map(str::to_string),
        amount: BankAmount::Split { credit: "收入金额".into(), debit: "支出金额".into() },
        counterparty: Some("对方户名".into()),
        counterparty_account: Some("对方账号".into()),
        txn_no: Some("交易流水号".into()),
        note: Some("摘要".into()),
    }
}

#[test]
fn bank_statement_split_columns() {
    let import = parse_bank_statement(&fixture("bank_icbc_gbk.csv"), &icbc_mapping(None)).unwrap();
    assert_eq!(import.format, BillFormat::Bank);
    assert_eq!(
        import.rows[0],
        BillRow {
            provider: BillProvider::Bank,
            txn_no: "HQ202403010001".into(),
            merchant_order_no: None,
            time_ms: 1_709_256_615_000,
            direction: Direction::Income,
            amount_fen: 128_000,
            fee_fen: 0,
            counterparty: "刘女士".into(),
            payer_account: Some("6217000012345678".into()),
            item: String::new(),
            status: String::new(),
            note: "转账".into(),
            refund_of: None,
            raw_row: 5,
        }
    );
    let rest: Vec<(u32, Direction, i64, i64)> =
        import.rows[1..].iter().map(|r| (r.raw_row, r.direction, r.amount_fen, r.time_ms)).collect();
    assert_eq!(rest, vec![(6, Direction::Expense, 20_000, 1_709_359_200_000), (8, Direction::Income, 5_000, 1_709_510_400_000)]);
    // A row with neither amount; the 合计 footer is not data.
    assert_eq!(import.errors, vec![RowError::new(7, "收入金额", RowReason::Missing)]);
}

#[test]
fn bank_statement_explicit_time_format() {
    let import = parse_bank_statement(&fixture("bank_icbc_gbk.csv"), &icbc_mapping(Some("%Y%m%d %H:%M:%S"))).unwrap();
    assert_eq!(import.rows.len(), 2);
    assert_eq!(
        import.errors,
        vec![
            RowError::new(7, "收入金额", RowReason::Missing),
            RowError::new(8, "交易日期", RowReason::BadTime { value: "20240304 8:00".into() }),
        ]
    );
}

#[test]
fn bank_statement_without_serial_numbers() {
    let text = "日期,金额,对方,备注\n2024-03-01,100.00,甲,x\n2024-03-01,100.00,乙,y\n2024-03-01,-50.00,丙,z\n";
    let mapping = BankMapping {
        time: "日期".into(),
        time_of_day: None,
        time_format: None,
        amount: BankAmount::Signed { column: "金额".into() },
        counterparty: Some("对方".into()),
        counterparty_account: None,
        txn_no: None,
        note: Some("备注".into()),
    };
    let import = parse_bank_statement(text.as_bytes(), &mapping).unwrap();
    let keys: Vec<&str> = import.rows.iter().map(|r| r.txn_no.as_str()).collect();
    assert_eq!(keys, vec!["bank-1709222400000-10000-1", "bank-1709222400000-10000-2", "bank-1709222400000--5000-1"]);
    assert_eq!(import.rows[2].direction, Direction::Expense);
}

#[test]
fn bank_mapping_naming_an_absent_column() {
    let mut mapping = icbc_mapping(None);
    mapping.note = Some("用途".into());
    assert_eq!(
        parse_bank_statement(&fixture("bank_icbc_gbk.csv"), &mapping),
        Err(ImportError::HeaderNotFound {
            expected: ["交易日期", "收入金额", "支出金额", "交易时间", "对方户名", "对方账号", "交易流水号", "用途"]
                .map(String::from)
                .to_vec()
        })
    );
}

#[test]
fn detection_by_content() {
    assert_eq!(detect_bill_format(&fixture("wechat_merchant_all.csv")), Some(BillFormat::WechatMerchant));
    assert_eq!(detect_bill_format(&fixture("wechat_personal.csv")), Some(BillFormat::WechatPersonal));
    assert_eq!(detect_bill_format(&fixture("alipay_current_gbk.csv")), Some(BillFormat::AlipayCurrent));
    assert_eq!(detect_bill_format(&fixture("alipay_legacy_gbk.txt")), Some(BillFormat::AlipayLegacy));
    assert_eq!(detect_bill_format(&fixture("bank_icbc_gbk.csv")), None);
    assert_eq!(detect_bill_format(&fixture("pdd_orders.csv")), None);
    assert_eq!(parse_bill(&fixture("pdd_orders.csv")), Err(ImportError::UnknownFormat { kind: FileKind::Bill }));
    assert_eq!(parse_bill(b""), Err(ImportError::Empty));
}

#[test]
fn forced_layout_that_does_not_fit() {
    assert_eq!(
        parse_bill_as(&fixture("wechat_personal.csv"), BillFormat::AlipayLegacy),
        Err(ImportError::HeaderNotFound { expected: ["交易号", "交易创建时间", "金额(元)", "收/支"].map(String::from).to_vec() })
    );
}

#[test]
fn alipay_refund_linked_by_number_prefix() {
    let text = "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注\n\
2024-03-12 21:32:14,日用百货,纸箱店,/,纸箱,收入,49.74,余额,交易成功,2024031222001,,\n\
2024-03-13 09:15:00,退款,纸箱店,/,退款-纸箱,不计收支,16.03,余额,退款成功,2024031222001_16.03,,\n";
    let import = parse_bill(&gbk(text)).unwrap();
    assert_eq!(import.rows[1].direction, Direction::Refund);
    assert_eq!(import.rows[1].refund_of.as_deref(), Some("2024031222001"));
}

// ---- from tabular_read.rs ----

fn cells(rows: &[RawRow]) -> Vec<(u32, Vec<&str>)> {
    rows.iter().map(|r| (r.line, r.cells.iter().map(String::as_str).collect())).collect()
}

#[test]
fn gbk_csv_with_guards() {
    let rows = read_rows(&gbk("订单编号,联系手机,备注\n=\"1930679858170647\",'18618486065,\u{3000}送小样\t\n")).unwrap();
    assert_eq!(cells(&rows), vec![(1, vec!["订单编号", "联系手机", "备注"]), (2, vec!["1930679858170647", "18618486065", "送小样"])]);
}

#[test]
fn utf16le_tab_separated() {
    let rows = read_rows(&utf16le("姓名\t电话\t地址\n林小姐\t13800138000\t杭州\n")).unwrap();
    assert_eq!(cells(&rows), vec![(1, vec!["姓名", "电话", "地址"]), (2, vec!["林小姐", "13800138000", "杭州"])]);
}

#[test]
fn quoted_newlines_keep_original_line_numbers() {
    let rows = read_rows("a,b\n\"多行\n备注\",z\n\nlast,row\n".as_bytes()).unwrap();
    let lines: Vec<u32> = rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![1, 2, 5]);
    assert_eq!(rows[1].cells[0], "多行\n备注");
}

#[test]
fn workbook_numbers_and_dates_as_text() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    // Data starts at row 3, column B: row numbers and column positions must stay true.
    sheet.write_number(2, 1, 13_800_138_000.0).unwrap();
    sheet.write_number(2, 2, 12.499_999_999_999_998).unwrap();
    sheet.write_number(2, 3, 0.1 + 0.2).unwrap();
    sheet.write_datetime_with_format(2, 4, ExcelDateTime::parse_from_str("2024-03-01").unwrap(), &date).unwrap();
    sheet
        .write_datetime_with_format(2, 5, ExcelDateTime::parse_from_str("2024-03-01 10:15:30").unwrap(), &datetime)
        .unwrap();
    sheet.write_string(2, 6, "\t`4200001 ").unwrap();
    sheet.write_boolean(2, 7, true).unwrap();
    let rows = read_rows(&book.save_to_buffer().unwrap()).unwrap();
    assert_eq!(
        cells(&rows),
        vec![(3, vec!["", "13800138000", "12.5", "0.3", "2024-03-01", "2024-03-01 10:15:30", "4200001", "TRUE"])]
    );
}

#[test]
fn unreadable_and_empty_files() {
    assert_eq!(read_rows(b""), Err(ImportError::Empty));
    assert_eq!(read_rows(b" \r\n\t"), Err(ImportError::Empty));
    match read_rows(b"PK\x03\x04not really a zip") {
        Err(ImportError::Unreadable { .. }) => {}
        other => panic!("expected Unreadable, got {other:?}"),
    }
}

#[test]
fn too_many_rows() {
    let text = "a\n".repeat(MAX_ROWS + 1);
    assert_eq!(read_rows(text.as_bytes()), Err(ImportError::TooManyRows { rows: MAX_ROWS + 1, max: MAX_ROWS }));
}
