//! Tests for the price/tax split. Expected figures are worked out by hand in the comments.

use super::*;
use crate::i18n::Lang;
use proptest::prelude::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn gross_line(name: &str, fen: i64, rate: TaxRate) -> LineInput {
    LineInput {
        name: name.into(),
        tax_short_name: "焙烤食品".into(),
        spec: String::new(),
        unit: "个".into(),
        qty: Some(Decimal::ONE),
        price: PriceInput::Gross { fen },
        rate,
    }
}

/// (金额, 税额) of each line.
fn pairs(s: &Split) -> Vec<(i64, i64)> {
    s.lines.iter().map(|l| (l.amount_fen, l.tax_fen)).collect()
}

#[test]
fn three_lines_of_33_33_at_13_percent() {
    // Each line: 33.33 × 13 / 113 = 433.29 / 113 = 3.8344… → 3.83, 金额 29.50; three lines 11.49.
    // Group: 99.99 × 13 / 113 = 1299.87 / 113 = 11.5033… → 11.50. Difference +0.01 goes on the
    // last line: 税额 3.84, 金额 29.49 (29.49 × 0.13 = 3.8337, off by 0.0063 ≤ 0.06).
    let lines: Vec<_> = (0..3).map(|_| gross_line("蛋糕", 3333, TaxRate::R13)).collect();
    let s = split_lines(&lines).unwrap();
    assert_eq!(pairs(&s), vec![(2950, 383), (2950, 383), (2949, 384)]);
    assert_eq!((s.gross_fen, s.amount_fen, s.tax_fen), (9999, 8849, 1150));
    assert_eq!(s.by_rate, vec![RateTotal { rate: TaxRate::R13, gross_fen: 9999, amount_fen: 8849, tax_fen: 1150 }]);
    assert_eq!(s.lines[0].item_name, "*焙烤食品*蛋糕");
    assert_eq!(s.lines[0].unit_price_excl, Some(d("29.5")));
    assert_eq!(s.lines[2].unit_price_excl, Some(d("29.49")));
}

#[test]
fn one_line_of_three_at_33_33_each() {
    // 3 × 33.33 = 99.99; tax 11.50 (as above); 金额 88.49; 单价 88.49 / 3 = 29.496666… → 29.49666667.
    let line = LineInput {
        qty: Some(d("3")),
        price: PriceInput::UnitPriceInclTax { price: d("33.33") },
        ..gross_line("蛋糕", 0, TaxRate::R13)
    };
    let s = split_lines(&[line]).unwrap();
    assert_eq!(pairs(&s), vec![(8849, 1150)]);
    assert_eq!(s.lines[0].unit_price_excl, Some(d("29.49666667")));
    assert_eq!(format_unit_price(s.lines[0].unit_price_excl.unwrap()), "29.49666667");
    assert_eq!(format_unit_price(d("29.5")), "29.50");
    assert_eq!(format_unit_price(d("7")), "7.00");
}

#[test]
fn mixed_rates() {
    // 13%  33.33 → 3.83 / 29.50 (single line, nothing to adjust).
    // 9%   10.00 → 10 × 9 / 109 = 0.8257 → 0.83 each; group 20.00 → 1.6514 → 1.65, so the second
    //      9% line (the fourth line) takes −0.01: 0.82 / 9.18.
    // 6%   10.60 → 10.60 × 6 / 106 = 0.60 exactly / 10.00.
    // 免税 30.00 → 0 / 30.00;  0%  20.00 → 0 / 20.00.
    let lines = vec![
        gross_line("蛋糕", 3333, TaxRate::R13),
        gross_line("米粉", 1000, TaxRate::R9),
        gross_line("咨询费", 1060, TaxRate::R6),
        gross_line("面条", 1000, TaxRate::R9),
        gross_line("鲜鸡蛋", 3000, TaxRate::Exempt),
        gross_line("出口饼干", 2000, TaxRate::Zero),
    ];
    let s = split_lines(&lines).unwrap();
    assert_eq!(pairs(&s), vec![(2950, 383), (917, 83), (1000, 60), (918, 82), (3000, 0), (2000, 0)]);
    let rt = |rate, gross_fen, amount_fen, tax_fen| RateTotal { rate, gross_fen, amount_fen, tax_fen };
    assert_eq!(
        s.by_rate,
        vec![
            rt(TaxRate::R13, 3333, 2950, 383),
            rt(TaxRate::R9, 2000, 1835, 165),
            rt(TaxRate::R6, 1060, 1000, 60),
            rt(TaxRate::Zero, 2000, 2000, 0),
            rt(TaxRate::Exempt, 3000, 3000, 0),
        ]
    );
    // 3333 + 2000 + 1060 + 2000 + 3000 = 11393 = 10785 + 608
    assert_eq!((s.gross_fen, s.amount_fen, s.tax_fen), (11393, 10785, 608));
    assert_eq!(s.lines[4].rate.tax_display(s.lines[4].tax_fen), "***");
}

