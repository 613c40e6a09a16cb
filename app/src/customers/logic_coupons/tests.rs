use super::*;
use crate::customers::text::describe_terms;
use crate::i18n::Lang;
use std::collections::BTreeSet;
use std::str::FromStr;

/// 2024-11-11 00:00 in Shanghai.
const NOW: i64 = 1_731_254_400_000;
/// Seven days later: 2024-11-18 00:00.
const EXPIRES: i64 = NOW + 7 * 86_400_000;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn coupon(discount: Discount, min_spend_fen: i64) -> Coupon {
    Coupon { code: "ME2XC8UJ".into(), customer_id: 42, discount, min_spend_fen, expires_at_ms: EXPIRES, redeemed_at_ms: None }
}

fn percent(p: &str) -> Discount {
    Discount::PercentOff { percent: dec(p) }
}

#[test]
fn amount_off_with_minimum_spend() {
    let c = coupon(Discount::AmountOff { fen: 2_000 }, 10_000);
    assert_eq!(check_redeem(&c, 42, 10_000, NOW), Ok(2_000));
    let err = check_redeem(&c, 42, 9_999, NOW).unwrap_err();
    assert_eq!(err, CouponError::BelowMinimum { min_spend_fen: 10_000, subtotal_fen: 9_999 });
    assert_eq!(err.message(Lang::Zh), "订单金额 ¥99.99 未达到用券门槛 ¥100");
    assert_eq!(err.message(Lang::En), "The order amount ¥99.99 is below the coupon's minimum of ¥100");
}

#[test]
fn discount_never_exceeds_subtotal() {
    let c = coupon(Discount::AmountOff { fen: 5_000 }, 0);
    assert_eq!(check_redeem(&c, 42, 3_000, NOW), Ok(3_000));
    assert_eq!(check_redeem(&c, 42, 0, NOW), Ok(0));
    assert_eq!(check_redeem(&coupon(percent("100"), 0), 42, 12_345, NOW), Ok(12_345));
}

#[test]
fn percentage_rounds_half_up_to_the_fen() {
    let c = coupon(percent("15"), 0);
    assert_eq!(check_redeem(&c, 42, 3_333, NOW), Ok(500)); // 499.95
    assert_eq!(check_redeem(&c, 42, 3_330, NOW), Ok(500)); // 499.5
    assert_eq!(check_redeem(&c, 42, 3_329, NOW), Ok(499)); // 499.35
    assert_eq!(discount_fen(&percent("12.5"), 100), 13); // 12.5
    assert_eq!(discount_fen(&percent("12.5"), 99), 12); // 12.375
    assert_eq!(discount_fen(&percent("0.01"), 50), 0); // 0.005 fen
    assert_eq!(discount_fen(&percent("0.01"), 5_000), 1); // 0.5 fen
}

#[test]
fn expiry_instant_is_already_expired() {
    let c = coupon(Discount::AmountOff { fen: 100 }, 0);
    assert_eq!(check_redeem(&c, 42, 1_000, EXPIRES - 1), Ok(100));
    let err = check_redeem(&c, 42, 1_000, EXPIRES).unwrap_err();
    assert_eq!(err, CouponError::Expired { expires_at_ms: EXPIRES });
    assert_eq!(err.message(Lang::Zh), "该券已于 2024-11-18 00:00 过期");
}

#[test]
fn checks_come_in_a_fixed_order() {
    let used = Coupon { redeemed_at_ms: Some(NOW + 60_000), ..coupon(Discount::AmountOff { fen: 100 }, 50_000) };
    // Used, expired and below minimum at once: "already used" wins.
    let err = check_redeem(&used, 42, 10, EXPIRES + 1).unwrap_err();
    assert_eq!(err, CouponError::AlreadyUsed { used_at_ms: NOW + 60_000 });
    assert_eq!(err.message(Lang::Zh), "该券已于 2024-11-11 00:01 使用");
    // Someone else's coupon: nothing about its state is revealed.
    let err = check_redeem(&used, 7, 10, EXPIRES + 1).unwrap_err();
    assert_eq!(err, CouponError::WrongCustomer { code: "ME2XC8UJ".into() });
    assert_eq!(err.message(Lang::Zh), "券码「ME2XC8UJ」不属于该客户");
    assert_eq!(check_redeem(&used, 42, -1, NOW), Err(CouponError::BadSubtotal { fen: -1 }));
}

#[test]
fn new_coupon_checks() {
    let ok = coupon(percent("12.50"), 10_000);
    assert_eq!(check_new_coupon(&ok, NOW), Ok(()));
    let typo = Coupon { code: "ME2XC8UK".into(), ..ok.clone() };
    assert_eq!(check_new_coupon(&typo, NOW), Err(CouponError::BadCode { code: "ME2XC8UK".into() }));
    let zero = coupon(Discount::AmountOff { fen: 0 }, 0);
    assert_eq!(check_new_coupon(&zero, NOW), Err(CouponError::BadAmount { fen: 0 }));
    for (p, shown) in [("0", "0"), ("100.5", "100.5"), ("12.345", "12.345"), ("-5", "-5")] {
        assert_eq!(check_new_coupon(&coupon(percent(p), 0), NOW), Err(CouponError::BadPercent { percent: dec(shown) }));
    }
    let negative_min = coupon(Discount::AmountOff { fen: 100 }, -1);
    assert_eq!(check_new_coupon(&negative_min, NOW), Err(CouponError::BadMinSpend { fen: -1 }));
    assert_eq!(check_new_coupon(&ok, EXPIRES), Err(CouponError::ExpiryInPast { expires_at_ms: EXPIRES }));
    assert_eq!(
        CouponError::BadPercent { percent: dec("100.5") }.message(Lang::Zh),
        "折扣 100.5% 无效，应大于 0、不超过 100，最多两位小数"
    );
}

