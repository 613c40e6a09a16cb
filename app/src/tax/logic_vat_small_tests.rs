//! Tests for the small-scale summary. Every expected figure is worked out by hand below;
//! amounts in comments are yuan, in asserts fen.

use super::*;
use crate::tax::text_titles::small_line_title;
use crate::i18n::Lang;
use chrono::NaiveDate;

/// UTC epoch ms of a wall-clock time in Shanghai.
pub(crate) fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    let local = NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap();
    local.and_utc().timestamp_millis() - 8 * 3600 * 1000
}

pub(crate) fn sale(at_ms: i64, kind: SaleKind, doc: SaleDoc, item_rate: TaxRate, rate: TaxRate, gross: i64, tax: i64) -> SaleRecord {
    SaleRecord { at_ms, kind, doc, item_rate, rate, gross_fen: gross, amount_fen: gross - tax, tax_fen: tax }
}

fn q1_2024() -> SmallScaleParams {
    SmallScaleParams { period: Period::Quarter { year: 2024, quarter: 1 }, individual_business: false, city: CityTier::Urban }
}

/// Q1 2024: 100,000.00 not invoiced (no tax charged), `feb` on a 免税 普票, and a 专票 of
/// 50,500.00 at 1% (金额 50,000.00, 税额 500.00); two records just outside the quarter.
fn quarter_sales(feb: i64) -> Vec<SaleRecord> {
    use SaleDoc::*;
    use SaleKind::Goods;
    vec![
        sale(at(2023, 12, 31, 23, 59), Goods, OtherInvoice, TaxRate::R3, TaxRate::Exempt, 99_900, 0),
        sale(at(2024, 1, 15, 10, 0), Goods, NotInvoiced, TaxRate::R3, TaxRate::Exempt, 10_000_000, 0),
        sale(at(2024, 2, 10, 10, 0), Goods, OtherInvoice, TaxRate::R3, TaxRate::Exempt, feb, 0),
        sale(at(2024, 3, 5, 10, 0), Goods, Special, TaxRate::R3, TaxRate::R1, 5_050_000, 50_000),
        sale(at(2024, 4, 1, 0, 0), Goods, OtherInvoice, TaxRate::R3, TaxRate::Exempt, 99_900, 0),
    ]
}

/// (goods, services) of lines 1–25.
fn columns(r: &SmallScaleReturn) -> Vec<(i64, i64)> {
    r.lines.iter().map(|l| (l.goods_fen, l.services_fen)).collect()
}

fn goods_only(values: [(u8, i64); 11]) -> Vec<(i64, i64)> {
    let mut v = vec![(0, 0); 25];
    for (no, fen) in values {
        v[usize::from(no) - 1].0 = fen;
    }
    v
}

#[test]
fn quarter_at_exactly_300_000_is_exempt() {
    // Sales: 100,000.00 + 150,000.00 + 50,000.00 = 300,000.00 ≤ 300,000.00 → exempt.
    // 1 = 2 = 50,000.00 (the 专票 stays taxable); 9 = 10 = 250,000.00.
    // 15 = 50,000 × 3% = 1,500.00; 16 = 50,000 × 2% = 1,000.00; 20 = 22 = 500.00.
    // 17 = 18 = 250,000 × 1% = 2,500.00.
    // 23: 500 × 7% = 35.00, less 50% = 17.50; 24, 25: nil (sales ≤ 300,000, 财税〔2016〕12号).
    let r = small_scale_return(&q1_2024(), &quarter_sales(15_000_000), &TaxPolicy::builtin()).unwrap();
    assert_eq!((r.sales_fen, r.threshold_fen, r.exempt), (30_000_000, Some(30_000_000), true));
    assert_eq!(
        columns(&r),
        goods_only([
            (1, 5_000_000), (2, 5_000_000), (9, 25_000_000), (10, 25_000_000), (15, 150_000), (16, 100_000),
            (17, 250_000), (18, 250_000), (20, 50_000), (22, 50_000), (23, 1_750),
        ])
    );
}