#[test]
fn a_single_cent() {
    // 0.01 × 13 / 113 = 0.00115 → 0.00; 0.01 × 1 / 101 → 0.00.
    let s = split_lines(&[gross_line("糖", 1, TaxRate::R13), gross_line("糖", 1, TaxRate::R1)]).unwrap();
    assert_eq!(pairs(&s), vec![(1, 0), (1, 0)]);
    assert_eq!(s.lines[0].unit_price_excl, Some(d("0.01")));
}

#[test]
fn a_large_amount() {
    // 9,999,999,999.99 at 13%: 999,999,999,999 fen × 13 = 12,999,999,999,987;
    // 113 × 115,044,247,787 = 12,999,999,999,931, remainder 56 (56/113 < ½) → tax
    // 115,044,247,787 fen = 1,150,442,477.87; 金额 884,955,752,212 fen = 8,849,557,522.12.
    let s = split_lines(&[gross_line("设备", 999_999_999_999, TaxRate::R13)]).unwrap();
    assert_eq!(pairs(&s), vec![(884_955_752_212, 115_044_247_787)]);
    assert_eq!(
        split_lines(&[gross_line("设备", MAX_LINE_FEN + 1, TaxRate::R13)]),
        Err(vec![SplitError::AmountTooLarge { line: 1 }])
    );
}

#[test]
fn exempt_line() {
    let s = split_lines(&[gross_line("鲜鸡蛋", 12345, TaxRate::Exempt)]).unwrap();
    assert_eq!(pairs(&s), vec![(12345, 0)]);
    assert_eq!(s.lines[0].rate.label(Lang::Zh), "免税");
    assert_eq!(s.by_rate[0].rate, TaxRate::Exempt);
}

#[test]
fn many_tiny_lines_spill_the_difference_backwards() {
    // 30 × 0.05 at 13%: each 0.05 × 13 / 113 = 0.00575 → 0.01 (Σ 0.30); group 1.50 → 19.5 / 113
    // = 0.1726 → 0.17: difference −0.13. A 0.05 line may carry 0.00 to 0.05 tax within the
    // tolerance, so the last line goes to 0.00 and the rest spills one fen per line backwards:
    // lines 18–30 carry 0.00, lines 1–17 keep 0.01.
    let lines: Vec<_> = (0..30).map(|_| gross_line("糖", 5, TaxRate::R13)).collect();
    let s = split_lines(&lines).unwrap();
    let taxes: Vec<i64> = s.lines.iter().map(|l| l.tax_fen).collect();
    assert_eq!(taxes, [vec![1; 17], vec![0; 13]].concat());
    assert_eq!((s.amount_fen, s.tax_fen), (133, 17));
}

#[test]
fn red_letter_lines_mirror() {
    // −33.33 × 3: per line −3.83, group −99.99 → −11.50, last line −3.84.
    let lines: Vec<_> = (0..3)
        .map(|_| LineInput { qty: Some(d("-1")), ..gross_line("蛋糕", -3333, TaxRate::R13) })
        .collect();
    let s = split_lines(&lines).unwrap();
    assert_eq!(pairs(&s), vec![(-2950, -383), (-2950, -383), (-2949, -384)]);
    assert_eq!(s.lines[2].unit_price_excl, Some(d("29.49")));
}

