//! Tests for the general taxpayer's summary: a quarter worked out by hand, month by month,
//! with a credit carried forward twice. Amounts in comments are yuan, in asserts fen.

use super::*;
use crate::tax::logic_vat::SaleDoc;
use crate::tax::logic_vat_small::tests::{at, sale};
use crate::tax::text_titles::general_line_title;
use crate::i18n::Lang;

fn q2() -> GeneralParams {
    GeneralParams {
        period: Period::Quarter { year: 2024, quarter: 2 },
        opening_credit_fen: 0,
        transfer_out_fen: 0,
        city: CityTier::Urban,
        surcharge_relief: false,
    }
}

/// April: 113,000.00 专票 at 13% (100,000.00 + 13,000.00), dated 1 April 00:30 in Shanghai
///        (still 31 March in UTC).
/// May:   53,000.00 普票 at 6% for a service (50,000.00 + 3,000.00); 21,800.00 not invoiced
///        at 9% (20,000.00 + 1,800.00).
/// June:  226,000.00 专票 at 13% (200,000.00 + 26,000.00); 10,300.00 普票, simplified 3%
///        (10,000.00 + 300.00); 5,000.00 exempt goods.
fn sales() -> Vec<SaleRecord> {
    use SaleDoc::*;
    use SaleKind::*;
    vec![
        sale(at(2024, 4, 1, 0, 30), Goods, Special, TaxRate::R13, TaxRate::R13, 11_300_000, 1_300_000),
        sale(at(2024, 5, 6, 9, 0), Service, OtherInvoice, TaxRate::R6, TaxRate::R6, 5_300_000, 300_000),
        sale(at(2024, 5, 18, 9, 0), Goods, NotInvoiced, TaxRate::R9, TaxRate::R9, 2_180_000, 180_000),
        sale(at(2024, 6, 3, 9, 0), Goods, Special, TaxRate::R13, TaxRate::R13, 22_600_000, 2_600_000),
        sale(at(2024, 6, 12, 9, 0), Goods, OtherInvoice, TaxRate::R3, TaxRate::R3, 1_030_000, 30_000),
        sale(at(2024, 6, 28, 9, 0), Goods, OtherInvoice, TaxRate::Exempt, TaxRate::Exempt, 500_000, 0),
    ]
}

/// 20,000.00 confirmed in April, 3,000.00 on 30 June 23:00, and 1,000.00 on 1 July 00:30
/// (Shanghai) which belongs to July.
fn inputs() -> Vec<InputTax> {
    vec![
        InputTax { selected_at_ms: at(2024, 4, 20, 15, 0), tax_fen: 2_000_000 },
        InputTax { selected_at_ms: at(2024, 6, 30, 23, 0), tax_fen: 300_000 },
        InputTax { selected_at_ms: at(2024, 7, 1, 0, 30), tax_fen: 100_000 },
    ]
}

fn lines(r: &GeneralReturn, nos: &[u8]) -> Vec<i64> {
    nos.iter().map(|no| r.line(*no)).collect()
}

const NOS: [u8; 22] = [1, 2, 3, 5, 8, 9, 11, 12, 13, 14, 17, 18, 19, 20, 21, 24, 34, 39, 40, 41, 10, 23];

#[test]
fn a_quarter_month_by_month() {
    let q = general_quarter(&q2(), [0, 0, 50_000], &sales(), &inputs(), &TaxPolicy::builtin()).unwrap();
    assert_eq!(q.months.len(), 3);
    // April: 11 = 13,000; 12 = 20,000; 17 = 20,000 ≥ 11 → 18 = 13,000; 19 = 0; 20 = 7,000.
    assert_eq!(
        lines(&q.months[0], &NOS),
        vec![10_000_000, 10_000_000, 0, 0, 0, 0, 1_300_000, 2_000_000, 0, 0, 2_000_000, 1_300_000, 0, 700_000, 0, 0, 0, 0, 0, 0, 0, 0]
    );
    // May: 1 = 50,000 + 20,000 = 70,000 (2 = 20,000 goods); 11 = 3,000 + 1,800 = 4,800;
    // 13 = 7,000 brought forward; 17 = 7,000; 18 = 4,800; 19 = 0; 20 = 2,200.
    assert_eq!(
        lines(&q.months[1], &NOS),
        vec![7_000_000, 2_000_000, 0, 0, 0, 0, 480_000, 0, 700_000, 0, 700_000, 480_000, 0, 220_000, 0, 0, 0, 0, 0, 0, 0, 0]
    );
    // June: 1 = 2 = 200,000; 5 = 10,000; 8 = 9 = 5,000; 11 = 26,000; 12 = 3,000 (not the July
    // one); 13 = 2,200; 14 = 500; 17 = 3,000 + 2,200 − 500 = 4,700 < 26,000 → 18 = 4,700;
    // 19 = 21,300; 20 = 0; 21 = 300; 24 = 34 = 21,600.
    // Sales 215,000 > 100,000, so no education waiver; no relief:
    // 39 = 21,600 × 7% = 1,512.00; 40 = × 3% = 648.00; 41 = × 2% = 432.00.
    assert_eq!(
        lines(&q.months[2], &NOS),
        vec![
            20_000_000, 20_000_000, 0, 1_000_000, 500_000, 500_000, 2_600_000, 300_000, 220_000, 50_000, 470_000, 470_000,
            2_130_000, 0, 30_000, 2_160_000, 2_160_000, 151_200, 64_800, 43_200, 0, 0,
        ]
    );
    // Quarter: flows added; 13 = April's 0; 20 = June's 0; 17 = 23,000 + 0 − 500 = 22,500
    // = 18 (13,000 + 4,800 + 4,700) + 20 (0).
    assert_eq!(
        lines(&q.total, &NOS),
        vec![
            37_000_000, 32_000_000, 0, 1_000_000, 500_000, 500_000, 4_380_000, 2_300_000, 0, 50_000, 2_250_000, 2_250_000,
            2_130_000, 0, 30_000, 2_160_000, 2_160_000, 151_200, 64_800, 43_200, 0, 0,
        ]
    );
    assert_eq!(q.total.period, Period::Quarter { year: 2024, quarter: 2 });
}

