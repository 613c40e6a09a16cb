//! Tests for red-letter reversal. Figures are worked out by hand in comments.

use super::*;
use crate::tax::logic_invoice::tests::{company_buyer, general_seller, line};
use crate::tax::logic_invoice::{validate_draft, InvoiceDraft, InvoiceKind};
use crate::tax::logic_rate::TaxRate;
use std::str::FromStr;

const NUMBER: &str = "25352000000012345678";

/// Lines 1–3: 33.33 at 13%, qty 1 → (29.50, 3.83), (29.50, 3.83), (29.49, 3.84).
/// Line 4: 10.90 at 9%, qty 2 → 10.90 × 9 / 109 = 0.90, 金额 10.00, 单价 5.
fn original() -> Invoice {
    let mut lines: Vec<_> = (0..3).map(|_| line("蛋糕", 3333, "1", TaxRate::R13)).collect();
    lines.push(line("米粉", 1090, "2", TaxRate::R9));
    let d = InvoiceDraft { kind: InvoiceKind::Ordinary, seller: general_seller(), buyer: company_buyer(), lines };
    validate_draft(&d).unwrap()
}

fn figures(inv: &Invoice) -> Vec<(i64, i64, i64)> {
    inv.lines.iter().map(|l| (l.line.gross_fen, l.line.amount_fen, l.line.tax_fen)).collect()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn full_reversal_mirrors_every_line() {
    let red = red_letter(&original(), NUMBER, RedReason::InvoicingError, &RedScope::Full, &[]).unwrap();
    assert_eq!(figures(&red), vec![(-3333, -2950, -383), (-3333, -2950, -383), (-3333, -2949, -384), (-1090, -1000, -90)]);
    // −(99.99 + 10.90) = −110.89; 金额 −(88.49 + 10.00); 税额 −(11.50 + 0.90)
    assert_eq!((red.gross_fen, red.amount_fen, red.tax_fen), (-11089, -9849, -1240));
    assert_eq!(red.gross_capitals, "负壹佰壹拾元零捌角玖分");
    assert_eq!(red.lines[3].line.qty, Some(d("-2")));
    assert_eq!(red.lines[3].line.unit_price_excl, Some(d("5")));
    assert_eq!(red.lines[0].tax_code, original().lines[0].tax_code);
    assert_eq!(red.red_of, Some(RedLink { original_number: NUMBER.into(), reason: RedReason::InvoicingError }));
}

#[test]
fn partial_reversal_then_the_rest() {
    // Line 3 entirely (exact copy), line 4 one of its two boxes: −5.45 × 9 / 109 = −0.45 → 金额 −5.00.
    let req = vec![
        RedLineRequest { line: 4, gross_fen: 545, qty: Some(d("1")) },
        RedLineRequest { line: 3, gross_fen: 3333, qty: None },
    ];
    let red = red_letter(&original(), NUMBER, RedReason::SalesReturn, &RedScope::Partial(req), &[]).unwrap();
    assert_eq!(figures(&red), vec![(-3333, -2949, -384), (-545, -500, -45)]);
    assert_eq!((red.gross_fen, red.amount_fen, red.tax_fen), (-3878, -3449, -429));
    assert_eq!(red.gross_capitals, "负叁拾捌元柒角捌分");
    assert_eq!(red.lines[0].line.qty, Some(d("-1")));
    assert_eq!(red.lines[1].line.unit_price_excl, Some(d("5")));

    let taken = [Reversed::default(), Reversed::default(), Reversed { gross_fen: 3333, amount_fen: 2949, tax_fen: 384 }, Reversed { gross_fen: 545, amount_fen: 500, tax_fen: 45 }];
    // The rest of line 4 is 5.45 / 5.00 / 0.45: copied exactly, so line 4 nets to zero.
    let rest = vec![RedLineRequest { line: 4, gross_fen: 545, qty: None }];
    let red = red_letter(&original(), NUMBER, RedReason::SalesReturn, &RedScope::Partial(rest), &taken).unwrap();
    assert_eq!(figures(&red), vec![(-545, -500, -45)]);
    assert_eq!((red.lines[0].line.qty, red.lines[0].line.unit_price_excl), (None, None));
    // Full now takes lines 1, 2 and the rest of 4: −(33.33 + 33.33 + 5.45) = −72.11.
    let red = red_letter(&original(), NUMBER, RedReason::SalesReturn, &RedScope::Full, &taken).unwrap();
    assert_eq!(figures(&red), vec![(-3333, -2950, -383), (-3333, -2950, -383), (-545, -500, -45)]);
    assert_eq!(red.gross_fen, -7211);
    let over = vec![RedLineRequest { line: 4, gross_fen: 546, qty: None }];
    assert_eq!(
        red_letter(&original(), NUMBER, RedReason::SalesAllowance, &RedScope::Partial(over), &taken),
        Err(vec![InvoiceError::RedExceedsRemaining { line: 4, remaining_fen: 545, requested_fen: 546 }])
    );
}

#[test]
fn bad_requests_are_all_reported() {
    let req = vec![
        RedLineRequest { line: 9, gross_fen: 100, qty: None },
        RedLineRequest { line: 1, gross_fen: 100, qty: None },
        RedLineRequest { line: 1, gross_fen: 100, qty: None },
        RedLineRequest { line: 2, gross_fen: 0, qty: None },
        RedLineRequest { line: 4, gross_fen: 100, qty: Some(d("3")) },
    ];
    assert_eq!(
        red_letter(&original(), "1234", RedReason::SalesReturn, &RedScope::Partial(req), &[]),
        Err(vec![
            InvoiceError::OriginalNumberInvalid { number: "1234".into() },
            InvoiceError::RedLineDuplicate { line: 1 },
            InvoiceError::RedAmountNotPositive { line: 2 },
            InvoiceError::RedQtyInvalid { line: 4 },
            InvoiceError::RedLineUnknown { line: 9 },
        ])
    );
    assert_eq!(
        red_letter(&original(), NUMBER, RedReason::SalesReturn, &RedScope::Partial(vec![]), &[]),
        Err(vec![InvoiceError::RedNoLines])
    );
    assert_eq!(
        red_letter(&original(), NUMBER, RedReason::SalesReturn, &RedScope::Full, &[Reversed::default(); 2]),
        Err(vec![InvoiceError::ReversedListMismatch { lines: 4, given: 2 }])
    );
}

#[test]
fn nothing_left_and_no_red_of_red() {
    let o = original();
    let all: Vec<Reversed> = o.lines.iter().map(|l| Reversed { gross_fen: l.line.gross_fen, amount_fen: l.line.amount_fen, tax_fen: l.line.tax_fen }).collect();
    assert_eq!(red_letter(&o, NUMBER, RedReason::ServiceStopped, &RedScope::Full, &all), Err(vec![InvoiceError::NothingLeftToReverse]));
    let red = red_letter(&o, NUMBER, RedReason::ServiceStopped, &RedScope::Full, &[]).unwrap();
    assert_eq!(red_letter(&red, NUMBER, RedReason::ServiceStopped, &RedScope::Full, &[]), Err(vec![InvoiceError::OriginalIsRed]));
    assert!(is_invoice_number(NUMBER));
    assert!(!is_invoice_number("2535200000001234567X"));
}

#[test]
fn partial_tax_never_leaves_a_negative_remainder() {
    // Original 0.10 at 13%: 0.10 × 13 / 113 = 0.0115 → tax 0.01, 金额 0.09. Suppose an earlier
    // reversal took 0.01 that was all tax: 0.09 left, all of it 金额. Reversing 0.08 would
    // normally carry −0.08 × 13 / 113 = −0.0092 → −0.01 tax, but only 0.00 tax is left, so the
    // red line is −0.08 / −0.08 / 0.00.
    let d = InvoiceDraft { kind: InvoiceKind::Ordinary, seller: general_seller(), buyer: company_buyer(), lines: vec![line("糖", 10, "1", TaxRate::R13)] };
    let o = validate_draft(&d).unwrap();
    assert_eq!(figures(&o), vec![(10, 9, 1)]);
    let taken = [Reversed { gross_fen: 1, amount_fen: 0, tax_fen: 1 }];
    let req = vec![RedLineRequest { line: 1, gross_fen: 8, qty: None }];
    let red = red_letter(&o, NUMBER, RedReason::SalesAllowance, &RedScope::Partial(req), &taken).unwrap();
    assert_eq!(figures(&red), vec![(-8, -8, 0)]);
}
