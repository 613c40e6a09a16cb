//! Matching a payment to an open order (F1), as a pure function of the payment and the
//! orders that could be meant. The server, the bill import and the tests all use it.
//!
//! 1. An order number (`ZG…`) in the payment's reference, note or merchant order number wins,
//!    whatever the amount (a second payment for an order then shows up as a duplicate).
//! 2. Otherwise an order qualifies when its unpaid balance equals the amount and it was placed
//!    between [`WINDOW_BEFORE_MS`] before and [`WINDOW_AFTER_MS`] after the payment. Each gets
//!    a score: amount 40, payer = recipient 30 (a masked name such as `张**` 15), the order's
//!    mobile in the payer's account 40 (its masked form or last four digits 15), paid within
//!    2 h of ordering 20 (within a day 10).
//! 3. The best is taken when it scores at least [`AUTO_SCORE`] and beats the next by
//!    [`MARGIN`]; otherwise the candidates are left for a person (ambiguous), or there are none.

use serde::{Deserialize, Serialize};

/// An order may be paid up to this long after it was placed …
pub const WINDOW_BEFORE_MS: i64 = 72 * 3_600_000;
/// … or this long before (clocks and bills disagree a little).
pub const WINDOW_AFTER_MS: i64 = 3_600_000;
pub const AUTO_SCORE: i32 = 70;
pub const MARGIN: i32 = 20;
/// Candidates kept for a person to choose from.
pub const MAX_CANDIDATES: usize = 5;

const AMOUNT: i32 = 40;
const NAME: i32 = 30;
const NAME_MASKED: i32 = 15;
const MOBILE: i32 = 40;
const MOBILE_TAIL: i32 = 15;
const SOON: i32 = 20;
const SAME_DAY: i32 = 10;

/// How the payer's name compares with the order's recipient.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameFit {
    None,
    /// A masked name (`张**`) that fits.
    Masked,
    Same,
}

/// How the payer's account compares with the order's mobile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MobileFit {
    None,
    /// A masked number (`138****8000`) or the last four digits.
    Tail,
    Same,
}

/// Why a payment belongs to an order; stored with the match and shown to people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MatchReason {
    /// The order number was in the payment's reference or note.
    OrderNo { order_no: String },
    /// Amount equal to the unpaid balance, with payer and time.
    Scored { score: i32, amount_fen: i64, name: NameFit, mobile: MobileFit, minutes: i64 },
    /// A person chose the order.
    Manual,
    /// A refund of a matched payment.
    RefundOf { payment_id: i64 },
}

/// What matching needs to know about a payment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentFacts {
    pub amount_fen: i64,
    pub payer: String,
    pub payer_account: String,
    pub at: i64,
    /// Reference, note, merchant order number: where an order number may be written.
    pub texts: Vec<String>,
}

/// An order that a payment may be for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub order_id: i64,
    pub order_no: String,
    pub recipient: String,
    pub mobile: String,
    pub created_at: i64,
    pub total_fen: i64,
    pub paid_fen: i64,
}

impl Candidate {
    pub fn due_fen(&self) -> i64 {
        self.total_fen - self.paid_fen
    }
}

/// The result of matching one payment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Matched { order_id: i64, score: i32, reason: MatchReason },
    /// Several fit: (order, score, reason), best first.
    Ambiguous(Vec<(i64, i32, MatchReason)>),
    Unmatched,
}

