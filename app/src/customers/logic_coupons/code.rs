//! Coupon codes: 8 characters from an alphabet without look-alikes, the last one a check
//! character, generated one-to-one from a seed (e.g. the coupon's row id).
//!
//! Format: 7 payload characters (35 bits) + 1 check character, all from
//! `23456789ABCDEFGHJKLMNPQRSTUVWXYZ` (no 0/O, 1/I). The payload is a fixed bijective scramble of
//! the seed's low 35 bits, so distinct seeds below [`CODE_SEED_SPACE`] (≈ 34 billion) give
//! distinct codes, and consecutive ids do not give consecutive-looking codes. The scramble is not
//! secret and not a security measure: redemption also checks the owning customer.
//! Check character: `Σ (2i + 1) × value(cᵢ) mod 32` over the payload (i = 0..6). Odd weights catch
//! every single mistyped character; adjacent swaps are caught unless the two values differ by 16.

use super::CouponError;

/// The 32 code characters, in value order.
pub const CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
pub const CODE_LEN: usize = 8;
const PAYLOAD_LEN: usize = CODE_LEN - 1;
/// Seeds below this map to distinct codes; larger seeds wrap around.
pub const CODE_SEED_SPACE: u64 = 1 << 35;
const MASK: u64 = CODE_SEED_SPACE - 1;

/// Each step is a bijection on 35-bit values: xor with a constant, multiplication by an odd
/// number modulo 2^35, and xor with a right shift of itself.
fn scramble(seed: u64) -> u64 {
    let mut x = (seed & MASK) ^ 0x5_DEEC_E66D;
    x = x.wrapping_mul(0x4C95_7F2D) & MASK;
    x ^= x >> 17;
    x = x.wrapping_mul(0x2545_F491) & MASK;
    x ^= x >> 15;
    x
}

fn check_value(payload: &[u8]) -> u8 {
    let sum: u32 = payload.iter().enumerate().map(|(i, v)| (2 * i as u32 + 1) * u32::from(*v)).sum();
    (sum % 32) as u8
}

fn value_of(c: u8) -> Option<u8> {
    CODE_ALPHABET.iter().position(|a| *a == c).map(|p| p as u8)
}

/// The code for `seed`, e.g. the coupon's database id.
pub fn generate_code(seed: u64) -> String {
    let x = scramble(seed);
    let mut values = [0u8; PAYLOAD_LEN];
    for (i, v) in values.iter_mut().enumerate() {
        *v = ((x >> (5 * (PAYLOAD_LEN - 1 - i))) & 31) as u8;
    }
    let mut code: String = values.iter().map(|v| CODE_ALPHABET[*v as usize] as char).collect();
    code.push(CODE_ALPHABET[check_value(&values) as usize] as char);
    code
}

/// Check a code as stored (upper case, no separators): length, alphabet and check character.
pub fn check_code_format(code: &str) -> Result<(), CouponError> {
    let bad = || CouponError::BadCode { code: code.to_string() };
    let bytes = code.as_bytes();
    if bytes.len() != CODE_LEN {
        return Err(bad());
    }
    let values: Vec<u8> = bytes.iter().map(|b| value_of(*b)).collect::<Option<_>>().ok_or_else(bad)?;
    if check_value(&values[..PAYLOAD_LEN]) != values[PAYLOAD_LEN] {
        return Err(bad());
    }
    Ok(())
}

/// A code as typed by a person: spaces and dashes dropped, letters upper-cased, then checked.
pub fn normalize_code(input: &str) -> Result<String, CouponError> {
    let code: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    check_code_format(&code).map_err(|_| CouponError::BadCode { code: input.trim().to_string() })?;
    Ok(code)
}
