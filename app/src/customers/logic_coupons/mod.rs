//! Coupons (SPEC C4): a personal coupon for one customer — amount off or percentage off, with a
//! minimum spend and an expiry — its code, and the check made when an order redeems it.
//!
//! # Definitions
//! - Valid while `now_ms < expires_at_ms` (the expiry instant itself is already expired).
//! - The minimum spend is met when the order subtotal is **at least** `min_spend_fen`.
//! - Amount off: `min(amount, subtotal)`. Percentage off (`percent` = 15 means 15% off, 8.5 折):
//!   `subtotal × percent / 100`, rounded half-up to the fen, never more than the subtotal.
//! - [`check_redeem`] checks, in this order: a non-negative subtotal, the owner, not already
//!   used, not expired, minimum spend; the first failure is returned. Ownership comes first so
//!   another customer's code reveals nothing about its state.

mod code;

#[cfg(test)]
mod tests;

pub use code::{check_code_format, generate_code, normalize_code, CODE_ALPHABET, CODE_LEN, CODE_SEED_SPACE};

use crate::customers::logic_util::fen_half_up;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Largest amount for a discount or a minimum spend: ¥1,000,000.
pub const MAX_COUPON_FEN: i64 = 100_000_000;

/// What the coupon takes off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Discount {
    AmountOff { fen: i64 },
    /// Percent off the subtotal, 0 < percent ≤ 100, at most two decimals.
    PercentOff { percent: Decimal },
}

/// A coupon issued to one customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coupon {
    pub code: String,
    pub customer_id: i64,
    pub discount: Discount,
    /// 0 for a coupon without threshold (无门槛).
    pub min_spend_fen: i64,
    pub expires_at_ms: i64,
    /// Set when an order redeemed it.
    pub redeemed_at_ms: Option<i64>,
}

/// Why a coupon cannot be issued or redeemed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CouponError {
    BadCode { code: String },
    BadAmount { fen: i64 },
    BadPercent { percent: Decimal },
    BadMinSpend { fen: i64 },
    ExpiryInPast { expires_at_ms: i64 },
    BadSubtotal { fen: i64 },
    WrongCustomer { code: String },
    AlreadyUsed { used_at_ms: i64 },
    Expired { expires_at_ms: i64 },
    BelowMinimum { min_spend_fen: i64, subtotal_fen: i64 },
}

impl CouponError {
    pub fn code(&self) -> &'static str {
        match self {
            CouponError::BadCode { .. } => "coupon_bad_code",
            CouponError::BadAmount { .. } => "coupon_bad_amount",
            CouponError::BadPercent { .. } => "coupon_bad_percent",
            CouponError::BadMinSpend { .. } => "coupon_bad_min_spend",
            CouponError::ExpiryInPast { .. } => "coupon_expiry_in_past",
            CouponError::BadSubtotal { .. } => "coupon_bad_subtotal",
            CouponError::WrongCustomer { .. } => "coupon_wrong_customer",
            CouponError::AlreadyUsed { .. } => "coupon_already_used",
            CouponError::Expired { .. } => "coupon_expired",
            CouponError::BelowMinimum { .. } => "coupon_below_minimum",
        }
    }

}

/// Check a coupon's terms: a discount of ¥0.01–¥1,000,000 or 0–100 % (two decimals at most),
/// a minimum spend of ¥0–¥1,000,000.
pub fn check_terms(discount: &Discount, min_spend_fen: i64) -> Result<(), CouponError> {
    match discount {
        Discount::AmountOff { fen } if !(1..=MAX_COUPON_FEN).contains(fen) => return Err(CouponError::BadAmount { fen: *fen }),
        Discount::PercentOff { percent } => {
            let p = percent.normalize();
            if p <= Decimal::ZERO || p > Decimal::ONE_HUNDRED || p.scale() > 2 {
                return Err(CouponError::BadPercent { percent: p });
            }
        }
        Discount::AmountOff { .. } => {}
    }
    if !(0..=MAX_COUPON_FEN).contains(&min_spend_fen) {
        return Err(CouponError::BadMinSpend { fen: min_spend_fen });
    }
    Ok(())
}

/// Check a coupon before it is issued at `now_ms`.
pub fn check_new_coupon(coupon: &Coupon, now_ms: i64) -> Result<(), CouponError> {
    check_code_format(&coupon.code)?;
    check_terms(&coupon.discount, coupon.min_spend_fen)?;
    if coupon.expires_at_ms <= now_ms {
        return Err(CouponError::ExpiryInPast { expires_at_ms: coupon.expires_at_ms });
    }
    Ok(())
}

/// The discount in fen for an order of `subtotal_fen` (≥ 0), ignoring every other condition.
pub fn discount_fen(discount: &Discount, subtotal_fen: i64) -> i64 {
    let off = match discount {
        Discount::AmountOff { fen } => *fen,
        Discount::PercentOff { percent } => fen_half_up(Decimal::from(subtotal_fen) * *percent / Decimal::ONE_HUNDRED),
    };
    off.clamp(0, subtotal_fen.max(0))
}

/// The discount when `customer_id` redeems `coupon` on an order of `order_subtotal_fen` at `now_ms`.
pub fn check_redeem(coupon: &Coupon, customer_id: i64, order_subtotal_fen: i64, now_ms: i64) -> Result<i64, CouponError> {
    if order_subtotal_fen < 0 {
        return Err(CouponError::BadSubtotal { fen: order_subtotal_fen });
    }
    if coupon.customer_id != customer_id {
        return Err(CouponError::WrongCustomer { code: coupon.code.clone() });
    }
    if let Some(used_at_ms) = coupon.redeemed_at_ms {
        return Err(CouponError::AlreadyUsed { used_at_ms });
    }
    if now_ms >= coupon.expires_at_ms {
        return Err(CouponError::Expired { expires_at_ms: coupon.expires_at_ms });
    }
    if order_subtotal_fen < coupon.min_spend_fen {
        return Err(CouponError::BelowMinimum { min_spend_fen: coupon.min_spend_fen, subtotal_fen: order_subtotal_fen });
    }
    Ok(discount_fen(&coupon.discount, order_subtotal_fen))
}

