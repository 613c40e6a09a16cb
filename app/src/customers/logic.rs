//! Pure customer rules: the area's error enum, mobile masking, input checks for profiles,
//! addresses, notes, tags and campaigns, and the discount split over order lines. The
//! bigger rule sets are in `logic_rfm`, `logic_lifecycle`, `logic_tags`, `logic_coupons`,
//! `logic_repurchase` and `logic_import`.

use super::logic_coupons::{CouponError, Discount, MAX_COUPON_FEN};
use super::logic_lifecycle::LifecycleError;
use super::logic_repurchase::RepurchaseError;
use super::logic_rfm::RfmError;
use super::logic_tags::{FieldDef, FieldKind, FieldValue, Rule, RuleSchema, TagError};
use super::{AddressInput, CampaignInput, CustomerEdit, DiscountKind, NewCustomer};
use crate::error::{AppError, AreaError, CommonError};
use crate::money::Money;
use crate::orders::logic::{bounded_text, parse_mobile};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::str::FromStr;

/// A refusal of the customers area.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum CustomerError {
    /// The agent is not an active agent in the caller's line.
    AgentRequired,
    /// This agent already has a customer with this mobile.
    DuplicateMobile { mobile: String },
    BadBirthday { value: String },
    UnknownField { name: String },
    NotANumber { name: String, value: String },
    TagNameTaken { name: String },
    FieldNameTaken { name: String },
    CampaignNameTaken { name: String },
    /// The rule text is not a rule (the editor sends JSON).
    BadRuleJson,
    /// Everything wrong with a rule, in tree order.
    BadRule { problems: Vec<TagError> },
    /// Automatic tags come from their rule; they cannot be set by hand.
    TagIsAutomatic,
    /// A campaign must pick its customers by a tag, a stage or days without an order.
    CampaignWithoutTarget,
    Lifecycle { error: LifecycleError },
    Coupon { error: CouponError },
    /// No coupon with this code.
    UnknownCoupon { given: String },
    Repurchase { error: RepurchaseError },
    Rfm { error: RfmError },
    /// The file could not be read as .xlsx or .csv.
    ImportUnreadable { detail: String },
    /// A required column is missing from the header row.
    ImportMissingColumn { column: String },
    ImportTooManyRows { max: u32 },
    /// The same agent and mobile appear twice in the file.
    ImportDuplicateRow { first_row: u32 },
    /// Some rows are bad: nothing was imported.
    ImportRejected { bad_rows: u32 },
    /// The customer's personal data was erased; the profile cannot be changed.
    Erased,
}

