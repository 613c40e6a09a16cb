//! Tests for taxpayer ids. Every expected check character is worked out by hand below.
//!
//! Alphabet values (USCC): 0–9 → 0–9, A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22
//! P23 Q24 R25 T26 U27 W28 X29 Y30. Weights 1–17: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
//! Organisation code values: A=10 … Z=35 (M=22, Y=34); weights 3 7 9 10 5 8 4 2.

use super::*;
use crate::i18n::Lang;

fn ok(id: &str) -> TaxId {
    parse_tax_id(id).unwrap_or_else(|e| panic!("{id}: {e:?}"))
}

#[test]
fn well_known_example_is_valid() {
    // 91350100M000100Y43
    // overall: 9·1 + 1·3 + 3·9 + 5·27 + 0 + 1·26 + 0 + 0 + M21·20 + 0 + 0 + 0 + 1·8 + 0 + 0
    //          + Y30·30 + 4·28 = 9+3+27+135+26+420+8+900+112 = 1640; 1640 mod 31 = 28 → 31−28 = 3 ✓
    // org code M000100Y|4: M22·3 + 1·5 + Y34·2 = 66+5+68 = 139; 139 mod 11 = 7 → 11−7 = 4 ✓
    let id = ok("91350100M000100Y43");
    assert_eq!(id.normalized, "91350100M000100Y43");
    assert_eq!(id.form, TaxIdForm::Uscc);
    assert!(id.is_clean());
    assert_eq!(id.region_code(), Some("350100"));
    assert_eq!(id.org_code(), Some("M000100Y4"));
    assert_eq!(id.authority_label(Lang::Zh), Some("工商（市场监管）"));
    assert_eq!(id.category_label(Lang::Zh), Some("企业"));
    assert_eq!(id.category_label(Lang::En), Some("Enterprise"));
}

#[test]
fn more_hand_computed_valid_codes() {
    // 91110108 123456788 E
    // org 12345678: 1·3+2·7+3·9+4·10+5·5+6·8+7·4+8·2 = 3+14+27+40+25+48+28+16 = 201;
    //   201 mod 11 = 3 → 8
    // overall: 9+3+9+27+0+26+0+8·17(136)+1·20+2·29(58)+3·25(75)+4·13(52)+5·8(40)+6·24(144)
    //   +7·10(70)+8·30(240)+8·28(224) = 1133; 1133 mod 31 = 17 → 14 → E
    assert!(ok("91110108123456788E").is_clean());
    // 91440300 MA5FAB127 H
    // org M22·3 + A10·7 + 5·9 + F15·10 + A10·5 + B11·8 + 1·4 + 2·2 = 66+70+45+150+50+88+4+4
    //   = 477; 477 mod 11 = 4 → 7
    // overall: 9+3+36+108+0+78+0+0 + M21·20(420) + A10·29(290) + 5·25(125) + F15·13(195)
    //   + A10·8(80) + B11·24(264) + 1·10 + 2·30 + 7·28(196) = 1874; 1874 mod 31 = 14 → 17 → H
    assert!(ok("91440300MA5FAB127H").is_clean());
    // 个体工商户 92350100M000100Y4?: position 2 goes 1→2, +1·3 → 1643 = 53·31, mod 31 = 0,
    // so the check value is (31−0) mod 31 = 0 → '0'.
    let id = ok("92350100M000100Y40");
    assert!(id.is_clean());
    assert_eq!(id.category_label(Lang::Zh), Some("个体工商户"));
}

#[test]
fn input_is_trimmed_folded_and_upper_cased() {
    for input in [" 91350100m000100y43 ", "9135 0100 M000 100Y 43", "９１３５０１００Ｍ０００１００Ｙ４３", "\u{3000}91350100M000100Y43\t"] {
        assert_eq!(ok(input).normalized, "91350100M000100Y43", "{input}");
    }
}