#[test]
fn a_quarterly_filer_with_credit_left_over_and_relief() {
    // One period for the whole quarter, opening credit 1,000.00:
    // 11 = 13,000 + 4,800 + 26,000 = 43,800; 12 = 23,000; 17 = 23,000 + 1,000 = 24,000 < 43,800
    // → 18 = 24,000; 19 = 19,800; 20 = 0; 21 = 300; 24 = 20,100.
    // Relief 50% (2024 is in 2022年第10号/2023年第12号); sales 370,000 + 10,000 + 5,000 = 385,000
    // > 300,000: no waiver.
    // 39 = 20,100 × 7% = 1,407.00 − 703.50 = 703.50; 40 = 603.00 − 301.50 = 301.50;
    // 41 = 402.00 − 201.00 = 201.00.
    let p = GeneralParams { opening_credit_fen: 100_000, surcharge_relief: true, ..q2() };
    let r = general_return(&p, &sales(), &inputs(), &TaxPolicy::builtin()).unwrap();
    assert_eq!(lines(&r, &[11, 12, 13, 17, 18, 19, 20, 21, 24, 39, 40, 41]), vec![4_380_000, 2_300_000, 100_000, 2_400_000, 2_400_000, 1_980_000, 0, 30_000, 2_010_000, 70_350, 30_150, 20_100]);
    // A month whose input exceeds its output carries the rest: April alone with 30,000 input.
    let april = GeneralParams { period: Period::Month { year: 2024, month: 4 }, ..q2() };
    let more = vec![InputTax { selected_at_ms: at(2024, 4, 2, 9, 0), tax_fen: 3_000_000 }];
    let r = general_return(&april, &sales(), &more, &TaxPolicy::builtin()).unwrap();
    assert_eq!((r.line(18), r.line(19), r.closing_credit_fen()), (1_300_000, 0, 1_700_000));
}

#[test]
fn refusals_and_titles() {
    let p = GeneralParams { opening_credit_fen: -1, ..q2() };
    assert_eq!(general_return(&p, &sales(), &[], &TaxPolicy::builtin()), Err(vec![VatError::NegativeOpeningCredit { fen: -1 }]));
    let bad = vec![
        sale(at(2024, 5, 1, 9, 0), SaleKind::Goods, SaleDoc::OtherInvoice, TaxRate::R1, TaxRate::R1, 101, 1),
        sale(at(2024, 5, 1, 9, 0), SaleKind::Goods, SaleDoc::OtherInvoice, TaxRate::R13, TaxRate::R9, 109, 9),
        sale(at(2024, 5, 1, 9, 0), SaleKind::Goods, SaleDoc::Special, TaxRate::Zero, TaxRate::Zero, 100, 0),
    ];
    assert_eq!(
        general_return(&q2(), &bad, &[], &TaxPolicy::builtin()),
        Err(vec![
            VatError::RateNotForTaxpayer { record: 1, rate: TaxRate::R1, taxpayer: TaxpayerType::General },
            VatError::ChargedRateMismatch { record: 2, item_rate: TaxRate::R13, rate: TaxRate::R9 },
            VatError::SpecialInvoiceUntaxed { record: 3 },
        ])
    );
    assert_eq!(general_line_title(20, Lang::Zh), Some("期末留抵税额"));
    assert_eq!(general_line_title(13, Lang::En), Some("Credit brought forward"));
    assert_eq!(general_line_title(25, Lang::Zh), None);
    assert_eq!(VatError::NegativeOpeningCredit { fen: -1 }.message(Lang::Zh), "上期留抵税额 -0.01 不能为负");
}
