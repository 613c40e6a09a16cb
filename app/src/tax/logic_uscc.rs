//! Taxpayer ids (纳税人识别号): the 18-character 统一社会信用代码 of GB 32100-2015 with both
//! of its check characters, and the legacy 15-, 17- and 20-character tax numbers that
//! older buyers still print on their documents.
//!
//! Layout of a 统一社会信用代码 (positions 1-based):
//! 1 登记管理部门代码 · 2 机构类别代码 · 3–8 登记管理机关行政区划码 (GB/T 2260) ·
//! 9–17 主体标识码 = 组织机构代码 (GB 11714: 8 body characters + its own check at 17) ·
//! 18 overall check (GB/T 17710 style, modulus 31).
//!
//! Input is forgiving: spaces anywhere are dropped, full-width letters and digits are
//! folded to ASCII, and lower case is accepted. A legacy number, or a code whose only
//! fault is an organisation-code check that disagrees while the overall check agrees,
//! is accepted *with a warning*; anything else that fails is an error.

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

/// The 31 characters of a 统一社会信用代码, in value order (no I, O, Z, S, V).
pub const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1–17 for the overall check: 3^(i−1) mod 31.
const USCC_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/// Weights of the 8 body characters of an organisation code (GB 11714).
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
/// Weights of the first 17 characters of a resident id number (GB 11643).
const RESIDENT_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character of a resident id for `sum mod 11` = 0, 1, … 10.
const RESIDENT_CHECK: &[u8; 11] = b"10X98765432";

/// Which kind of number was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaxIdForm {
    /// 18-character 统一社会信用代码.
    Uscc,
    /// Old 税务登记证号: 6-digit region code + 9-character organisation code.
    Legacy15,
    /// Old number of an individual business: 15-digit first-generation id card + 2 digits.
    Legacy17,
    /// Old number of an individual business: 18-character id card + 2 digits.
    Legacy20,
}

/// Something worth showing next to an accepted number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaxIdWarning {
    /// A pre-2015 number: still printed by some buyers, but the code on their business
    /// licence should be used now.
    Legacy { len: usize },
    /// The organisation code in 9–17 fails its GB 11714 check although the overall check
    /// at 18 agrees, so the number is as issued; worth a second look all the same.
    OrgCodeCheck { expected: char, found: char },
    /// Position 1 is not a 登记管理部门代码 the standard lists.
    UnknownAuthority { code: char },
    /// Position 2 is not a 机构类别代码 listed for that authority.
    UnknownCategory { authority: char, category: char },
    /// Positions 3–4 are not a province-level region code.
    UnknownRegion { code: String },
}

/// An accepted taxpayer id, normalised (upper case, no spaces).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxId {
    pub normalized: String,
    pub form: TaxIdForm,
    /// Empty for a clean 统一社会信用代码: "valid"; non-empty: "valid with warning".
    pub warnings: Vec<TaxIdWarning>,
}

/// Why a taxpayer id was refused. Positions are 1-based.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UsccError {
    Empty,
    WrongLength { len: usize },
    InvalidChar { position: usize, ch: char },
    ForbiddenLetter { position: usize, ch: char },
    RegionNotDigits { code: String },
    /// Only the overall check (position 18) fails: a typo in 1–8 or in 18 itself.
    CheckChar { expected: char, found: char },
    /// Both checks fail: almost always a typo in 9–17.
    OrgAndCheckChar { org_expected: char, org_found: char, expected: char, found: char },
    /// The organisation code of a legacy 15-character number fails its check.
    OrgCodeCheck { expected: char, found: char },
    ResidentIdCheck { expected: char, found: char },
    ResidentIdBirthDate { date: String },
}

impl UsccError {
    /// Stable code for logs and the API.
    pub fn code(&self) -> &'static str {
        match self {
            UsccError::Empty => "tax_id_empty",
            UsccError::WrongLength { .. } => "tax_id_length",
            UsccError::InvalidChar { .. } => "tax_id_char",
            UsccError::ForbiddenLetter { .. } => "tax_id_forbidden_letter",
            UsccError::RegionNotDigits { .. } => "tax_id_region",
            UsccError::CheckChar { .. } => "tax_id_check",
            UsccError::OrgAndCheckChar { .. } => "tax_id_org_and_check",
            UsccError::OrgCodeCheck { .. } => "tax_id_org_check",
            UsccError::ResidentIdCheck { .. } => "resident_id_check",
            UsccError::ResidentIdBirthDate { .. } => "resident_id_birth_date",
        }
    }
}