#[test]
fn quarter_at_300_000_01_is_taxed_in_full() {
    // Sales: 100,000.00 + 150,000.01 + 50,000.00 = 300,000.01 > 300,000.00 → no exemption.
    // Untaxed sales are divided by 1.01, per document:
    //   not invoiced 100,000.00 / 1.01 = 99,009.90099… → 99,009.90
    //   普票 150,000.01 / 1.01 = 148,514.86138… → 148,514.86 (1.01 × 148,514.86 = 150,000.0086)
    // 1 = 50,000.00 + 99,009.90 + 148,514.86 = 297,524.76, all at 1%; 2 = 50,000.00; 3 = 148,514.86.
    // 15 = 297,524.76 × 3% = 8,925.7428 → 8,925.74; 16 = × 2% = 5,950.4952 → 5,950.50;
    // 20 = 22 = 2,975.24.
    // 23: 2,975.24 × 7% = 208.2668 → 208.27, less 104.135 → 104.14: 104.13.
    // 24: × 3% = 89.2572 → 89.26, less 44.63: 44.63. 25: × 2% = 59.5048 → 59.50, less 29.75: 29.75.
    let r = small_scale_return(&q1_2024(), &quarter_sales(15_000_001), &TaxPolicy::builtin()).unwrap();
    assert_eq!((r.sales_fen, r.exempt), (30_000_001, false));
    assert_eq!(
        columns(&r),
        goods_only([
            (1, 29_752_476), (2, 5_000_000), (3, 14_851_486), (15, 892_574), (16, 595_050), (20, 297_524),
            (22, 297_524), (23, 10_413), (24, 4_463), (25, 2_975), (9, 0),
        ])
    );
}

#[test]
fn monthly_individual_business_with_both_columns() {
    // May 2024, 个体工商户, county town (5%):
    //   service at 5% on a 普票: 10,500.00 = 10,000.00 + 500.00 (tax charged → taxable);
    //   goods not invoiced, no tax charged: 60,000.00;
    //   farm produce exempt on its own: 5,000.00.
    // Sales 10,000 + 60,000 + 5,000 = 75,000 ≤ 100,000 → exempt.
    // Goods: 11 = 60,000.00; 12 = 5,000.00; 9 = 65,000.00;
    //        17 = 60,000 × 1% + 5,000 × 1% = 650.00; 19 = 600.00; 18 = 0.
    // Services: 4 = 6 = 10,000.00; 15 = 20 = 22 = 500.00.
    // 23: 500 × 5% = 25.00, less 12.50 = 12.50; 24, 25 nil (≤ 100,000 a month).
    use SaleDoc::*;
    let may = |d| at(2024, 5, d, 12, 0);
    let sales = vec![
        sale(may(3), SaleKind::Service, OtherInvoice, TaxRate::R5, TaxRate::R5, 1_050_000, 50_000),
        sale(may(9), SaleKind::Goods, NotInvoiced, TaxRate::R3, TaxRate::Exempt, 6_000_000, 0),
        sale(may(20), SaleKind::Goods, OtherInvoice, TaxRate::Exempt, TaxRate::Exempt, 500_000, 0),
    ];
    let p = SmallScaleParams { period: Period::Month { year: 2024, month: 5 }, individual_business: true, city: CityTier::CountyTown };
    let r = small_scale_return(&p, &sales, &TaxPolicy::builtin()).unwrap();
    assert!(r.exempt);
    assert_eq!((r.threshold_fen, r.sales_fen), (Some(10_000_000), 7_500_000));
    let expect = |no: u8, goods_fen: i64, services_fen: i64| assert_eq!(r.line(no), SmallLine { no, goods_fen, services_fen }, "line {no}");
    expect(4, 0, 1_000_000);
    expect(6, 0, 1_000_000);
    expect(9, 6_500_000, 0);
    expect(10, 0, 0);
    expect(11, 6_000_000, 0);
    expect(12, 500_000, 0);
    expect(15, 0, 50_000);
    expect(17, 65_000, 0);
    expect(18, 0, 0);
    expect(19, 60_000, 0);
    expect(20, 0, 50_000);
    expect(22, 0, 50_000);
    expect(23, 1_250, 0);
    expect(24, 0, 0);
}

