//! Pure order rules: the status flow, input checks, order numbers. No IO.

use super::{NewOrder, NewOrderLine, OrderStatus, Transition};
use crate::auth::Perm;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

impl Transition {
    /// The status an order moves to, or a conflict if the flow does not allow it.
    /// 待付款 → 待发货 → 已发货 → 已完成; 待付款/待发货 → 已取消.
    pub fn apply(self, from: OrderStatus) -> AppResult<OrderStatus> {
        use OrderStatus::*;
        let to = match (self, from) {
            (Transition::MarkPaid, PendingPayment) => ToShip,
            (Transition::Ship, ToShip) => Shipped,
            (Transition::Complete, Shipped) => Completed,
            (Transition::Cancel, PendingPayment | ToShip) => Cancelled,
            _ => {
                return Err(AppError::conflict(
                    format!("订单当前为「{}」，不能{}", from.label(Lang::Zh), self.label(Lang::Zh)),
                    format!("The order is '{}' and cannot be changed by '{}'", from.label(Lang::En), self.label(Lang::En)),
                ))
            }
        };
        Ok(to)
    }

    pub fn perm(self) -> Perm {
        match self {
            Transition::MarkPaid => Perm::MarkPaid,
            Transition::Ship => Perm::Ship,
            Transition::Complete => Perm::CompleteOrder,
            Transition::Cancel => Perm::CancelOrder,
        }
    }

    /// Transitions offered for an order in `status`.
    pub fn available(status: OrderStatus) -> Vec<Transition> {
        [Transition::MarkPaid, Transition::Ship, Transition::Complete, Transition::Cancel]
            .into_iter()
            .filter(|t| t.apply(status).is_ok())
            .collect()
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let s = lang.strings();
        match self {
            Transition::MarkPaid => s.mark_paid,
            Transition::Ship => s.ship,
            Transition::Complete => s.complete,
            Transition::Cancel => s.cancel_order,
        }
    }
}

/// A mainland mobile number: 11 digits starting with 1[3-9]; spaces, dashes and +86 are dropped.
pub fn parse_mobile(input: &str) -> AppResult<String> {
    let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
    let digits = digits.strip_prefix("+86").or_else(|| digits.strip_prefix("0086")).unwrap_or(&digits);
    let b = digits.as_bytes();
    if b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit) {
        Ok(digits.to_string())
    } else {
        Err(AppError::validation("mobile", "手机号格式不正确（11 位数字，1 开头）", "Invalid mobile number (11 digits starting with 1)"))
    }
}

pub const MAX_LINES: usize = 50;
pub const MAX_QTY: i64 = 9999;

/// A new order after its input checks: trimmed text, a valid mobile, merged lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedOrder {
    pub customer_name: String,
    pub mobile: String,
    pub address: String,
    pub lines: Vec<NewOrderLine>,
}

/// Check a new order's input. Lines for the same SKU are merged.
pub fn check_new_order(input: &NewOrder) -> AppResult<CheckedOrder> {
    let customer_name = input.customer_name.trim().to_string();
    if customer_name.is_empty() || customer_name.chars().count() > 40 {
        return Err(AppError::validation("customer_name", "请填写收货人（最多 40 字）", "Enter the recipient (at most 40 characters)"));
    }
    let mobile = parse_mobile(&input.mobile)?;
    let address = input.address.trim().to_string();
    if address.chars().count() < 5 || address.chars().count() > 200 {
        return Err(AppError::validation("address", "请填写完整的收货地址（5–200 字）", "Enter the full address (5–200 characters)"));
    }
    let mut lines: Vec<NewOrderLine> = Vec::new();
    for l in &input.lines {
        if l.qty <= 0 || l.qty > MAX_QTY {
            return Err(AppError::validation("lines", format!("数量需在 1–{MAX_QTY} 之间"), format!("Quantity must be 1–{MAX_QTY}")));
        }
        match lines.iter_mut().find(|x| x.sku_id == l.sku_id) {
            Some(x) => x.qty += l.qty,
            None => lines.push(l.clone()),
        }
    }
    if lines.is_empty() {
        return Err(AppError::validation("lines", "请至少添加一件商品", "Add at least one item"));
    }
    if lines.len() > MAX_LINES {
        return Err(AppError::validation("lines", format!("一个订单最多 {MAX_LINES} 种商品"), format!("At most {MAX_LINES} items per order")));
    }
    Ok(CheckedOrder { customer_name, mobile, address, lines })
}

/// Order number: `ZG` + business date (yyMMdd) + the row id, zero-padded to 6.
pub fn order_no(day: i64, id: i64) -> String {
    format!("ZG{}{id:06}", crate::time::date_of_day(day).format("%y%m%d"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders::Channel;
    use OrderStatus::*;

    #[test]
    fn status_flow() {
        assert_eq!(Transition::MarkPaid.apply(PendingPayment), Ok(ToShip));
        assert_eq!(Transition::Ship.apply(ToShip), Ok(Shipped));
        assert_eq!(Transition::Complete.apply(Shipped), Ok(Completed));
        assert_eq!(Transition::Cancel.apply(ToShip), Ok(Cancelled));
        assert!(Transition::Ship.apply(PendingPayment).is_err());
        assert!(Transition::Cancel.apply(Shipped).is_err());
        assert!(Transition::Ship.apply(Shipped).is_err(), "no double shipping");
        assert_eq!(Transition::available(ToShip), vec![Transition::Ship, Transition::Cancel]);
        assert!(Transition::available(Completed).is_empty());
        let e = Transition::Ship.apply(Cancelled).unwrap_err();
        assert!(e.message(Lang::Zh).contains("已取消"));
    }

    #[test]
    fn mobiles() {
        assert_eq!(parse_mobile("138 0013 8000").unwrap(), "13800138000");
        assert_eq!(parse_mobile("+86-138-0013-8000").unwrap(), "13800138000");
        assert!(parse_mobile("12800138000").is_err());
        assert!(parse_mobile("1380013800").is_err());
        assert!(parse_mobile("1380013800a").is_err());
    }

    fn order(lines: Vec<(i64, i64)>) -> NewOrder {
        NewOrder {
            agent_id: 1,
            customer_name: " 王姐 ".into(),
            mobile: "13800138000".into(),
            address: "浙江省杭州市西湖区文三路 1 号".into(),
            channel: Channel::Manual,
            lines: lines.into_iter().map(|(sku_id, qty)| NewOrderLine { sku_id, qty }).collect(),
        }
    }

    #[test]
    fn new_order_checks_and_merges() {
        let c = check_new_order(&order(vec![(1, 2), (2, 1), (1, 3)])).unwrap();
        assert_eq!(c.customer_name, "王姐");
        assert_eq!(c.lines, vec![NewOrderLine { sku_id: 1, qty: 5 }, NewOrderLine { sku_id: 2, qty: 1 }]);
        assert!(check_new_order(&order(vec![])).is_err());
        assert!(check_new_order(&order(vec![(1, 0)])).is_err());
        let mut bad = order(vec![(1, 1)]);
        bad.address = "杭州".into();
        assert!(matches!(check_new_order(&bad), Err(AppError::Validation { field, .. }) if field == "address"));
    }

    #[test]
    fn order_numbers() {
        let day = crate::time::day_of_date(chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        assert_eq!(order_no(day, 42), "ZG261129000042");
    }
}