impl AreaError for CustomerError {
    fn code(&self) -> &'static str {
        match self {
            CustomerError::AgentRequired => "agent_required",
            CustomerError::DuplicateMobile { .. } => "duplicate_mobile",
            CustomerError::BadBirthday { .. } => "bad_birthday",
            CustomerError::UnknownField { .. } => "unknown_field",
            CustomerError::NotANumber { .. } => "not_a_number",
            CustomerError::TagNameTaken { .. } => "tag_name_taken",
            CustomerError::FieldNameTaken { .. } => "field_name_taken",
            CustomerError::CampaignNameTaken { .. } => "campaign_name_taken",
            CustomerError::BadRuleJson => "bad_rule_json",
            CustomerError::BadRule { .. } => "bad_rule",
            CustomerError::TagIsAutomatic => "tag_is_automatic",
            CustomerError::CampaignWithoutTarget => "campaign_without_target",
            CustomerError::Lifecycle { error } => error.code(),
            CustomerError::Coupon { error } => error.code(),
            CustomerError::UnknownCoupon { .. } => "unknown_coupon",
            CustomerError::Repurchase { error } => error.code(),
            CustomerError::Rfm { error } => error.code(),
            CustomerError::ImportUnreadable { .. } => "import_unreadable",
            CustomerError::ImportMissingColumn { .. } => "import_missing_column",
            CustomerError::ImportTooManyRows { .. } => "import_too_many_rows",
            CustomerError::ImportDuplicateRow { .. } => "import_duplicate_row",
            CustomerError::ImportRejected { .. } => "import_rejected",
            CustomerError::Erased => "erased",
        }
    }

    fn field(&self) -> Option<&str> {
        match self {
            CustomerError::AgentRequired => Some("agent_id"),
            CustomerError::DuplicateMobile { .. } => Some("mobile"),
            CustomerError::BadBirthday { .. } => Some("birthday"),
            CustomerError::UnknownField { .. } | CustomerError::NotANumber { .. } => Some("fields"),
            CustomerError::TagNameTaken { .. } | CustomerError::FieldNameTaken { .. } | CustomerError::CampaignNameTaken { .. } => Some("name"),
            CustomerError::BadRuleJson | CustomerError::BadRule { .. } => Some("rule"),
            CustomerError::Coupon { .. } | CustomerError::UnknownCoupon { .. } => Some("coupon_code"),
            _ => None,
        }
    }

    fn is_conflict(&self) -> bool {
        match self {
            CustomerError::DuplicateMobile { .. }
            | CustomerError::TagNameTaken { .. }
            | CustomerError::FieldNameTaken { .. }
            | CustomerError::CampaignNameTaken { .. }
            | CustomerError::ImportRejected { .. }
            | CustomerError::Erased => true,
            CustomerError::Coupon { error } => matches!(error, CouponError::AlreadyUsed { .. } | CouponError::Expired { .. }),
            _ => false,
        }
    }
}

impl CustomerError {
    pub fn code(&self) -> &'static str {
        AreaError::code(self)
    }

    #[cfg(test)]
    pub fn examples() -> Vec<CustomerError> {
        vec![
            CustomerError::AgentRequired,
            CustomerError::DuplicateMobile { mobile: "13800138000".into() },
            CustomerError::BadBirthday { value: "2024-13-01".into() },
            CustomerError::UnknownField { name: "宝宝月龄".into() },
            CustomerError::NotANumber { name: "宝宝月龄".into(), value: "八".into() },
            CustomerError::TagNameTaken { name: "高净值".into() },
            CustomerError::FieldNameTaken { name: "肤质".into() },
            CustomerError::CampaignNameTaken { name: "唤醒".into() },
            CustomerError::BadRuleJson,
            CustomerError::BadRule { problems: vec![TagError::EmptyGroup { at: "2".into() }, TagError::BadWindow { at: "1".into(), days: 0 }] },
            CustomerError::TagIsAutomatic,
            CustomerError::CampaignWithoutTarget,
            CustomerError::Lifecycle { error: LifecycleError::DormantNotBeforeChurn { dormant_days: 180, churn_days: 180 } },
            CustomerError::Coupon { error: CouponError::Expired { expires_at_ms: 1_731_254_400_000 } },
            CustomerError::Coupon { error: CouponError::AlreadyUsed { used_at_ms: 1_731_254_400_000 } },
            CustomerError::Coupon { error: CouponError::BelowMinimum { min_spend_fen: 10_000, subtotal_fen: 9_999 } },
            CustomerError::UnknownCoupon { given: "ME2XC8UJ".into() },
            CustomerError::Repurchase { error: RepurchaseError::TooManyMonths { months: 252, max: 240 } },
            CustomerError::Rfm { error: RfmError::DuplicateCustomer { customer_id: 3 } },
            CustomerError::ImportUnreadable { detail: "zip".into() },
            CustomerError::ImportMissingColumn { column: "手机号".into() },
            CustomerError::ImportTooManyRows { max: 20_000 },
            CustomerError::ImportDuplicateRow { first_row: 2 },
            CustomerError::ImportRejected { bad_rows: 3 },
            CustomerError::Erased,
        ]
    }
}

impl From<CouponError> for CustomerError {
    fn from(error: CouponError) -> Self {
        CustomerError::Coupon { error }
    }
}

