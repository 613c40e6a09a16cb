//! The QR code of an agent's share link for the Moments poster (O1), ssr only. The modules
//! come from the `qrcode` crate (encoding, error correction, its SVG renderer); this module
//! checks the link and picks the error-correction level. (Moved from the fulfilment helpers'
//! `barcode.rs`; the Code128 waybill part stays with fulfilment.)

use super::logic::IntakeError;

/// Longest share link accepted, in bytes: version 10 at level M holds 213 bytes, beyond
/// which a phone-screen QR code gets hard to scan.
pub const MAX_URL_BYTES: usize = 200;

/// A QR code ready to inline in the poster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Qr {
    /// `<svg>` element without the XML prolog; one user unit per module, the 4-module quiet
    /// zone included; scale it with width/height attributes.
    pub svg: String,
    /// QR version 1–40.
    pub version: i16,
    /// Modules per side, without the quiet zone (17 + 4 × version).
    pub modules: usize,
}

/// Check a share link before it goes into a QR code.
pub fn check_url(url: &str) -> Result<&str, IntakeError> {
    let u = url.trim();
    let scheme_ok = u.starts_with("https://") || u.starts_with("http://");
    if !scheme_ok || u.chars().any(char::is_whitespace) || u.len() <= "https://".len() {
        return Err(IntakeError::QrNotAUrl { value: url.chars().take(100).collect() });
    }
    if u.len() > MAX_URL_BYTES {
        return Err(IntakeError::QrUrlTooLong { len: u.len() as u32, max: MAX_URL_BYTES as u32 });
    }
    Ok(u)
}

/// QR code of a share link at error-correction level M (15 %), which survives a slightly
/// blurred phone photo of the poster while keeping the code small.
pub fn qr_svg(url: &str) -> Result<Qr, IntakeError> {
    use qrcode::{render::svg, EcLevel, QrCode, Version};
    let u = check_url(url)?;
    let code = QrCode::with_error_correction_level(u.as_bytes(), EcLevel::M)
        .map_err(|_| IntakeError::QrUrlTooLong { len: u.len() as u32, max: MAX_URL_BYTES as u32 })?;
    let version = match code.version() {
        Version::Normal(v) | Version::Micro(v) => v,
    };
    let modules = code.width();
    let full = code.render::<svg::Color>().quiet_zone(true).module_dimensions(1, 1).build();
    let svg = match full.find("<svg") {
        Some(start) => full[start..].to_string(),
        None => full,
    };
    Ok(Qr { svg, version, modules })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    #[test]
    fn urls_are_checked() {
        assert_eq!(check_url(" https://zg.example.com/s/A7K2Q9 "), Ok("https://zg.example.com/s/A7K2Q9"));
        assert_eq!(check_url("zg.example.com/s/1"), Err(IntakeError::QrNotAUrl { value: "zg.example.com/s/1".into() }));
        assert_eq!(check_url("https://zg.example.com/s/a b"), Err(IntakeError::QrNotAUrl { value: "https://zg.example.com/s/a b".into() }));
        assert_eq!(check_url("https://"), Err(IntakeError::QrNotAUrl { value: "https://".into() }));
        let long = format!("https://zg.example.com/?q={}", "x".repeat(200));
        assert_eq!(qr_svg(&long), Err(IntakeError::QrUrlTooLong { len: 226, max: 200 }));
    }

    /// Dark modules of the crate's SVG path ("M{x} {y}h{w}v{h}H{x}V{y}" per run).
    pub fn rasterise(svg: &str, side: usize) -> Vec<Vec<bool>> {
        let mut grid = vec![vec![false; side]; side];
        let d = &svg[svg.find(" d=\"").unwrap() + 4..];
        let d = &d[..d.find('"').unwrap()];
        for seg in d.split('M').filter(|s| !s.is_empty()) {
            let (xy, rest) = seg.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let (w, rest) = rest.split_once('v').unwrap();
            let (h, _) = rest.split_once('H').unwrap();
            let [x, y, w, h]: [usize; 4] = [x, y, w, h].map(|s| s.parse().unwrap());
            for row in grid.iter_mut().skip(y).take(h) {
                row[x..x + w].iter_mut().for_each(|c| *c = true);
            }
        }
        grid
    }

    /// Decode a QR `<svg>` of `side` modules (quiet zone included) back to its text.
    pub fn decode(svg: &str, side: usize) -> (String, usize) {
        let grid = rasterise(svg, side);
        let scale = 4;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(side * scale, side * scale, |x, y| if grid[y / scale][x / scale] { 0 } else { 255 });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        let (meta, content) = grids[0].decode().unwrap();
        (content, meta.version.0)
    }

    #[test]
    fn qr_round_trips_through_a_decoder() {
        // 31 bytes: byte mode needs 4 + 8 + 31·8 = 260 bits; version 2-M holds 224, 3-M 352.
        let url = "https://zg.example.com/s/A7K2Q9";
        let qr = qr_svg(url).unwrap();
        assert_eq!((qr.version, qr.modules), (3, 29));
        assert!(qr.svg.starts_with("<svg "), "no XML prolog, so it can be inlined");
        assert!(qr.svg.contains(r#"viewBox="0 0 37 37""#), "29 + 2 × 4 quiet modules");
        assert_eq!(decode(&qr.svg, 37), (url.to_string(), 3));
    }
}
