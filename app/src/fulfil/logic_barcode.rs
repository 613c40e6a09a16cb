//! Server-side symbols as SVG: a Code128 barcode of an order number for the 100×180 mm and
//! 76×130 mm waybill labels (O6).
//!
//! The bars come from the `barcoders` crate (encoding, check symbol and its SVG generator);
//! this module only picks the Code128 character sets, sizes the symbol for a thermal
//! printer and adds the human-readable line.
//! Geometry is integer micrometres, so sizes are exact and the SVG numbers short.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// Why a symbol could not be made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BarcodeError {
    /// Nothing to encode.
    Empty,
    /// Code128 holds printable ASCII only; `position` is 0-based.
    UnsupportedChar { ch: char, position: usize },
    /// The barcode would not fit the label even at the narrowest printable bar.
    TooLong { len: usize, modules: usize, max_modules: usize },
}

impl BarcodeError {
    /// Stable snake_case identifier.
    pub fn code(&self) -> &'static str {
        match self {
            BarcodeError::Empty => "barcode_empty",
            BarcodeError::UnsupportedChar { .. } => "barcode_unsupported_char",
            BarcodeError::TooLong { .. } => "barcode_too_long",
        }
    }

    /// The message shown to the user.
    pub fn message(&self, lang: Lang) -> String {
        use BarcodeError::*;
        match (self, lang) {
            (Empty, Lang::Zh) => "条码内容为空".into(),
            (Empty, Lang::En) => "Nothing to encode in the barcode".into(),
            (UnsupportedChar { ch, position }, Lang::Zh) => {
                format!("条码只能包含英文字母、数字和常用符号，第 {} 个字符「{ch}」不支持", position + 1)
            }
            (UnsupportedChar { ch, position }, Lang::En) => format!(
                "A barcode can hold only ASCII letters, digits and symbols; character {} \"{ch}\" is not supported",
                position + 1
            ),
            (TooLong { len, .. }, Lang::Zh) => format!("条码内容太长（{len} 个字符），标签上放不下"),
            (TooLong { len, .. }, Lang::En) => format!("The barcode text is too long for the label ({len} characters)"),
        }
    }
}

/// Size of a barcode on a label, in micrometres.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code128Layout {
    pub bar_height_um: u32,
    /// Widest the symbol may be, quiet zones included.
    pub max_width_um: u32,
    /// One printer dot; bars are whole dots wide so they print crisp.
    pub dot_um: u32,
    /// Narrowest and widest bar (module) in dots.
    pub min_dots: u32,
    pub max_dots: u32,
    /// Quiet zone on each side, in modules (ISO/IEC 15417 asks for at least 10).
    pub quiet_modules: u32,
    pub font_um: u32,
    /// Space between the bars and the text.
    pub text_gap_um: u32,
}

impl Code128Layout {
    /// The 100×180 mm label on a 203 dpi printer (1 dot ≈ 0.125 mm): 12 mm bars, at most
    /// 90 mm wide, modules of 0.25–0.5 mm.
    pub const LABEL_100X180: Self = Code128Layout {
        bar_height_um: 12_000,
        max_width_um: 90_000,
        dot_um: 125,
        min_dots: 2,
        max_dots: 4,
        quiet_modules: 10,
        font_um: 3_500,
        text_gap_um: 1_000,
    };

    /// The 76×130 mm label: 10 mm bars, at most 70 mm wide.
    pub const LABEL_76X130: Self =
        Code128Layout { bar_height_um: 10_000, max_width_um: 70_000, font_um: 3_000, ..Self::LABEL_100X180 };
}

