//! Messages and labels of the tax logic's errors and values, in zh-CN and en side by side:
//! each `match` arm gives both languages, so a missing translation does not compile. The
//! area's fault ([`super::TaxError`]) renders through these in `text::error_text`.

use super::logic_capitals::CapitalsError;
use super::logic_fen::format_fen;
use super::logic_invoice::{InvoiceKind, RedReason};
use super::logic_invoice_error::InvoiceError;
use super::logic_rate::{TaxRate, TaxpayerType};
use super::logic_split::SplitError;
use super::logic_uscc::{TaxIdWarning, UsccError};
use super::logic_vat::{Period, VatError};
use crate::i18n::Lang;

fn pick(zh: bool, a: String, b: String) -> String {
    if zh { a } else { b }
}

impl UsccError {
    /// The message for the user.
    pub fn message(&self, lang: Lang) -> String {
        use UsccError::*;
        match (self, lang) {
            (Empty, Lang::Zh) => "请填写纳税人识别号".into(),
            (Empty, Lang::En) => "Enter the taxpayer id".into(),
            (WrongLength { len }, Lang::Zh) => format!("纳税人识别号应为 18 位统一社会信用代码（旧税号为 15、17 或 20 位），现为 {len} 位"),
            (WrongLength { len }, Lang::En) => format!("A taxpayer id has 18 characters (old numbers 15, 17 or 20); this one has {len}"),
            (InvalidChar { position, ch }, Lang::Zh) => format!("第 {position} 位「{ch}」不是数字或字母"),
            (InvalidChar { position, ch }, Lang::En) => format!("Character {position} ('{ch}') is not a digit or letter allowed there"),
            (ForbiddenLetter { position, ch }, Lang::Zh) => format!("第 {position} 位「{ch}」不会出现在统一社会信用代码中（不使用 I、O、Z、S、V），请核对是否为数字"),
            (ForbiddenLetter { position, ch }, Lang::En) => format!("Character {position} ('{ch}') never appears in a unified social credit code (no I, O, Z, S, V); check whether it is a digit"),
            (RegionNotDigits { code }, Lang::Zh) => format!("第 3–8 位行政区划码「{code}」应为 6 位数字"),
            (RegionNotDigits { code }, Lang::En) => format!("Characters 3–8 ('{code}') must be a 6-digit region code"),
            (CheckChar { expected, found }, Lang::Zh) => format!("校验位不符：第 18 位应为「{expected}」，实为「{found}」，请核对第 1–8 位和第 18 位"),
            (CheckChar { expected, found }, Lang::En) => format!("Check character mismatch: character 18 should be '{expected}' but is '{found}'; check characters 1–8 and 18"),
            (OrgAndCheckChar { org_expected, org_found, .. }, Lang::Zh) => format!("组织机构代码（第 9–17 位）校验不符：第 17 位应为「{org_expected}」，实为「{org_found}」，整体校验位也不符，请核对第 9–17 位"),
            (OrgAndCheckChar { org_expected, org_found, .. }, Lang::En) => format!("The organisation code (characters 9–17) fails its check: character 17 should be '{org_expected}' but is '{org_found}', and the overall check fails too; check characters 9–17"),
            (OrgCodeCheck { expected, found }, Lang::Zh) => format!("组织机构代码校验不符：最后一位应为「{expected}」，实为「{found}」"),
            (OrgCodeCheck { expected, found }, Lang::En) => format!("The organisation code fails its check: the last character should be '{expected}' but is '{found}'"),
            (ResidentIdCheck { expected, found }, Lang::Zh) => format!("身份证号校验位不符：第 18 位应为「{expected}」，实为「{found}」"),
            (ResidentIdCheck { expected, found }, Lang::En) => format!("Id card check mismatch: character 18 should be '{expected}' but is '{found}'"),
            (ResidentIdBirthDate { date }, Lang::Zh) => format!("身份证号中的出生日期「{date}」不存在"),
            (ResidentIdBirthDate { date }, Lang::En) => format!("The birth date '{date}' in the id card number does not exist"),
        }
    }

}

