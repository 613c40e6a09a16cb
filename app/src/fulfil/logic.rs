//! The fulfilment area's refusals ([`FulfilError`]) and the validation of a routing
//! configuration before it is saved, with messages the boss can act on.
//! Rule and row numbers in messages are 1-based; the indexes stored in errors are 0-based.

use serde::{Deserialize, Serialize};

use super::logic_courier::{Range, RoutingConfig, RoutingRule};
use crate::i18n::Lang;
use crate::region as province;

/// Which range of a rule an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RangeField {
    WeightG,
    AmountFen,
}

/// A field of a courier's sender block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SenderField {
    Name,
    Mobile,
    Province,
    City,
    Detail,
}

/// Why a routing configuration cannot be saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FulfilError {
    /// Courier at row `index` has an empty code.
    CourierCodeEmpty {
        index: usize,
    },
    /// A code is not 1–16 characters of A–Z, 0–9 or `_`.
    CourierCodeInvalid {
        courier: String,
    },
    CourierCodeDuplicate {
        courier: String,
    },
    CourierNameEmpty {
        courier: String,
    },
    /// An active courier's sender block lacks a field needed on the waybill.
    SenderIncomplete {
        courier: String,
        field: SenderField,
    },
    DefaultCourierUnknown {
        courier: String,
    },
    DefaultCourierInactive {
        courier: String,
    },
    RuleNameEmpty {
        rule: usize,
    },
    RuleCourierUnknown {
        rule: usize,
        courier: String,
    },
    RuleUnknownProvince {
        rule: usize,
        name: String,
    },
    RuleNegativeBound {
        rule: usize,
        field: RangeField,
        value: i64,
    },
    RuleRangeInverted {
        rule: usize,
        field: RangeField,
        min: i64,
        max: i64,
    },
    /// The rule asks for remote destinations but the remote-area list is empty.
    RuleRemoteListEmpty {
        rule: usize,
    },
    /// An earlier catch-all rule (no conditions) always wins, so this one never applies.
    RuleUnreachable {
        rule: usize,
        shadowed_by: usize,
    },
    RemoteAreaUnknownProvince {
        index: usize,
        name: String,
    },
    /// An order cannot be given a courier that does not exist or is inactive.
    CourierUnknown {
        courier: String,
    },
    /// A batch action without any order.
    NothingSelected,
    TooManySelected {
        max: u32,
    },
    /// A tracking import without any row.
    ImportEmpty,
    ImportTooManyRows {
        max: u32,
    },
    /// The file is neither CSV (UTF-8 or GBK) nor xlsx, or has no order/tracking columns.
    ImportUnreadable,
    /// Row `line` (1-based) lacks an order number or a tracking number.
    ImportBadRow {
        line: u32,
    },
    UnknownOrder {
        order_no: String,
    },
    /// Shipped before with another tracking number (the same number again changes nothing).
    AlreadyShipped {
        order_no: String,
        tracking_no: String,
    },
    /// Only 待发货 orders ship.
    NotToShip {
        order_no: String,
        status: crate::orders::OrderStatus,
    },
    /// The tracking number is already on another order.
    TrackingUsed {
        tracking_no: String,
        order_no: String,
    },
    /// 4–40 letters, digits or `-`.
    TrackingInvalid {
        tracking_no: String,
    },
    /// After-sales only on a shipped or completed order.
    AfterSaleNotShipped {
        status: crate::orders::OrderStatus,
    },
    AfterSaleBadStep {
        state: super::logic_aftersale::AfterSaleState,
        action: super::logic_aftersale::AfterSaleAction,
    },
    /// A refund cannot exceed what was paid (less refunds made or requested).
    RefundOverPaid {
        asked_fen: i64,
        left_fen: i64,
    },
    /// A returned item must be on the order, at most as many as it has.
    ReturnLineInvalid {
        sku_id: i64,
    },
    /// A return or exchange names the goods coming back.
    ReturnLinesMissing,
}

