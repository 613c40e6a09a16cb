//! Request hardening: the same-origin rule for state-changing requests (CSRF), security
//! headers with a per-response CSP nonce, and the client address behind a proxy.

use app::ctx::CspNonce;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::RngCore;

/// How the server sees the outside world.
#[derive(Clone, Debug, Default)]
pub struct Security {
    /// Origins besides the server's own that may send state-changing requests
    /// (`ZG_ALLOWED_ORIGINS`, e.g. `https://shop.example.com`).
    pub allowed_origins: Vec<String>,
    /// Served over HTTPS (secure cookies): HSTS is sent and the own origin is https.
    pub https: bool,
    /// A reverse proxy in front sets `X-Forwarded-For` / `X-Forwarded-Proto`; trust them.
    pub trust_proxy: bool,
}

impl Security {
    /// The origins a browser may send state-changing requests from: the one the request
    /// was addressed to (Host) and the configured extra ones.
    fn allows(&self, origin: &str, headers: &HeaderMap) -> bool {
        let origin = origin.trim_end_matches('/');
        if self.allowed_origins.iter().any(|o| o.trim_end_matches('/') == origin) {
            return true;
        }
        let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return false };
        let forwarded = headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()).filter(|_| self.trust_proxy);
        let scheme = forwarded.unwrap_or(if self.https { "https" } else { "http" });
        origin == format!("{scheme}://{host}")
    }

    /// The client's address: the peer, or behind a trusted proxy the address the proxy
    /// appended last to `X-Forwarded-For` (earlier entries can be forged by the client).
    pub fn client_addr(&self, peer: std::net::SocketAddr, headers: &HeaderMap) -> String {
        if self.trust_proxy {
            if let Some(last) = headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .last()
            {
                return last.chars().take(64).collect();
            }
        }
        peer.ip().to_string()
    }
}

/// Refuse state-changing requests that a browser sent from another origin: a cross-site
/// form, another port or a sibling subdomain (same-site, so the cookie travels). The
/// signed REST API carries no cookie and is exempt. Non-browser clients send neither
/// `Origin` nor `Sec-Fetch-Site` and cannot ride a user's session.
pub async fn same_origin(State(sec): State<Security>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let headers = req.headers();
    let ok = match headers.get(header::ORIGIN).map(|o| o.to_str().unwrap_or("")) {
        Some(origin) => sec.allows(origin, headers),
        None => match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
            Some(site) => site == "same-origin" || site == "none",
            None => true,
        },
    };
    if ok {
        next.run(req).await
    } else {
        let body = r#"{"kind":"forbidden"}"#;
        (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    }
}

/// Security headers on every response. Pages get a Content-Security-Policy that allows only
/// the app's own scripts plus the inline hydration script carrying this response's nonce.
pub async fn headers(State(sec): State<Security>, mut req: Request, next: Next) -> Response {
    let mut raw = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut raw);
    let nonce: String = raw.iter().map(|b| format!("{b:02x}")).collect();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'; manifest-src 'self'; worker-src 'self'"
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.entry(header::CONTENT_SECURITY_POLICY).or_insert(v);
    }
    h.entry(header::X_CONTENT_TYPE_OPTIONS).or_insert(HeaderValue::from_static("nosniff"));
    h.entry(header::REFERRER_POLICY).or_insert(HeaderValue::from_static("same-origin"));
    h.entry(header::X_FRAME_OPTIONS).or_insert(HeaderValue::from_static("DENY"));
    if sec.https {
        h.entry(header::STRICT_TRANSPORT_SECURITY).or_insert(HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    res
}

/// Whether a /pkg/ file name carries a content hash (cargo-leptos: 22 characters of
/// base64url MD5, `zhanggui.Xq3…ZA.wasm`), so it may be cached for a year.
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.split('.').any(|part| part.len() == 22 && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hdrs(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn own_and_configured_origins_only() {
        let sec = Security { allowed_origins: vec!["https://shop.example.com".into()], ..Default::default() };
        let h = hdrs(&[("host", "127.0.0.1:3000")]);
        assert!(sec.allows("http://127.0.0.1:3000", &h));
        assert!(!sec.allows("http://127.0.0.1:3001", &h), "another port");
        assert!(!sec.allows("http://evil.127.0.0.1:3000", &h));
        assert!(sec.allows("https://shop.example.com/", &h));
        let https = Security { https: true, ..Default::default() };
        assert!(!https.allows("http://127.0.0.1:3000", &h));
        assert!(https.allows("https://127.0.0.1:3000", &h));
    }

    #[test]
    fn client_address_behind_a_trusted_proxy() {
        let peer: std::net::SocketAddr = "10.0.0.2:5555".parse().unwrap();
        let h = hdrs(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9")]);
        assert_eq!(Security::default().client_addr(peer, &h), "10.0.0.2");
        let proxied = Security { trust_proxy: true, ..Default::default() };
        assert_eq!(proxied.client_addr(peer, &h), "203.0.113.9");
    }

    #[test]
    fn hashed_asset_names() {
        assert!(is_hashed_asset("/pkg/zhanggui.Xq3bM0cR_8LwzFv-9hKdZA.wasm"));
        assert!(is_hashed_asset("/pkg/zhanggui.Xq3bM0cR_8LwzFv-9hKdZA.wasm.br"));
        assert!(!is_hashed_asset("/pkg/zhanggui.wasm"));
        assert!(!is_hashed_asset("/pkg/zhanggui.css"));
    }
}