#[test]
fn codes_from_seeds() {
    // Worked out with an independent Python transcription of the documented scramble.
    assert_eq!(generate_code(0), "Q4LWM63Y");
    assert_eq!(generate_code(1), "ME2XC8UJ");
    assert_eq!(generate_code(2), "8CTWVY3H");
    assert_eq!(generate_code(1000), "64DF8PXL");
    assert_eq!(generate_code(CODE_SEED_SPACE - 1), "U5NV2XBS");
    assert_eq!(generate_code(CODE_SEED_SPACE), "Q4LWM63Y");
    // Check character of Q4LWM63Y by hand: values 22,2,18,28,19,4,1;
    // 1·22 + 3·2 + 5·18 + 7·28 + 9·19 + 11·4 + 13·1 = 542 ≡ 30 (mod 32) → 'Y'.
    assert_eq!(CODE_ALPHABET[30], b'Y');
}

#[test]
fn codes_are_distinct_and_well_formed() {
    let mut seen = BTreeSet::new();
    for seed in 0..20_000u64 {
        let code = generate_code(seed);
        assert_eq!(check_code_format(&code), Ok(()));
        assert!(seen.insert(code), "duplicate at seed {seed}");
    }
}

#[test]
fn every_single_character_typo_is_caught() {
    let code = generate_code(1000);
    for pos in 0..CODE_LEN {
        for &c in CODE_ALPHABET.iter() {
            let mut typo = code.clone().into_bytes();
            if typo[pos] == c {
                continue;
            }
            typo[pos] = c;
            let typo = String::from_utf8(typo).unwrap();
            assert_eq!(check_code_format(&typo), Err(CouponError::BadCode { code: typo.clone() }));
        }
    }
}

#[test]
fn typed_codes_are_normalised() {
    assert_eq!(normalize_code(" me2x-c8uj "), Ok("ME2XC8UJ".to_string()));
    assert_eq!(normalize_code("ME2X C8UJ"), Ok("ME2XC8UJ".to_string()));
    assert_eq!(normalize_code(" ME2XC8U "), Err(CouponError::BadCode { code: "ME2XC8U".into() }));
    // O and 0 are not in the alphabet.
    assert_eq!(normalize_code("ME2XC8U0"), Err(CouponError::BadCode { code: "ME2XC8U0".into() }));
    assert_eq!(check_code_format("券码券码"), Err(CouponError::BadCode { code: "券码券码".into() }));
}

#[test]
fn terms_in_words() {
    assert_eq!(describe_terms(&Discount::AmountOff { fen: 2_000 }, 10_000, Lang::Zh), "满 ¥100 减 ¥20");
    assert_eq!(describe_terms(&Discount::AmountOff { fen: 2_000 }, 0, Lang::Zh), "无门槛减 ¥20");
    assert_eq!(describe_terms(&percent("15"), 10_000, Lang::Zh), "满 ¥100 打 8.5 折");
    assert_eq!(describe_terms(&percent("12.5"), 0, Lang::Zh), "无门槛打 8.75 折");
    assert_eq!(describe_terms(&percent("100"), 0, Lang::Zh), "无门槛免单");
    assert_eq!(describe_terms(&Discount::AmountOff { fen: 2_050 }, 10_000, Lang::En), "¥20.50 off orders of ¥100 or more");
    assert_eq!(describe_terms(&percent("15"), 0, Lang::En), "15% off");
}

#[test]
fn every_error_round_trips_with_a_unique_code() {
    let errors = vec![
        CouponError::BadCode { code: "X".into() },
        CouponError::BadAmount { fen: 0 },
        CouponError::BadPercent { percent: dec("0") },
        CouponError::BadMinSpend { fen: -1 },
        CouponError::ExpiryInPast { expires_at_ms: NOW },
        CouponError::BadSubtotal { fen: -1 },
        CouponError::WrongCustomer { code: "X".into() },
        CouponError::AlreadyUsed { used_at_ms: NOW },
        CouponError::Expired { expires_at_ms: NOW },
        CouponError::BelowMinimum { min_spend_fen: 2, subtotal_fen: 1 },
    ];
    let mut codes = BTreeSet::new();
    for e in errors {
        let back: CouponError = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(back, e);
        assert!(codes.insert(e.code()));
        assert_ne!(e.message(Lang::Zh), e.message(Lang::En));
    }
    assert_eq!(codes.len(), 10);
}
