//! Pure finance rules: the area's refusals, input checks for payments, months and the
//! period rule (what a date in a closed month becomes). No IO.

use super::{Method, NewPayment, PaymentFlag, PaymentKind, PaymentState};
use crate::error::{AppError, AreaError, CommonError};
use crate::money::Money;
use crate::orders::logic::bounded_text;
use crate::time::{date_of_day, day_of, day_of_date, month_start_day};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Largest file one upload may carry (a 50,000-line WeChat Pay bill is about 14 MB).
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;
/// The same in base64 characters.
pub const MAX_UPLOAD_B64: usize = MAX_UPLOAD_BYTES / 3 * 4 + 4;
/// Uploads waiting for their import are forgotten after this long.
pub const UPLOAD_TTL_MS: i64 = crate::time::DAY_MS;

/// A refusal of the finance area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FinanceError {
    /// The month is closed: nothing dated in it may be added or changed.
    PeriodClosed { month: String },
    /// Only a month that has ended can be closed.
    MonthNotOver { month: String },
    AlreadyClosed { month: String },
    /// Not a month such as 2026-11.
    BadMonth,
    /// Not a date or time the form understands.
    BadTime { field: String },
    /// Payments and expenses cannot be dated in the future.
    FutureTime { field: String },
    /// Another payment of this method already has this transaction number.
    DuplicateTxn { txn_no: String },
    /// Undo the current match first.
    AlreadyMatched,
    NotMatched,
    /// A refund follows the payment it returns; it is not matched by itself.
    RefundNotMatchable,
    /// No order has this number.
    UnknownOrder { order_no: String },
    UnknownCategory,
    CategoryExists { name: String },
    /// Fees from bill files and expenses of closed months cannot be deleted.
    ExpenseLocked,
    /// The upload is gone (imported, expired, or someone else's).
    UploadGone,
    /// The file is larger than an upload may be.
    FileTooLarge { max_mb: u32 },
    /// The content is not base64 (a broken upload).
    BadUpload,
    /// The file has bad rows; import is all-or-nothing.
    BadRows { count: u32 },
    /// The file has nothing to import.
    NothingToImport,
    /// A bank statement is read through a saved column mapping.
    MappingRequired,
    UnknownMapping,
    MappingExists { name: String },
}

impl AreaError for FinanceError {
    fn code(&self) -> &'static str {
        match self {
            FinanceError::PeriodClosed { .. } => "period_closed",
            FinanceError::MonthNotOver { .. } => "month_not_over",
            FinanceError::AlreadyClosed { .. } => "already_closed",
            FinanceError::BadMonth => "bad_month",
            FinanceError::BadTime { .. } => "bad_time",
            FinanceError::FutureTime { .. } => "future_time",
            FinanceError::DuplicateTxn { .. } => "duplicate_txn",
            FinanceError::AlreadyMatched => "already_matched",
            FinanceError::NotMatched => "not_matched",
            FinanceError::RefundNotMatchable => "refund_not_matchable",
            FinanceError::UnknownOrder { .. } => "unknown_order",
            FinanceError::UnknownCategory => "unknown_category",
            FinanceError::CategoryExists { .. } => "category_exists",
            FinanceError::ExpenseLocked => "expense_locked",
            FinanceError::UploadGone => "upload_gone",
            FinanceError::FileTooLarge { .. } => "file_too_large",
            FinanceError::BadUpload => "bad_upload",
            FinanceError::BadRows { .. } => "bad_rows",
            FinanceError::NothingToImport => "nothing_to_import",
            FinanceError::MappingRequired => "mapping_required",
            FinanceError::UnknownMapping => "unknown_mapping",
            FinanceError::MappingExists { .. } => "mapping_exists",
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            FinanceError::BadTime { field } | FinanceError::FutureTime { field } => Some(field),
            FinanceError::BadMonth | FinanceError::MonthNotOver { .. } => Some("month"),
            FinanceError::DuplicateTxn { .. } => Some("txn_no"),
            FinanceError::UnknownOrder { .. } => Some("order_no"),
            FinanceError::UnknownCategory => Some("category_id"),
            FinanceError::CategoryExists { .. } | FinanceError::MappingExists { .. } => Some("name"),
            FinanceError::FileTooLarge { .. } | FinanceError::BadUpload | FinanceError::BadRows { .. } | FinanceError::NothingToImport => {
                Some("file")
            }
            FinanceError::MappingRequired | FinanceError::UnknownMapping => Some("mapping_id"),
            _ => None,
        }
    }

    fn is_conflict(&self) -> bool {
        matches!(
            self,
            FinanceError::PeriodClosed { .. }
                | FinanceError::MonthNotOver { .. }
                | FinanceError::AlreadyClosed { .. }
                | FinanceError::DuplicateTxn { .. }
                | FinanceError::AlreadyMatched
                | FinanceError::NotMatched
                | FinanceError::RefundNotMatchable
                | FinanceError::CategoryExists { .. }
                | FinanceError::ExpenseLocked
                | FinanceError::UploadGone
                | FinanceError::MappingExists { .. }
        )
    }
}

