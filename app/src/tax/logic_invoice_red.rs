//! Red-letter reversal (红冲) of an issued 数电票: negative lines that mirror the original,
//! for everything that is left (full) or for chosen lines and amounts (partial), linked to
//! the original's 20-digit number and a reason.
//!
//! Rules:
//! * What is left on an original line is its 价税合计/金额/税额 minus what earlier red-letter
//!   invoices took from it; a line can never be reversed beyond that.
//! * Reversing all that is left of a line copies the remaining 金额 and 税额 exactly, so the
//!   original and its reversals always net to zero, fen for fen.
//! * Reversing part of a line splits the negative 价税合计 like a new invoice (same rate; the
//!   group rule across the partial lines of one rate), then keeps the tax between what the
//!   line still has so that nothing left on the original turns negative.
//! * Quantities are negative and unit prices positive, as on 数电 red invoices; a line whose
//!   remainder comes from earlier partial reversals shows no quantity or unit price.
//! * A red-letter invoice cannot itself be reversed.

use crate::tax::logic_invoice::{assemble, Invoice, InvoiceError, RedLink, RedReason};
use crate::tax::logic_split::{group_taxes, round_unit_price, totals, SplitLine, QTY_PRICE_DECIMALS};
use crate::tax::logic_fen::fen_to_yuan;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// What earlier red-letter invoices took from one original line (positive figures).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reversed {
    pub gross_fen: i64,
    pub amount_fen: i64,
    pub tax_fen: i64,
}

/// Part of one original line to reverse.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedLineRequest {
    /// 1-based line number on the original invoice.
    pub line: usize,
    /// 价税合计 to reverse, as a positive number of fen.
    pub gross_fen: i64,
    /// Quantity returned, positive; `None` for an allowance (折让) without goods coming back.
    pub qty: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RedScope {
    /// Everything still left on the original.
    Full,
    /// Chosen lines and amounts.
    Partial(Vec<RedLineRequest>),
}

