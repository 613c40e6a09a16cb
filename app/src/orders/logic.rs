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
    /// The address can change only before the order ships.
    AddressLocked { status: OrderStatus },
    /// An order cannot be merged into itself.
    MergeSelf,
    /// Only open orders (待付款, 待发货) merge.
    MergeNotOpen { status: OrderStatus },
    /// Both orders must be in the same status (both unpaid, or both paid).
    MergeStatusDiffers { keep: OrderStatus, from: OrderStatus },
    /// Both orders must belong to the same agent.
    MergeOtherAgent,
    /// Neither the mobile nor the address is the same.
    MergeOtherRecipient,
    /// The order merged away redeemed a coupon.
    MergeCoupon,
    /// The order merged away has payments matched to it.
    MergePaid,
    /// An order entered offline: a SKU was taken off sale (or deleted) since the phone's catalog.
    SkuGone { sku: String },
    /// An order entered offline: a SKU's price differs from the one the phone showed.
    PriceChanged { sku: String, seen_fen: i64, now_fen: i64 },
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
            OrderError::AddressLocked { .. } => "address_locked",
            OrderError::MergeSelf => "merge_self",
            OrderError::MergeNotOpen { .. } => "merge_not_open",
            OrderError::MergeStatusDiffers { .. } => "merge_status_differs",
            OrderError::MergeOtherAgent => "merge_other_agent",
            OrderError::MergeOtherRecipient => "merge_other_recipient",
            OrderError::MergeCoupon => "merge_coupon",
            OrderError::MergePaid => "merge_paid",
            OrderError::SkuGone { .. } => "sku_gone",
            OrderError::PriceChanged { .. } => "price_changed",
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
        matches!(
            self,
            OrderError::StockShort { .. }
                | OrderError::BadTransition { .. }
                | OrderError::AgentPaymentOff
                | OrderError::AddressLocked { .. }
                | OrderError::MergeNotOpen { .. }
                | OrderError::MergeStatusDiffers { .. }
                | OrderError::MergePaid
                | OrderError::SkuGone { .. }
                | OrderError::PriceChanged { .. }
        )
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
            OrderError::AddressLocked { status: OrderStatus::Shipped },
            OrderError::MergeSelf,
            OrderError::MergeNotOpen { status: OrderStatus::Shipped },
            OrderError::MergeStatusDiffers { keep: OrderStatus::ToShip, from: OrderStatus::PendingPayment },
            OrderError::MergeOtherAgent,
            OrderError::MergeOtherRecipient,
            OrderError::MergeCoupon,
            OrderError::MergePaid,
            OrderError::SkuGone { sku: "MM-01".into() },
            OrderError::PriceChanged { sku: "MM-01".into(), seen_fen: 9900, now_fen: 10900 },
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

/// A delivery address as entered on an order (trimmed, long enough, bounded).
pub fn check_address(input: &str) -> Result<String, crate::error::AppError> {
    let address = bounded_text("address", input, MAX_ADDRESS, true)?;
    if address.chars().count() < MIN_ADDRESS as usize {
        return Err(OrderError::AddressTooShort { min: MIN_ADDRESS }.into());
    }
    Ok(address)
}

/// Most characters of an internal note.
pub const MAX_NOTE: u32 = 500;

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

/// An order entered offline is priced by the server like any other; before that, each of
/// its SKUs must still be on sale (`now` holds the current prices of the active ones) at the
/// price the phone showed (`seen`): else the order is refused with the first line that
/// differs, so the agent never sells at a price the customer was not told. `label_of` names
/// a SKU for the message.
pub fn check_seen_prices(
    lines: &[NewOrderLine],
    seen: &[super::SeenPrice],
    now: &std::collections::HashMap<i64, Money>,
    label_of: impl Fn(i64) -> String,
) -> Result<(), crate::error::AppError> {
    for l in lines {
        let Some(price) = now.get(&l.sku_id) else {
            return Err(OrderError::SkuGone { sku: label_of(l.sku_id) }.into());
        };
        let Some(s) = seen.iter().find(|s| s.sku_id == l.sku_id) else {
            return Err(CommonError::Required { field: "seen".into() }.into());
        };
        if s.unit_price_fen != price.to_fen() {
            return Err(OrderError::PriceChanged { sku: label_of(l.sku_id), seen_fen: s.unit_price_fen, now_fen: price.to_fen() }.into());
        }
    }
    Ok(())
}

/// Order number: `ZG` + business date (yyMMdd) + the row id, zero-padded to 6.
pub fn order_no(day: i64, id: i64) -> String {
    format!("ZG{}{id:06}", crate::time::date_of_day(day).format("%y%m%d"))
}

/// One side of a merge (合并订单), as the check sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MergeSide {
    pub id: i64,
    pub status: OrderStatus,
    pub agent_id: i64,
    pub mobile: String,
    pub address: String,
    /// The coupon discount the order redeemed.
    pub coupon_fen: i64,
    /// What matched payments paid for it.
    pub paid_fen: i64,
}