impl From<CouponError> for AppError {
    fn from(error: CouponError) -> Self {
        CustomerError::Coupon { error }.into()
    }
}

impl From<LifecycleError> for AppError {
    fn from(error: LifecycleError) -> Self {
        CustomerError::Lifecycle { error }.into()
    }
}

impl From<RepurchaseError> for AppError {
    fn from(error: RepurchaseError) -> Self {
        CustomerError::Repurchase { error }.into()
    }
}

/// `138****8000`: a mobile as shown to people outside the owning line.
pub fn mask_mobile(mobile: &str) -> String {
    let chars: Vec<char> = mobile.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

pub const MAX_NAME: u32 = 40;
pub const MAX_WECHAT: u32 = 40;
pub const MAX_NOTE: u32 = 1000;
pub const MAX_FIELD_VALUE: u32 = 50;
pub const MAX_TAG_NAME: u32 = 20;
/// Addresses and notes kept per customer (older notes stay; this bounds one request).
pub const MAX_ADDRESSES: usize = 20;

/// A new customer after its checks: trimmed text and a valid mobile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedCustomer {
    pub name: String,
    pub mobile: String,
    pub wechat_id: String,
    pub address: String,
    pub note: String,
}

pub fn check_new_customer(input: &NewCustomer) -> Result<CheckedCustomer, AppError> {
    if input.agent_id <= 0 {
        return Err(CustomerError::AgentRequired.into());
    }
    Ok(CheckedCustomer {
        name: bounded_text("name", &input.name, MAX_NAME, true)?,
        mobile: parse_mobile(&input.mobile)?,
        wechat_id: bounded_text("wechat_id", &input.wechat_id, MAX_WECHAT, false)?,
        address: bounded_text("address", &input.address, crate::orders::logic::MAX_ADDRESS, false)?,
        note: bounded_text("note", &input.note, MAX_NOTE, false)?,
    })
}

/// `YYYY-MM-DD` (or empty) as a business day number.
pub fn parse_birthday(value: &str) -> Result<Option<i64>, CustomerError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let bad = || CustomerError::BadBirthday { value: v.chars().take(16).collect() };
    let date = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| bad())?;
    if !(1900..=2100).contains(&chrono::Datelike::year(&date)) {
        return Err(bad());
    }
    Ok(Some(crate::time::day_of_date(date)))
}

/// A custom field value as typed, checked against the field's kind; empty means "not filled in".
pub fn parse_field_value(def: &FieldDef, value: &str) -> Result<Option<FieldValue>, AppError> {
    let v = bounded_text("fields", value, MAX_FIELD_VALUE, false)?;
    if v.is_empty() {
        return Ok(None);
    }
    match def.kind {
        FieldKind::Text => Ok(Some(FieldValue::Text(v))),
        FieldKind::Number => match Decimal::from_str(&v) {
            Ok(d) if d.abs() < Decimal::from(1_000_000_000) => Ok(Some(FieldValue::Number(d.normalize()))),
            _ => Err(CustomerError::NotANumber { name: def.name.clone(), value: v }.into()),
        },
    }
}

/// Profile changes after their checks.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedEdit {
    pub name: String,
    pub wechat_id: String,
    pub birthday: Option<i64>,
    pub fields: BTreeMap<String, FieldValue>,
}

pub fn check_edit(input: &CustomerEdit, defs: &[FieldDef]) -> Result<CheckedEdit, AppError> {
    let mut fields = BTreeMap::new();
    for f in input.fields.iter().take(100) {
        let name = f.name.trim();
        let def = defs.iter().find(|d| d.name == name).ok_or_else(|| CustomerError::UnknownField { name: name.chars().take(40).collect() })?;
        match parse_field_value(def, &f.value)? {
            Some(v) => fields.insert(def.name.clone(), v),
            None => fields.remove(&def.name),
        };
    }
    Ok(CheckedEdit {
        name: bounded_text("name", &input.name, MAX_NAME, true)?,
        wechat_id: bounded_text("wechat_id", &input.wechat_id, MAX_WECHAT, false)?,
        birthday: parse_birthday(&input.birthday)?,
        fields,
    })
}