#[test]
fn wrong_overall_check_char() {
    // Last character changed 3 → 4.
    assert_eq!(parse_tax_id("91350100M000100Y44"), Err(UsccError::CheckChar { expected: '3', found: '4' }));
    // Position 3 changed 3 → 4: sum + 1·9 = 1649, mod 31 = 6 → 25 → R; org code untouched.
    assert_eq!(parse_tax_id("91450100M000100Y43"), Err(UsccError::CheckChar { expected: 'R', found: '3' }));
}

#[test]
fn wrong_org_code_check_char_fails_both_checks() {
    // Position 17 changed 4 → 5: org expects 4; overall sum + 1·28 = 1668, mod 31 = 25 → 6.
    assert_eq!(
        parse_tax_id("91350100M000100Y53"),
        Err(UsccError::OrgAndCheckChar { org_expected: '4', org_found: '5', expected: '6', found: '3' })
    );
    // Position 12 changed 0 → 1 (org body position 4, weight 10): org 139+10 = 149, mod 11 = 6
    // → 5; overall 1640 + 1·13 = 1653, mod 31 = 10 → 21 → M.
    assert_eq!(
        parse_tax_id("91350100M001100Y43"),
        Err(UsccError::OrgAndCheckChar { org_expected: '5', org_found: '4', expected: 'M', found: '3' })
    );
}

#[test]
fn org_check_only_mismatch_is_a_warning() {
    // 91110108 12345678 9 ?: org expects 8; overall 1133 + 1·28 = 1161, mod 31 = 14 → 17 → H,
    // so the overall check agrees with a 9 in position 17.
    let id = ok("91110108123456789H");
    assert_eq!(id.warnings, vec![TaxIdWarning::OrgCodeCheck { expected: '8', found: '9' }]);
    assert!(!id.is_clean());
}

#[test]
fn forbidden_and_invalid_characters() {
    assert_eq!(parse_tax_id("91350100M000100O43"), Err(UsccError::ForbiddenLetter { position: 16, ch: 'O' }));
    assert_eq!(parse_tax_id("91350100I000100Y43"), Err(UsccError::ForbiddenLetter { position: 9, ch: 'I' }));
    assert_eq!(parse_tax_id("Z1350100M000100Y43"), Err(UsccError::ForbiddenLetter { position: 1, ch: 'Z' }));
    assert_eq!(parse_tax_id("91350100Ms00100Y43"), Err(UsccError::ForbiddenLetter { position: 10, ch: 'S' }));
    assert_eq!(parse_tax_id("91350100M000100V43"), Err(UsccError::ForbiddenLetter { position: 16, ch: 'V' }));
    assert_eq!(parse_tax_id("91350100-000100Y43"), Err(UsccError::InvalidChar { position: 9, ch: '-' }));
    assert_eq!(parse_tax_id("91AB0100M000100Y43"), Err(UsccError::RegionNotDigits { code: "AB0100".into() }));
}

#[test]
fn wrong_lengths() {
    assert_eq!(parse_tax_id("   "), Err(UsccError::Empty));
    assert_eq!(parse_tax_id("91350100M000100Y"), Err(UsccError::WrongLength { len: 16 }));
    assert_eq!(parse_tax_id("91350100M000100Y431"), Err(UsccError::WrongLength { len: 19 }));
    assert_eq!(parse_tax_id("中国"), Err(UsccError::WrongLength { len: 2 }));
}

#[test]
fn structure_warnings_do_not_reject() {
    // Category 4 under authority 9: position 2 goes 1→4, +3·3 = 1649 → R.
    let id = ok("94350100M000100Y4R");
    assert_eq!(id.warnings, vec![TaxIdWarning::UnknownCategory { authority: '9', category: '4' }]);
    // Authority B (11): position 1 goes 9→11, +2·1 = 1642, mod 31 = 30 → 1.
    let id = ok("B1350100M000100Y41");
    assert_eq!(id.warnings, vec![TaxIdWarning::UnknownAuthority { code: 'B' }]);
    assert_eq!(id.authority_label(Lang::Zh), None);
    // Region 99…: 3→9 at position 3 (+6·9 = 54), 5→9 at 4 (+4·27 = 108): 1802, mod 31 = 4 → 27 → U.
    let id = ok("91990100M000100Y4U");
    assert_eq!(id.warnings, vec![TaxIdWarning::UnknownRegion { code: "99".into() }]);
}