impl TaxIdWarning {
    pub fn message(&self, lang: Lang) -> String {
        use TaxIdWarning::*;
        match (self, lang) {
            (Legacy { len }, Lang::Zh) => format!("这是 {len} 位旧纳税人识别号，建议改用营业执照上的 18 位统一社会信用代码"),
            (Legacy { len }, Lang::En) => format!("This is an old {len}-character tax number; prefer the 18-character code on the business licence"),
            (OrgCodeCheck { expected, found }, Lang::Zh) => format!("组织机构代码第 17 位按校验应为「{expected}」，实为「{found}」，但整体校验通过，请与对方确认"),
            (OrgCodeCheck { expected, found }, Lang::En) => format!("Character 17 should be '{expected}' by the organisation-code check but is '{found}'; the overall check passes, so confirm with the buyer"),
            (UnknownAuthority { code }, Lang::Zh) => format!("第 1 位登记管理部门代码「{code}」不在国家标准列表中"),
            (UnknownAuthority { code }, Lang::En) => format!("Character 1 ('{code}') is not a registration authority listed by the standard"),
            (UnknownCategory { authority, category }, Lang::Zh) => format!("第 2 位机构类别代码「{category}」不属于登记管理部门「{authority}」"),
            (UnknownCategory { authority, category }, Lang::En) => format!("Character 2 ('{category}') is not an organisation category of authority '{authority}'"),
            (UnknownRegion { code }, Lang::Zh) => format!("行政区划码前两位「{code}」不是省级代码"),
            (UnknownRegion { code }, Lang::En) => format!("The region code starts with '{code}', which is not a province code"),
        }
    }

}

impl CapitalsError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CapitalsError::TooPrecise { amount }, Lang::Zh) => format!("金额 {amount} 超过两位小数，无法写成大写"),
            (CapitalsError::TooPrecise { amount }, Lang::En) => format!("{amount} has more than two decimals and cannot be written in capitals"),
            (CapitalsError::TooLarge { amount }, Lang::Zh) => format!("金额 {amount} 过大，无法写成大写"),
            (CapitalsError::TooLarge { amount }, Lang::En) => format!("{amount} is too large to be written in capitals"),
        }
    }

}

impl SplitError {
    pub fn message(&self, lang: Lang) -> String {
        use SplitError::*;
        let zh = lang == Lang::Zh;
        match self {
            NoLines => pick(zh, "发票至少需要一行商品".into(), "An invoice needs at least one line".into()),
            NameMissing { line } => pick(zh, format!("第 {line} 行：请填写商品名称"), format!("Line {line}: enter the item name")),
            TaxShortNameMissing { line } => pick(zh, format!("第 {line} 行：请选择税收分类（商品简称）"), format!("Line {line}: choose the tax classification (short name)")),
            QtyRequired { line } => pick(zh, format!("第 {line} 行：按单价开票时请填写数量"), format!("Line {line}: a unit price needs a quantity")),
            QtyZero { line } => pick(zh, format!("第 {line} 行：数量不能为 0"), format!("Line {line}: the quantity cannot be 0")),
            QtyTooPrecise { line } => pick(zh, format!("第 {line} 行：数量最多 8 位小数"), format!("Line {line}: the quantity has at most 8 decimals")),
            UnitPriceNotPositive { line } => pick(zh, format!("第 {line} 行：单价必须大于 0"), format!("Line {line}: the unit price must be above 0")),
            UnitPriceTooPrecise { line } => pick(zh, format!("第 {line} 行：单价最多 8 位小数"), format!("Line {line}: the unit price has at most 8 decimals")),
            AmountZero { line } => pick(zh, format!("第 {line} 行：金额不能为 0"), format!("Line {line}: the amount cannot be 0")),
            AmountTooLarge { line } => pick(zh, format!("第 {line} 行：金额过大"), format!("Line {line}: the amount is too large")),
            SignMismatch { line } => pick(zh, format!("第 {line} 行：正数行与负数行不能混开，数量与金额的正负须一致"), format!("Line {line}: positive and negative lines cannot be mixed, and quantity and amount must have the same sign")),
            CannotBalance { rate } => pick(zh, format!("税率 {} 的尾差无法在允许误差内分摊，请合并或调整商品行", rate.label(lang)), format!("The rounding difference at {} cannot be spread within the tolerance; merge or adjust lines", rate.label(lang))),
        }
    }

}