/// The text shown for a field value in forms and exports.
pub fn field_text(v: &FieldValue) -> String {
    match v {
        FieldValue::Text(s) => s.clone(),
        FieldValue::Number(d) => d.normalize().to_string(),
    }
}

pub fn check_address(input: &AddressInput) -> Result<AddressInput, AppError> {
    let address = bounded_text("address", &input.address, crate::orders::logic::MAX_ADDRESS, true)?;
    if address.chars().count() < crate::orders::logic::MIN_ADDRESS as usize {
        return Err(crate::orders::OrderError::AddressTooShort { min: crate::orders::logic::MIN_ADDRESS }.into());
    }
    Ok(AddressInput {
        recipient: bounded_text("recipient", &input.recipient, MAX_NAME, true)?.into(),
        mobile: parse_mobile(&input.mobile)?.into(),
        address: address.into(),
        is_default: input.is_default,
    })
}

pub fn check_note(body: &str) -> Result<String, AppError> {
    Ok(bounded_text("body", body, MAX_NOTE, true)?)
}

/// A tag's name and, for an automatic tag, its rule (JSON from the editor) checked against
/// the custom fields and product categories it may use.
pub fn check_tag(name: &str, rule_json: &str, schema: &RuleSchema) -> Result<(String, Option<Rule>), AppError> {
    let name = bounded_text("name", name, MAX_TAG_NAME, true)?;
    if rule_json.trim().is_empty() {
        return Ok((name, None));
    }
    let rule: Rule = serde_json::from_str(rule_json).map_err(|_| CustomerError::BadRuleJson)?;
    super::logic_tags::validate(&rule, schema).map_err(|problems| CustomerError::BadRule { problems })?;
    Ok((name, Some(rule)))
}

/// A campaign's coupon terms, checked: the discount, the minimum spend in fen and the validity in days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CouponTerms {
    pub discount: Discount,
    pub min_spend_fen: i64,
    pub valid_days: i64,
}

/// A campaign after its checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedCampaign {
    pub name: String,
    pub coupon: Option<CouponTerms>,
    pub min_silent_days: i64,
    pub repeat_days: i64,
}

pub fn check_campaign(input: &CampaignInput) -> Result<CheckedCampaign, AppError> {
    let name = bounded_text("name", &input.name, 30, true)?;
    let range = |field: &str, v: i64, min: i64, max: i64| {
        if (min..=max).contains(&v) { Ok(v) } else { Err(CommonError::OutOfRange { field: field.into(), min, max }) }
    };
    let min_silent_days = range("min_silent_days", input.min_silent_days, 0, 3650)?;
    let repeat_days = range("repeat_days", input.repeat_days, 1, 3650)?;
    if input.tag_id.is_none() && input.stage.is_none() && min_silent_days == 0 {
        return Err(CustomerError::CampaignWithoutTarget.into());
    }
    let coupon = match input.coupon_kind {
        None => None,
        Some(kind) => {
            let discount = match kind {
                DiscountKind::Amount => Discount::AmountOff { fen: Money::parse_field("coupon_value", &input.coupon_value)?.to_fen() },
                DiscountKind::Percent => {
                    let p = Decimal::from_str(input.coupon_value.trim()).map_err(|_| CommonError::BadAmount { field: "coupon_value".into() })?;
                    Discount::PercentOff { percent: p }
                }
            };
            let min_spend_fen = if input.coupon_min_spend.trim().is_empty() {
                0
            } else {
                Money::parse_field("coupon_min_spend", &input.coupon_min_spend)?.to_fen()
            };
            if min_spend_fen > MAX_COUPON_FEN {
                return Err(CouponError::BadMinSpend { fen: min_spend_fen }.into());
            }
            let valid_days = range("coupon_valid_days", input.coupon_valid_days, 1, 365)?;
            super::logic_coupons::check_terms(&discount, min_spend_fen)?;
            Some(CouponTerms { discount, min_spend_fen, valid_days })
        }
    };
    Ok(CheckedCampaign { name, coupon, min_silent_days, repeat_days })
}

