//! Purchase suggestions: how much to order so that stock covers forecast demand over the lead
//! time plus a safety stock, net of what is available and already on order, rounded up to whole
//! packs and the supplier's minimum; then the suggestions grouped into one order per supplier.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// Float noise in a forecast sum (30 × 0.1 = 3.0000000000000013) must not buy a whole extra unit.
const CEIL_TOLERANCE: f64 = 1e-9;

/// Why a suggestion could not be computed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PurchaseError {
    /// Lead time plus review period is longer than the forecast.
    CoverBeyondForecast { cover_days: u32, forecast_days: u32 },
    /// A pack size must be at least 1.
    PackSizeZero,
    /// Safety stock or demand deviation is negative or not a number.
    InvalidSafetyStock,
    /// Quantity × unit cost does not fit in i64 fen.
    CostOverflow { sku_id: i64 },
}

impl PurchaseError {
    pub fn code(&self) -> &'static str {
        match self {
            PurchaseError::CoverBeyondForecast { .. } => "cover_beyond_forecast",
            PurchaseError::PackSizeZero => "pack_size_invalid",
            PurchaseError::InvalidSafetyStock => "safety_stock_invalid",
            PurchaseError::CostOverflow { .. } => "cost_overflow",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (PurchaseError::CoverBeyondForecast { cover_days, forecast_days }, Lang::Zh) => {
                format!("到货周期加补货间隔共 {cover_days} 天，超过了 {forecast_days} 天的预测范围")
            }
            (PurchaseError::CoverBeyondForecast { cover_days, forecast_days }, Lang::En) => format!(
                "Lead time plus review period ({cover_days} days) is longer than the {forecast_days}-day forecast"
            ),
            (PurchaseError::PackSizeZero, Lang::Zh) => "每箱数量至少为 1".to_string(),
            (PurchaseError::PackSizeZero, Lang::En) => "Pack size must be at least 1".to_string(),
            (PurchaseError::InvalidSafetyStock, Lang::Zh) => "安全库存不能为负数".to_string(),
            (PurchaseError::InvalidSafetyStock, Lang::En) => "Safety stock cannot be negative".to_string(),
            (PurchaseError::CostOverflow { sku_id }, Lang::Zh) => format!("商品 {sku_id} 的采购金额过大，请检查数量和单价"),
            (PurchaseError::CostOverflow { sku_id }, Lang::En) => {
                format!("The purchase amount for SKU {sku_id} is too large; check quantity and unit cost")
            }
        }
    }
}

/// Probability of not running out during the lead time; each maps to a standard normal quantile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceLevel {
    P90,
    P95,
    P98,
    P99,
}

impl ServiceLevel {
    /// One-sided standard normal quantile Φ⁻¹(level).
    pub fn z(self) -> f64 {
        match self {
            ServiceLevel::P90 => 1.281_551_565_5,
            ServiceLevel::P95 => 1.644_853_626_9,
            ServiceLevel::P98 => 2.053_748_910_6,
            ServiceLevel::P99 => 2.326_347_874_0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ServiceLevel::P90 => "90%",
            ServiceLevel::P95 => "95%",
            ServiceLevel::P98 => "98%",
            ServiceLevel::P99 => "99%",
        }
    }
}

/// How the safety stock is set.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum SafetyStock {
    /// A quantity the boss sets.
    Fixed(f64),
    /// z × daily demand deviation × √(cover days); `daily_std` is e.g. `Forecast::daily_std`.
    Service { level: ServiceLevel, daily_std: f64 },
}

/// Everything [`suggest`] needs for one SKU.
#[derive(Clone, Debug, PartialEq)]
pub struct ReorderInput<'a> {
    /// Forecast demand from today, one value per day.
    pub forecast_daily: &'a [f64],
    /// Days from placing the order to having the goods.
    pub lead_time_days: u32,
    /// Further days the order must last after it arrives (until the next order); 0 orders for
    /// the lead time alone.
    pub review_days: u32,
    pub safety: SafetyStock,
    /// On hand − reserved for unshipped orders; negative when oversold.
    pub available: i64,
    /// Ordered from suppliers, not yet received.
    pub on_order: i64,
    /// Units per pack (1 = single units).
    pub pack_size: u32,
    /// Supplier's minimum order quantity in units (0 = none).
    pub moq: u32,
}

