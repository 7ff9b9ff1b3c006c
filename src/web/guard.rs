//! Web page: who may use the server. Every request must come through `127.0.0.1:PORT` or
//! `localhost:PORT` (a page elsewhere cannot reach it by rebinding a name to 127.0.0.1),
//! carry the session cookie (set from the one-time token in the address `serve` printed),
//! and, for a POST, come from the page itself (its `Origin`) with the form's CSRF token.
//! Every response says the page may load nothing from elsewhere.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::App;

/// The session cookie's name.
pub const COOKIE: &str = "dispersal_session";

/// Random text for a token: 32 bytes from the operating system, as hex.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    // The operating system's generator does not fail on Linux once booted; if it ever did,
    // the server must not start with a guessable token.
    getrandom::fill(&mut bytes).expect("the operating system gave no random bytes");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two tokens in time that does not depend on where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The headers every response carries.
fn secure_headers(headers: &mut HeaderMap) {
    let set = |headers: &mut HeaderMap, name: header::HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // `same-origin`, not `no-referrer`: under no-referrer a browser sends `Origin: null` with
    // the page's own forms. Other sites still get no referrer.
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    if !headers.contains_key(header::CACHE_CONTROL) {
        set(headers, header::CACHE_CONTROL, "no-store");
    }
}

fn refuse(status: StatusCode, why: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not allowed - dispersal</title></head><body><h1>Not allowed</h1><p>{why}</p></body></html>"
    );
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response();
    secure_headers(response.headers_mut());
    response
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
}

fn query_value(query: Option<&str>, name: &str) -> Option<String> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The query without `token=...`, for the address to send the browser on to: always a path on
/// this server (`//host/...` or `/\host/...` would send a browser to another site, so either is
/// sent to the start page instead).
fn without_token(path: &str, query: Option<&str>) -> String {
    let path = if same_origin_path(path) { path } else { "/" };
    let rest: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("token="))
        .collect();
    if rest.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", rest.join("&"))
    }
}

/// Whether a browser reads `path` as a path on this server: it starts with one `/`, and what
/// follows is not a second `/` or a `\\` (which browsers also read as `/`).
fn same_origin_path(path: &str) -> bool {
    path.starts_with('/') && !matches!(path.as_bytes().get(1), Some(b'/' | b'\\'))
}

/// The checks, before any page is made.
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let port = app.port;
    let hosts = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !hosts.iter().any(|h| h == host) {
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "This server answers only at 127.0.0.1 or localhost. Open the address the server printed when it started.",
        );
    }
    let query = request.uri().query().map(str::to_string);
    if let Some(token) = query_value(query.as_deref(), "token") {
        if !same_token(&token, &app.token) {
            return refuse(
                StatusCode::FORBIDDEN,
                "This address's token is not the one this server printed. Open the address the server printed when it started; it changes each time the server starts.",
            );
        }
        // The token becomes the session cookie, and leaves the address bar.
        let location = without_token(request.uri().path(), query.as_deref());
        let mut response = Response::builder()
            .status(StatusCode::SEE_OTHER)
            .header(header::LOCATION, location)
            .header(
                header::SET_COOKIE,
                format!("{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/", app.token),
            )
            .body(Body::empty())
            .unwrap_or_default();
        secure_headers(response.headers_mut());
        return response;
    }
    match cookie_token(request.headers()) {
        Some(token) if same_token(&token, &app.token) => {}
        Some(_) => {
            return refuse(
                StatusCode::FORBIDDEN,
                "This browser's session is from an earlier start of the server. Open the address the server printed when it started.",
            );
        }
        None => {
            return refuse(
                StatusCode::UNAUTHORIZED,
                "Open the address the server printed when it started (it ends in ?token=...).",
            );
        }
    }
    if request.method() == Method::POST {
        let origins = [
            format!("http://127.0.0.1:{port}"),
            format!("http://localhost:{port}"),
        ];
        let origin = request
            .headers()
            .get(header::ORIGIN)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !origins.iter().any(|o| o == origin) {
            return refuse(
                StatusCode::FORBIDDEN,
                "The form was not sent from this server's own page. Go back to the page and send it again.",
            );
        }
        let csrf = query_value(query.as_deref(), "csrf").unwrap_or_default();
        if !same_token(&csrf, &app.csrf) {
            return refuse(
                StatusCode::FORBIDDEN,
                "The form is from an earlier start of the server. Reload the page and send it again.",
            );
        }
    }
    let mut response = next.run(request).await;
    secure_headers(response.headers_mut());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_differ() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(same_token(&a, &a.clone()));
        assert!(!same_token(&a, &b));
        assert!(!same_token(&a, &a[..63]));
    }

    #[test]
    fn the_token_leaves_the_address() {
        assert_eq!(without_token("/", Some("token=abc")), "/");
        assert_eq!(
            without_token("/plan", Some("q=1&token=abc&r=2")),
            "/plan?q=1&r=2"
        );
    }

    #[test]
    fn the_token_sends_the_browser_only_to_this_server() {
        for other in [
            "//evil.example/",
            "/\\evil.example/",
            "//evil.example",
            "evil",
        ] {
            assert_eq!(without_token(other, Some("token=abc")), "/", "{other}");
        }
        assert_eq!(without_token("/c/G85999", Some("token=abc")), "/c/G85999");
    }
}