impl InvoiceKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (InvoiceKind::Special, Lang::Zh) => "电子发票（增值税专用发票）",
            (InvoiceKind::Ordinary, Lang::Zh) => "电子发票（普通发票）",
            (InvoiceKind::Special, Lang::En) => "e-invoice (special VAT invoice)",
            (InvoiceKind::Ordinary, Lang::En) => "e-invoice (ordinary invoice)",
        }
    }

}

impl RedReason {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (RedReason::InvoicingError, Lang::Zh) => "开票有误",
            (RedReason::SalesReturn, Lang::Zh) => "销货退回",
            (RedReason::ServiceStopped, Lang::Zh) => "服务中止",
            (RedReason::SalesAllowance, Lang::Zh) => "销售折让",
            (RedReason::InvoicingError, Lang::En) => "invoicing error",
            (RedReason::SalesReturn, Lang::En) => "goods returned",
            (RedReason::ServiceStopped, Lang::En) => "service stopped",
            (RedReason::SalesAllowance, Lang::En) => "sales allowance",
        }
    }

}

impl InvoiceError {
    pub fn message(&self, lang: Lang) -> String {
        let (zh, en) = self.texts();
        if lang == Lang::Zh {
            zh
        } else {
            en
        }
    }

}

impl InvoiceError {
    /// (zh-CN, en) texts; both are cheap to build and keep the match in one place.
    fn texts(&self) -> (String, String) {
        use InvoiceError::*;
        let f = format_fen;
        match self {
            SellerNameMissing => ("请填写销售方名称".into(), "Enter the seller's name".into()),
            SellerTaxId { error } => (format!("销售方纳税人识别号有误：{}", error.message(Lang::Zh)), format!("Seller's taxpayer id: {}", error.message(Lang::En))),
            BuyerNameMissing => ("请填写购买方名称".into(), "Enter the buyer's name".into()),
            BuyerTaxIdMissing => ("开具专票须填写购买方纳税人识别号".into(), "A special VAT invoice needs the buyer's taxpayer id".into()),
            BuyerTaxId { error } => (format!("购买方纳税人识别号有误：{}", error.message(Lang::Zh)), format!("Buyer's taxpayer id: {}", error.message(Lang::En))),
            BuyerAddressPhoneMissing => ("开具专票须填写购买方地址、电话".into(), "A special VAT invoice needs the buyer's address and phone".into()),
            BuyerBankAccountMissing => ("开具专票须填写购买方开户银行及账号".into(), "A special VAT invoice needs the buyer's bank and account".into()),
            NaturalPersonOnSpecial => ("不能向自然人开具增值税专用发票，请改开普票".into(), "A special VAT invoice cannot be issued to a natural person; issue an ordinary one".into()),
            TooManyLines { max } => (format!("一张发票最多 {max} 行商品"), format!("An invoice has at most {max} lines")),
            TaxCodeMissing { line } => (format!("第 {line} 行：请选择税收分类编码"), format!("Line {line}: choose the tax classification code")),
            TaxCodeInvalid { line, code } => (format!("第 {line} 行：税收分类编码「{code}」应为 19 位数字"), format!("Line {line}: tax classification code '{code}' must be 19 digits")),
            RateNotAllowed { line, rate, taxpayer } => (
                format!("第 {line} 行：{}不能按 {} 开票", taxpayer.label(Lang::Zh), rate.label(Lang::Zh)),
                format!("Line {line}: a {} cannot invoice at {}", taxpayer.label(Lang::En), rate.label(Lang::En)),
            ),
            SimplifiedRateMismatch { line, rate, simplified: true } => (
                format!("第 {line} 行：简易计税项目只能按 3% 或 5% 征收率开票，不能按 {}", rate.label(Lang::Zh)),
                format!("Line {line}: a simplified-method item is invoiced at 3% or 5%, not {}", rate.label(Lang::En)),
            ),
            SimplifiedRateMismatch { line, rate, simplified: false } => (
                format!("第 {line} 行：{} 征收率仅适用于简易计税项目，请勾选“简易计税”或改用适用税率", rate.label(Lang::Zh)),
                format!("Line {line}: {} is a levy rate for simplified-method items only; mark the item as such or use a VAT rate", rate.label(Lang::En)),
            ),
            ExemptOnSpecial { line } => (format!("第 {line} 行：免税项目不能开具专票"), format!("Line {line}: exempt items cannot go on a special VAT invoice")),
            ZeroRateOnSpecial { line } => (format!("第 {line} 行：零税率项目不能开具专票"), format!("Line {line}: zero-rated items cannot go on a special VAT invoice")),
            LineNotPositive { line } => (format!("第 {line} 行：蓝字发票的数量和金额须大于 0"), format!("Line {line}: quantity and amount of an invoice must be above 0")),
            Line { error } => (error.message(Lang::Zh), error.message(Lang::En)),
            TotalTooLarge => ("发票合计金额过大".into(), "The invoice total is too large".into()),
            ExceedsOrder { order_fen, invoiced_fen, requested_fen, remaining_fen } => (
                format!("超过订单可开票金额：订单 {}，已开 {}，本次 {}，最多还可开 {}", f(*order_fen), f(*invoiced_fen), f(*requested_fen), f(*remaining_fen)),
                format!("Beyond the order's amount: order {}, invoiced {}, this invoice {}, at most {} left", f(*order_fen), f(*invoiced_fen), f(*requested_fen), f(*remaining_fen)),
            ),
            OrderOverInvoiced { order_fen, invoiced_fen } => (
                format!("订单金额 {}，已开票 {}，已超开，请先红冲多开的发票", f(*order_fen), f(*invoiced_fen)),
                format!("The order is {} but {} is already invoiced; reverse the excess first", f(*order_fen), f(*invoiced_fen)),
            ),
            OrderAmountNegative { order_fen } => (format!("订单金额 {} 不能为负", f(*order_fen)), format!("The order amount {} cannot be negative", f(*order_fen))),
            OriginalNumberInvalid { number } => (format!("原发票号码「{number}」应为 20 位数字"), format!("Original invoice number '{number}' must be 20 digits")),
            OriginalIsRed => ("红字发票不能再开红字发票".into(), "A red-letter invoice cannot itself be reversed".into()),
            ReversedListMismatch { lines, given } => (format!("原发票有 {lines} 行，已冲红记录却有 {given} 行"), format!("The original has {lines} lines but the reversal record has {given}")),
            NothingLeftToReverse => ("原发票已全部冲红".into(), "The original invoice is already fully reversed".into()),
            RedNoLines => ("请选择要冲红的商品行".into(), "Choose the lines to reverse".into()),
            RedLineUnknown { line } => (format!("原发票没有第 {line} 行"), format!("The original invoice has no line {line}")),
            RedLineDuplicate { line } => (format!("第 {line} 行重复选择"), format!("Line {line} is chosen twice")),
            RedAmountNotPositive { line } => (format!("第 {line} 行：冲红金额须大于 0"), format!("Line {line}: the amount to reverse must be above 0")),
            RedExceedsRemaining { line, remaining_fen, requested_fen } => (
                format!("第 {line} 行：冲红金额 {} 超过可冲红金额 {}", f(*requested_fen), f(*remaining_fen)),
                format!("Line {line}: reversing {} is more than the {} left", f(*requested_fen), f(*remaining_fen)),
            ),
            RedQtyInvalid { line } => (format!("第 {line} 行：冲红数量须大于 0 且不超过原数量"), format!("Line {line}: the quantity to reverse must be above 0 and at most the original")),
        }
    }

}

