//! The Moments poster of a product on an agent's share page (O1), ssr only: an SVG of
//! 1080 × 1620 px with the product picture, its name and price, the agent's name and the QR
//! code of the share link. The share page turns it into a PNG in the browser for saving.

use super::qr::qr_svg;
use super::logic::IntakeError;

/// What goes on a poster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PosterInput<'a> {
    pub product_name: &'a str,
    /// `¥59.80` or `¥59.80 起`.
    pub price: &'a str,
    pub agent_name: &'a str,
    /// The share link the QR code carries.
    pub url: &'a str,
    /// `data:image/png;base64,…` of the product picture, if it has one.
    pub image: Option<&'a str>,
}

pub const WIDTH: u32 = 1080;
pub const HEIGHT: u32 = 1620;
const QR_SIZE: u32 = 330;

/// The poster as an SVG document.
pub fn poster_svg(p: &PosterInput<'_>) -> Result<String, IntakeError> {
    let qr = qr_svg(p.url)?;
    let side = qr.modules + 8;
    let inner = qr.svg.find('>').and_then(|s| qr.svg.rfind("</svg>").map(|e| &qr.svg[s + 1..e])).unwrap_or("");
    let scale = f64::from(QR_SIZE) / side as f64;
    let (qx, qy) = (WIDTH - QR_SIZE - 60, HEIGHT - QR_SIZE - 60);
    let picture = match p.image {
        Some(data) => format!(
            r##"<image x="0" y="0" width="{WIDTH}" height="1080" preserveAspectRatio="xMidYMid slice" href="{0}" xlink:href="{0}"/>"##,
            escape(data)
        ),
        None => format!(
            r##"<rect x="0" y="0" width="{WIDTH}" height="1080" fill="#f6e7d8"/><text x="540" y="600" font-size="120" text-anchor="middle" fill="#b4462a">{}</text>"##,
            escape(&p.product_name.chars().take(6).collect::<String>())
        ),
    };
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif">
<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>
{picture}
<text x="60" y="1170" font-size="60" font-weight="700" fill="#222">{name}</text>
<text x="60" y="1270" font-size="72" font-weight="700" fill="#c0392b">{price}</text>
<text x="60" y="1390" font-size="40" fill="#555">{agent}</text>
<text x="60" y="1460" font-size="34" fill="#888">长按识别二维码 · 在线下单</text>
<rect x="{bx}" y="{by}" width="{bs}" height="{bs}" fill="#ffffff" stroke="#eeeeee" stroke-width="4"/>
<g transform="translate({qx} {qy}) scale({scale:.4})" shape-rendering="crispEdges">{inner}</g>
</svg>"##,
        name = escape(&p.product_name.chars().take(18).collect::<String>()),
        price = escape(p.price),
        agent = escape(&format!("{} 的小店", p.agent_name)),
        bx = qx - 10,
        by = qy - 10,
        bs = QR_SIZE + 20,
    ))
}

/// Text safe inside SVG text and attribute values.
pub fn escape(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poster_carries_picture_name_price_agent_and_qr() {
        let p = PosterInput {
            product_name: "蛋黄酥<6枚>",
            price: "¥59.80 起",
            agent_name: "张丽娟",
            url: "https://zg.example.com/s/A7K2Q9RT",
            image: Some("data:image/png;base64,iVBORw0KGgo="),
        };
        let svg = poster_svg(&p).unwrap();
        assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
        assert!(svg.contains(r#"width="1080" height="1620""#));
        assert!(svg.contains("蛋黄酥&lt;6枚&gt;"), "names are escaped");
        assert!(svg.contains(">¥59.80 起</text>") && svg.contains(">张丽娟 的小店</text>"));
        assert!(svg.contains(r#"href="data:image/png;base64,iVBORw0KGgo=""#));
        // The QR group holds the code's paths, not a nested document.
        let g = &svg[svg.find("<g transform").unwrap()..];
        assert!(g.contains("<path") && !g[..g.find("</g>").unwrap()].contains("<svg"));
        let no_picture = poster_svg(&PosterInput { image: None, ..p }).unwrap();
        assert!(no_picture.contains(r##"fill="#f6e7d8""##) && !no_picture.contains("<image"));
        assert_eq!(poster_svg(&PosterInput { url: "ftp://x", ..p }), Err(IntakeError::QrNotAUrl { value: "ftp://x".into() }));
    }

    #[test]
    fn poster_qr_decodes_to_the_share_link() {
        let url = "https://zg.example.com/s/A7K2Q9RT";
        let svg = poster_svg(&PosterInput { product_name: "面膜", price: "¥9.90", agent_name: "李", url, image: None }).unwrap();
        let g = &svg[svg.find("<g transform").unwrap()..];
        let paths = &g[g.find('>').unwrap() + 1..g.find("</g>").unwrap()];
        let qr = qr_svg(url).unwrap();
        let side = qr.modules + 8;
        let standalone = format!(r#"<svg viewBox="0 0 {side} {side}">{paths}</svg>"#);
        assert_eq!(super::super::qr::tests::decode(&standalone, side).0, url);
    }
}