impl TaxIdWarning {
    pub fn code(&self) -> &'static str {
        match self {
            TaxIdWarning::Legacy { .. } => "tax_id_legacy",
            TaxIdWarning::OrgCodeCheck { .. } => "tax_id_org_check_only",
            TaxIdWarning::UnknownAuthority { .. } => "tax_id_unknown_authority",
            TaxIdWarning::UnknownCategory { .. } => "tax_id_unknown_category",
            TaxIdWarning::UnknownRegion { .. } => "tax_id_unknown_region",
        }
    }
}

/// Drop whitespace (also U+3000), fold full-width digits and letters to ASCII, upper-case.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Value of a character in the 31-character alphabet.
fn uscc_value(c: char) -> Option<u32> {
    USCC_ALPHABET.find(c).map(|i| i as u32)
}

/// Value of an organisation-code character: digits 0–9, letters A=10 … Z=35.
fn org_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        'A'..='Z' => Some(c as u32 - 'A' as u32 + 10),
        _ => None,
    }
}

/// The overall check character (position 18) for the first 17 characters.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    let chars: Vec<char> = first17.chars().collect();
    if chars.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in chars.iter().zip(USCC_WEIGHTS) {
        sum += uscc_value(*c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    USCC_ALPHABET.chars().nth(check as usize)
}

/// The GB 11714 check character for the 8 body characters of an organisation code:
/// `11 − (Σ mod 11)`, where 10 is written `X` and 11 is written `0`.
pub fn org_code_check_char(body8: &str) -> Option<char> {
    let chars: Vec<char> = body8.chars().collect();
    if chars.len() != 8 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in chars.iter().zip(ORG_WEIGHTS) {
        sum += org_value(*c)? * w;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).expect("single digit"),
    })
}

