//! Tests for the label barcode and the poster QR code. Expected Code128 patterns are taken
//! from the symbol table of ISO/IEC 15417 (bar/space widths B S B S B S), written out here
//! by hand as modules (1 = bar).

use super::*;

/// Widths → modules, e.g. "211214" → "11010010000".
fn widths(w: &str) -> String {
    w.chars()
        .enumerate()
        .map(|(i, d)| (if i % 2 == 0 { "1" } else { "0" }).repeat(d.to_digit(10).unwrap() as usize))
        .collect()
}

fn bits(v: &[u8]) -> String {
    v.iter().map(|b| if *b == 1 { '1' } else { '0' }).collect()
}

#[test]
fn table_widths_helper() {
    assert_eq!(widths("211214"), "11010010000");
    assert_eq!(widths("2331112"), "1100011101011");
}

#[test]
fn character_sets_are_chosen_per_annex_e() {
    assert_eq!(code128_data("ZG261129000042").unwrap(), "ƁZGĆ261129000042");
    assert_eq!(code128_data("12345678").unwrap(), "Ć12345678");
    assert_eq!(code128_data("12").unwrap(), "Ć12");
    assert_eq!(code128_data("123").unwrap(), "Ɓ123");
    assert_eq!(code128_data("12345").unwrap(), "Ć1234Ɓ5");
    assert_eq!(code128_data("AB12345C").unwrap(), "ƁAB12345C");
    assert_eq!(code128_data("AB1234567").unwrap(), "ƁAB1Ć234567");
    assert_eq!(code128_data("AB123456CD").unwrap(), "ƁABĆ123456ƁCD");
    assert_eq!(code128_data("sf-12").unwrap(), "Ɓsf-12");
}

#[test]
fn every_printable_ascii_character_encodes() {
    // code128_modules maps a barcoders refusal to an error that should never happen:
    // everything code128_data accepts must be in barcoders' set B table.
    let all: String = (' '..='~').collect();
    let m = code128_modules(&all).unwrap();
    // ' '..'/' (16) in B, the 10 digits in C (Code C + 5 pairs), Code B, ':'..'~' (69):
    // Start + 16 + 1 + 5 + 1 + 69 + check = 94 symbols of 11 modules, + 13 for the stop.
    assert!(code128_data(&all).unwrap().contains("/Ć0123456789Ɓ:"));
    assert_eq!(m.len(), 94 * 11 + 13);
}

#[test]
fn refuses_what_code128_cannot_hold() {
    assert_eq!(code128_data(""), Err(BarcodeError::Empty));
    assert_eq!(code128_data("订单1"), Err(BarcodeError::UnsupportedChar { ch: '订', position: 0 }));
    assert_eq!(code128_data("ZG\n"), Err(BarcodeError::UnsupportedChar { ch: '\n', position: 2 }));
    let e = BarcodeError::UnsupportedChar { ch: '订', position: 0 };
    assert_eq!(e.code(), "barcode_unsupported_char");
    assert_eq!(e.message(Lang::Zh), "条码只能包含英文字母、数字和常用符号，第 1 个字符「订」不支持");
}

/// The order number ZG261129000042 in Start B, Code C for the 12 digits.
///
/// Symbol values: Start B 104; Z = 90 − 32 = 58; G = 71 − 32 = 39; Code C 99;
/// pairs 26 11 29 00 00 42.
/// Check: 104 + 58·1 + 39·2 + 99·3 + 26·4 + 11·5 + 29·6 + 0·7 + 0·8 + 42·9
///      = 104 + 58 + 78 + 297 + 104 + 55 + 174 + 0 + 0 + 378 = 1248;
///      1248 mod 103 = 1248 − 12·103 = 12.
fn order_number_modules() -> String {
    [
        "211214",  // Start B (104)
        "312311",  // Z (58)
        "211313",  // G (39)
        "113141",  // Code C (99)
        "321221",  // 26
        "231212",  // 11
        "322211",  // 29
        "212222",  // 00
        "212222",  // 00
        "112133",  // 42
        "112232",  // check symbol 12
        "2331112", // Stop + final bar
    ]
    .iter()
    .map(|w| widths(w))
    .collect()
}