/// A suggested order quantity and how it was reached.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Units to order: 0, or at least the MOQ and a whole number of packs.
    pub qty: i64,
    /// Forecast demand over lead time + review period.
    pub demand: f64,
    pub safety_stock: f64,
    /// demand + safety stock − available − on order (negative: enough stock).
    pub shortfall: f64,
}

/// Suggest an order quantity: forecast over the lead time (+ review days) + safety stock −
/// available − on order, rounded up to whole units, the MOQ and whole packs; never negative.
pub fn suggest(input: &ReorderInput) -> Result<Suggestion, PurchaseError> {
    let cover = input.lead_time_days.saturating_add(input.review_days);
    let cover_len = cover as usize;
    if cover_len > input.forecast_daily.len() {
        let forecast_days = u32::try_from(input.forecast_daily.len()).unwrap_or(u32::MAX);
        return Err(PurchaseError::CoverBeyondForecast {
            cover_days: cover,
            forecast_days,
        });
    }
    if input.pack_size == 0 {
        return Err(PurchaseError::PackSizeZero);
    }
    let safety_stock = match input.safety {
        SafetyStock::Fixed(q) => q,
        SafetyStock::Service { level, daily_std } => {
            level.z() * daily_std * f64::from(cover).sqrt()
        }
    };
    if !(safety_stock >= 0.0 && safety_stock.is_finite()) {
        return Err(PurchaseError::InvalidSafetyStock);
    }
    let demand: f64 = input.forecast_daily[..cover_len]
        .iter()
        .map(|v| v.max(0.0))
        .sum();
    let shortfall = demand + safety_stock - input.available as f64 - input.on_order as f64;
    let qty = if shortfall <= CEIL_TOLERANCE {
        0
    } else {
        let units = ((shortfall - CEIL_TOLERANCE).ceil() as i64).max(i64::from(input.moq));
        let pack = i64::from(input.pack_size);
        (units + pack - 1) / pack * pack
    };
    Ok(Suggestion {
        qty,
        demand,
        safety_stock,
        shortfall,
    })
}

/// One SKU to buy, as the app has it after [`suggest`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionLine {
    pub sku_id: i64,
    /// The SKU's usual supplier; `None` when not set.
    pub supplier_id: Option<i64>,
    pub qty: i64,
    /// Purchase price per unit in fen, if known.
    pub unit_cost_fen: Option<i64>,
}

/// The lines of one purchase order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierGroup {
    pub supplier_id: Option<i64>,
    /// Ordered by SKU id.
    pub lines: Vec<SuggestionLine>,
    pub total_qty: i64,
    /// Sum over the lines whose unit cost is known.
    pub total_cost_fen: i64,
    /// Lines without a unit cost (the total is then a lower bound).
    pub lines_without_cost: u32,
}

/// Group lines with a positive quantity by supplier: suppliers by id, lines without a supplier
/// last (未指定供应商).
pub fn group_by_supplier(lines: &[SuggestionLine]) -> Result<Vec<SupplierGroup>, PurchaseError> {
    let mut sorted: Vec<&SuggestionLine> = lines.iter().filter(|l| l.qty > 0).collect();
    sorted.sort_by_key(|l| (l.supplier_id.is_none(), l.supplier_id, l.sku_id));
    let mut groups: Vec<SupplierGroup> = Vec::new();
    for l in sorted {
        let cost = match l.unit_cost_fen {
            Some(c) => Some(
                l.qty
                    .checked_mul(c)
                    .ok_or(PurchaseError::CostOverflow { sku_id: l.sku_id })?,
            ),
            None => None,
        };
        if groups.last().is_none_or(|g| g.supplier_id != l.supplier_id) {
            groups.push(SupplierGroup {
                supplier_id: l.supplier_id,
                lines: Vec::new(),
                total_qty: 0,
                total_cost_fen: 0,
                lines_without_cost: 0,
            });
        }
        let g = groups.last_mut().expect("pushed above");
        g.lines.push(l.clone());
        g.total_qty += l.qty;
        match cost {
            Some(c) => {
                g.total_cost_fen = g
                    .total_cost_fen
                    .checked_add(c)
                    .ok_or(PurchaseError::CostOverflow { sku_id: l.sku_id })?
            }
            None => g.lines_without_cost += 1,
        }
    }
    Ok(groups)
}

#[cfg(test)]
#[path = "purchase_tests.rs"]
mod tests;
