//! Amounts in Chinese financial capitals (大写金额), as printed in the 价税合计（大写）box of an
//! invoice: 壹贰叁肆伍陆柒捌玖 with 拾佰仟万亿 and 元角分.
//!
//! Conventions, following the 中国人民银行《正确填写票据和结算凭证的基本规定》:
//! * 整: written after 元 when there are no 角 or 分 (required), and also after 角 when there
//!   is no 分 (the rule allows either; writing it leaves no room to append a 分). Never after 分.
//! * 零: one 零 for every run of zeros that sits between two non-zero digits, including runs
//!   that end at the 万, 亿 or 元 position. Where the rule allows writing or omitting it
//!   (万位/元位 zero with 仟/角 non-zero) we always write it, so 107,000.53 is
//!   壹拾万零柒仟元零伍角叁分 and 1,680.32 is 壹仟陆佰捌拾元零叁角贰分. When 角 is zero and
//!   分 is not, 零 follows 元 (required): 100,000.01 → 壹拾万元零壹分.
//! * 壹拾: a leading ten is written 壹拾 (10 → 壹拾元整), as bills require.
//! * Below one yuan there is no 元: 0.05 → 伍分, 0.50 → 伍角整; zero is 零元整.
//! * Negative amounts (red-letter invoices) are prefixed 负.
//! * Up to 9,999,999,999,999,999.99 yuan (the 亿 group nests: 10001亿 → 壹万零壹亿).
//! * 元, not 圆: the task's convention; the old 税控 printers used 圆, both are accepted.

use rust_decimal::prelude::*;
use serde::{Deserialize, Serialize};

const DIGITS: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
const SMALL_UNITS: [&str; 4] = ["", "拾", "佰", "仟"];
const WAN: u64 = 10_000;
const YI: u64 = 100_000_000;
/// Exclusive upper bound of the whole-yuan part (10^16).
const LIMIT_YUAN: u64 = 10_000_000_000_000_000;

/// Why an amount cannot be written in capitals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CapitalsError {
    /// More than two decimals that are not zero.
    TooPrecise { amount: String },
    /// 10^16 yuan or more.
    TooLarge { amount: String },
}

impl CapitalsError {
    pub fn code(&self) -> &'static str {
        match self {
            CapitalsError::TooPrecise { .. } => "capitals_too_precise",
            CapitalsError::TooLarge { .. } => "capitals_too_large",
        }
    }
}

/// Capitals for an amount in fen.
pub fn capitals_fen(fen: i64) -> Result<String, CapitalsError> {
    let abs = fen.unsigned_abs();
    let yuan = abs / 100;
    if yuan >= LIMIT_YUAN {
        return Err(CapitalsError::TooLarge { amount: crate::tax::logic_fen::format_fen(fen) });
    }
    let mut out = String::new();
    if fen < 0 {
        out.push('负');
    }
    write_amount(yuan, (abs / 10 % 10) as usize, (abs % 10) as usize, &mut out);
    Ok(out)
}

/// Capitals for an amount in yuan; refuses more than two non-zero decimals.
pub fn capitals(amount: Decimal) -> Result<String, CapitalsError> {
    let normalized = amount.normalize();
    if normalized.scale() > 2 {
        return Err(CapitalsError::TooPrecise { amount: normalized.to_string() });
    }
    let fen = (normalized * Decimal::ONE_HUNDRED).to_i64();
    match fen {
        Some(f) => capitals_fen(f),
        None => Err(CapitalsError::TooLarge { amount: normalized.to_string() }),
    }
}

fn write_amount(yuan: u64, jiao: usize, fen: usize, out: &mut String) {
    if yuan > 0 {
        write_below_1e16(yuan, out);
        out.push('元');
    }
    // A zero run that reaches the 元 position continues into a zero 角, so one 零 covers both.
    let zeros_before_jiao = yuan > 0 && yuan.is_multiple_of(10);
    match (jiao, fen) {
        (0, 0) if yuan == 0 => out.push_str("零元整"),
        (0, 0) => out.push('整'),
        (j, 0) => {
            if zeros_before_jiao {
                out.push('零');
            }
            out.push_str(DIGITS[j]);
            out.push_str("角整");
        }
        (0, f) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push_str(DIGITS[f]);
            out.push('分');
        }
        (j, f) => {
            if zeros_before_jiao {
                out.push('零');
            }
            out.push_str(DIGITS[j]);
            out.push('角');
            out.push_str(DIGITS[f]);
            out.push('分');
        }
    }
}

/// `n` in 1..10^16: a 亿 group over an 8-digit remainder.
fn write_below_1e16(n: u64, out: &mut String) {
    let (high, low) = (n / YI, n % YI);
    if high > 0 {
        write_below_1e8(high, out);
        out.push('亿');
        if low > 0 && (high % 10 == 0 || low < YI / 10) {
            out.push('零');
        }
    }
    if low > 0 {
        write_below_1e8(low, out);
    }
}