impl FinanceError {
    pub fn code(&self) -> &'static str {
        AreaError::code(self)
    }

    pub fn field(&self) -> Option<&str> {
        AreaError::field(self)
    }

    #[cfg(test)]
    pub fn examples() -> Vec<FinanceError> {
        let m = || "2026-10".to_string();
        vec![
            FinanceError::PeriodClosed { month: m() },
            FinanceError::MonthNotOver { month: m() },
            FinanceError::AlreadyClosed { month: m() },
            FinanceError::BadMonth,
            FinanceError::BadTime { field: "paid_at".into() },
            FinanceError::FutureTime { field: "paid_at".into() },
            FinanceError::DuplicateTxn { txn_no: "4200001".into() },
            FinanceError::AlreadyMatched,
            FinanceError::NotMatched,
            FinanceError::RefundNotMatchable,
            FinanceError::UnknownOrder { order_no: "ZG261129000001".into() },
            FinanceError::UnknownCategory,
            FinanceError::CategoryExists { name: "运费".into() },
            FinanceError::ExpenseLocked,
            FinanceError::UploadGone,
            FinanceError::FileTooLarge { max_mb: 20 },
            FinanceError::BadUpload,
            FinanceError::BadRows { count: 3 },
            FinanceError::NothingToImport,
            FinanceError::MappingRequired,
            FinanceError::UnknownMapping,
            FinanceError::MappingExists { name: "工行".into() },
        ]
    }
}