#[test]
fn bad_records_are_all_reported() {
    use SaleDoc::*;
    use SaleKind::Goods;
    let d = at(2024, 2, 1, 9, 0);
    let sales = vec![
        sale(d, Goods, OtherInvoice, TaxRate::R13, TaxRate::R13, 11_300, 1_300),
        sale(d, Goods, OtherInvoice, TaxRate::R5, TaxRate::R1, 10_100, 100),
        SaleRecord { amount_fen: 90, ..sale(d, Goods, OtherInvoice, TaxRate::R3, TaxRate::R1, 100, 9) },
        sale(d, Goods, Special, TaxRate::R3, TaxRate::Exempt, 100, 0),
        sale(d, Goods, OtherInvoice, TaxRate::R3, TaxRate::Exempt, 101, 1),
    ];
    assert_eq!(
        small_scale_return(&q1_2024(), &sales, &TaxPolicy::builtin()),
        Err(vec![
            VatError::RateNotForTaxpayer { record: 1, rate: TaxRate::R13, taxpayer: TaxpayerType::SmallScale },
            VatError::ChargedRateMismatch { record: 2, item_rate: TaxRate::R5, rate: TaxRate::R1 },
            VatError::AmountsDontAdd { record: 3, gross_fen: 100, amount_fen: 90, tax_fen: 9 },
            VatError::SpecialInvoiceUntaxed { record: 4 },
            VatError::TaxOnUntaxedSale { record: 5 },
        ])
    );
    // 1% in 2021 Q3: no reduced rate in the table then.
    let p = SmallScaleParams { period: Period::Quarter { year: 2021, quarter: 3 }, ..q1_2024() };
    let s = vec![sale(at(2021, 8, 1, 9, 0), Goods, OtherInvoice, TaxRate::R3, TaxRate::R1, 10_100, 100)];
    assert_eq!(small_scale_return(&p, &s, &TaxPolicy::builtin()), Err(vec![VatError::ReducedRateNotInForce { record: 1 }]));
    let e = VatError::AmountsDontAdd { record: 3, gross_fen: 100, amount_fen: 90, tax_fen: 9 };
    assert_eq!(e.message(Lang::Zh), "第 3 条销售记录：金额 0.90 加税额 0.09 不等于价税合计 1.00");
    assert_eq!(e.code(), "vat_amounts_dont_add");
}

#[test]
fn threshold_of_2021_and_titles() {
    // 2021 Q3 (450,000 a quarter): 440,000.00 not invoiced is exempt, at the then levy rate 3%:
    // 17 = 18 = 440,000 × 3% = 13,200.00.
    let p = SmallScaleParams { period: Period::Quarter { year: 2021, quarter: 3 }, ..q1_2024() };
    let s = vec![sale(at(2021, 9, 30, 23, 0), SaleKind::Goods, SaleDoc::NotInvoiced, TaxRate::R3, TaxRate::Exempt, 44_000_000, 0)];
    let r = small_scale_return(&p, &s, &TaxPolicy::builtin()).unwrap();
    assert_eq!((r.exempt, r.line(10).goods_fen, r.line(18).goods_fen), (true, 44_000_000, 1_320_000));
    assert_eq!(small_line_title(10, Lang::Zh), Some("其中：小微企业免税销售额"));
    assert_eq!(small_line_title(16, Lang::Zh), Some("本期应纳税额减征额"));
    assert_eq!(small_line_title(26, Lang::Zh), None);
    assert_eq!(small_line_title(0, Lang::En), None);
}

#[test]
fn periods_and_business_dates() {
    // 2024-03-31 16:30 UTC is 2024-04-01 00:30 in Shanghai.
    assert_eq!(crate::tax::logic_vat::shanghai_date(at(2024, 4, 1, 0, 30)), NaiveDate::from_ymd_opt(2024, 4, 1).unwrap());
    let q = Period::Quarter { year: 2024, quarter: 1 };
    assert_eq!((q.first_day().to_string(), q.last_day().to_string()), ("2024-01-01".into(), "2024-03-31".into()));
    assert_eq!(Period::Month { year: 2024, month: 2 }.last_day().to_string(), "2024-02-29");
    assert_eq!(Period::Quarter { year: 2024, quarter: 4 }.last_day().to_string(), "2024-12-31");
    assert_eq!(q.label(Lang::Zh), "2024年第1季度");
    assert_eq!(Period::Month { year: 2024, month: 3 }.label(Lang::En), "2024-03");
    assert_eq!(Period::Quarter { year: 2024, quarter: 5 }.check(), Err(VatError::InvalidPeriod { year: 2024, number: 5 }));
    let json = serde_json::to_string(&quarter_sales(1)[1]).unwrap();
    let back: SaleRecord = serde_json::from_str(&json).unwrap();
    assert_eq!(back, quarter_sales(1)[1]);
}
