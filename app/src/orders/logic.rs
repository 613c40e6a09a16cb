//! Pure order rules: the status flow, which statuses count as a sale, input checks,
//! pricing, order numbers. No IO: the server, the order form and the demo seed use these.

use super::{NewOrder, NewOrderLine, OrderStatus, Transition};
use crate::auth::Perm;
use crate::error::{AreaError, CommonError};
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// A refusal of the orders area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum OrderError {
    /// Shipping would take a SKU below zero.
    StockShort { sku: String, have: i64, need: i64 },
    /// The status flow does not allow this change from the current status.
    BadTransition { from: OrderStatus, action: Transition },
    AgentRequired,
    NoLines,
    TooManyLines { max: u32 },
    UnknownItem,
    AddressTooShort { min: u32 },
    /// Agents may not confirm payments in this team (a team setting).
    AgentPaymentOff,
}

impl AreaError for OrderError {
    fn code(&self) -> &'static str {
        match self {
            OrderError::StockShort { .. } => "stock_short",
            OrderError::BadTransition { .. } => "bad_transition",
            OrderError::AgentRequired => "agent_required",
            OrderError::NoLines => "no_lines",
            OrderError::TooManyLines { .. } => "too_many_lines",
            OrderError::UnknownItem => "unknown_item",
            OrderError::AddressTooShort { .. } => "address_too_short",
            OrderError::AgentPaymentOff => "agent_payment_off",
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            OrderError::AgentRequired => Some("agent_id"),
            OrderError::NoLines | OrderError::TooManyLines { .. } | OrderError::UnknownItem => Some("lines"),
            OrderError::AddressTooShort { .. } => Some("address"),
            _ => None,
        }
    }

    fn is_conflict(&self) -> bool {
        matches!(self, OrderError::StockShort { .. } | OrderError::BadTransition { .. } | OrderError::AgentPaymentOff)
    }
}

impl OrderError {
    pub fn code(&self) -> &'static str {
        AreaError::code(self)
    }

    pub fn field(&self) -> Option<&str> {
        AreaError::field(self)
    }

    #[cfg(test)]
    pub fn examples() -> Vec<OrderError> {
        vec![
            OrderError::StockShort { sku: "蛋黄酥".into(), have: 2, need: 5 },
            OrderError::BadTransition { from: OrderStatus::Cancelled, action: Transition::Ship },
            OrderError::AgentRequired,
            OrderError::NoLines,
            OrderError::TooManyLines { max: 50 },
            OrderError::UnknownItem,
            OrderError::AddressTooShort { min: 5 },
            OrderError::AgentPaymentOff,
        ]
    }
}

impl OrderStatus {
    /// Statuses that count as a sale (paid and not cancelled): the dashboards, customers
    /// and commissions all use this one list.
    pub const SOLD: [OrderStatus; 3] = [OrderStatus::ToShip, OrderStatus::Shipped, OrderStatus::Completed];

    /// Open orders hold their goods (reserved stock) until shipped or cancelled.
    pub const HOLDING: [OrderStatus; 2] = [OrderStatus::PendingPayment, OrderStatus::ToShip];

    pub fn holds_stock(self) -> bool {
        Self::HOLDING.contains(&self)
    }

    pub fn is_sale(self) -> bool {
        Self::SOLD.contains(&self)
    }
}

impl Transition {
    pub const ALL: [Transition; 4] = [Transition::MarkPaid, Transition::Ship, Transition::Complete, Transition::Cancel];

    /// The status an order moves to, or a conflict if the flow does not allow it.
    /// 待付款 → 待发货 → 已发货 → 已完成; 待付款/待发货 → 已取消.
    pub fn apply(self, from: OrderStatus) -> Result<OrderStatus, OrderError> {
        use OrderStatus::*;
        match (self, from) {
            (Transition::MarkPaid, PendingPayment) => Ok(ToShip),
            (Transition::Ship, ToShip) => Ok(Shipped),
            (Transition::Complete, Shipped) => Ok(Completed),
            (Transition::Cancel, PendingPayment | ToShip) => Ok(Cancelled),
            _ => Err(OrderError::BadTransition { from, action: self }),
        }
    }

    pub fn perm(self) -> Perm {
        match self {
            Transition::MarkPaid => Perm::ConfirmPayment,
            Transition::Ship => Perm::Ship,
            Transition::Complete => Perm::CompleteOrder,
            Transition::Cancel => Perm::CancelOrder,
        }
    }