/// Order numbers (`ZG` + at least 12 digits) written anywhere in `text`.
pub fn order_numbers(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 2 < b.len() {
        if b[i].eq_ignore_ascii_case(&b'Z') && b[i + 1].eq_ignore_ascii_case(&b'G') && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) {
            let digits = b[i + 2..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits >= 12 {
                out.push(format!("ZG{}", &text[i + 2..i + 2 + digits]));
                i += 2 + digits;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The order a payment names (rule 1), if any: `by_no` finds an order by number.
pub fn by_reference<'a>(p: &PaymentFacts, by_no: impl Fn(&str) -> Option<&'a Candidate>) -> Option<Outcome> {
    for text in &p.texts {
        for no in order_numbers(text) {
            if let Some(c) = by_no(&no) {
                return Some(Outcome::Matched { order_id: c.order_id, score: 100, reason: MatchReason::OrderNo { order_no: c.order_no.clone() } });
            }
        }
    }
    None
}

/// Match a payment: `by_no` finds an order by number (any order), `open` are the orders whose
/// balance and time may fit (the caller's preselection need not be exact: this checks).
pub fn match_payment<'a>(p: &PaymentFacts, by_no: impl Fn(&str) -> Option<&'a Candidate>, open: &[&Candidate]) -> Outcome {
    by_reference(p, by_no).unwrap_or_else(|| by_score(p, open))
}

/// Rules 2 and 3: the orders whose balance and time fit, scored.
pub fn by_score(p: &PaymentFacts, open: &[&Candidate]) -> Outcome {
    let mut scored: Vec<(i64, i32, MatchReason)> = open.iter().filter_map(|c| score(p, c).map(|(s, r)| (c.order_id, s, r))).collect();
    // Best first; among equals the older order (it has waited longer).
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    match scored.as_slice() {
        [] => Outcome::Unmatched,
        [best, rest @ ..] if best.1 >= AUTO_SCORE && rest.first().is_none_or(|next| next.1 <= best.1 - MARGIN) => {
            let (order_id, score, reason) = best.clone();
            Outcome::Matched { order_id, score, reason }
        }
        _ => {
            scored.truncate(MAX_CANDIDATES);
            Outcome::Ambiguous(scored)
        }
    }
}

/// The score of one order for a payment, `None` when it cannot be the one (amount or time).
pub fn score(p: &PaymentFacts, c: &Candidate) -> Option<(i32, MatchReason)> {
    if c.due_fen() != p.amount_fen || p.amount_fen <= 0 {
        return None;
    }
    let waited = p.at - c.created_at;
    if !(-WINDOW_AFTER_MS..=WINDOW_BEFORE_MS).contains(&waited) {
        return None;
    }
    let name = name_fit(&p.payer, &c.recipient);
    let mobile = mobile_fit(&p.payer_account, &c.mobile).max_by(mobile_fit(&p.payer, &c.mobile));
    let mut s = AMOUNT;
    s += match name {
        NameFit::Same => NAME,
        NameFit::Masked => NAME_MASKED,
        NameFit::None => 0,
    };
    s += match mobile {
        MobileFit::Same => MOBILE,
        MobileFit::Tail => MOBILE_TAIL,
        MobileFit::None => 0,
    };
    let minutes = waited / 60_000;
    s += if (0..=120).contains(&minutes) {
        SOON
    } else if (0..=24 * 60).contains(&minutes) {
        SAME_DAY
    } else {
        0
    };
    Some((s, MatchReason::Scored { score: s, amount_fen: p.amount_fen, name, mobile, minutes }))
}

impl MobileFit {
    fn max_by(self, other: MobileFit) -> MobileFit {
        let rank = |m: MobileFit| match m {
            MobileFit::None => 0,
            MobileFit::Tail => 1,
            MobileFit::Same => 2,
        };
        if rank(other) > rank(self) { other } else { self }
    }
}

fn squeeze(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_whitespace()).map(|c| if c == '＊' { '*' } else { c }).collect()
}

/// `王丽娟` = `王丽娟`; `王**` or `*丽娟` fit `王丽娟` (same length, every visible character equal).
pub fn name_fit(payer: &str, recipient: &str) -> NameFit {
    let (p, r) = (squeeze(payer), squeeze(recipient));
    if p.is_empty() || r.is_empty() {
        return NameFit::None;
    }
    if p == r {
        return NameFit::Same;
    }
    let visible = p.iter().filter(|c| **c != '*').count();
    if p.len() == r.len() && visible > 0 && p.contains(&'*') && p.iter().zip(&r).all(|(a, b)| *a == '*' || a == b) {
        return NameFit::Masked;
    }
    NameFit::None
}

/// The order's mobile in the payer's account: all 11 digits, or a masked form / last four.
pub fn mobile_fit(account: &str, mobile: &str) -> MobileFit {
    if mobile.len() != 11 || account.is_empty() {
        return MobileFit::None;
    }
    let digits: String = account.chars().filter(char::is_ascii_digit).collect();
    if digits.contains(mobile) {
        return MobileFit::Same;
    }
    let a = squeeze(account);
    let masked = a.len() == 11 && a.contains(&'*') && a.iter().zip(mobile.chars()).all(|(x, y)| *x == '*' || *x == y);
    let tail = &mobile[7..];
    let tail_named = (account.contains("尾号") || digits.len() == 4) && digits.ends_with(tail);
    if masked || tail_named { MobileFit::Tail } else { MobileFit::None }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3_600_000;

    fn order(id: i64, recipient: &str, mobile: &str, total: i64, paid: i64, created_at: i64) -> Candidate {
        Candidate { order_id: id, order_no: format!("ZG261129{id:06}"), recipient: recipient.into(), mobile: mobile.into(), created_at, total_fen: total, paid_fen: paid }
    }

    fn all(c: &[Candidate]) -> Vec<&Candidate> {
        c.iter().collect()
    }

    fn pay(amount: i64, payer: &str, account: &str, at: i64, texts: &[&str]) -> PaymentFacts {
        PaymentFacts { amount_fen: amount, payer: payer.into(), payer_account: account.into(), at, texts: texts.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn finds_order_numbers_in_free_text() {
        assert_eq!(order_numbers("订单ZG261129000042，谢谢"), vec!["ZG261129000042"]);
        assert_eq!(order_numbers("zg2611291234567 and ZG261129000001"), vec!["ZG2611291234567", "ZG261129000001"]);
        assert_eq!(order_numbers("ZG26112900004"), Vec::<String>::new(), "too short");
        assert_eq!(order_numbers("XZG261129000042"), Vec::<String>::new(), "inside a word");
    }

    #[test]
    fn the_order_number_wins_over_the_amount() {
        let orders = [order(42, "王丽娟", "13800138000", 12800, 12800, 0)];
        let by_no = |no: &str| orders.iter().find(|o| o.order_no == no);
        // Already fully paid and a different amount: still that order (a duplicate payment).
        let p = pay(5000, "某人", "", 10 * H, &["", "付款 ZG261129000042"]);
        assert_eq!(
            match_payment(&p, by_no, &[]),
            Outcome::Matched { order_id: 42, score: 100, reason: MatchReason::OrderNo { order_no: "ZG261129000042".into() } }
        );
        // An unknown number falls through to scoring.
        let p = pay(5000, "某人", "", 10 * H, &["ZG261129999999"]);
        assert_eq!(match_payment(&p, by_no, &[]), Outcome::Unmatched);
    }

    #[test]
    fn amount_and_payer_match_automatically() {
        // Ordered at 10:00; paid ¥128.00 at 10:35 by 王丽娟, whose mobile the account shows.
        let orders = [order(1, "王丽娟", "13800138000", 12800, 0, 10 * H), order(2, "李娜", "13900139000", 12800, 0, 9 * H)];
        let p = pay(12800, "王丽娟", "13800138000", 10 * H + 35 * 60_000, &[]);
        // Order 1: 40 + 30 + 40 + 20 = 130; order 2: 40 + 20 (paid 95 min after) = 60.
        assert_eq!(
            match_payment(&p, |_| None, &all(&orders)),
            Outcome::Matched {
                order_id: 1,
                score: 130,
                reason: MatchReason::Scored { score: 130, amount_fen: 12800, name: NameFit::Same, mobile: MobileFit::Same, minutes: 35 }
            }
        );
        // A masked name alone, paid within two hours: 40 + 15 + 20 = 75 ≥ 70, next is 60 … only 15 apart: a person decides.
        let p = pay(12800, "王**", "", 10 * H + 35 * 60_000, &[]);
        match match_payment(&p, |_| None, &all(&orders)) {
            Outcome::Ambiguous(c) => assert_eq!(c.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>(), vec![(1, 75), (2, 60)]),
            other => panic!("{other:?}"),
        }
        // Without the second order it is matched.
        assert!(matches!(match_payment(&p, |_| None, &all(&orders[..1])), Outcome::Matched { order_id: 1, score: 75, .. }));
    }

    #[test]
    fn amount_alone_is_left_for_a_person() {
        let orders = [order(1, "王丽娟", "13800138000", 8800, 0, 10 * H), order(2, "李娜", "13900139000", 8800, 0, 11 * H)];
        // Paid at 12:00 by someone else: 40 + 20 each; equal scores, the older first.
        let p = pay(8800, "微信用户", "", 12 * H, &[]);
        match match_payment(&p, |_| None, &all(&orders)) {
            Outcome::Ambiguous(c) => assert_eq!(c.iter().map(|x| (x.0, x.1)).collect::<Vec<_>>(), vec![(1, 60), (2, 60)]),
            other => panic!("{other:?}"),
        }
        // A single candidate on amount and time alone (60) is still not enough.
        assert!(matches!(match_payment(&p, |_| None, &all(&orders[..1])), Outcome::Ambiguous(_)));
    }

    #[test]
    fn balance_and_window_decide_who_qualifies() {
        // ¥100 paid of ¥228: the balance ¥128 qualifies, the total does not.
        let partly = order(1, "王丽娟", "13800138000", 22800, 10000, 0);
        let p = pay(12800, "王丽娟", "", H, &[]);
        assert_eq!(score(&p, &partly).map(|s| s.0), Some(40 + 30 + 20));
        assert_eq!(score(&pay(22800, "王丽娟", "", H, &[]), &partly), None);
        // Paid 73 h after ordering, or 2 h before: out of the window.
        let o = order(2, "王丽娟", "13800138000", 12800, 0, 100 * H);
        assert_eq!(score(&pay(12800, "王丽娟", "", 173 * H, &[]), &o), None);
        assert_eq!(score(&pay(12800, "王丽娟", "", 98 * H, &[]), &o), None);
        // 30 h later: amount and name only.
        assert_eq!(score(&pay(12800, "王丽娟", "", 130 * H, &[]), &o).map(|s| s.0), Some(70));
    }

    #[test]
    fn names_and_mobiles() {
        assert_eq!(name_fit("王丽娟", " 王丽娟 "), NameFit::Same);
        assert_eq!(name_fit("王**", "王丽娟"), NameFit::Masked);
        assert_eq!(name_fit("*丽娟", "王丽娟"), NameFit::Masked);
        assert_eq!(name_fit("王*", "王丽娟"), NameFit::None);
        assert_eq!(name_fit("***", "王丽娟"), NameFit::None);
        assert_eq!(mobile_fit("+86 138-0013-8000", "13800138000"), MobileFit::Same);
        assert_eq!(mobile_fit("138****8000", "13800138000"), MobileFit::Tail);
        assert_eq!(mobile_fit("尾号8000", "13800138000"), MobileFit::Tail);
        assert_eq!(mobile_fit("zha***@qq.com", "13800138000"), MobileFit::None);
        assert_eq!(mobile_fit("139****8000", "13800138000"), MobileFit::None);
    }
}
