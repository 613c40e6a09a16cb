//! Tests of the glue between stored records and the tax rules. Figures worked out by hand.

use super::*;
use crate::tax::logic_vat::CityTier;

fn settings(rate: TaxRate) -> TaxSettings {
    TaxSettings { tax_code: "1030201000000000000".into(), short_name: "焙烤食品".into(), rate, simplified: false, unit: "盒".into() }
}

#[test]
fn periods_and_dates() {
    assert_eq!(parse_period("2026-11"), Ok(Period::Month { year: 2026, month: 11 }));
    assert_eq!(parse_period(" 2026-Q4 "), Ok(Period::Quarter { year: 2026, quarter: 4 }));
    assert_eq!(parse_period("2026-q1"), Ok(Period::Quarter { year: 2026, quarter: 1 }));
    assert_eq!(parse_period("2026-13"), Err(TaxError::BadPeriod { text: "2026-13".into() }));
    assert_eq!(parse_period("2026"), Err(TaxError::BadPeriod { text: "2026".into() }));
    assert_eq!(Period::Quarter { year: 2026, quarter: 4 }.code(), "2026-Q4");
    assert_eq!(Period::Month { year: 2026, month: 3 }.code(), "2026-03");
    let d = parse_date("issued_on", "2026/11/29").unwrap();
    // 2026-11-29 00:00 in Shanghai is 2026-11-28 16:00 UTC.
    assert_eq!(date_ms(d), 1_795_881_600_000);
    assert_eq!(ms_date(date_ms(d) + 86_399_999), "2026-11-29");
    assert_eq!(parse_date("issued_on", "29.11.2026"), Err(TaxError::BadDate { field: "issued_on".into() }));
    assert_eq!(next_month(Period::Month { year: 2026, month: 12 }), Period::Month { year: 2027, month: 1 });
    assert_eq!(Period::Month { year: 2026, month: 1 }.shift(-1), Period::Month { year: 2025, month: 12 });
    assert_eq!(Period::Quarter { year: 2026, quarter: 4 }.shift(1), Period::Quarter { year: 2027, quarter: 1 });
    assert_eq!(Period::Month { year: 2026, month: 11 }.to_quarter(), Period::Quarter { year: 2026, quarter: 4 });
    assert_eq!(Period::Quarter { year: 2026, quarter: 2 }.to_month(), Period::Month { year: 2026, month: 4 });
}

#[test]
fn order_items_merge_and_need_settings() {
    let item = |product_id, name: &str, spec: &str, qty, price| OrderItem {
        product_id,
        name: name.into(),
        spec: spec.into(),
        qty,
        unit_price_fen: price,
        gross_fen: qty * price,
    };
    // Two orders with the same cake: 1 × 33.33 and 2 × 33.33 → one line of 3, 99.99.
    let items = [item(1, "蛋糕", "", 1, 3333), item(2, "口红", "#01", 1, 12900), item(1, "蛋糕", "", 2, 3333)];
    let (lines, products) = order_lines(&items, |id| (id == 1 || id == 2).then(|| settings(TaxRate::R1))).unwrap();
    assert_eq!(products, vec![1, 2]);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].line.qty, Some(Decimal::from(3)));
    assert_eq!(lines[0].line.price, PriceInput::Gross { fen: 9999 });
    assert_eq!(lines[0].tax_code, "1030201000000000000");
    let e = order_lines(&items, |id| (id == 1).then(|| settings(TaxRate::R1))).unwrap_err();
    assert_eq!(e, TaxError::SettingsMissing { products: vec!["口红".into()] });
}

#[test]
fn settings_follow_the_taxpayer_type() {
    let input = TaxSettingsInput {
        product_id: 1,
        tax_code: " 1030201000000000000 ".into(),
        short_name: "*焙烤食品*".into(),
        rate: TaxRate::R13,
        simplified: false,
        unit: "盒".into(),
    };
    let s = check_settings(&input, Some(TaxpayerType::General)).unwrap();
    assert_eq!((s.tax_code.as_str(), s.short_name.as_str()), ("1030201000000000000", "焙烤食品"));
    assert_eq!(
        check_settings(&input, Some(TaxpayerType::SmallScale)),
        Err(Refusal::Tax(TaxError::RateNotAllowed { rate: TaxRate::R13, taxpayer: TaxpayerType::SmallScale }))
    );
    let bad = TaxSettingsInput { tax_code: "12345".into(), ..input.clone() };
    assert_eq!(check_settings(&bad, None), Err(Refusal::Tax(TaxError::BadTaxCode { value: "12345".into() })));
    let no_name = TaxSettingsInput { short_name: "**".into(), ..input };
    assert_eq!(check_settings(&no_name, None), Err(Refusal::Tax(TaxError::ShortNameMissing)));
}