impl FulfilError {
    /// Stable snake_case identifier for the API and tests.
    pub fn code(&self) -> &'static str {
        use FulfilError::*;
        match self {
            CourierCodeEmpty { .. } => "courier_code_empty",
            CourierCodeInvalid { .. } => "courier_code_invalid",
            CourierCodeDuplicate { .. } => "courier_code_duplicate",
            CourierNameEmpty { .. } => "courier_name_empty",
            SenderIncomplete { .. } => "sender_incomplete",
            DefaultCourierUnknown { .. } => "default_courier_unknown",
            DefaultCourierInactive { .. } => "default_courier_inactive",
            RuleNameEmpty { .. } => "rule_name_empty",
            RuleCourierUnknown { .. } => "rule_courier_unknown",
            RuleUnknownProvince { .. } => "rule_unknown_province",
            RuleNegativeBound { .. } => "rule_negative_bound",
            RuleRangeInverted { .. } => "rule_range_inverted",
            RuleRemoteListEmpty { .. } => "rule_remote_list_empty",
            RuleUnreachable { .. } => "rule_unreachable",
            RemoteAreaUnknownProvince { .. } => "remote_area_unknown_province",
            CourierUnknown { .. } => "courier_unknown",
            NothingSelected => "nothing_selected",
            TooManySelected { .. } => "too_many_selected",
            ImportEmpty => "import_empty",
            ImportTooManyRows { .. } => "import_too_many_rows",
            ImportUnreadable => "import_unreadable",
            ImportBadRow { .. } => "import_bad_row",
            UnknownOrder { .. } => "unknown_order",
            AlreadyShipped { .. } => "already_shipped",
            NotToShip { .. } => "not_to_ship",
            TrackingUsed { .. } => "tracking_used",
            TrackingInvalid { .. } => "tracking_invalid",
            AfterSaleNotShipped { .. } => "after_sale_not_shipped",
            AfterSaleBadStep { .. } => "after_sale_bad_step",
            RefundOverPaid { .. } => "refund_over_paid",
            ReturnLineInvalid { .. } => "return_line_invalid",
            ReturnLinesMissing => "return_lines_missing",
        }
    }

    /// The message shown to the user.
    pub fn message(&self, lang: Lang) -> String {
        super::text::error_text(self, lang)
    }

    /// One of each kind, for the error round-trip test.
    pub fn examples() -> Vec<FulfilError> {
        use FulfilError::*;
        vec![
            CourierCodeEmpty { index: 0 },
            SenderIncomplete { courier: "YTO".into(), field: SenderField::Mobile },
            RuleRangeInverted { rule: 1, field: RangeField::WeightG, min: 5, max: 1 },
            CourierUnknown { courier: "SF".into() },
            NothingSelected,
            TooManySelected { max: 500 },
            ImportBadRow { line: 3 },
            AlreadyShipped { order_no: "ZG1".into(), tracking_no: "YT1".into() },
            NotToShip { order_no: "ZG1".into(), status: crate::orders::OrderStatus::Cancelled },
            AfterSaleNotShipped { status: crate::orders::OrderStatus::ToShip },
            AfterSaleBadStep { state: super::logic_aftersale::AfterSaleState::Rejected, action: super::logic_aftersale::AfterSaleAction::Refund },
            RefundOverPaid { asked_fen: 5001, left_fen: 5000 },
            ReturnLineInvalid { sku_id: 3 },
            ReturnLinesMissing,
        ]
    }
}

impl crate::error::AreaError for FulfilError {
    fn code(&self) -> &'static str {
        FulfilError::code(self)
    }

    fn is_conflict(&self) -> bool {
        use FulfilError::*;
        matches!(self, AlreadyShipped { .. } | NotToShip { .. } | TrackingUsed { .. } | AfterSaleNotShipped { .. } | AfterSaleBadStep { .. })
    }
}

/// Most orders one print job, picking list or export selection may hold.
pub const MAX_BATCH: u32 = 500;
/// Most rows one tracking import may hold.
pub const MAX_IMPORT_ROWS: u32 = 2_000;

/// A tracking number as couriers print them: 4–40 ASCII letters, digits or `-`, upper-cased.
pub fn tracking_no(raw: &str) -> Result<String, FulfilError> {
    let t: String = crate::region::fold(raw.trim()).to_ascii_uppercase();
    let ok = (4..=40).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if ok { Ok(t) } else { Err(FulfilError::TrackingInvalid { tracking_no: raw.trim().chars().take(40).collect() }) }
}