/// A 数电票 number: 20 digits.
pub fn is_invoice_number(s: &str) -> bool {
    s.len() == 20 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Build the red-letter invoice for `original`. `reversed` lists, per original line, what
/// earlier red-letter invoices took (empty when there were none).
pub fn red_letter(
    original: &Invoice,
    original_number: &str,
    reason: RedReason,
    scope: &RedScope,
    reversed: &[Reversed],
) -> Result<Invoice, Vec<InvoiceError>> {
    red_letter_lines(original, original_number, reason, scope, reversed).map(|(invoice, _)| invoice)
}

/// [`red_letter`], also giving for each red line the 0-based index of the original line it
/// reverses (what the app records to know what is left of each line later).
pub fn red_letter_lines(
    original: &Invoice,
    original_number: &str,
    reason: RedReason,
    scope: &RedScope,
    reversed: &[Reversed],
) -> Result<(Invoice, Vec<usize>), Vec<InvoiceError>> {
    let number = original_number.trim();
    let mut errors = Vec::new();
    if !is_invoice_number(number) {
        errors.push(InvoiceError::OriginalNumberInvalid { number: number.to_string() });
    }
    // A red invoice's lines are negative: nothing else can be said about them usefully.
    if original.red_of.is_some() {
        errors.push(InvoiceError::OriginalIsRed);
        return Err(errors);
    }
    if !reversed.is_empty() && reversed.len() != original.lines.len() {
        errors.push(InvoiceError::ReversedListMismatch { lines: original.lines.len(), given: reversed.len() });
        return Err(errors);
    }
    let taken = |i: usize| reversed.get(i).copied().unwrap_or_default();
    let lines = match scope {
        RedScope::Full => full_lines(original, &taken, &mut errors),
        RedScope::Partial(requests) => partial_lines(original, &taken, requests, &mut errors),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let codes = lines.iter().map(|(i, _)| (original.lines[*i].tax_code.clone(), original.lines[*i].simplified)).collect();
    let index: Vec<usize> = lines.iter().map(|(i, _)| *i).collect();
    let split = totals(lines.into_iter().map(|(_, l)| l).collect());
    let link = RedLink { original_number: number.to_string(), reason };
    let invoice = assemble(original.kind, original.seller.clone(), original.buyer.clone(), split, codes, Some(link))?;
    Ok((invoice, index))
}

/// What is left of original line `i`.
fn left(original: &Invoice, i: usize, taken: &impl Fn(usize) -> Reversed) -> Reversed {
    let (l, t) = (&original.lines[i].line, taken(i));
    Reversed { gross_fen: l.gross_fen - t.gross_fen, amount_fen: l.amount_fen - t.amount_fen, tax_fen: l.tax_fen - t.tax_fen }
}

/// The exact negative of what is left of line `i`; quantity and unit price only while the
/// line is untouched (or when the caller names the quantity).
fn mirror(original: &Invoice, i: usize, rest: Reversed, untouched: bool, qty: Option<Decimal>) -> SplitLine {
    let o = &original.lines[i].line;
    let qty = qty.or(if untouched { o.qty.map(|q| q.abs()) } else { None });
    SplitLine {
        qty: qty.map(|q| -q),
        unit_price_excl: qty.map(|q| if untouched && Some(q) == o.qty.map(|x| x.abs()) {
            o.unit_price_excl.unwrap_or_default()
        } else {
            round_unit_price(fen_to_yuan(rest.amount_fen) / q)
        }),
        gross_fen: -rest.gross_fen,
        amount_fen: -rest.amount_fen,
        tax_fen: -rest.tax_fen,
        ..o.clone()
    }
}

fn full_lines(original: &Invoice, taken: &impl Fn(usize) -> Reversed, errors: &mut Vec<InvoiceError>) -> Vec<(usize, SplitLine)> {
    let lines: Vec<(usize, SplitLine)> = (0..original.lines.len())
        .filter_map(|i| {
            let rest = left(original, i, taken);
            (rest.gross_fen > 0).then(|| (i, mirror(original, i, rest, taken(i) == Reversed::default(), None)))
        })
        .collect();
    if lines.is_empty() {
        errors.push(InvoiceError::NothingLeftToReverse);
    }
    lines
}

/// Check one request against the original; `None` when it was refused (error recorded).
fn check_request(original: &Invoice, r: &RedLineRequest, taken: &impl Fn(usize) -> Reversed, errors: &mut Vec<InvoiceError>) -> Option<Reversed> {
    let line = r.line;
    if line == 0 || line > original.lines.len() {
        errors.push(InvoiceError::RedLineUnknown { line });
        return None;
    }
    let rest = left(original, line - 1, taken);
    if r.gross_fen <= 0 {
        errors.push(InvoiceError::RedAmountNotPositive { line });
        return None;
    }
    if r.gross_fen > rest.gross_fen {
        errors.push(InvoiceError::RedExceedsRemaining { line, remaining_fen: rest.gross_fen, requested_fen: r.gross_fen });
        return None;
    }
    let orig_qty = original.lines[line - 1].line.qty.map(|q| q.abs());
    let bad_qty = r.qty.is_some_and(|q| {
        q <= Decimal::ZERO || q.normalize().scale() > QTY_PRICE_DECIMALS || orig_qty.is_some_and(|o| q > o)
    });
    if bad_qty {
        errors.push(InvoiceError::RedQtyInvalid { line });
        return None;
    }
    Some(rest)
}

fn partial_lines(
    original: &Invoice,
    taken: &impl Fn(usize) -> Reversed,
    requests: &[RedLineRequest],
    errors: &mut Vec<InvoiceError>,
) -> Vec<(usize, SplitLine)> {
    if requests.is_empty() {
        errors.push(InvoiceError::RedNoLines);
        return Vec::new();
    }
    let mut sorted: Vec<&RedLineRequest> = requests.iter().collect();
    sorted.sort_by_key(|r| r.line);
    let mut checked = Vec::new();
    for (k, r) in sorted.iter().enumerate() {
        if k > 0 && sorted[k - 1].line == r.line {
            errors.push(InvoiceError::RedLineDuplicate { line: r.line });
        } else if let Some(rest) = check_request(original, r, taken, errors) {
            checked.push((*r, rest));
        }
    }
    if !errors.is_empty() {
        return Vec::new();
    }
    // Lines reversed only in part are split together, per rate, like a new invoice.
    let part: Vec<(i64, crate::tax::logic_rate::TaxRate)> = checked
        .iter()
        .filter(|(r, rest)| r.gross_fen < rest.gross_fen)
        .map(|(r, _)| (-r.gross_fen, original.lines[r.line - 1].line.rate))
        .collect();
    let mut taxes = match group_taxes(&part) {
        Ok(t) => t.into_iter(),
        Err(error) => {
            errors.push(InvoiceError::Line { error });
            return Vec::new();
        }
    };
    checked
        .into_iter()
        .map(|(r, rest)| {
            let i = r.line - 1;
            if r.gross_fen == rest.gross_fen {
                return (i, mirror(original, i, rest, taken(i) == Reversed::default(), r.qty));
            }
            let tax = taxes.next().expect("one tax per partial line");
            // Keep 0 ≤ what is left of the tax and of the amount on the original line.
            let tax = tax.max(-rest.tax_fen).min(-(r.gross_fen - rest.amount_fen).max(0));
            let piece = Reversed { gross_fen: r.gross_fen, amount_fen: r.gross_fen + tax, tax_fen: -tax };
            (i, mirror(original, i, piece, false, r.qty))
        })
        .collect()
}

#[cfg(test)]
#[path = "logic_invoice_red_tests.rs"]
mod tests;