impl TaxRate {
    /// The rate column as printed: `13%`, `0%`, `免税` (`exempt` in English).
    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (TaxRate::Exempt, Lang::Zh) => "免税".to_string(),
            (TaxRate::Exempt, Lang::En) => "exempt".to_string(),
            (r, _) => format!("{}%", r.percent()),
        }
    }

}

impl TaxpayerType {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (TaxpayerType::SmallScale, Lang::Zh) => "小规模纳税人",
            (TaxpayerType::SmallScale, Lang::En) => "small-scale taxpayer",
            (TaxpayerType::General, Lang::Zh) => "一般纳税人",
            (TaxpayerType::General, Lang::En) => "general taxpayer",
        }
    }

}

impl Period {
    /// `2024年第1季度`, `2024年3月` / `2024-Q1`, `2024-03`.
    pub fn label(self, lang: Lang) -> String {
        match (self, lang) {
            (Period::Month { year, month }, Lang::Zh) => format!("{year}年{month}月"),
            (Period::Month { year, month }, Lang::En) => format!("{year}-{month:02}"),
            (Period::Quarter { year, quarter }, Lang::Zh) => format!("{year}年第{quarter}季度"),
            (Period::Quarter { year, quarter }, Lang::En) => format!("{year}-Q{quarter}"),
        }
    }

}