    /// Transitions offered for an order in `status`.
    pub fn available(status: OrderStatus) -> Vec<Transition> {
        Self::ALL.into_iter().filter(|t| t.apply(status).is_ok()).collect()
    }
}

/// A mainland mobile number: 11 digits starting with 1[3-9]; spaces, dashes and +86 are dropped.
pub fn parse_mobile(input: &str) -> Result<String, CommonError> {
    let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
    let digits = digits.strip_prefix("+86").or_else(|| digits.strip_prefix("0086")).unwrap_or(&digits);
    let b = digits.as_bytes();
    if b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit) {
        Ok(digits.to_string())
    } else {
        Err(CommonError::BadMobile { field: "mobile".into() })
    }
}

pub const MAX_LINES: usize = 50;
pub const MAX_QTY: i64 = 9999;
pub const MAX_NAME: u32 = 40;
pub const MIN_ADDRESS: u32 = 5;
pub const MAX_ADDRESS: u32 = 200;

/// A new order after its input checks: trimmed text, a valid mobile, merged lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedOrder {
    pub customer_name: String,
    pub mobile: String,
    pub address: String,
    pub lines: Vec<NewOrderLine>,
}

/// Trimmed text of at most `max` characters; `required` refuses empty.
pub fn bounded_text(field: &str, value: &str, max: u32, required: bool) -> Result<String, CommonError> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(CommonError::Required { field: field.into() });
    }
    if v.chars().count() > max as usize {
        return Err(CommonError::TooLong { field: field.into(), max });
    }
    Ok(v.to_string())
}

/// Check a new order's input. The number of lines is bounded before any work; lines for
/// the same SKU are merged and the merged quantity is bounded too.
pub fn check_new_order(input: &NewOrder) -> Result<CheckedOrder, crate::error::AppError> {
    if input.lines.len() > MAX_LINES * 2 {
        return Err(OrderError::TooManyLines { max: MAX_LINES as u32 }.into());
    }
    if input.agent_id <= 0 {
        return Err(OrderError::AgentRequired.into());
    }
    let customer_name = bounded_text("customer_name", &input.customer_name, MAX_NAME, true)?;
    let mobile = parse_mobile(&input.mobile)?;
    let address = bounded_text("address", &input.address, MAX_ADDRESS, true)?;
    if address.chars().count() < MIN_ADDRESS as usize {
        return Err(OrderError::AddressTooShort { min: MIN_ADDRESS }.into());
    }
    let qty_range = || CommonError::OutOfRange { field: "qty".into(), min: 1, max: MAX_QTY };
    let mut lines: Vec<NewOrderLine> = Vec::new();
    for l in &input.lines {
        if !(1..=MAX_QTY).contains(&l.qty) {
            return Err(qty_range().into());
        }
        match lines.iter_mut().find(|x| x.sku_id == l.sku_id) {
            Some(x) if x.qty + l.qty > MAX_QTY => return Err(qty_range().into()),
            Some(x) => x.qty += l.qty,
            None => lines.push(l.clone()),
        }
    }
    if lines.is_empty() {
        return Err(OrderError::NoLines.into());
    }
    if lines.len() > MAX_LINES {
        return Err(OrderError::TooManyLines { max: MAX_LINES as u32 }.into());
    }
    Ok(CheckedOrder { customer_name, mobile, address, lines })
}

/// A priced order line: unit price from the SKU, exact line total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PricedLine {
    pub sku_id: i64,
    pub qty: i64,
    pub unit_price: Money,
    pub line_total: Money,
}

/// Price order lines at the SKUs' current prices: the one pricing rule, used by the server,
/// the order form's running total and the demo seed. `price_of` returns `None` for an
/// unknown SKU, which refuses the order.
pub fn price_lines(lines: &[NewOrderLine], price_of: impl Fn(i64) -> Option<Money>) -> Result<(Vec<PricedLine>, Money), OrderError> {
    let mut priced = Vec::with_capacity(lines.len());
    for l in lines {
        let unit_price = price_of(l.sku_id).ok_or(OrderError::UnknownItem)?;
        priced.push(PricedLine { sku_id: l.sku_id, qty: l.qty, unit_price, line_total: unit_price.times(l.qty) });
    }
    let total = priced.iter().map(|p| p.line_total).sum();
    Ok((priced, total))
}