#[test]
fn every_bad_line_is_reported() {
    let lines = vec![
        LineInput { name: " ".into(), ..gross_line("", 100, TaxRate::R13) },
        LineInput { qty: None, price: PriceInput::UnitPriceInclTax { price: d("1") }, ..gross_line("a", 0, TaxRate::R13) },
        LineInput { qty: Some(Decimal::ZERO), ..gross_line("a", 100, TaxRate::R13) },
        LineInput { price: PriceInput::UnitPriceInclTax { price: d("-1") }, ..gross_line("a", 0, TaxRate::R13) },
        gross_line("a", 0, TaxRate::R13),
        gross_line("a", -100, TaxRate::R13),
        LineInput { qty: Some(d("0.123456789")), ..gross_line("a", 100, TaxRate::R13) },
        LineInput { price: PriceInput::UnitPriceInclTax { price: d("0.000000001") }, ..gross_line("a", 0, TaxRate::R13) },
        LineInput { tax_short_name: "**".into(), ..gross_line("a", 100, TaxRate::R13) },
    ];
    assert_eq!(
        split_lines(&lines),
        Err(vec![
            SplitError::NameMissing { line: 1 },
            SplitError::QtyRequired { line: 2 },
            SplitError::QtyZero { line: 3 },
            SplitError::UnitPriceNotPositive { line: 4 },
            SplitError::AmountZero { line: 5 },
            SplitError::SignMismatch { line: 6 },
            SplitError::QtyTooPrecise { line: 7 },
            SplitError::UnitPriceTooPrecise { line: 8 },
            SplitError::TaxShortNameMissing { line: 9 },
        ])
    );
    assert_eq!(split_lines(&[]), Err(vec![SplitError::NoLines]));
    // Quantity −1 with a positive amount.
    let l = LineInput { qty: Some(d("-1")), ..gross_line("a", 100, TaxRate::R13) };
    assert_eq!(split_lines(&[l]), Err(vec![SplitError::SignMismatch { line: 1 }]));
}

#[test]
fn names_and_messages() {
    assert_eq!(item_name(" *焙烤食品* ", " 蛋糕 "), "*焙烤食品*蛋糕");
    assert_eq!(item_name("焙烤食品", "*焙烤食品*蛋糕"), "*焙烤食品*蛋糕");
    let e = SplitError::QtyRequired { line: 2 };
    assert_eq!(e.code(), "split_qty_required");
    assert_eq!(e.message(Lang::Zh), "第 2 行：按单价开票时请填写数量");
    assert_eq!(e.message(Lang::En), "Line 2: a unit price needs a quantity");
}

/// Half-up tax in a gross, by integer arithmetic only (independent of the code under test).
fn expected_group_tax(g: i64, p: i64) -> i64 {
    (2 * g * p + 100 + p) / (2 * (100 + p))
}

proptest! {
    #[test]
    fn invariants_hold(items in prop::collection::vec((1i64..2_000_000_000, 0usize..8), 1..40)) {
        let lines: Vec<_> = items.iter().map(|(g, r)| gross_line("x", *g, TaxRate::ALL[*r])).collect();
        let s = split_lines(&lines).unwrap();
        for l in &s.lines {
            let p = l.rate.percent();
            prop_assert_eq!(l.amount_fen + l.tax_fen, l.gross_fen);
            prop_assert!(l.tax_fen >= 0 && l.tax_fen <= l.gross_fen);
            prop_assert!((l.amount_fen * p - 100 * l.tax_fen).abs() <= 600);
        }
        for t in &s.by_rate {
            prop_assert_eq!(t.tax_fen, expected_group_tax(t.gross_fen, t.rate.percent()));
        }
    }
}