/// `n` in 1..10^8: a 万 group over a 4-digit remainder.
fn write_below_1e8(n: u64, out: &mut String) {
    let (high, low) = (n / WAN, n % WAN);
    if high > 0 {
        write_below_1e4(high, out);
        out.push('万');
        if low > 0 && (high % 10 == 0 || low < WAN / 10) {
            out.push('零');
        }
    }
    if low > 0 {
        write_below_1e4(low, out);
    }
}

/// `n` in 1..10^4, without leading 零.
fn write_below_1e4(n: u64, out: &mut String) {
    let mut started = false;
    let mut pending_zero = false;
    for p in (0..4).rev() {
        let d = (n / 10u64.pow(p) % 10) as usize;
        if d == 0 {
            pending_zero |= started;
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        out.push_str(DIGITS[d]);
        out.push_str(SMALL_UNITS[p as usize]);
        started = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use std::str::FromStr;

    fn cap(yuan: &str) -> String {
        capitals(Decimal::from_str(yuan).unwrap()).unwrap()
    }

    #[test]
    fn task_examples() {
        assert_eq!(cap("0"), "零元整");
        assert_eq!(cap("0.05"), "伍分");
        assert_eq!(cap("10.00"), "壹拾元整");
        assert_eq!(cap("100000.01"), "壹拾万元零壹分");
        assert_eq!(cap("1000000000.10"), "壹拾亿元零壹角整");
        assert_eq!(cap("1234.56"), "壹仟贰佰叁拾肆元伍角陆分");
        assert_eq!(cap("1000.50"), "壹仟元零伍角整");
        assert_eq!(cap("10010.00"), "壹万零壹拾元整");
        assert_eq!(cap("100000000"), "壹亿元整");
        assert_eq!(cap("1005"), "壹仟零伍元整");
    }

    #[test]
    fn people_bank_examples() {
        // The examples of the 人民银行 rule; where it offers two forms ours is the one with 零.
        assert_eq!(cap("1409.50"), "壹仟肆佰零玖元伍角整");
        assert_eq!(cap("6007.14"), "陆仟零柒元壹角肆分");
        assert_eq!(cap("1680.32"), "壹仟陆佰捌拾元零叁角贰分");
        assert_eq!(cap("107000.53"), "壹拾万零柒仟元零伍角叁分");
        assert_eq!(cap("16409.02"), "壹万陆仟肆佰零玖元零贰分");
        assert_eq!(cap("325.04"), "叁佰贰拾伍元零肆分");
    }

    #[test]
    fn small_amounts_and_jiao() {
        assert_eq!(cap("0.50"), "伍角整");
        assert_eq!(cap("0.55"), "伍角伍分");
        assert_eq!(cap("1"), "壹元整");
        assert_eq!(cap("10.50"), "壹拾元零伍角整");
        assert_eq!(cap("1234.50"), "壹仟贰佰叁拾肆元伍角整");
        assert_eq!(cap("1234.05"), "壹仟贰佰叁拾肆元零伍分");
        assert_eq!(cap("1230.05"), "壹仟贰佰叁拾元零伍分");
        assert_eq!(cap("20"), "贰拾元整");
        assert_eq!(cap("110"), "壹佰壹拾元整");
        assert_eq!(cap("12.340"), "壹拾贰元叁角肆分");
    }

    #[test]
    fn zeros_across_wan_and_yi() {
        assert_eq!(cap("1000100"), "壹佰万零壹佰元整");
        assert_eq!(cap("100007000"), "壹亿零柒仟元整");
        assert_eq!(cap("10001000"), "壹仟万零壹仟元整");
        assert_eq!(cap("10010000"), "壹仟零壹万元整");
        assert_eq!(cap("1000000000000"), "壹万亿元整");
        assert_eq!(cap("1000100000000"), "壹万零壹亿元整");
        assert_eq!(cap("1000000001"), "壹拾亿零壹元整");
        assert_eq!(cap("123456789012.34"), "壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分");
        assert_eq!(
            cap("9999999999999999.99"),
            "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"
        );
    }

    #[test]
    fn negative_and_fen_entry() {
        assert_eq!(capitals_fen(-123456), Ok("负壹仟贰佰叁拾肆元伍角陆分".into()));
        assert_eq!(capitals_fen(-5), Ok("负伍分".into()));
        assert_eq!(capitals_fen(1_000_000_001), Ok("壹仟万元零壹分".into()));
    }

    #[test]
    fn refusals() {
        assert_eq!(
            capitals(Decimal::from_str("12.345").unwrap()),
            Err(CapitalsError::TooPrecise { amount: "12.345".into() })
        );
        assert_eq!(
            capitals(Decimal::from_str("10000000000000000").unwrap()),
            Err(CapitalsError::TooLarge { amount: "10,000,000,000,000,000.00".into() })
        );
        let e = capitals_fen(i64::MIN).unwrap_err();
        assert_eq!(e.code(), "capitals_too_large");
        assert_eq!(
            CapitalsError::TooPrecise { amount: "1.234".into() }.message(Lang::Zh),
            "金额 1.234 超过两位小数，无法写成大写"
        );
    }
}