/// A month range from `2025-01`-style texts; empty texts give the 12 months ending with
/// the month of `today`.
pub fn month_range(from: &str, to: &str, today: i64) -> Result<(super::YearMonth, super::YearMonth), AppError> {
    use super::YearMonth;
    let parse = |field: &str, v: &str, default: YearMonth| -> Result<YearMonth, AppError> {
        if v.trim().is_empty() {
            Ok(default)
        } else {
            YearMonth::parse(v).ok_or_else(|| CommonError::BadChoice { field: field.into() }.into())
        }
    };
    let this = YearMonth::of_day(today);
    let to = parse("to", to, this)?;
    let from = parse("from", from, (0..11).fold(to, |m, _| m.prev()))?;
    Ok((from, to))
}

/// Split an order's discount over its lines in proportion to their totals (fen, half-up),
/// the last line taking the remainder, so the parts add up to the discount exactly. Used
/// to find the net spend per product for tag rules.
pub fn allocate_discount(line_totals: &[i64], discount: i64) -> Vec<i64> {
    let total: i64 = line_totals.iter().sum();
    if discount <= 0 || total <= 0 {
        return vec![0; line_totals.len()];
    }
    let discount = discount.min(total);
    let mut out = Vec::with_capacity(line_totals.len());
    let mut given = 0;
    for (i, t) in line_totals.iter().enumerate() {
        let part = if i + 1 == line_totals.len() {
            discount - given
        } else {
            super::logic_util::fen_half_up(Decimal::from(*t) * Decimal::from(discount) / Decimal::from(total))
        };
        given += part;
        out.push(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customers::{FieldInput, Stage};

    #[test]
    fn masks_the_middle() {
        assert_eq!(mask_mobile("13800138000"), "138****8000");
        assert_eq!(mask_mobile("12345"), "*****");
    }

    #[test]
    fn new_customers_and_birthdays() {
        let mut c = NewCustomer { agent_id: 3, name: " 李女士 ".into(), mobile: "138 0013 8000".into(), ..Default::default() };
        let ok = check_new_customer(&c).unwrap();
        assert_eq!((ok.name.as_str(), ok.mobile.as_str()), ("李女士", "13800138000"));
        c.mobile = "12345".into();
        assert_eq!(check_new_customer(&c), Err(CommonError::BadMobile { field: "mobile".into() }.into()));
        c.agent_id = 0;
        assert_eq!(check_new_customer(&c), Err(CustomerError::AgentRequired.into()));
        // 2024-02-29 is day 19782.
        assert_eq!(parse_birthday("2024-02-29"), Ok(Some(19_782)));
        assert_eq!(parse_birthday(" "), Ok(None));
        assert_eq!(parse_birthday("2023-02-29"), Err(CustomerError::BadBirthday { value: "2023-02-29".into() }));
    }

    #[test]
    fn custom_fields_follow_their_kind() {
        let defs = vec![FieldDef { name: "宝宝月龄".into(), kind: FieldKind::Number }, FieldDef { name: "肤质".into(), kind: FieldKind::Text }];
        let edit = |fields: Vec<(&str, &str)>| CustomerEdit {
            name: "王".into(),
            fields: fields.into_iter().map(|(n, v)| FieldInput { name: n.into(), value: v.into() }).collect(),
            ..Default::default()
        };
        let ok = check_edit(&edit(vec![("宝宝月龄", " 8.50 "), ("肤质", "油性"), ("肤质", "")]), &defs).unwrap();
        assert_eq!(ok.fields.get("宝宝月龄"), Some(&FieldValue::Number(Decimal::from_str("8.5").unwrap())));
        assert_eq!(ok.fields.get("肤质"), None, "an empty value clears the field");
        assert_eq!(
            check_edit(&edit(vec![("宝宝月龄", "八个月")]), &defs),
            Err(CustomerError::NotANumber { name: "宝宝月龄".into(), value: "八个月".into() }.into())
        );
        assert_eq!(check_edit(&edit(vec![("星座", "狮子")]), &defs), Err(CustomerError::UnknownField { name: "星座".into() }.into()));
    }

    #[test]
    fn tags_parse_and_validate_their_rule() {
        let schema = RuleSchema { fields: vec![], categories: vec!["护肤".into()] };
        assert_eq!(check_tag("VIP", "", &schema), Ok(("VIP".into(), None)));
        let (_, rule) = check_tag("活跃", &serde_json::to_string(&crate::customers::logic_tags::active()).unwrap(), &schema).unwrap();
        assert_eq!(rule, Some(crate::customers::logic_tags::active()));
        assert_eq!(check_tag("x", "{not json", &schema), Err(CustomerError::BadRuleJson.into()));
        let bad = r#"{"and":[]}"#;
        assert_eq!(check_tag("x", bad, &schema), Err(CustomerError::BadRule { problems: vec![TagError::EmptyGroup { at: String::new() }] }.into()));
    }

    #[test]
    fn campaigns_need_a_target_and_sane_coupons() {
        let base = CampaignInput {
            name: "高净值唤醒".into(),
            tag_id: Some(1),
            min_silent_days: 90,
            repeat_days: 90,
            coupon_kind: Some(DiscountKind::Amount),
            coupon_value: "50".into(),
            coupon_min_spend: "300".into(),
            coupon_valid_days: 30,
            active: true,
            ..Default::default()
        };
        let c = check_campaign(&base).unwrap();
        assert_eq!(c.coupon, Some(CouponTerms { discount: Discount::AmountOff { fen: 5_000 }, min_spend_fen: 30_000, valid_days: 30 }));
        let none = CampaignInput { tag_id: None, min_silent_days: 0, stage: None, ..base.clone() };
        assert_eq!(check_campaign(&none), Err(CustomerError::CampaignWithoutTarget.into()));
        let staged = CampaignInput { tag_id: None, min_silent_days: 0, stage: Some(Stage::Churned), ..base.clone() };
        assert!(check_campaign(&staged).is_ok());
        let pct = CampaignInput { coupon_kind: Some(DiscountKind::Percent), coupon_value: "120".into(), ..base.clone() };
        assert_eq!(check_campaign(&pct), Err(CouponError::BadPercent { percent: Decimal::from(120) }.into()));
        let days = CampaignInput { coupon_valid_days: 0, ..base };
        assert_eq!(check_campaign(&days), Err(CommonError::OutOfRange { field: "coupon_valid_days".into(), min: 1, max: 365 }.into()));
    }

    #[test]
    fn month_ranges_default_to_a_year() {
        use crate::customers::YearMonth;
        // Day 20_038 is 2024-11-11.
        assert_eq!(month_range("", "", 20_038), Ok((YearMonth::new(2023, 12), YearMonth::new(2024, 11))));
        assert_eq!(month_range("2024-01", "2024-03", 20_038), Ok((YearMonth::new(2024, 1), YearMonth::new(2024, 3))));
        assert_eq!(month_range("2024-1x", "", 20_038), Err(CommonError::BadChoice { field: "from".into() }.into()));
    }

    #[test]
    fn discounts_split_over_lines_add_up() {
        // ¥20 off lines of ¥60, ¥30, ¥10: 12.00, 6.00, and the rest 2.00.
        assert_eq!(allocate_discount(&[6_000, 3_000, 1_000], 2_000), vec![1_200, 600, 200]);
        // ¥1 off three equal lines: 33.33… → 33, 33, then 34.
        assert_eq!(allocate_discount(&[100, 100, 100], 100), vec![33, 33, 34]);
        assert_eq!(allocate_discount(&[500], 0), vec![0]);
        // Never more than the lines.
        assert_eq!(allocate_discount(&[300, 200], 900), vec![300, 200]);
    }
}