impl VatError {
    pub fn message(&self, lang: Lang) -> String {
        use crate::tax::logic_fen::format_fen as f;
        use VatError::*;
        let zh = lang == Lang::Zh;
        let l = |r: &TaxRate| r.label(lang);
        match self {
            InvalidPeriod { year, number } if zh => format!("所属期无效：{year} 年第 {number} 期"),
            InvalidPeriod { year, number } => format!("Invalid tax period: {year}, period {number}"),
            PolicyChangesWithinPeriod { date } if zh => format!("税收政策在 {date} 发生变化，所属期不能跨越该日期，请按月汇总"),
            PolicyChangesWithinPeriod { date } => format!("Tax policy changes on {date}, inside the period; summarise month by month"),
            RateNotForTaxpayer { record, rate, taxpayer } if zh => format!("第 {record} 条销售记录：{}不适用 {}", taxpayer.label(lang), l(rate)),
            RateNotForTaxpayer { record, rate, taxpayer } => format!("Sale record {record}: {} does not apply to a {}", l(rate), taxpayer.label(lang)),
            ChargedRateMismatch { record, item_rate, rate } if zh => format!("第 {record} 条销售记录：适用 {} 的项目不能按 {} 计税", l(item_rate), l(rate)),
            ChargedRateMismatch { record, item_rate, rate } => format!("Sale record {record}: an item at {} cannot be charged at {}", l(item_rate), l(rate)),
            ReducedRateNotInForce { record } if zh => format!("第 {record} 条销售记录：该期间没有减按 1% 征收的政策"),
            ReducedRateNotInForce { record } => format!("Sale record {record}: no reduced 1% levy rate is in force for that period"),
            AmountsDontAdd { record, gross_fen, amount_fen, tax_fen } if zh => format!("第 {record} 条销售记录：金额 {} 加税额 {} 不等于价税合计 {}", f(*amount_fen), f(*tax_fen), f(*gross_fen)),
            AmountsDontAdd { record, gross_fen, amount_fen, tax_fen } => format!("Sale record {record}: amount {} plus tax {} is not the total {}", f(*amount_fen), f(*tax_fen), f(*gross_fen)),
            TaxOnUntaxedSale { record } if zh => format!("第 {record} 条销售记录：免税或零税率销售不应有税额"),
            TaxOnUntaxedSale { record } => format!("Sale record {record}: an exempt or zero-rated sale carries no tax"),
            SpecialInvoiceUntaxed { record } if zh => format!("第 {record} 条销售记录：专票不能免税或零税率"),
            SpecialInvoiceUntaxed { record } => format!("Sale record {record}: a special VAT invoice cannot be exempt or zero-rated"),
            NegativeOpeningCredit { fen } if zh => format!("上期留抵税额 {} 不能为负", f(*fen)),
            NegativeOpeningCredit { fen } => format!("The credit brought forward ({}) cannot be negative", f(*fen)),
        }
    }
}