/// A calendar month (business time zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// `2026-11` (also `2026-1`); anything else is [`FinanceError::BadMonth`].
    pub fn parse(text: &str) -> Result<Month, FinanceError> {
        let (y, m) = text.trim().split_once('-').ok_or(FinanceError::BadMonth)?;
        let (year, month) = (y.parse::<i32>().map_err(|_| FinanceError::BadMonth)?, m.parse::<u32>().map_err(|_| FinanceError::BadMonth)?);
        if !(2000..=2999).contains(&year) || !(1..=12).contains(&month) {
            return Err(FinanceError::BadMonth);
        }
        Ok(Month { year, month })
    }

    /// The month of a business day.
    pub fn of_day(day: i64) -> Month {
        let d = date_of_day(day);
        Month { year: d.year(), month: d.month() }
    }

    /// The month of an instant (UTC ms).
    pub fn of_ms(ms: i64) -> Month {
        Month::of_day(day_of(ms))
    }

    /// The month in a form field, or this month when empty.
    pub fn parse_or(text: &str, now_ms: i64) -> Result<Month, FinanceError> {
        if text.trim().is_empty() { Ok(Month::of_ms(now_ms)) } else { Month::parse(text) }
    }

    /// First business day of the month.
    pub fn first_day(self) -> i64 {
        day_of_date(NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("valid month"))
    }

    pub fn next(self) -> Month {
        if self.month == 12 { Month { year: self.year + 1, month: 1 } } else { Month { year: self.year, month: self.month + 1 } }
    }

    pub fn prev(self) -> Month {
        if self.month == 1 { Month { year: self.year - 1, month: 12 } } else { Month { year: self.year, month: self.month - 1 } }
    }

    /// The day after the month's last day.
    pub fn end_day(self) -> i64 {
        self.next().first_day()
    }

    pub fn days(self) -> i64 {
        self.end_day() - self.first_day()
    }

    pub fn contains(self, day: i64) -> bool {
        (self.first_day()..self.end_day()).contains(&day)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Where something dated on `day` is booked, given the closed months (their first days):
/// the day itself while its month is open, else the first day of the next open month
/// (an adjustment). Returns (book day, is adjustment).
pub fn book_day(day: i64, closed: &[i64]) -> (i64, bool) {
    let mut month = Month::of_day(day);
    if !closed.contains(&month.first_day()) {
        return (day, false);
    }
    while closed.contains(&month.first_day()) {
        month = month.next();
    }
    (month.first_day(), true)
}

/// The refusal for a date in a closed month (hand-entered payments and expenses).
pub fn refuse_closed(day: i64, closed: &[i64]) -> Result<(), FinanceError> {
    let month = Month::of_day(day);
    if closed.contains(&month.first_day()) {
        return Err(FinanceError::PeriodClosed { month: month.to_string() });
    }
    Ok(())
}

/// Whether a month may be closed on `today` (business day): it must have ended.
pub fn check_closable(month: Month, today: i64, closed: &[i64]) -> Result<(), FinanceError> {
    if closed.contains(&month.first_day()) {
        return Err(FinanceError::AlreadyClosed { month: month.to_string() });
    }
    if month.end_day() > today {
        return Err(FinanceError::MonthNotOver { month: month.to_string() });
    }
    Ok(())
}

/// A local date-time as a form sends it (`2026-11-29T10:05`, `2026-11-29 10:05:30`, a date
/// alone for midnight), as UTC ms; not in the future (a minute of clock skew allowed).
pub fn parse_time_field(field: &str, text: &str, now_ms: i64) -> Result<i64, FinanceError> {
    let ms = crate::imports::cells::parse_local_time_ms(text).ok_or_else(|| FinanceError::BadTime { field: field.into() })?;
    if ms > now_ms + 60_000 {
        return Err(FinanceError::FutureTime { field: field.into() });
    }
    Ok(ms)
}

/// What finance should notice about a payment: its state, and for a matched payment how its
/// order's payments compare with the order's total (`order` = (total, paid, payments)).
pub fn payment_flags(kind: PaymentKind, state: PaymentState, has_original: bool, order: Option<(i64, i64, i64)>, adjustment: bool) -> Vec<PaymentFlag> {
    let mut flags = Vec::new();
    match (kind, state) {
        (PaymentKind::Refund, _) => {
            flags.push(PaymentFlag::Refund);
            if !has_original {
                flags.push(PaymentFlag::RefundWithoutPayment);
            }
        }
        (PaymentKind::Payment, PaymentState::Unmatched) => flags.push(PaymentFlag::Unmatched),
        (PaymentKind::Payment, PaymentState::Ambiguous) => flags.push(PaymentFlag::Ambiguous),
        (PaymentKind::Payment, PaymentState::Matched) => match order {
            Some((total, paid, n)) if paid > total && n > 1 => flags.push(PaymentFlag::Duplicate),
            Some((total, paid, _)) if paid > total => flags.push(PaymentFlag::Overpaid),
            Some((total, paid, _)) if paid < total => flags.push(PaymentFlag::Partial),
            _ => {}
        },
    }
    if adjustment {
        flags.push(PaymentFlag::Adjustment);
    }
    flags
}

/// A hand-entered payment after its checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedPayment {
    pub method: Method,
    pub amount: Money,
    pub payer: String,
    pub payer_account: String,
    pub paid_at: i64,
    /// `None` when not given (cash, or unknown).
    pub txn_no: Option<String>,
    pub reference: String,
    pub note: String,
}