impl RoutingConfig {
    /// Every problem in the configuration, in display order; `Ok` when it can be saved.
    pub fn validate(&self) -> Result<(), Vec<FulfilError>> {
        let mut errs = Vec::new();
        self.check_couriers(&mut errs);
        match self.courier(&self.default_courier) {
            None => errs.push(FulfilError::DefaultCourierUnknown { courier: self.default_courier.clone() }),
            Some(c) if !c.active => errs.push(FulfilError::DefaultCourierInactive { courier: c.code.clone() }),
            Some(_) => {}
        }
        for (i, rule) in self.rules.iter().enumerate() {
            self.check_rule(i, rule, &mut errs);
        }
        self.check_shadowing(&mut errs);
        for (i, a) in self.remote_areas.iter().enumerate() {
            if province::normalize(&a.province).is_none() {
                errs.push(FulfilError::RemoteAreaUnknownProvince { index: i, name: a.province.clone() });
            }
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(errs)
        }
    }

    fn check_couriers(&self, errs: &mut Vec<FulfilError>) {
        for (i, c) in self.couriers.iter().enumerate() {
            if c.code.is_empty() {
                errs.push(FulfilError::CourierCodeEmpty { index: i });
                continue;
            }
            let ok =
                c.code.len() <= 16 && c.code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
            if !ok {
                errs.push(FulfilError::CourierCodeInvalid { courier: c.code.clone() });
            }
            if self.couriers[..i].iter().any(|d| d.code == c.code) {
                errs.push(FulfilError::CourierCodeDuplicate { courier: c.code.clone() });
            }
            if c.name.trim().is_empty() {
                errs.push(FulfilError::CourierNameEmpty { courier: c.code.clone() });
            }
            let s = &c.sender;
            let fields = [
                (SenderField::Name, &s.name),
                (SenderField::Mobile, &s.mobile),
                (SenderField::Province, &s.province),
                (SenderField::City, &s.city),
                (SenderField::Detail, &s.detail),
            ];
            // Only an active courier prints waybills, so only it needs a complete sender.
            if let Some((field, _)) = fields.iter().find(|(_, v)| v.trim().is_empty()).filter(|_| c.active) {
                errs.push(FulfilError::SenderIncomplete { courier: c.code.clone(), field: *field });
            }
        }
    }

    fn check_rule(&self, i: usize, rule: &RoutingRule, errs: &mut Vec<FulfilError>) {
        if rule.name.trim().is_empty() {
            errs.push(FulfilError::RuleNameEmpty { rule: i });
        }
        if self.courier(&rule.courier_code).is_none() {
            errs.push(FulfilError::RuleCourierUnknown { rule: i, courier: rule.courier_code.clone() });
        }
        for name in &rule.when.provinces {
            if province::normalize(name).is_none() {
                errs.push(FulfilError::RuleUnknownProvince { rule: i, name: name.clone() });
            }
        }
        check_range(i, RangeField::WeightG, &rule.when.weight_g, errs);
        check_range(i, RangeField::AmountFen, &rule.when.amount_fen, errs);
        if rule.when.remote == Some(true) && self.remote_areas.is_empty() {
            errs.push(FulfilError::RuleRemoteListEmpty { rule: i });
        }
    }

    /// Forced rules run before the others, so a forced catch-all shadows every later
    /// forced rule and every unforced one; an unforced catch-all shadows later unforced rules.
    fn check_shadowing(&self, errs: &mut Vec<FulfilError>) {
        let live = |r: &RoutingRule| r.enabled && self.is_active_code(&r.courier_code);
        for (j, rule) in self.rules.iter().enumerate().filter(|(_, r)| live(r)) {
            let shadow = self.rules.iter().enumerate().find(|(i, r)| {
                let runs_first = (r.force && !rule.force) || (r.force == rule.force && *i < j);
                *i != j && live(r) && r.when.is_empty() && runs_first
            });
            if let Some((i, _)) = shadow {
                errs.push(FulfilError::RuleUnreachable { rule: j, shadowed_by: i });
            }
        }
    }

    fn is_active_code(&self, code: &str) -> bool {
        self.courier(code).is_some_and(|c| c.active)
    }
}

fn check_range(rule: usize, field: RangeField, r: &Range, errs: &mut Vec<FulfilError>) {
    for v in [r.min, r.max].into_iter().flatten() {
        if v < 0 {
            errs.push(FulfilError::RuleNegativeBound { rule, field, value: v });
            return;
        }
    }
    if let (Some(min), Some(max)) = (r.min, r.max) {
        if min > max {
            errs.push(FulfilError::RuleRangeInverted { rule, field, min, max });
        }
    }
}

#[cfg(test)]
#[path = "logic_tests.rs"]
mod tests;
