//! Tests for pinyin initials and SKU matching.

use super::*;

#[cfg(feature = "ssr")]
#[test]
fn initials_of_product_names() {
    assert_eq!(initials("蛋黄酥"), "dhs");
    assert_eq!(initials("面膜"), "mm");
    assert_eq!(initials("玻尿酸补水面膜"), "bnsbsmm");
    assert_eq!(initials("红枣核桃酸奶"), "hzhtsn");
    assert_eq!(initials("2件装"), "2jz");
    assert_eq!(initials("SK-II 神仙水"), "skiisxs");
    assert_eq!(initials("Ａ款"), "ak");
    assert_eq!(initials(""), "");
    assert_eq!(initials("★"), "");
}

#[cfg(feature = "ssr")]
#[test]
fn polyphones_take_the_product_reading() {
    // The data lists zhǎng, jiā, diào, cān first; product names read them otherwise.
    assert_eq!(initials("长袖T恤"), "cxtx");
    assert_eq!(initials("番茄酱"), "fqj");
    assert_eq!(initials("人参"), "rs");
    assert_eq!(initials("调料"), "tl");
    // Listed polyphones whose first reading is the common one keep it: 行 xíng.
    assert_eq!(initials("行李箱"), "xlx");
    // Unlisted polyphones keep the data's first reading: 大 dà.
    assert_eq!(initials("大红枣"), "dhz");
}

#[cfg(feature = "ssr")]
#[test]
fn alternates_are_stored_after_the_common_reading() {
    assert_eq!(initials_with_alternates("蛋黄酥"), "dhs");
    assert_eq!(initials_with_alternates("人参"), "rs rc");
    assert_eq!(initials_with_alternates("重庆小面"), "zqxm cqxm");
    // Two polyphones: every combination up to the cap of four.
    assert_eq!(initials_with_alternates("长重"), "cz zz cc zc");
    // 单 has two alternates (s, c); with 长 that would be 2 × 3 = 6, capped at 4.
    assert_eq!(initials_with_alternates("长单"), "cd zd cs zs");
}

#[test]
fn exact_code_or_barcode_first() {
    assert_eq!(matches("DHS-001", "蛋黄酥", "DHS-001", "6901234567890", "dhs"), Some(SCORE_EXACT_CODE));
    assert_eq!(matches("dhs-001", "蛋黄酥", "DHS-001", "6901234567890", "dhs"), Some(SCORE_EXACT_CODE));
    assert_eq!(matches(" 6901234567890 ", "蛋黄酥", "DHS-001", "6901234567890", "dhs"), Some(SCORE_EXACT_CODE));
    assert_eq!(matches("６９０１２３４５６７８９０", "蛋黄酥", "X", "6901234567890", ""), Some(1000));
}

#[test]
fn initials_prefix_then_name_substring() {
    // "dhs" is the whole of the initials: 800 − 0.
    assert_eq!(matches("dhs", "蛋黄酥", "DHS-001", "", "dhs"), Some(800));
    // "dh" leaves one initial over: 800 − 1.
    assert_eq!(matches("DH", "蛋黄酥", "X1", "", "dhs"), Some(799));
    // "mm" is a prefix of "mmtz" (面膜套装): 800 − 2.
    assert_eq!(matches("mm", "面膜套装", "M2", "", "mmtz"), Some(798));
    // The second stored alternate matches: 重庆小面 stored as "zqxm cqxm".
    assert_eq!(matches("cq", "重庆小面", "N1", "", "zqxm cqxm"), Some(798));
    // Name substring at character 2 (补水|面膜): 700 − 2.
    assert_eq!(matches("面膜", "补水面膜", "M3", "", "bsmm"), Some(698));
    assert_eq!(matches("面膜", "面膜", "M3", "", "mm"), Some(SCORE_EXACT_NAME));
}

#[test]
fn weaker_tiers() {
    // Code prefix: "mask" of "MASK-01" leaves 3 characters: 500 − 3.
    assert_eq!(matches("mask", "补水面膜", "MASK-01", "", "bsmm"), Some(497));
    // Initials in the middle: "mm" in "bsmm".
    assert_eq!(matches("mm", "补水面膜", "M3", "", "bsmm"), Some(SCORE_INITIALS_SUBSTRING));
    // Code in the middle.
    assert_eq!(matches("01", "补水面膜", "MASK-01", "", "bsmm"), Some(SCORE_CODE_SUBSTRING));
    assert_eq!(matches("xyz", "补水面膜", "MASK-01", "", "bsmm"), None);
    assert_eq!(matches("  ", "补水面膜", "MASK-01", "", "bsmm"), None);
    // A Han query never matches initials.
    assert_eq!(matches("膜", "口红", "L1", "", "kh"), None);
}

#[test]
fn ranking_orders_by_score_then_input() {
    let skus = [
        ("蛋黄酥", "DHS-001", "6901234567890", "dhs"),
        ("补水面膜", "M3", "", "bsmm"),
        ("面膜套装", "M2", "", "mmtz"),
        ("面膜", "MM", "", "mm"),
        ("口红", "L1", "", "kh"),
    ];
    let order = rank("mm", &skus, |s| (s.0, s.1, s.2, s.3));
    // 面膜: exact code "MM" (1000); 面膜套装: initials prefix (798); 补水面膜: initials substring (300).
    assert_eq!(order, vec![3, 2, 1]);
    assert_eq!(rank("dhs", &skus, |s| (s.0, s.1, s.2, s.3)), vec![0]);
    assert!(rank("", &skus, |s| (s.0, s.1, s.2, s.3)).is_empty());
}