#[test]
fn input_invoices_are_checked() {
    let ok = NewInputInvoice {
        kind: InvoiceKind::Special,
        seller_name: "福州掌柜商贸有限公司".into(),
        seller_tax_id: "91350100M000100Y43".into(),
        number: "26352000000012345678".into(),
        issued_on: "2026-11-02".into(),
        amount: "1000".into(),
        tax: "130".into(),
        deductible: true,
        selected_on: "2026-11-20".into(),
        receipt_id: None,
        note: "".into(),
    };
    let c = check_input(&ok).unwrap();
    assert_eq!((c.amount_fen, c.tax_fen, c.number.as_str()), (100_000, 13_000, "26352000000012345678"));
    assert_eq!(ms_date(c.selected_at.unwrap()), "2026-11-20");
    let e = |i: NewInputInvoice| check_input(&i).unwrap_err();
    assert_eq!(e(NewInputInvoice { seller_tax_id: "91350100M000100Y44".into(), ..ok.clone() }), Refusal::Tax(TaxError::TaxId { field: "seller_tax_id".into(), error: UsccError::CheckChar { expected: '3', found: '4' } }));
    assert_eq!(e(NewInputInvoice { number: "123".into(), ..ok.clone() }), Refusal::Tax(TaxError::InputNumber { number: "123".into() }));
    assert_eq!(e(NewInputInvoice { tax: "1000.01".into(), ..ok.clone() }), Refusal::Tax(TaxError::InputTaxTooHigh));
    assert_eq!(e(NewInputInvoice { selected_on: "2026-11-01".into(), ..ok.clone() }), Refusal::Tax(TaxError::SelectedBeforeIssued));
    assert_eq!(e(NewInputInvoice { selected_on: "".into(), ..ok.clone() }), Refusal::Tax(TaxError::SelectedDateMissing));
    assert_eq!(e(NewInputInvoice { amount: "abc".into(), ..ok }), Refusal::Common(CommonError::BadAmount { field: "amount".into() }));
}

#[test]
fn invoices_from_orders_leave_the_uninvoiced_sales() {
    // A small-scale 普票 at 1% of 101.00 (100.00 + 1.00) made from orders, issued on day t:
    // one taxable record and a −101.00 not-invoiced record (no tax charged on it).
    let line = LineFact {
        at_ms: 1_000,
        kind: InvoiceKind::Ordinary,
        tax_code: "1030201000000000000".into(),
        rate: TaxRate::R1,
        gross_fen: 10_100,
        amount_fen: 10_000,
        tax_fen: 100,
        from_orders: true,
    };
    let r = invoice_sales(TaxpayerType::SmallScale, std::slice::from_ref(&line));
    assert_eq!(r.len(), 2);
    assert_eq!((r[0].doc, r[0].item_rate, r[0].rate, r[0].amount_fen), (SaleDoc::OtherInvoice, TaxRate::R3, TaxRate::R1, 10_000));
    assert_eq!((r[1].doc, r[1].rate, r[1].gross_fen, r[1].amount_fen, r[1].tax_fen), (SaleDoc::NotInvoiced, TaxRate::Exempt, -10_100, -10_100, 0));
    // A general taxpayer's uninvoiced 113.00 at 13% owes 13.00; a service code goes to services.
    let u = uninvoiced(TaxpayerType::General, 0, sale_kind("3040201000000000000"), TaxRate::R13, 11_300);
    assert_eq!((u.kind, u.amount_fen, u.tax_fen), (SaleKind::Service, 10_000, 1_300));
    let hand = LineFact { from_orders: false, ..line };
    assert_eq!(invoice_sales(TaxpayerType::SmallScale, &[hand]).len(), 1);
}

#[test]
fn general_credit_is_chained_from_the_first_month() {
    // Start 2026-01 with 500.00 credit. January: output 13.00 (113.00 not invoiced at 13%),
    // no input → 17 = 500, 18 = 13, 20 = 487. February: nothing → 20 = 487. March: input
    // 100.00 selected, output 0 → opening 487, 20 = 587.
    let at = |m: u32, d: u32| date_ms(NaiveDate::from_ymd_opt(2026, m, d).unwrap());
    let sales = vec![uninvoiced(TaxpayerType::General, at(1, 10), SaleKind::Goods, TaxRate::R13, 11_300)];
    let inputs = vec![InputTax { selected_at_ms: at(3, 5), tax_fen: 10_000 }];
    let base = GeneralParams { period: Period::Month { year: 2026, month: 1 }, opening_credit_fen: 50_000, transfer_out_fen: 0, city: CityTier::Urban, surcharge_relief: false };
    let start = Period::Month { year: 2026, month: 1 };
    let (mar, _) = general_chain(&base, start, Period::Month { year: 2026, month: 3 }, &sales, &inputs, &TaxPolicy::builtin()).unwrap();
    assert_eq!((mar.line(13), mar.line(12), mar.line(20)), (48_700, 10_000, 58_700));
    let (q1, months) = general_chain(&base, start, Period::Quarter { year: 2026, quarter: 1 }, &sales, &inputs, &TaxPolicy::builtin()).unwrap();
    assert_eq!(months.len(), 3);
    assert_eq!((q1.line(11), q1.line(13), q1.line(18), q1.line(20)), (1_300, 50_000, 1_300, 58_700));
    // Before the first month: no credit known.
    let (dec, _) = general_chain(&base, start, Period::Month { year: 2025, month: 12 }, &sales, &inputs, &TaxPolicy::builtin()).unwrap();
    assert_eq!(dec.line(13), 0);
}