/// Check a hand-entered payment: a positive amount, a time not in the future, bounded texts.
pub fn check_new_payment(input: &NewPayment, now_ms: i64) -> Result<CheckedPayment, AppError> {
    let amount = Money::parse_field("amount", &input.amount)?;
    if amount.to_fen() <= 0 {
        return Err(CommonError::BadAmount { field: "amount".into() }.into());
    }
    let paid_at = parse_time_field("paid_at", &input.paid_at, now_ms)?;
    let txn_no = bounded_text("txn_no", &input.txn_no, 64, false)?;
    Ok(CheckedPayment {
        method: input.method,
        amount,
        payer: bounded_text("payer", &input.payer, 40, false)?,
        payer_account: bounded_text("payer_account", &input.payer_account, 64, false)?,
        paid_at,
        txn_no: (!txn_no.is_empty()).then_some(txn_no),
        reference: bounded_text("reference", &input.reference, 64, false)?,
        note: bounded_text("note", &input.note, 200, false)?,
    })
}

/// A bank mapping as the form sends it: a name, the date column, and either one signed amount
/// column or both a money-in and a money-out column. Empty optional columns are left out.
pub fn check_mapping(input: &super::BankMappingInput) -> Result<(String, super::bills::BankMapping), AppError> {
    use super::bills::{BankAmount, BankMapping};
    let name = bounded_text("name", &input.name, 20, true)?;
    let col = |field: &str, v: &str| bounded_text(field, v, 40, false);
    let opt = |field: &str, v: &str| col(field, v).map(|s| (!s.is_empty()).then_some(s));
    let time = bounded_text("time", &input.time, 40, true)?;
    let (amount, credit, debit) = (col("amount", &input.amount)?, col("credit", &input.credit)?, col("debit", &input.debit)?);
    let amount = match (amount.is_empty(), credit.is_empty(), debit.is_empty()) {
        (false, _, _) => BankAmount::Signed { column: amount },
        (true, false, false) => BankAmount::Split { credit, debit },
        _ => return Err(CommonError::Required { field: "amount".into() }.into()),
    };
    let mapping = BankMapping {
        time,
        time_of_day: opt("time_of_day", &input.time_of_day)?,
        time_format: opt("time_format", &input.time_format)?,
        amount,
        counterparty: opt("counterparty", &input.counterparty)?,
        counterparty_account: opt("counterparty_account", &input.counterparty_account)?,
        txn_no: opt("txn_no", &input.txn_no)?,
        note: opt("note", &input.note)?,
    };
    Ok((name, mapping))
}