#[test]
fn legacy_numbers_are_valid_with_warning() {
    let id = ok("350100M000100Y4");
    assert_eq!((id.form, id.warnings.clone()), (TaxIdForm::Legacy15, vec![TaxIdWarning::Legacy { len: 15 }]));
    assert_eq!(id.org_code(), Some("M000100Y4"));
    assert_eq!(ok("110108123456788").form, TaxIdForm::Legacy15);
    assert_eq!(parse_tax_id("350100M000100Y5"), Err(UsccError::OrgCodeCheck { expected: '4', found: '5' }));
    assert_eq!(parse_tax_id("3501O0M000100Y4"), Err(UsccError::InvalidChar { position: 5, ch: 'O' }));
    // 15-digit first-generation id card + 2 digits.
    assert_eq!(ok("11010549123100201").form, TaxIdForm::Legacy17);
    assert_eq!(parse_tax_id("1101054912310020A"), Err(UsccError::InvalidChar { position: 17, ch: 'A' }));
    // 11010519491231002X + 01. Id check: 1·7+1·9+0+1·5+0+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10
    //   +1·5+0+0+2·2 = 167; 167 mod 11 = 2 → X.
    let id = ok("11010519491231002x01");
    assert_eq!((id.form, id.normalized.as_str()), (TaxIdForm::Legacy20, "11010519491231002X01"));
    assert_eq!(parse_tax_id("11010519491231002101"), Err(UsccError::ResidentIdCheck { expected: 'X', found: '1' }));
    assert_eq!(parse_tax_id("11010519491331002X01"), Err(UsccError::ResidentIdBirthDate { date: "19491331".into() }));
    assert_eq!(parse_tax_id("11010519491231002X0A"), Err(UsccError::InvalidChar { position: 20, ch: 'A' }));
}

#[test]
fn check_char_helpers() {
    assert_eq!(org_code_check_char("12345678"), Some('8'));
    // 9·5 = 45, 45 mod 11 = 1 → 10 → X
    assert_eq!(org_code_check_char("00009000"), Some('X'));
    // 0 mod 11 = 0 → 11 → 0
    assert_eq!(org_code_check_char("00000000"), Some('0'));
    assert_eq!(org_code_check_char("1234567"), None);
    assert_eq!(uscc_check_char("91350100M000100Y4"), Some('3'));
    assert_eq!(uscc_check_char("91350100M000100O4"), None);
    assert_eq!(resident_id_check_char("11010519491231002"), Some('X'));
    assert_eq!(parse_resident_id(" 11010519491231002x "), Ok("11010519491231002X".into()));
    assert_eq!(parse_resident_id("110105194912310021"), Err(UsccError::ResidentIdCheck { expected: 'X', found: '1' }));
}

#[test]
fn messages_in_both_languages() {
    let e = UsccError::CheckChar { expected: '3', found: '4' };
    assert_eq!(e.code(), "tax_id_check");
    assert_eq!(e.message(Lang::Zh), "校验位不符：第 18 位应为「3」，实为「4」，请核对第 1–8 位和第 18 位");
    assert!(e.message(Lang::En).starts_with("Check character mismatch"));
    let w = TaxIdWarning::Legacy { len: 15 };
    assert_eq!(w.message(Lang::Zh), "这是 15 位旧纳税人识别号，建议改用营业执照上的 18 位统一社会信用代码");
    assert_eq!(w.code(), "tax_id_legacy");
}