/// The input in `barcoders`' Code128 notation, where Ɓ and Ć select character sets B and
/// C. Follows ISO/IEC 15417 Annex E in short: start in C for 4+ leading digits, otherwise
/// B; switch to C for 6+ digits inside or 4+ at the end, odd runs keeping one digit in B.
pub fn code128_data(text: &str) -> Result<String, BarcodeError> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return Err(BarcodeError::Empty);
    }
    if let Some((position, &ch)) = chars.iter().enumerate().find(|(_, c)| !(' '..='~').contains(*c)) {
        return Err(BarcodeError::UnsupportedChar { ch, position });
    }
    let n = chars.len();
    let mut out = String::with_capacity(n + 4);
    let mut in_c: Option<bool> = None;
    let mut i = 0;
    while i < n {
        let run = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let want_c =
            if i == 0 { run >= 4 || (run == n && run % 2 == 0) } else { run >= 6 || (i + run == n && run >= 4) };
        if want_c && run >= 2 {
            let mut left = run;
            if run % 2 == 1 && i > 0 {
                // In B already: the odd digit goes first, in B.
                switch(&mut out, &mut in_c, false);
                out.push(chars[i]);
                i += 1;
                left -= 1;
            }
            // At the start an odd last digit is left for the next round, in B.
            let even = left / 2 * 2;
            switch(&mut out, &mut in_c, true);
            out.extend(&chars[i..i + even]);
            i += even;
        } else {
            let take = run.max(1);
            switch(&mut out, &mut in_c, false);
            out.extend(&chars[i..i + take]);
            i += take;
        }
    }
    Ok(out)
}

fn switch(out: &mut String, in_c: &mut Option<bool>, to_c: bool) {
    if *in_c != Some(to_c) {
        out.push(if to_c { 'Ć' } else { 'Ɓ' });
        *in_c = Some(to_c);
    }
}

/// The symbol's modules, 1 = bar, 0 = space: start, data, check symbol, stop and the final
/// bar, without quiet zones.
#[cfg(feature = "ssr")]
pub fn code128_modules(text: &str) -> Result<Vec<u8>, BarcodeError> {
    let data = code128_data(text)?;
    // code128_data only emits what barcoders accepts (tested over all printable ASCII), so
    // this mapping is never expected to run.
    let code = barcoders::sym::code128::Code128::new(&data).map_err(|_| BarcodeError::Empty)?;
    Ok(code.encode())
}

/// Code128 of `text` as a standalone SVG sized in millimetres, bars at whole printer
/// dots, quiet zones on both sides and the text centred below in a monospace font.
#[cfg(feature = "ssr")]
pub fn code128_svg(text: &str, layout: &Code128Layout) -> Result<String, BarcodeError> {
    let modules = code128_modules(text)?;
    let total = modules.len() + 2 * layout.quiet_modules as usize;
    let max_modules = (layout.max_width_um / (layout.dot_um * layout.min_dots)) as usize;
    let dots = (layout.min_dots..=layout.max_dots)
        .rev()
        .find(|d| total as u64 * u64::from(d * layout.dot_um) <= u64::from(layout.max_width_um))
        .ok_or(BarcodeError::TooLong { len: text.chars().count(), modules: total, max_modules })?;
    let x = dots * layout.dot_um;
    let (width, bars) = (total as u32 * x, modules.len() as u32 * x);
    let height = layout.bar_height_um + layout.text_gap_um + layout.font_um;
    let bar_svg =
        barcoders::generators::svg::SVG::new(1).xdim(1).generate(&modules).map_err(|_| BarcodeError::Empty)?;
    let placed = bar_svg.replacen(
        "<svg ",
        &format!(
            r#"<svg x="{}" y="0" width="{}" height="{}" preserveAspectRatio="none" "#,
            mm(layout.quiet_modules * x),
            mm(bars),
            mm(layout.bar_height_um)
        ),
        1,
    );
    // The baseline sits about 0.8 em down, so the digits end near the bottom edge.
    let baseline = layout.bar_height_um + layout.text_gap_um + layout.font_um * 4 / 5;
    Ok(format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}" shape-rendering="crispEdges">"#,
            r##"<rect width="{w}" height="{h}" fill="#fff"/>{bars}"##,
            r#"<text x="{cx}" y="{ty}" font-family="monospace" font-size="{fs}" text-anchor="middle">{text}</text></svg>"#
        ),
        w = mm(width),
        h = mm(height),
        bars = placed,
        cx = mm(width / 2),
        ty = mm(baseline),
        fs = mm(layout.font_um),
        text = xml_escape(text),
    ))
}

/// Micrometres as millimetres without trailing zeros: 77000 → "77", 38500 → "38.5".
#[cfg(feature = "ssr")]
pub(crate) fn mm(um: u32) -> String {
    match um % 1000 {
        0 => (um / 1000).to_string(),
        frac => format!("{}.{}", um / 1000, format!("{frac:03}").trim_end_matches('0')),
    }
}

#[cfg(feature = "ssr")]
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(all(test, feature = "ssr"))]
#[path = "logic_barcode_tests.rs"]
mod tests;