/// Order number: `ZG` + business date (yyMMdd) + the row id, zero-padded to 6.
pub fn order_no(day: i64, id: i64) -> String {
    format!("ZG{}{id:06}", crate::time::date_of_day(day).format("%y%m%d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;
    use crate::orders::Channel;
    use OrderStatus::*;

    #[test]
    fn status_flow() {
        assert_eq!(Transition::MarkPaid.apply(PendingPayment), Ok(ToShip));
        assert_eq!(Transition::Ship.apply(ToShip), Ok(Shipped));
        assert_eq!(Transition::Complete.apply(Shipped), Ok(Completed));
        assert_eq!(Transition::Cancel.apply(ToShip), Ok(Cancelled));
        assert_eq!(Transition::Ship.apply(PendingPayment), Err(OrderError::BadTransition { from: PendingPayment, action: Transition::Ship }));
        assert_eq!(Transition::Cancel.apply(Shipped), Err(OrderError::BadTransition { from: Shipped, action: Transition::Cancel }));
        assert_eq!(Transition::Ship.apply(Shipped), Err(OrderError::BadTransition { from: Shipped, action: Transition::Ship }));
        assert_eq!(Transition::available(ToShip), vec![Transition::Ship, Transition::Cancel]);
        assert!(Transition::available(Completed).is_empty());
        assert!(ToShip.is_sale() && !Cancelled.is_sale() && !PendingPayment.is_sale());
    }

    #[test]
    fn mobiles() {
        assert_eq!(parse_mobile("138 0013 8000").unwrap(), "13800138000");
        assert_eq!(parse_mobile("+86-138-0013-8000").unwrap(), "13800138000");
        let bad = Err(CommonError::BadMobile { field: "mobile".into() });
        assert_eq!(parse_mobile("12800138000"), bad);
        assert_eq!(parse_mobile("1380013800"), bad);
        assert_eq!(parse_mobile("1380013800a"), bad);
    }

    fn order(lines: Vec<(i64, i64)>) -> NewOrder {
        NewOrder {
            agent_id: 1,
            customer_name: " 王姐 ".into(),
            mobile: "13800138000".into(),
            address: "浙江省杭州市西湖区文三路 1 号".into(),
            channel: Channel::Manual,
            lines: lines.into_iter().map(|(sku_id, qty)| NewOrderLine { sku_id, qty }).collect(),
            coupon_code: Default::default(),
        }
    }

    #[test]
    fn new_order_checks_and_merges() {
        let c = check_new_order(&order(vec![(1, 2), (2, 1), (1, 3)])).unwrap();
        assert_eq!(c.customer_name, "王姐");
        assert_eq!(c.lines, vec![NewOrderLine { sku_id: 1, qty: 5 }, NewOrderLine { sku_id: 2, qty: 1 }]);
        assert_eq!(check_new_order(&order(vec![])), Err(OrderError::NoLines.into()));
        let range = AppError::from(CommonError::OutOfRange { field: "qty".into(), min: 1, max: 9999 });
        assert_eq!(check_new_order(&order(vec![(1, 0)])), Err(range.clone()));
        // Two lines of 9,999 would merge into 19,998: refused.
        assert_eq!(check_new_order(&order(vec![(1, 9999), (1, 9999)])), Err(range));
        let many: Vec<(i64, i64)> = (0..101).map(|i| (i, 1)).collect();
        assert_eq!(check_new_order(&order(many)), Err(OrderError::TooManyLines { max: 50 }.into()));
        let mut bad = order(vec![(1, 1)]);
        bad.address = "杭州".into();
        assert_eq!(check_new_order(&bad), Err(OrderError::AddressTooShort { min: 5 }.into()));
        bad.address = "长".repeat(201).into();
        assert_eq!(check_new_order(&bad), Err(CommonError::TooLong { field: "address".into(), max: 200 }.into()));
    }

    #[test]
    fn pricing() {
        // 2 × ¥19.90 + 1 × ¥5.05 = ¥44.85
        let price = |id| match id {
            1 => Some(Money::from_fen(1990)),
            2 => Some(Money::from_fen(505)),
            _ => None,
        };
        let lines = [NewOrderLine { sku_id: 1, qty: 2 }, NewOrderLine { sku_id: 2, qty: 1 }];
        let (priced, total) = price_lines(&lines, price).unwrap();
        assert_eq!(priced[0].line_total, Money::from_fen(3980));
        assert_eq!(total, Money::from_fen(4485));
        assert_eq!(price_lines(&[NewOrderLine { sku_id: 3, qty: 1 }], price), Err(OrderError::UnknownItem));
    }

    #[test]
    fn order_numbers() {
        let day = crate::time::day_of_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        assert_eq!(order_no(day, 42), "ZG261129000042");
    }
}