#[test]
fn order_number_encodes_start_check_and_stop() {
    let m = bits(&code128_modules("ZG261129000042").unwrap());
    assert_eq!(m.len(), 11 * 11 + 13);
    assert_eq!(&m[..11], "11010010000", "Start B");
    assert_eq!(&m[33..44], "10111011110", "Code C");
    assert_eq!(&m[110..121], "10110011100", "check symbol 12");
    assert_eq!(&m[121..], "1100011101011", "Stop");
    assert_eq!(m, order_number_modules());
}

/// "1234" in Start C: 105 + 12·1 + 34·2 = 185; 185 mod 103 = 82.
#[test]
fn all_digits_start_in_set_c() {
    let m = bits(&code128_modules("1234").unwrap());
    let expected: String = ["211232", "112232", "131123", "121241", "2331112"].iter().map(|w| widths(w)).collect();
    assert_eq!(m, expected);
    assert_eq!(&m[..11], "11010011100", "Start C");
    assert_eq!(&m[33..44], "10010011110", "check symbol 82");
}

/// Modules drawn in the SVG: barcoders draws one 1-wide rect per bar module.
fn drawn_modules(svg: &str, n: usize) -> String {
    let mut m = vec!['0'; n];
    for part in svg.split("<rect x=\"").skip(1) {
        if part.contains("fill=\"#000000\"") {
            let x: usize = part[..part.find('"').unwrap()].parse().unwrap();
            m[x] = '1';
        }
    }
    m.into_iter().collect()
}

#[test]
fn label_svg_is_sized_for_100x180() {
    // 134 modules + 2 × 10 quiet = 154; at 4 dots (0.5 mm) that is 77 mm ≤ 90 mm.
    // Height 12 + 1 + 3.5 = 16.5 mm; baseline 12 + 1 + 2.8 = 15.8 mm.
    let svg = code128_svg("ZG261129000042", &Code128Layout::LABEL_100X180).unwrap();
    assert!(svg.starts_with(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="77mm" height="16.5mm" viewBox="0 0 77 16.5" shape-rendering="crispEdges">"#
    ));
    assert!(svg.contains(
        r#"<svg x="5" y="0" width="67" height="12" preserveAspectRatio="none" version="1.1" viewBox="0 0 134 1">"#
    ));
    assert!(svg.contains(
        r#"<text x="38.5" y="15.8" font-family="monospace" font-size="3.5" text-anchor="middle">ZG261129000042</text></svg>"#
    ));
    assert_eq!(drawn_modules(&svg, 134), order_number_modules());
}

#[test]
fn smaller_label_uses_narrower_bars() {
    // 154 modules at 0.5 mm = 77 mm > 70 mm; at 3 dots (0.375 mm) = 57.75 mm.
    let svg = code128_svg("ZG261129000042", &Code128Layout::LABEL_76X130).unwrap();
    assert!(svg.contains(r#"width="57.75mm" height="14mm""#), "{svg}");
    assert!(svg.contains(r#"<svg x="3.75" y="0" width="50.25" height="10""#));
}

#[test]
fn too_long_for_the_label() {
    // 40 letters in set B: 11 × (start + 40 + check) + 13 = 475, + 20 quiet = 495 modules;
    // at the 2-dot minimum (0.25 mm) that is 123.75 mm > 90 mm; 90 / 0.25 = 360 fit.
    let text = "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN";
    assert_eq!(
        code128_svg(text, &Code128Layout::LABEL_100X180),
        Err(BarcodeError::TooLong { len: 40, modules: 495, max_modules: 360 })
    );
}

#[test]
fn text_is_escaped() {
    let svg = code128_svg("A&B<1>", &Code128Layout::LABEL_100X180).unwrap();
    assert!(svg.contains(">A&amp;B&lt;1&gt;</text>"));
}

#[test]
fn millimetres_format() {
    assert_eq!(mm(77_000), "77");
    assert_eq!(mm(38_500), "38.5");
    assert_eq!(mm(125), "0.125");
    assert_eq!(mm(57_750), "57.75");
    assert_eq!(mm(0), "0");
}

