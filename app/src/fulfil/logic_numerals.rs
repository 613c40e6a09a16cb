//! Chinese numerals in addresses (building and unit numbers), for the address key.

/// Fold a full-width ASCII variant (Ａ, １, ，…) or the ideographic space to its
/// half-width form; other characters are returned unchanged.

/// Full-width folding plus ASCII lower-casing, the common first step of every key.

/// Value of a Chinese digit 〇一二…九 (两 counts as 2), if it is one.
pub fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Value of a short Chinese numeral such as 三, 十二, 二十, 九十九 (below 100), or None.
/// Larger numbers are rare in building/unit numbers and are left alone.
pub fn cn_number(s: &[char]) -> Option<u32> {
    match s {
        [] => None,
        ['十'] => Some(10),
        [d] => cn_digit(*d),
        ['十', d] => cn_digit(*d).map(|d| 10 + d),
        [t, '十'] => cn_digit(*t).map(|t| t * 10),
        [t, '十', d] => Some(cn_digit(*t)? * 10 + cn_digit(*d)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        let n = |s: &str| cn_number(&s.chars().collect::<Vec<_>>());
        assert_eq!(n("三"), Some(3));
        assert_eq!(n("十"), Some(10));
        assert_eq!(n("十二"), Some(12));
        assert_eq!(n("二十"), Some(20));
        assert_eq!(n("九十九"), Some(99));
        assert_eq!(n("百"), None);
        assert_eq!(n(""), None);
    }
}