/// The first business day of the month containing `ms`.
pub fn month_first_day_of(ms: i64) -> i64 {
    month_start_day(day_of(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_say_what_to_look_at() {
        use PaymentFlag::*;
        let (p, m) = (PaymentKind::Payment, PaymentState::Matched);
        assert_eq!(payment_flags(p, m, false, Some((12800, 12800, 1)), false), vec![]);
        assert_eq!(payment_flags(p, m, false, Some((12800, 10000, 1)), false), vec![Partial]);
        assert_eq!(payment_flags(p, m, false, Some((12800, 25600, 2)), false), vec![Duplicate]);
        assert_eq!(payment_flags(p, m, false, Some((12800, 13000, 1)), true), vec![Overpaid, Adjustment]);
        assert_eq!(payment_flags(p, PaymentState::Ambiguous, false, None, false), vec![Ambiguous]);
        assert_eq!(payment_flags(PaymentKind::Refund, m, true, Some((1, 1, 1)), false), vec![Refund]);
        assert_eq!(payment_flags(PaymentKind::Refund, PaymentState::Unmatched, false, None, false), vec![Refund, RefundWithoutPayment]);
    }

    #[test]
    fn bank_mappings() {
        use super::super::bills::BankAmount;
        let input = super::super::BankMappingInput { name: "工行".into(), time: "交易日期".into(), credit: "收入金额".into(), debit: "支出金额".into(), note: " 摘要 ".into(), ..Default::default() };
        let (name, m) = check_mapping(&input).unwrap();
        assert_eq!((name.as_str(), m.note.as_deref(), m.txn_no.clone()), ("工行", Some("摘要"), None));
        assert_eq!(m.amount, BankAmount::Split { credit: "收入金额".into(), debit: "支出金额".into() });
        let signed = super::super::BankMappingInput { amount: "金额".into(), ..input.clone() };
        assert_eq!(check_mapping(&signed).unwrap().1.amount, BankAmount::Signed { column: "金额".into() });
        let half = super::super::BankMappingInput { debit: "".into(), ..input.clone() };
        assert_eq!(check_mapping(&half), Err(CommonError::Required { field: "amount".into() }.into()));
        let unnamed = super::super::BankMappingInput { name: " ".into(), ..input };
        assert_eq!(check_mapping(&unnamed), Err(CommonError::Required { field: "name".into() }.into()));
    }

    #[test]
    fn months() {
        let m = Month::parse("2026-11").unwrap();
        assert_eq!(m.to_string(), "2026-11");
        assert_eq!(date_of_day(m.first_day()), NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        assert_eq!(m.days(), 30);
        assert_eq!(Month::parse("2026-2").unwrap().days(), 28);
        assert_eq!(Month::parse("2026-12").unwrap().next().to_string(), "2027-01");
        assert_eq!(Month::parse("2026-01").unwrap().prev().to_string(), "2025-12");
        for bad in ["2026", "2026-13", "2026-00", "abcd-01", "1999-01", ""] {
            assert_eq!(Month::parse(bad), Err(FinanceError::BadMonth), "{bad}");
        }
        // 2026-11-30 23:59:59 in Shanghai is still November; one second later is December.
        let last = crate::imports::cells::parse_local_time_ms("2026-11-30 23:59:59").unwrap();
        assert_eq!(Month::of_ms(last).to_string(), "2026-11");
        assert_eq!(Month::of_ms(last + 1000).to_string(), "2026-12");
    }

    #[test]
    fn closed_months_book_late_items_in_the_next_open_month() {
        let oct = Month::parse("2026-10").unwrap();
        let nov = oct.next();
        let oct_15 = oct.first_day() + 14;
        assert_eq!(book_day(oct_15, &[]), (oct_15, false));
        assert_eq!(book_day(oct_15, &[oct.first_day()]), (nov.first_day(), true));
        // October and November closed: December 1st.
        assert_eq!(book_day(oct_15, &[oct.first_day(), nov.first_day()]), (nov.next().first_day(), true));
        assert_eq!(refuse_closed(oct_15, &[oct.first_day()]), Err(FinanceError::PeriodClosed { month: "2026-10".into() }));
        assert_eq!(refuse_closed(oct_15, &[nov.first_day()]), Ok(()));
    }

    #[test]
    fn only_ended_months_close_once() {
        let oct = Month::parse("2026-10").unwrap();
        let nov_1 = oct.end_day();
        assert_eq!(check_closable(oct, nov_1, &[]), Ok(()));
        assert_eq!(check_closable(oct, nov_1 - 1, &[]), Err(FinanceError::MonthNotOver { month: "2026-10".into() }));
        assert_eq!(check_closable(oct, nov_1, &[oct.first_day()]), Err(FinanceError::AlreadyClosed { month: "2026-10".into() }));
    }

    fn payment(amount: &str, at: &str) -> NewPayment {
        NewPayment {
            method: Method::Wechat,
            amount: amount.into(),
            payer: " 王女士 ".into(),
            payer_account: "".into(),
            paid_at: at.into(),
            txn_no: " ".into(),
            reference: "ZG261129000042".into(),
            note: "".into(),
        }
    }

    #[test]
    fn payment_input() {
        let now = crate::imports::cells::parse_local_time_ms("2026-11-29 12:00").unwrap();
        let p = check_new_payment(&payment("128.50", "2026-11-29T10:05"), now).unwrap();
        assert_eq!((p.amount.to_fen(), p.payer.as_str(), p.txn_no.clone()), (12850, "王女士", None));
        assert_eq!(p.paid_at, now - 115 * 60_000);
        assert_eq!(check_new_payment(&payment("0", "2026-11-29T10:05"), now), Err(CommonError::BadAmount { field: "amount".into() }.into()));
        assert_eq!(check_new_payment(&payment("1.234", "2026-11-29T10:05"), now), Err(CommonError::BadAmount { field: "amount".into() }.into()));
        assert_eq!(check_new_payment(&payment("1", "29/11/2026"), now), Err(FinanceError::BadTime { field: "paid_at".into() }.into()));
        assert_eq!(check_new_payment(&payment("1", "2026-11-30 10:00"), now), Err(FinanceError::FutureTime { field: "paid_at".into() }.into()));
    }
}