/// The GB 11643 check character for the first 17 digits of a resident id number.
pub fn resident_id_check_char(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b.iter().zip(RESIDENT_WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    Some(RESIDENT_CHECK[(sum % 11) as usize] as char)
}

/// Validate a taxpayer id: a 统一社会信用代码, or a legacy 15/17/20-character number.
pub fn parse_tax_id(input: &str) -> Result<TaxId, UsccError> {
    let s = normalize(input);
    let chars: Vec<char> = s.chars().collect();
    match chars.len() {
        0 => Err(UsccError::Empty),
        18 => parse_uscc(&s, &chars),
        15 => parse_legacy15(&s, &chars),
        17 => parse_legacy17(&s, &chars),
        20 => parse_legacy20(&s, &chars),
        len => Err(UsccError::WrongLength { len }),
    }
}

/// First character that is not an ASCII letter or digit.
fn first_invalid(chars: &[char]) -> Option<UsccError> {
    chars
        .iter()
        .position(|c| !c.is_ascii_alphanumeric())
        .map(|i| UsccError::InvalidChar { position: i + 1, ch: chars[i] })
}

fn parse_uscc(s: &str, chars: &[char]) -> Result<TaxId, UsccError> {
    if let Some(e) = first_invalid(chars) {
        return Err(e);
    }
    if let Some(i) = chars.iter().position(|c| uscc_value(*c).is_none()) {
        return Err(UsccError::ForbiddenLetter { position: i + 1, ch: chars[i] });
    }
    let region: String = chars[2..8].iter().collect();
    if !region.bytes().all(|b| b.is_ascii_digit()) {
        return Err(UsccError::RegionNotDigits { code: region });
    }
    let first17: String = chars[..17].iter().collect();
    let expected = uscc_check_char(&first17).expect("17 characters of the alphabet");
    let body: String = chars[8..16].iter().collect();
    let org_expected = org_code_check_char(&body).expect("alphabet characters are org characters");
    let (found, org_found) = (chars[17], chars[16]);
    let mut warnings = Vec::new();
    match (expected == found, org_expected == org_found) {
        (true, true) => {}
        (true, false) => warnings.push(TaxIdWarning::OrgCodeCheck { expected: org_expected, found: org_found }),
        (false, true) => return Err(UsccError::CheckChar { expected, found }),
        (false, false) => {
            return Err(UsccError::OrgAndCheckChar { org_expected, org_found, expected, found })
        }
    }
    warnings.extend(structure_warnings(chars[0], chars[1], &region));
    Ok(TaxId { normalized: s.to_string(), form: TaxIdForm::Uscc, warnings })
}

/// Warnings about positions 1–4 that do not make the number wrong.
fn structure_warnings(authority: char, category: char, region: &str) -> Vec<TaxIdWarning> {
    let mut w = Vec::new();
    match crate::tax::logic_uscc_labels::categories(authority) {
        None => w.push(TaxIdWarning::UnknownAuthority { code: authority }),
        Some(list) if !list.contains(&category) => {
            w.push(TaxIdWarning::UnknownCategory { authority, category })
        }
        Some(_) => {}
    }
    if !crate::tax::logic_uscc_labels::is_region_prefix(&region[..2]) {
        w.push(TaxIdWarning::UnknownRegion { code: region[..2].to_string() });
    }
    w
}

fn parse_legacy15(s: &str, chars: &[char]) -> Result<TaxId, UsccError> {
    if let Some(e) = first_invalid(chars) {
        return Err(e);
    }
    if let Some(i) = chars[..6].iter().position(|c| !c.is_ascii_digit()) {
        return Err(UsccError::InvalidChar { position: i + 1, ch: chars[i] });
    }
    let body: String = chars[6..14].iter().collect();
    let expected = org_code_check_char(&body).expect("ASCII alphanumerics are org characters");
    if chars[14] != expected {
        return Err(UsccError::OrgCodeCheck { expected, found: chars[14] });
    }
    Ok(legacy(s, TaxIdForm::Legacy15))
}

fn parse_legacy17(s: &str, chars: &[char]) -> Result<TaxId, UsccError> {
    if let Some(i) = chars.iter().position(|c| !c.is_ascii_digit()) {
        return Err(UsccError::InvalidChar { position: i + 1, ch: chars[i] });
    }
    Ok(legacy(s, TaxIdForm::Legacy17))
}

fn parse_legacy20(s: &str, chars: &[char]) -> Result<TaxId, UsccError> {
    let id: String = chars[..18].iter().collect();
    check_resident_id(&id)?;
    if let Some(i) = chars[18..].iter().position(|c| !c.is_ascii_digit()) {
        return Err(UsccError::InvalidChar { position: i + 19, ch: chars[i + 18] });
    }
    Ok(legacy(s, TaxIdForm::Legacy20))
}

fn legacy(s: &str, form: TaxIdForm) -> TaxId {
    let len = s.chars().count();
    TaxId { normalized: s.to_string(), form, warnings: vec![TaxIdWarning::Legacy { len }] }
}

/// Validate an 18-character resident id number (a natural person's taxpayer id):
/// 17 digits, a real birth date at 7–14, and the GB 11643 check at 18.
pub fn parse_resident_id(input: &str) -> Result<String, UsccError> {
    let s = normalize(input);
    match s.chars().count() {
        0 => Err(UsccError::Empty),
        18 => check_resident_id(&s).map(|()| s),
        len => Err(UsccError::WrongLength { len }),
    }
}

fn check_resident_id(id: &str) -> Result<(), UsccError> {
    let chars: Vec<char> = id.chars().collect();
    if let Some(i) = chars[..17].iter().position(|c| !c.is_ascii_digit()) {
        return Err(UsccError::InvalidChar { position: i + 1, ch: chars[i] });
    }
    let date = &id[6..14];
    let (y, m, d) = (date[..4].parse().unwrap_or(0), date[4..6].parse().unwrap_or(0), date[6..].parse().unwrap_or(0));
    if chrono::NaiveDate::from_ymd_opt(y, m, d).is_none() {
        return Err(UsccError::ResidentIdBirthDate { date: date.to_string() });
    }
    let expected = resident_id_check_char(&id[..17]).expect("17 digits");
    if chars[17] != expected {
        return Err(UsccError::ResidentIdCheck { expected, found: chars[17] });
    }
    Ok(())
}

impl TaxId {
    /// "Valid" rather than "valid with warning".
    pub fn is_clean(&self) -> bool {
        self.warnings.is_empty()
    }

    /// 登记管理部门 of a 统一社会信用代码, if listed.
    pub fn authority_label(&self, lang: Lang) -> Option<&'static str> {
        let first = self.normalized.chars().next()?;
        (self.form == TaxIdForm::Uscc).then(|| crate::tax::logic_uscc_labels::authority_label(first, lang))?
    }

    /// 机构类别 of a 统一社会信用代码, if listed.
    pub fn category_label(&self, lang: Lang) -> Option<&'static str> {
        let mut it = self.normalized.chars();
        let (a, c) = (it.next()?, it.next()?);
        (self.form == TaxIdForm::Uscc).then(|| crate::tax::logic_uscc_labels::category_label(a, c, lang))?
    }

    /// The 6-digit region code (positions 3–8 of a USCC, 1–6 of a legacy 15).
    pub fn region_code(&self) -> Option<&str> {
        match self.form {
            TaxIdForm::Uscc => Some(&self.normalized[2..8]),
            TaxIdForm::Legacy15 => Some(&self.normalized[..6]),
            _ => None,
        }
    }

    /// The 9-character organisation code, where the number contains one.
    pub fn org_code(&self) -> Option<&str> {
        match self.form {
            TaxIdForm::Uscc => Some(&self.normalized[8..17]),
            TaxIdForm::Legacy15 => Some(&self.normalized[6..15]),
            _ => None,
        }
    }
}

#[cfg(test)]
#[path = "logic_uscc_tests.rs"]
mod tests;