/// Whether order `from` may be merged into `keep` (its lines move there, it is closed):
/// two different open orders in the same status, of the same agent, to the same recipient
/// (mobile or normalised address, as the duplicate prompt finds them); the one merged away
/// must have no coupon and no matched payment (they belong to that order's money).
pub fn check_merge(keep: &MergeSide, from: &MergeSide) -> Result<(), OrderError> {
    use crate::fulfil::logic_dedupe::{same_recipient, Recipient};
    if keep.id == from.id {
        return Err(OrderError::MergeSelf);
    }
    for side in [keep, from] {
        if !side.status.holds_stock() {
            return Err(OrderError::MergeNotOpen { status: side.status });
        }
    }
    if keep.status != from.status {
        return Err(OrderError::MergeStatusDiffers { keep: keep.status, from: from.status });
    }
    if keep.agent_id != from.agent_id {
        return Err(OrderError::MergeOtherAgent);
    }
    let r = |s: &MergeSide| Recipient { name: String::new(), mobile: s.mobile.clone(), address: s.address.clone() };
    if same_recipient(&r(keep), &r(from)).is_none() {
        return Err(OrderError::MergeOtherRecipient);
    }
    if from.coupon_fen > 0 {
        return Err(OrderError::MergeCoupon);
    }
    if from.paid_fen > 0 {
        return Err(OrderError::MergePaid);
    }
    Ok(())
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
    fn offline_prices_must_match_what_the_phone_showed() {
        use crate::orders::SeenPrice;
        let now: std::collections::HashMap<i64, Money> = [(1, Money::from_fen(9900)), (2, Money::from_fen(1250))].into_iter().collect();
        let code = |id: i64| format!("SKU-{id}");
        let lines = vec![NewOrderLine { sku_id: 1, qty: 2 }, NewOrderLine { sku_id: 2, qty: 1 }];
        let seen = vec![SeenPrice { sku_id: 2, unit_price_fen: 1250 }, SeenPrice { sku_id: 1, unit_price_fen: 9900 }];
        assert_eq!(check_seen_prices(&lines, &seen, &now, code), Ok(()));
        // ¥99.00 shown, ¥109.00 now.
        let dearer = vec![SeenPrice { sku_id: 1, unit_price_fen: 10900 }, SeenPrice { sku_id: 2, unit_price_fen: 1250 }];
        assert_eq!(
            check_seen_prices(&lines, &dearer, &now, code),
            Err(AppError::from(OrderError::PriceChanged { sku: "SKU-1".into(), seen_fen: 10900, now_fen: 9900 }))
        );
        let gone = vec![NewOrderLine { sku_id: 3, qty: 1 }];
        assert_eq!(check_seen_prices(&gone, &seen, &now, code), Err(AppError::from(OrderError::SkuGone { sku: "SKU-3".into() })));
        assert_eq!(
            check_seen_prices(&lines, &seen[..1], &now, code),
            Err(AppError::from(CommonError::Required { field: "seen".into() }))
        );
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

    #[test]
    fn merge_checks() {
        let side = |id, status, mobile: &str, address: &str| MergeSide {
            id,
            status,
            agent_id: 7,
            mobile: mobile.into(),
            address: address.into(),
            coupon_fen: 0,
            paid_fen: 0,
        };
        let keep = side(1, ToShip, "13800138000", "浙江省杭州市西湖区文三路1号");
        // Same mobile, different address wording; same address, another mobile: both merge.
        assert_eq!(check_merge(&keep, &side(2, ToShip, "138 0013 8000", "上海市黄浦区南京东路 100 号")), Ok(()));
        assert_eq!(check_merge(&keep, &side(2, ToShip, "13900000000", "浙江省 杭州市 西湖区 文三路 1 号")), Ok(()));
        assert_eq!(check_merge(&keep, &keep.clone()), Err(OrderError::MergeSelf));
        assert_eq!(check_merge(&keep, &side(2, Shipped, "13800138000", "x")), Err(OrderError::MergeNotOpen { status: Shipped }));
        assert_eq!(
            check_merge(&keep, &side(2, PendingPayment, "13800138000", "x")),
            Err(OrderError::MergeStatusDiffers { keep: ToShip, from: PendingPayment })
        );
        assert_eq!(check_merge(&keep, &MergeSide { agent_id: 8, ..side(2, ToShip, "13800138000", "x") }), Err(OrderError::MergeOtherAgent));
        assert_eq!(check_merge(&keep, &side(2, ToShip, "13900000000", "上海市黄浦区南京东路 100 号")), Err(OrderError::MergeOtherRecipient));
        assert_eq!(check_merge(&keep, &MergeSide { coupon_fen: 500, ..side(2, ToShip, "13800138000", "x") }), Err(OrderError::MergeCoupon));
        assert_eq!(check_merge(&keep, &MergeSide { paid_fen: 100, ..side(2, ToShip, "13800138000", "x") }), Err(OrderError::MergePaid));
    }
}
