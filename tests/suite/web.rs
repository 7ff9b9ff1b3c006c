//! The officers' web page, as they use it: `dispersal serve` started as a process, its guard
//! tried with raw HTTP requests, and the officer's whole path walked in Debian's chromium
//! (headless, through chromium-driver and fantoccini), with axe-core checking every page
//! and a screenshot of each written to `target/web-screenshots/`.

use crate::common::pdf::pdftotext;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

use crate::common;
use crate::common::cli::BINARY;
use common::ods::{ods_of_rows, ods_row};

/// A running `dispersal serve`, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) url: String,
    pub(crate) port: u16,
    workspace: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub(crate) fn start() -> Server {
        Server::start_in(tempfile::tempdir().unwrap(), &[])
    }

    /// Starts `dispersal serve` on the workspace in `workspace`, with these environment
    /// variables, under the umask of a stock login (022: files 0644 unless made private).
    fn start_in(workspace: tempfile::TempDir, env: &[(&str, &str)]) -> Server {
        Server::start_under(workspace, env, "umask 022")
    }

    /// Starts `dispersal serve` as [`Server::start_in`] does, after the shell commands
    /// `setup` (a umask, an open-files limit).
    fn start_under(workspace: tempfile::TempDir, env: &[(&str, &str)], setup: &str) -> Server {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!("{setup} && exec \"$@\""))
            .arg("sh")
            .arg(BINARY)
            .args(["serve", "--port", "0", "--workspace"])
            .arg(workspace.path().join("ws"))
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines.next().expect("serve printed no address").unwrap();
            if line.starts_with("http://127.0.0.1:") {
                break line;
            }
        };
        let port: u16 = url["http://127.0.0.1:".len()..]
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(url.contains("/?token="), "{url}");
        Server {
            child,
            url,
            port,
            workspace,
        }
    }

    pub(crate) fn ws(&self) -> PathBuf {
        self.workspace.path().join("ws")
    }

    /// Waits for the server to stop of itself (a test kill point), up to a minute.
    fn wait_for_death(&mut self) -> std::process::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(120),
                "the server did not stop"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The same workspace served again by a new server, with these environment variables.
    fn restart(mut self, env: &[(&str, &str)]) -> Server {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let workspace = std::mem::replace(&mut self.workspace, tempfile::tempdir().unwrap());
        Server::start_in(workspace, env)
    }
}

/// An officer's session with a server, over raw HTTP: the cookie from the token, the
/// form's CSRF token, and the page's own origin.
pub(crate) struct Officer {
    port: u16,
    token: String,
    csrf: String,
    origin: String,
}

impl Officer {
    pub(crate) fn new(server: &Server) -> Officer {
        let port = server.port;
        let token = server.url.split("token=").nth(1).unwrap().to_string();
        let (_, page) = get(port, &format!("127.0.0.1:{port}"), "/new", Some(&token));
        Officer {
            port,
            csrf: csrf_of(&page),
            token,
            origin: format!("http://127.0.0.1:{port}"),
        }
    }

    pub(crate) fn get(&self, path: &str) -> (u16, String) {
        get(
            self.port,
            &format!("127.0.0.1:{}", self.port),
            path,
            Some(&self.token),
        )
    }

    pub(crate) fn post(&self, path: &str, body: &str) -> (u16, String) {
        post(
            self.port,
            &format!("{path}?csrf={}", self.csrf),
            &self.token,
            Some(&self.origin),
            body,
        )
    }

    /// Sends files as the files page's form does: (field, file name, bytes).
    pub(crate) fn upload(&self, path: &str, files: &[(&str, &str, &[u8])]) -> (u16, String) {
        let boundary = "XyZbOuNdArY";
        let mut body = Vec::new();
        for (field, name, bytes) in files {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let head = format!(
            "POST {path}?csrf={} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: dispersal_session={}\r\nOrigin: {}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.csrf,
            self.port,
            self.token,
            self.origin,
            body.len()
        );
        let mut request = head.into_bytes();
        request.extend_from_slice(&body);
        http_bytes(self.port, &request)
    }

    /// Makes the sample's closure, G85999, from its settings form.
    pub(crate) fn new_closure(&self) {
        let (status, response) = self.post("/new", &settings_form());
        assert_eq!(status, 303, "{response}");
    }
}

/// The settings form of the sample's closure, G85999, filled in as an officer would.
pub(crate) fn settings_form() -> String {
    [
        ("closing_practice.ods_code", "G85999"),
        ("closing_practice.name", "Riverside Medical Centre"),
        (
            "closing_practice.address",
            "12 River Street\nLondon\nSE1 3QW",
        ),
        ("closing_practice.closure_date", "30/09/2026"),
        ("commissioner.name", "NHS South East London ICB"),
        ("commissioner.team", "Primary Care"),
        ("commissioner.address", "160 Tooley Street\nLondon\nSE1 2TZ"),
        ("commissioner.phone", "020 3049 0000"),
        ("commissioner.email", "team@nhs.net"),
        ("commissioner.signatory", "Jane Doe"),
        ("commissioner.signatory_role", "Head of Primary Care"),
        ("area.name", "Southwark"),
        ("area.postcode_districts", "SE1"),
        ("letters.date", "24/11/2026"),
        ("letters.postage", "second"),
        ("letters.qr_url", "https://www.nhs.uk/"),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", v.replace(' ', "+").replace('\n', "%0A")))
    .collect::<Vec<_>>()
    .join("&")
}

/// One raw HTTP/1.1 request; the status and the whole response.
fn http(port: u16, request: &str) -> (u16, String) {
    http_bytes(port, request.as_bytes())
}

/// [`http`] for a request that is not all text (an upload).
fn http_bytes(port: u16, request: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    // A server that refuses a request part way (one over the upload limit) answers and closes
    // before all of it is sent: the answer is read all the same.
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn get(port: u16, host: &str, path: &str, cookie: Option<&str>) -> (u16, String) {
    let cookie = cookie
        .map(|c| format!("Cookie: dispersal_session={c}\r\n"))
        .unwrap_or_default();
    http(
        port,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{cookie}Connection: close\r\n\r\n"),
    )
}

fn post(port: u16, path: &str, cookie: &str, origin: Option<&str>, body: &str) -> (u16, String) {
    let origin = origin
        .map(|o| format!("Origin: {o}\r\n"))
        .unwrap_or_default();
    http(
        port,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: dispersal_session={cookie}\r\n{origin}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

/// The CSRF token, from a page's form.
fn csrf_of(page: &str) -> String {
    let at = page.find("csrf=").expect("the page has a form") + 5;
    page[at..at + 64].to_string()
}

#[test]
fn the_server_answers_only_its_own_page() {
    let server = Server::start();
    let port = server.port;
    let host = format!("127.0.0.1:{port}");
    let token = server.url.split("token=").nth(1).unwrap().to_string();

    // No token, a wrong token, a wrong cookie.
    assert_eq!(get(port, &host, "/", None).0, 401);
    assert_eq!(get(port, &host, "/?token=0000", None).0, 403);
    assert_eq!(get(port, &host, "/", Some("0000")).0, 403);
    // DNS rebinding: a page at another name that resolves to 127.0.0.1.
    let (status, _) = get(port, &format!("evil.example:{port}"), "/", Some(&token));
    assert_eq!(status, 421);
    assert_eq!(
        get(port, &format!("127.0.0.1:{}", port + 1), "/", Some(&token)).0,
        421
    );
    // The token becomes an HttpOnly, SameSite=Strict cookie, and leaves the address.
    let (status, response) = get(port, &host, &format!("/?token={token}"), None);
    assert_eq!(status, 303);
    assert!(
        response.contains(&format!(
            "dispersal_session={token}; HttpOnly; SameSite=Strict"
        )),
        "{response}"
    );
    assert!(response.contains("location: /\r\n"), "{response}");
    // After the token, the browser is sent only to a path on this server: an address that a
    // browser reads as another site's is sent to the start page.
    for other in ["//evil.example/", "//evil.example", "///evil.example/"] {
        let (status, response) = get(port, &host, &format!("{other}?token={token}"), None);
        assert_eq!(status, 303, "{other}: {response}");
        assert!(response.contains("location: /\r\n"), "{other}: {response}");
    }
    // With the cookie, at either name, pages come with a strict policy.
    for host in [host.clone(), format!("localhost:{port}")] {
        let (status, page) = get(port, &host, "/", Some(&token));
        assert_eq!(status, 200, "{page}");
        assert!(
            page.contains("content-security-policy: default-src 'self'"),
            "{page}"
        );
        assert!(page.contains("x-frame-options: DENY"), "{page}");
    }
    let (_, page) = get(port, &host, "/new", Some(&token));
    let csrf = csrf_of(&page);
    let origin = format!("http://127.0.0.1:{port}");
    let form = "closing_practice.ods_code=G85999";
    // A POST needs its own origin and the CSRF token.
    assert_eq!(post(port, "/new", &token, Some(&origin), form).0, 403);
    let with_csrf = format!("/new?csrf={csrf}");
    assert_eq!(post(port, &with_csrf, &token, None, form).0, 403);
    assert_eq!(
        post(port, &with_csrf, &token, Some("http://evil.example"), form).0,
        403
    );
    let (status, page) = post(port, &with_csrf, &token, Some(&origin), form);
    assert_eq!(status, 422, "a half-filled form is refused with its errors");
    assert!(page.contains("There is a problem"), "{page}");
    assert!(
        page.contains("Enter the name of the closing practice"),
        "{page}"
    );
    // Markup typed into a field comes back as text.
    let (_, page) = post(
        port,
        &with_csrf,
        &token,
        Some(&origin),
        "closing_practice.name=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    );
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)"), "{page}");

    // Path tricks: a closure id or zip name that is a path is not one.
    for path in [
        "/c/..%2F..%2Fetc/closure.toml",
        "/c/G85999/batches/..%2Fclosure.toml",
        "/c/../../etc/passwd",
    ] {
        let (status, _) = get(port, &host, path, Some(&token));
        assert_eq!(status, 404, "{path}");
    }

    // An upload over the limit gets a page that says so, and the server goes on serving.
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let boundary = "XyZ";
    let size = 51 * 1024 * 1024;
    let head = format!(
        "POST /check-pdfs?csrf={csrf} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: dispersal_session={token}\r\nOrigin: {origin}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        size + 200
    );
    stream.write_all(head.as_bytes()).unwrap();
    let part = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"pdfs\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
    );
    stream.write_all(part.as_bytes()).unwrap();
    let chunk = vec![b'x'; 1024 * 1024];
    for _ in 0..51 {
        if stream.write_all(&chunk).is_err() {
            break;
        }
    }
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("smaller than 50 MB"), "{text}");
    assert_eq!(get(port, &host, "/", Some(&token)).0, 200);

    // An uploaded file's own name is never a path: a name that climbs out of the workspace
    // is kept as the closure's patients file, and nothing is written where it points.
    let (status, response) = post(port, &with_csrf, &token, Some(&origin), &settings_form());
    assert_eq!(status, 303, "{response}");
    assert!(response.contains("location: /c/G85999/files"), "{response}");
    let target = server.workspace.path().join("evil.csv");
    let climbing = format!("../../{}", target.display());
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"patients\"; filename=\"{climbing}\"\r\nContent-Type: text/csv\r\n\r\nnhs_number\r\n--{boundary}--\r\n"
    );
    let (status, response) = http(
        port,
        &format!(
            "POST /c/G85999/files?csrf={csrf} HTTP/1.1\r\nHost: {host}\r\nCookie: dispersal_session={token}\r\nOrigin: {origin}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert_eq!(status, 303, "{response}");
    assert!(!target.exists());
    assert_eq!(
        std::fs::read_to_string(server.ws().join("G85999/patients.csv")).unwrap(),
        "nhs_number"
    );
}

/// Chromium, headless, driven through chromium-driver on a port of its own.
pub(crate) struct Browser {
    driver: Child,
    pub(crate) client: Client,
    downloads: PathBuf,
    shots: PathBuf,
}

impl Browser {
    pub(crate) async fn start(downloads: &Path) -> Browser {
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
            assert!(
                Path::new(tool).exists(),
                "{tool} is missing: install Debian's chromium and chromium-driver (.ci/run does)"
            );
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-default-apps", "--disable-sync", "--no-first-run",
                    "--disable-extensions", "--window-size=1280,1600",
                ],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                },
            },
        });
        let serde_json::Value::Object(caps) = caps else {
            unreachable!()
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap();
        let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .unwrap()
            .join("web-screenshots");
        std::fs::create_dir_all(&shots).unwrap();
        Browser {
            driver,
            client,
            downloads: downloads.to_path_buf(),
            shots,
        }
    }

    /// Runs axe-core on the page: no WCAG 2.1 A or AA violation.
    pub(crate) async fn accessible(&self, page: &str) {
        const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");
        self.client
            .execute(&format!("{AXE}\nreturn true;"), vec![])
            .await
            .unwrap();
        let violations = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                   .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(violations, serde_json::json!([]), "{page}");
    }

    pub(crate) async fn shot(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
    }

    /// Looks at the page: accessible, and a screenshot.
    pub(crate) async fn look(&self, name: &str) {
        self.accessible(name).await;
        self.shot(name).await;
    }

    /// The main part's text (read again if the page reloaded itself meanwhile).
    pub(crate) async fn text(&self) -> String {
        for _ in 0..10 {
            let main = self.client.find(Locator::Css("main")).await.unwrap();
            if let Ok(text) = main.text().await {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("the page kept changing");
    }

    /// The text of what `xpath` finds.
    pub(crate) async fn text_of(&self, xpath: &str) -> String {
        let found = self.client.find(Locator::XPath(xpath)).await.unwrap();
        found.text().await.unwrap()
    }

    /// Chooses a file for the file input `id`.
    async fn choose(&self, id: &str, path: &str) {
        let input = self.client.find(Locator::Id(id)).await.unwrap();
        input.send_keys(path).await.unwrap();
    }

    /// Selects the option `value` of the select `id`.
    pub(crate) async fn select(&self, id: &str, value: &str) {
        let select = self.client.find(Locator::Id(id)).await.unwrap();
        select.select_by_value(value).await.unwrap();
    }

    pub(crate) async fn fill(&self, id: &str, value: &str) {
        let field = self.client.find(Locator::Id(id)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    /// Clicks what `css` finds and waits for the next page to have loaded.
    pub(crate) async fn click(&self, css: &str) {
        self.client
            .execute("window.__before = true;", vec![])
            .await
            .unwrap();
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let start = Instant::now();
        loop {
            let loaded = self
                .client
                .execute(
                    "return window.__before === undefined && document.readyState === 'complete';",
                    vec![],
                )
                .await
                .unwrap_or(serde_json::Value::Bool(false));
            if loaded == serde_json::Value::Bool(true) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no page came after clicking {css}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The browser shows the page at `path`.
    pub(crate) async fn assert_at(&self, base: &str, path: &str) {
        let url = self.client.current_url().await.unwrap();
        assert_eq!(url.as_str(), format!("{base}{path}"));
    }

    /// Clicks a link that downloads a file (the page stays).
    pub(crate) async fn click_download(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
    }

    /// The file the browser downloaded whose name ends so, waiting until it is whole.
    pub(crate) fn downloaded(&self, ending: &str) -> PathBuf {
        let start = Instant::now();
        loop {
            let files: Vec<PathBuf> = std::fs::read_dir(&self.downloads)
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .collect();
            // Chromium reserves the file's name with an empty file while it writes to a
            // `.crdownload` beside it, and renames that over it when the download is whole.
            let writing = files
                .iter()
                .any(|p| p.to_string_lossy().ends_with(".crdownload"));
            let found = files.into_iter().find(|p| {
                p.to_string_lossy().ends_with(ending)
                    && std::fs::metadata(p).is_ok_and(|m| m.len() > 0)
            });
            if let (Some(path), false) = (found, writing) {
                return path;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no {ending} was downloaded"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The class of the element that has the focus, once the error summary has it or 2 s have
/// passed (autofocus happens after the page is shown).
async fn focused(c: &Client) -> String {
    let mut class = String::new();
    for _ in 0..20 {
        class = c
            .execute("return document.activeElement.className", vec![])
            .await
            .unwrap()
            .as_str()
            .unwrap_or("")
            .to_string();
        if class == "nhsuk-error-summary" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    class
}

/// The preview's image is a page of A4: its height to width as 297 to 210.
async fn assert_a4_image(c: &Client) {
    let size = c
        .execute(
            "const i = document.getElementById('letter-image'); return [i.naturalWidth, i.naturalHeight];",
            vec![],
        )
        .await
        .unwrap();
    let (w, h) = (size[0].as_f64().unwrap(), size[1].as_f64().unwrap());
    assert!(
        w > 1000.0 && (h / w - 297.0 / 210.0).abs() < 0.01,
        "{w} x {h}"
    );
}

pub(crate) fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample")
        .join(name)
        .display()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_makes_a_batch_in_the_browser() {
    let server = Server::start();
    let downloads = tempfile::tempdir().unwrap();
    let b = Browser::start(downloads.path()).await;
    let c = &b.client;
    let base = format!("http://127.0.0.1:{}", server.port);

    // The start page.
    c.goto(&server.url).await.unwrap();
    b.assert_at(&base, "/").await;
    assert!(b.text().await.contains("no dispersals in the workspace"));
    b.look("01-start").await;
    // By keyboard alone: Tab reaches the skip link first, then the service name, then the
    // start button, which Enter follows.
    let tab = "\u{E004}";
    let mut reached = Vec::new();
    for _ in 0..3 {
        c.active_element()
            .await
            .unwrap()
            .send_keys(tab)
            .await
            .unwrap();
        reached.push(c.active_element().await.unwrap().text().await.unwrap());
    }
    assert_eq!(
        reached,
        [
            "Skip to main content",
            "Dispersal of a practice list",
            "Start a new dispersal"
        ]
    );

    // A new closure: sent empty, the error summary is focused and links to each field.
    b.click("a.nhsuk-button").await;
    b.click("form button[type=submit]").await;
    assert_eq!(focused(c).await, "nhsuk-error-summary");
    let links = c
        .find_all(Locator::Css(".nhsuk-error-summary__list a"))
        .await
        .unwrap();
    // Every field but the two the form fills in (postage, the QR link).
    assert_eq!(links.len(), 14, "every empty field is named");
    assert_eq!(
        links[0].attr("href").await.unwrap().as_deref(),
        Some("#closing-practice-ods-code")
    );
    b.look("02-new-closure-errors").await;
    for (id, value) in [
        ("closing-practice-ods-code", "G85999"),
        ("closing-practice-name", "Riverside Medical Centre"),
        (
            "closing-practice-address",
            "12 River Street\nLondon\nSE1 3QW",
        ),
        ("closing-practice-closure-date", "30/09/2026"),
        (
            "commissioner-name",
            "NHS South East London Integrated Care Board",
        ),
        (
            "commissioner-team",
            "Primary Care Commissioning Team (Southwark)",
        ),
        ("commissioner-address", "160 Tooley Street\nLondon\nSE1 2TZ"),
        ("commissioner-phone", "020 3049 0000"),
        ("commissioner-email", "selicb.primarycare@nhs.net"),
        ("commissioner-signatory", "Imogen Fairweather-Adeyemi"),
        (
            "commissioner-signatory-role",
            "Head of Primary Care, Southwark",
        ),
        ("area-name", "Southwark"),
        (
            "area-postcode-districts",
            "SE1, SE5, SE11, SE15, SE16, SE17, SE21, SE22",
        ),
        ("letters-date", "31/02/2026"),
    ] {
        b.fill(id, value).await;
    }
    b.click("form button[type=submit]").await;
    // One field still wrong: only it is named, and it keeps what was typed.
    let errors = b.text().await;
    assert!(errors.contains("There is a problem"), "{errors}");
    let links = c
        .find_all(Locator::Css(".nhsuk-error-summary__list a"))
        .await
        .unwrap();
    assert_eq!(links.len(), 1, "{errors}");
    assert_eq!(
        links[0].attr("href").await.unwrap().as_deref(),
        Some("#letters-date")
    );
    b.fill("letters-date", "24/11/2026").await;
    b.click("form button[type=submit]").await;

    // The files: a file of the wrong kind first.
    b.assert_at(&base, "/c/G85999/files").await;
    b.look("03-files").await;
    let notes = downloads.path().join("notes.txt");
    std::fs::write(&notes, "not a list").unwrap();
    b.choose("patients", &notes.display().to_string()).await;
    b.click("form button[type=submit]").await;
    let page = b.text().await;
    assert!(
        page.contains("The patients file must be CSV, XLSX, XLS, ODS"),
        "{page}"
    );
    assert_eq!(focused(c).await, "nhsuk-error-summary");
    b.look("04-files-error").await;
    // A spreadsheet that is not one: a page that says which file and what to do.
    let broken = downloads.path().join("patients.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 this is not a workbook").unwrap();
    for (id, file) in [
        ("patients", broken.display().to_string()),
        ("practices", sample("practices.csv")),
        ("postcodes", sample("postcodes.csv")),
    ] {
        b.choose(id, &file).await;
    }
    b.click("form button[type=submit]").await;
    let page = b.text().await;
    assert!(page.contains("A file cannot be used"), "{page}");
    assert!(page.contains("patients.xlsx"), "{page}");
    b.look("05-broken-spreadsheet").await;
    // The right file.
    c.goto(&format!("{base}/c/G85999/files")).await.unwrap();
    b.choose("patients", &sample("patients.csv")).await;
    b.click("form button[type=submit]").await;

    // Check the list: the sample's rejected rows, each with its row and fix.
    b.assert_at(&base, "/c/G85999/check").await;
    let page = b.text().await;
    assert!(page.contains("Rejected rows"), "{page}");
    assert!(page.contains("nhs_number"), "{page}");
    b.look("06-check").await;

    // The capacity survey: made, then a reply that sets a capacity, then a bad one.
    c.goto(&format!("{base}/c/G85999/survey")).await.unwrap();
    b.click("#make-survey").await;
    let page = b.text().await;
    assert!(page.contains("The survey is ready"), "{page}");
    assert!(page.contains("G85910 Burgess Park Lane Surgery"), "{page}");
    b.look("06a-survey").await;
    let form = downloads.path().join("G85910-reply.csv");
    std::fs::write(
        &form,
        "ods_code,name,can_take\nG85910,Burgess Park Lane Surgery,0\n",
    )
    .unwrap();
    b.choose("replies", &form.display().to_string()).await;
    b.click("#upload-replies").await;
    b.assert_at(&base, "/c/G85999/plan").await;
    let burgess = b.text_of("//td[contains(., 'G85910 Burgess')]/..").await;
    assert!(
        burgess.ends_with("0 0 0"),
        "capacity 0 from the reply: {burgess}"
    );
    c.goto(&format!("{base}/c/G85999/survey")).await.unwrap();
    let bad = downloads.path().join("bad-reply.csv");
    std::fs::write(
        &bad,
        "ods_code,name,can_take\nG85901,Tabard Row Surgery,lots\n",
    )
    .unwrap();
    b.choose("replies", &bad.display().to_string()).await;
    b.click("#upload-replies").await;
    let page = b.text().await;
    assert!(
        page.contains("bad-reply.csv: row 2: can_take (cell C2) is \"lots\""),
        "{page}"
    );
    assert_eq!(focused(c).await, "nhsuk-error-summary");
    b.look("06b-survey-bad-reply").await;
    assert!(
        b.text().await.contains("Reply forms uploaded: 1."),
        "the bad form was not kept"
    );
    b.click("#clear-replies").await;
    assert!(!b.text().await.contains("Reply forms uploaded"));

    // The plan: the charts, the table, a search.
    c.goto(&format!("{base}/c/G85999/check")).await.unwrap();
    b.click("a.nhsuk-button").await;
    let page = b.text().await;
    assert!(page.contains("Receiving practices"), "{page}");
    c.execute(
        "document.getElementById('practices').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    b.shot("07-plan-capacity").await;
    let bars = c.find_all(Locator::Css("svg rect")).await.unwrap();
    assert!(bars.len() >= 10, "{} bars", bars.len());
    // A full practice is marked so in the chart, even when its long name is cut short.
    let elephant = b
        .text_of("//*[name()='svg']//*[name()='text'][starts-with(., 'G85903')]")
        .await;
    assert!(elephant.ends_with("…, full"), "{elephant}");
    b.fill("q", "Asante").await;
    b.click("#search button").await;
    let page = b.text().await;
    assert!(page.contains("999 223 4881"), "{page}");
    // What was searched for is sent in the form's body, never in the address (the
    // browser's history keeps addresses).
    let url = c.current_url().await.unwrap();
    assert!(!url.as_str().contains("Asante"), "{url}");
    assert!(!url.as_str().contains("q="), "{url}");
    b.look("07-plan").await;

    // Preview: the first 2a letter in Polish, an A4 page.
    c.goto(&format!("{base}/c/G85999/preview?cohort=2a&lang=pl"))
        .await
        .unwrap();
    assert_a4_image(c).await;
    assert!(b.text().await.contains("pl (translation draft)"));
    b.look("08-preview").await;
    // Large print: still an A4 page.
    c.goto(&format!("{base}/c/G85999/preview?cohort=2b&large=yes"))
        .await
        .unwrap();
    assert_a4_image(c).await;
    assert!(b.text().await.contains("large print"), "large print");
    b.look("08-preview-large-print").await;

    // The batch: made while the page reloads itself, then downloaded.
    c.goto(&format!("{base}/c/G85999/batch")).await.unwrap();
    b.look("09-batch-form").await;
    b.click("#make").await;
    // A second batch while the first runs is refused with a page that says why.
    let (status, page) = {
        let token = server.url.split("token=").nth(1).unwrap().to_string();
        let (_, form) = get(
            server.port,
            &format!("127.0.0.1:{}", server.port),
            "/new",
            Some(&token),
        );
        post(
            server.port,
            &format!("/c/G85999/batch?csrf={}", csrf_of(&form)),
            &token,
            Some(&base),
            "passphrase=&passphrase_again=",
        )
    };
    if status != 303 {
        assert_eq!(status, 409, "{page}");
        assert!(page.contains("A batch is already being made"), "{page}");
    }
    let start = Instant::now();
    loop {
        if c.find(Locator::Id("download")).await.is_ok() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(900),
            "the batch took more than 15 minutes"
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let letters: usize = c
        .find(Locator::Id("letters"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .parse()
        .unwrap();
    let result = b.text().await;
    assert!(result.contains("Eligible for the 50p contribution"));
    // The letters by format, as the report counts them.
    assert!(result.contains("Large print 6 letters"), "{result}");
    let encrypted = c
        .find(Locator::Id("encrypted"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        encrypted.starts_with("No: the zip holds patient-identifiable data"),
        "the result says the zip is not encrypted: {encrypted}"
    );
    b.look("10-batch-done").await;
    b.click_download("#download").await;
    let zip = b.downloaded(".zip");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut manifest = String::new();
    archive
        .by_name("manifest.csv")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    assert_eq!(manifest.lines().count(), letters + 1, "{manifest}");
    assert!(
        manifest.starts_with("letter_id,closing_practice,nhs_number,"),
        "{manifest}"
    );
    let nhs = manifest
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(2)
        .unwrap()
        .to_string();
    assert_eq!(nhs.len(), 12, "{nhs}");

    // Letter 1 from the same page, dated by the officer, with its text messages.
    c.goto(&format!("{base}/c/G85999/batch")).await.unwrap();
    c.find(Locator::Id("letters-1"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.fill("notice_date", "24/07/2026").await;
    b.look("11-letter-1-form").await;
    b.click("#make").await;
    let start = Instant::now();
    loop {
        if let Ok(link) = c.find(Locator::Id("download")).await
            && link
                .attr("href")
                .await
                .unwrap()
                .is_some_and(|h| h.contains("letter-1-2026-07-24"))
        {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(900),
            "letter 1 took more than 15 minutes"
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let texts: usize = c
        .find(Locator::Id("text-messages"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .parse()
        .unwrap();
    assert!(texts > 0, "the sample's mobiles get texts");
    b.look("12-letter-1-done").await;
    b.click_download("#download").await;
    let zip = b.downloaded("letter-1-2026-07-24.zip");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut sms = String::new();
    archive
        .by_name("sms.csv")
        .unwrap()
        .read_to_string(&mut sms)
        .unwrap();
    assert_eq!(sms.lines().count(), texts + 1, "{sms}");
    assert!(
        sms.starts_with("mobile,language,text,encoding,characters,segments\n+447"),
        "{sms}"
    );

    // A patient: what was sent, then their letter in Polish, recorded as a re-issue.
    c.goto(&format!("{base}/c/G85999/patient")).await.unwrap();
    b.fill("nhs", &nhs).await;
    b.click("main form button").await;
    let page = b.text().await;
    assert!(page.contains("batch ("), "{page}");
    // The patient's page is at an address that holds a reference, not the NHS number.
    let patient_url = c.current_url().await.unwrap();
    let reference = patient_url
        .path()
        .strip_prefix("/c/G85999/patient/")
        .unwrap_or_else(|| panic!("{patient_url}"))
        .to_string();
    assert!(
        reference.len() == 24 && reference.bytes().all(|b| b.is_ascii_hexdigit()),
        "{patient_url}"
    );
    let digits: String = nhs.chars().filter(char::is_ascii_digit).collect();
    assert!(
        !patient_url.as_str().contains(&digits[..6]),
        "{patient_url}"
    );
    assert!(patient_url.query().is_none(), "{patient_url}");
    b.select("lang", "pl").await;
    b.look("11-patient").await;
    b.click("#reissue").await;
    b.click_download("#made-download").await;
    let pdf = b.downloaded("-pl-standard.pdf");
    let text = pdftotext(&pdf, &[]);
    assert!(text.contains("Numer NHS"), "{text}");
    c.goto(patient_url.as_str()).await.unwrap();
    let history = b.text_of("//*[@id='history']").await;
    assert!(history.contains("reissue"), "{history}");
    assert!(history.contains("pl, standard"), "{history}");
    // When, in UK time and in words (`6 December 2026 at 15:09`), not the ledger's stamp.
    let iso = history.as_bytes().windows(5).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == b'T'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
    });
    assert!(!iso, "{history}");
    assert!(history.contains(" at "), "{history}");

    // Check PDFs: the letter just made.
    c.goto(&format!("{base}/check-pdfs")).await.unwrap();
    b.choose("pdfs", &pdf.display().to_string()).await;
    b.click("main form button").await;
    let page = b.text().await;
    assert!(page.contains("1 of 1 files are eligible"), "{page}");
    b.look("12-check-pdfs").await;
    // A file that is not a PDF: why it cannot be checked and what to do, as sentences.
    let broken = pdf.with_file_name("notes.pdf");
    std::fs::write(&broken, b"minutes of the meeting, not a PDF").unwrap();
    c.goto(&format!("{base}/check-pdfs")).await.unwrap();
    b.choose("pdfs", &broken.display().to_string()).await;
    b.click("main form button").await;
    let page = b.text().await;
    assert!(page.contains("The file is not a readable PDF"), "{page}");
    assert!(
        page.contains("Make the PDF again (in Word: File > Save As > PDF)"),
        "{page}"
    );
    assert!(!page.contains("hint:"), "{page}");

    // A closure.toml of one's own starts a closure too, and the page gives back its own.
    c.goto(&format!("{base}/new")).await.unwrap();
    b.choose("closure-file", &sample("closure.toml")).await;
    b.click("form[action^='/upload-closure'] button").await;
    b.assert_at(&base, "/c/G85999/files").await;
    c.goto(&format!("{base}/c/G85999")).await.unwrap();
    let page = b.text().await;
    assert!(
        page.contains("Primary Care Commissioning Team (Southwark)"),
        "{page}"
    );
    b.look("13-closure").await;
    b.click_download("a[href$='closure.toml']").await;
    let toml = std::fs::read_to_string(b.downloaded("closure.toml")).unwrap();
    assert!(toml.contains("ods_code = \"G85999\""), "{toml}");
    assert!(toml.contains("patients = \"patients.csv\""), "{toml}");

    // The workspace keeps the closure's files to its owner.
    use std::os::unix::fs::PermissionsExt;
    let folder = server.ws().join("G85999");
    let mode = std::fs::metadata(&folder).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
    let mode = std::fs::metadata(folder.join("patients.csv"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    // Every file and folder the page made, served under umask 022, is its owner's only:
    // uploads, the ledger, the zips, the re-issued letters, the survey's replies.
    fn all_private(dir: &Path, seen: &mut usize) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            if path.is_dir() {
                assert_eq!(mode, 0o700, "{}", path.display());
                all_private(&path, seen);
            } else {
                assert_eq!(mode, 0o600, "{}", path.display());
            }
            *seen += 1;
        }
    }
    let mut seen = 0;
    all_private(&server.ws(), &mut seen);
    for made in [
        "G85999/batches",
        "G85999/letters",
        "G85999/dispersal.sqlite",
    ] {
        assert!(server.ws().join(made).exists(), "{made}");
    }
    assert!(seen > 10, "{seen}");
    c.clone().close().await.unwrap();
}

/// A minimal ODS workbook: the sample's header and first patient, then one value repeated
/// over `rows` rows and 20 columns. The spreadsheet reader lays ODS out whole, so it costs
/// memory in proportion (about 80 MB for 60,000 rows), within the readers' limits.
fn wide_ods(rows: usize) -> Vec<u8> {
    let csv = std::fs::read_to_string(sample("patients.csv")).unwrap();
    let mut lines = csv.lines();
    let mut row = || ods_row(&lines.next().unwrap().split(',').collect::<Vec<_>>());
    let (header, patient) = (row(), row());
    let filler = format!(
        r#"<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="20" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#
    );
    ods_of_rows(&format!("{header}{patient}{filler}"))
}

fn bomb(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bombs")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn no_upload_takes_the_page_down_and_a_file_that_failed_is_not_read_again() {
    // The child that reads each upload first is held to 40 MB here, so a list of a few MB
    // that the spreadsheet reader lays out whole (about 80 MB) is past it.
    let server = Server::start_in(
        tempfile::tempdir().unwrap(),
        &[("DISPERSAL_READ_MEMORY_MB", "40")],
    );
    let officer = Officer::new(&server);
    officer.new_closure();
    let practices = std::fs::read(sample("practices.csv")).unwrap();
    let wide = wide_ods(60_000);
    let (status, response) = officer.upload(
        "/c/G85999/files",
        &[
            ("practices", "practices.csv", &practices),
            ("patients", "list.ods", &wide),
        ],
    );
    assert_eq!(status, 303, "{response}");
    let (status, page) = officer.get("/c/G85999/check");
    assert_eq!(status, 422, "{page}");
    assert!(
        page.contains("patients.ods could not be read within the limits every list is read in (40 MB of memory, 60 seconds)"),
        "{page}"
    );
    assert!(
        page.contains("It will not be read again until it is replaced"),
        "{page}"
    );
    // No page shows where the workspace is on this computer.
    let root = std::fs::canonicalize(server.ws()).unwrap();
    assert!(!page.contains(root.to_str().unwrap()), "{page}");
    assert_eq!(officer.get("/").0, 200, "the server answers");

    // Started again with the real limit (600 MB, which the file is within), the server does
    // not read the file again: the verdict stands until the file is replaced.
    let server = server.restart(&[]);
    let officer = Officer::new(&server);
    let (status, page) = officer.get("/c/G85999/plan");
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("(40 MB of memory, 60 seconds)"), "{page}");
    let (status, _) = officer.upload("/c/G85999/files", &[("patients", "list.ods", &wide)]);
    assert_eq!(status, 303);
    let (status, page) = officer.get("/c/G85999/check");
    assert_eq!(status, 200, "a replaced file is read: {page}");

    // The bombs: a binary workbook (XLSB) with one cell at XFD1048576, uploaded as .xlsx,
    // and old Excel workbooks (XLS) with a cell at IV65536, one sheet and three. Each is
    // refused by name, and the server answers.
    for (name, uploaded, stored) in [
        ("patients-bomb.xlsb", "patients.xlsx", "patients.xlsx"),
        ("patients-bomb.xls", "patients.xls", "patients.xls"),
        ("patients-bomb-3sheets.xls", "patients.xls", "patients.xls"),
    ] {
        let bytes = bomb(name);
        let (status, response) =
            officer.upload("/c/G85999/files", &[("patients", uploaded, &bytes)]);
        assert_eq!(status, 303, "{name}: {response}");
        for page in ["/c/G85999/check", "/c/G85999/plan", "/c/G85999/preview"] {
            let (status, text) = officer.get(page);
            assert_eq!(status, 422, "{name} {page}: {text}");
            assert!(text.contains(stored), "{name} {page}: {text}");
            assert!(!text.contains(root.to_str().unwrap()), "{text}");
        }
        assert_eq!(officer.get("/").0, 200, "{name}: the server answers");
    }
}

/// The sample's closure made in `server`'s workspace, with its files uploaded.
pub(crate) fn sample_closure(officer: &Officer) {
    officer.new_closure();
    let practices = std::fs::read(sample("practices.csv")).unwrap();
    let patients = std::fs::read(sample("patients.csv")).unwrap();
    let postcodes = std::fs::read(sample("postcodes.csv")).unwrap();
    let (status, response) = officer.upload(
        "/c/G85999/files",
        &[
            ("practices", "practices.csv", &practices),
            ("patients", "patients.csv", &patients),
            ("postcodes", "postcodes.csv", &postcodes),
        ],
    );
    assert_eq!(status, 303, "{response}");
}

/// The zips in a closure's batches folder, and the zips its ledger records, sorted.
fn zips_and_runs(ws: &Path) -> (Vec<String>, Vec<String>) {
    let batches = ws.join("G85999/batches");
    let mut zips: Vec<String> = std::fs::read_dir(&batches)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".zip") && !n.starts_with('.') && !n.starts_with("survey-"))
        .collect();
    zips.sort();
    let conn = rusqlite::Connection::open(ws.join("G85999/dispersal.sqlite")).unwrap();
    let mut stmt = conn
        .prepare("SELECT zip_name FROM runs WHERE state = 'recorded' ORDER BY zip_name")
        .unwrap();
    let runs = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    (zips, runs)
}

#[test]
fn a_server_killed_as_a_batch_is_saved_says_so_when_it_starts_again() {
    let zip = "dispersal-G85999-2026-11-24.zip";
    // Killed once the zip is complete and recorded as pending, before it has its name; then
    // before anything is recorded.
    for (at, kept) in [("zip-pending", true), ("zip-complete", false)] {
        let mut server =
            Server::start_in(tempfile::tempdir().unwrap(), &[("DISPERSAL_KILL_AT", at)]);
        let officer = Officer::new(&server);
        sample_closure(&officer);
        let (status, response) = officer.post("/c/G85999/batch", "passphrase=&passphrase_again=");
        assert_eq!(status, 303, "{response}");
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(server.wait_for_death().signal(), Some(9), "{at}");

        let server = server.restart(&[]);
        let officer = Officer::new(&server);
        let (status, page) = officer.get("/c/G85999/batch");
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("A batch was interrupted"), "{at}: {page}");
        let said = if kept {
            format!(
                "The batch {zip} was interrupted as it was being saved; its zip was complete, so it is kept and recorded in the ledger"
            )
        } else {
            "A batch was interrupted before its zip was complete: nothing of it was recorded"
                .to_string()
        };
        assert!(page.contains(&said), "{at}: {page}");
        let (zips, runs) = zips_and_runs(&server.ws());
        assert_eq!(zips, runs, "{at}: the zips and the ledger agree");
        assert_eq!(zips.len(), usize::from(kept), "{at}");
        if kept {
            assert!(
                page.contains(&format!("/c/G85999/batches/{zip}")),
                "{at}: {page}"
            );
            let mode = common::mode(&server.ws().join("G85999/batches").join(zip));
            assert_eq!(mode, 0o600, "the zip, under umask 022");
        }
        // Nothing the killed run left behind is there any more.
        let left: Vec<String> = std::fs::read_dir(server.ws().join("G85999/batches"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(left.is_empty(), "{at}: {left:?}");
    }
}

/// `dispersal serve` under an open-files limit, soft and hard, so it cannot raise it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn serve_under_open_files_limit(limit: u64) -> Server {
    Server::start_under(
        tempfile::tempdir().unwrap(),
        &[],
        &format!("umask 022; ulimit -n {limit}"),
    )
}

/// Whether the other side has closed the connection (a read returns 0 or fails), without
/// waiting; anything it sent first is read and dropped.
fn closed_by_peer(stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 4096];
    let closed = loop {
        match (&*stream).read(&mut buf) {
            Ok(0) => break true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break false,
            Err(_) => break true,
        }
    };
    stream.set_nonblocking(false).unwrap();
    closed
}

/// Issue 29: with the open-files limit of a stock Ubuntu or WSL login (1,024), 1,100 idle
/// connections and a few slowloris ones (a header byte a second) never keep the officer's page
/// from answering, and the server closes each of them after its idle timeout: one that never
/// sent anything, one kept alive after a response, and one still sending its head.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn idle_and_slow_connections_are_closed_and_never_keep_the_page_from_answering() {
    const LIMIT: u64 = 1024;
    const IDLE: usize = 1_100;
    const SLOW: usize = 3;
    let timeout = dispersal::web::IDLE_TIMEOUT;
    let slack = Duration::from_secs(2);

    // This process holds 1,100 connections too.
    let mut own = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only touch the struct they are given.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut own), 0);
        own.rlim_cur = own.rlim_max;
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &own), 0);
    }
    assert!(own.rlim_cur > 2 * LIMIT, "the test needs 2,048 open files");

    let server = serve_under_open_files_limit(LIMIT);
    let port = server.port;
    let pid = server.child.id();
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let files = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap();
    assert_eq!(
        files.split_whitespace().skip(3).take(2).collect::<Vec<_>>(),
        ["1024", "1024"],
        "{limits}"
    );
    let token = server.url.split("token=").nth(1).unwrap().to_string();
    let connect = || TcpStream::connect(("127.0.0.1", port)).unwrap();
    // The officer's page, with the cookie, given up after the idle timeout and 2 s.
    let page = |connection: &str| {
        let mut stream = connect();
        stream.set_read_timeout(Some(timeout + slack)).unwrap();
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: dispersal_session={token}\r\nConnection: {connection}\r\n\r\n"
        )
        .unwrap();
        stream
    };

    // 1,100 connections that send nothing, then three that send a header byte a second.
    let flooded = Instant::now();
    let idle: Vec<TcpStream> = (0..IDLE).map(|_| connect()).collect();
    let flood_took = flooded.elapsed();
    let head = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: dispersal_session={token}\r\nX-Slow: "
    );
    let slow: Vec<(TcpStream, Instant)> = (0..SLOW).map(|_| (connect(), Instant::now())).collect();
    let slowloris = std::thread::spawn(move || {
        let mut closed_after = vec![None; SLOW];
        let mut bytes = head.bytes().chain(std::iter::repeat(b'a'));
        let started = Instant::now();
        let mut sent = 0;
        while closed_after.iter().any(Option::is_none) && started.elapsed() < timeout + 3 * slack {
            // A byte a second, and a look every 100 ms.
            let byte = (started.elapsed() >= Duration::from_secs(sent)).then(|| {
                sent += 1;
                bytes.next().unwrap()
            });
            for ((stream, opened), closed) in slow.iter().zip(&mut closed_after) {
                if closed.is_none()
                    && (byte.is_some_and(|b| (&*stream).write_all(&[b]).is_err())
                        || closed_by_peer(stream))
                {
                    *closed = Some(opened.elapsed());
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        closed_after
    });

    // The officer's page answers at once.
    let asked = Instant::now();
    let mut response = String::new();
    let read = page("close").read_to_string(&mut response);
    let answered = asked.elapsed();
    assert!(read.is_ok(), "no answer in {answered:?}: {read:?}");
    assert!(response.starts_with("HTTP/1.1 200 "), "{response}");
    assert!(answered < timeout + slack, "{answered:?}");
    // Well under its open-files limit: room for the ledger, uploads and zips.
    let held = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .unwrap()
        .count();
    assert!(
        (held as u64) < LIMIT * 3 / 4,
        "the server holds {held} files"
    );
    let closed_at_once = idle.iter().filter(|s| closed_by_peer(s)).count();
    eprintln!(
        "{IDLE} idle connections opened in {flood_took:?}; the page answered {answered:?} after; \
         the server held {held} files; {closed_at_once} idle connections closed to make room"
    );

    // A connection kept alive after a response, and one that sends nothing.
    let mut kept = page("keep-alive");
    let mut answer = Vec::new();
    let mut buf = [0u8; 65536];
    while !String::from_utf8_lossy(&answer).contains("</html>") {
        let n = kept.read(&mut buf).unwrap();
        assert!(n > 0, "{}", String::from_utf8_lossy(&answer));
        answer.extend_from_slice(&buf[..n]);
    }
    let kept_since = Instant::now();
    let silent = connect();
    let silent_since = Instant::now();

    // Each is closed after the idle timeout, not before.
    let mut kept_closed = None;
    let mut silent_closed = None;
    let mut idle_closed = None;
    while (kept_closed.is_none() || silent_closed.is_none() || idle_closed.is_none())
        && kept_since.elapsed() < timeout + slack * 2
    {
        if kept_closed.is_none() && closed_by_peer(&kept) {
            kept_closed = Some(kept_since.elapsed());
        }
        if silent_closed.is_none() && closed_by_peer(&silent) {
            silent_closed = Some(silent_since.elapsed());
        }
        if idle_closed.is_none() && idle.iter().all(closed_by_peer) {
            idle_closed = Some(flooded.elapsed());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let slow_closed = slowloris.join().unwrap();
    eprintln!(
        "closed after: kept alive {kept_closed:?}, silent {silent_closed:?}, \
         all {IDLE} idle {idle_closed:?} from the first, slowloris {slow_closed:?}"
    );
    let within = |closed: Option<Duration>| {
        closed.is_some_and(|c| c + slack / 2 >= timeout && c <= timeout + slack)
    };
    assert!(within(kept_closed), "kept alive: {kept_closed:?}");
    assert!(within(silent_closed), "silent: {silent_closed:?}");
    assert!(
        slow_closed.iter().all(|c| within(*c)),
        "slowloris: {slow_closed:?}"
    );
    assert!(
        idle_closed.is_some_and(|c| c <= flood_took + timeout + slack),
        "idle: {idle_closed:?}"
    );

    // And the page still answers.
    let mut response = String::new();
    page("close").read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200 "), "{response}");
}

/// An export whose surname column has a name no clinical system uses: the page asks which
/// column holds it, showing the file's first rows, and keeps the answer in closure.toml.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_column_no_known_name_matches_is_chosen_once_and_kept() {
    let server = Server::start();
    let downloads = tempfile::tempdir().unwrap();
    let b = Browser::start(downloads.path()).await;
    let c = &b.client;
    let base = format!("http://127.0.0.1:{}", server.port);
    c.goto(&server.url).await.unwrap();
    c.goto(&format!("{base}/new")).await.unwrap();
    b.choose("closure-file", &sample("closure.toml")).await;
    b.click("form[action^='/upload-closure'] button").await;
    b.assert_at(&base, "/c/G85999/files").await;

    let export = downloads.path().join("export.csv");
    let text = std::fs::read_to_string(sample("patients.csv"))
        .unwrap()
        .replacen("family_name", "Pt Surname", 1);
    std::fs::write(&export, text).unwrap();
    b.choose("patients", &export.display().to_string()).await;
    b.choose("practices", &sample("practices.csv")).await;
    b.click("form button[type=submit]").await;

    // The column step: the field with no column, the file's columns and first rows.
    b.assert_at(&base, "/c/G85999/columns").await;
    let page = b.text().await;
    assert!(page.contains("Family name"), "{page}");
    let table = c
        .find(Locator::Id("first-rows"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(table.contains("Pt Surname Liu Asante"), "{table}");
    b.look("columns-step").await;

    // Sent without a choice: the error says what to choose.
    b.click("main form button").await;
    assert_eq!(focused(c).await, "nhsuk-error-summary");
    assert!(
        b.text()
            .await
            .contains("Choose the column that holds the family name")
    );
    b.look("columns-step-error").await;

    // Chosen: the list is read, and closure.toml keeps the choice for the command line too.
    c.find(Locator::Css(
        "#column-family-name option[value='Pt Surname']",
    ))
    .await
    .unwrap()
    .click()
    .await
    .unwrap();
    b.click("main form button").await;
    b.assert_at(&base, "/c/G85999/check").await;
    let page = b.text().await;
    assert!(page.contains("Rejected rows"), "{page}");
    let toml = std::fs::read_to_string(server.ws().join("G85999/closure.toml")).unwrap();
    assert!(toml.contains("[inputs.columns]"), "{toml}");
    assert!(toml.contains("family_name = \"Pt Surname\""), "{toml}");
}

/// A postcode file larger than the page's 50 MB, as the whole ONS directory is: sent on its
/// own, read as it arrives, and only the closure's own postcodes kept.
#[test]
fn a_postcode_file_over_the_upload_limit_is_streamed_and_cut_to_the_closure() {
    let server = Server::start();
    let officer = Officer::new(&server);
    officer.new_closure();
    let practices = std::fs::read(sample("practices.csv")).unwrap();
    let patients = std::fs::read(sample("patients.csv")).unwrap();
    let (status, response) = officer.upload(
        "/c/G85999/files",
        &[
            ("practices", "practices.csv", &practices),
            ("patients", "patients.csv", &patients),
        ],
    );
    assert_eq!(status, 303, "{response}");
    // The sample's postcodes among two million others (about 58 MB).
    let mut big = std::fs::read_to_string(sample("postcodes.csv")).unwrap();
    let ours = big.lines().count() - 1;
    for i in 0..2_000_000u32 {
        big.push_str(&format!(
            "AB{} {}AA,57.{:06},-2.{:06}\n",
            10 + i % 89,
            i % 10,
            i % 999_999,
            i % 999_999
        ));
    }
    assert!(big.len() > 50 << 20, "{} bytes", big.len());
    let (status, response) = officer.upload(
        "/c/G85999/postcodes",
        &[("postcodes", "ONSPD_NOV_2026_UK.csv", big.as_bytes())],
    );
    assert_eq!(status, 303, "{response}");
    assert!(response.contains("location: /c/G85999/check"), "{response}");
    let kept = std::fs::read_to_string(server.ws().join("G85999/postcodes.csv")).unwrap();
    let kept_rows = kept.lines().count() - 1;
    assert!(
        kept_rows > 150 && kept_rows <= ours,
        "{kept_rows} of {ours}"
    );
    assert!(
        !kept.contains("AB10"),
        "only the closure's postcodes are kept"
    );
    // The file as uploaded and what is kept of it are the closure's own, whatever the umask,
    // and no partial upload is left.
    for name in ["postcodes-source.csv", "postcodes.csv"] {
        let mode = common::mode(&server.ws().join("G85999").join(name));
        assert_eq!(mode, 0o600, "{name}");
    }
    let left: Vec<String> = std::fs::read_dir(server.ws().join("G85999"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert_eq!(left, Vec::<String>::new(), "no partial upload is left");
    // Through the main form, the page's limit still holds for it.
    let (status, _) = officer.upload(
        "/c/G85999/files",
        &[("postcodes", "ONSPD_NOV_2026_UK.csv", big.as_bytes())],
    );
    assert_eq!(status, 413);

    // OS Code-Point Open's zip as downloaded: read in place, its eastings and northings kept.
    let zip = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/postcodes/codepo_gb.zip"),
    )
    .unwrap();
    let (status, response) =
        officer.upload("/c/G85999/files", &[("postcodes", "codepo_gb.zip", &zip)]);
    assert_eq!(status, 303, "{response}");
    let kept = std::fs::read_to_string(server.ws().join("G85999/postcodes.csv")).unwrap();
    assert!(kept.starts_with("pcds,east1m,north1m,lat,long\n"), "{kept}");
    assert!(kept.lines().count() > 150, "{kept}");
}

/// A second batch with nobody new to write to makes no zip: the page says so in words, and
/// offers nothing to download.
#[test]
fn a_batch_with_nobody_to_write_to_makes_no_zip() {
    let server = Server::start();
    let officer = Officer::new(&server);
    sample_closure(&officer);
    let finished = |what: &str| {
        for _ in 0..600 {
            let (_, page) = officer.get("/c/G85999/batch");
            if page.contains(what) {
                return page;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("the batch page never said {what}");
    };
    let (status, response) = officer.post(
        "/c/G85999/batch",
        "passphrase=correct+horse+battery+staple&passphrase_again=correct+horse+battery+staple",
    );
    assert_eq!(status, 303, "{response}");
    let page = finished("The batch is ready");
    assert!(
        page.contains("Yes: send PCSE the passphrase separately from the zip"),
        "the result says the zip is encrypted: {page}"
    );
    let (status, response) = officer.post("/c/G85999/batch", "passphrase=&passphrase_again=");
    assert_eq!(status, 303, "{response}");
    let page = finished("Nobody to write to");
    assert!(page.contains("no zip was made"), "{page}");
    assert!(!page.contains("id=\"download\""), "{page}");
    let (zips, runs) = zips_and_runs(&server.ws());
    assert_eq!(zips.len(), 1, "{zips:?}");
    assert_eq!(zips, runs);
}

/// The sample's patient list cut in two: the first `first` patients for one closing practice,
/// the next `second` for another; returns the two files' paths.
fn two_lists(dir: &Path, first: usize, second: usize) -> (PathBuf, PathBuf) {
    let text = std::fs::read_to_string(sample("patients.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.collect();
    let write = |name: &str, rows: &[&str]| {
        let path = dir.join(name);
        std::fs::write(&path, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
        path
    };
    (
        write("riverside.csv", &rows[..first]),
        write("maddock.csv", &rows[first..first + second]),
    )
}

/// A column of a CSV line by the header's name.
fn column<'a>(header: &str, line: &'a str, name: &str) -> &'a str {
    let at = header.split(',').position(|h| h == name).unwrap();
    line.split(',').nth(at).unwrap()
}

/// Waits for the batch page to offer a download whose address contains `part`.
async fn batch_done(c: &Client, part: &str) {
    let start = Instant::now();
    loop {
        if let Ok(link) = c.find(Locator::Id("download")).await
            && link
                .attr("href")
                .await
                .unwrap()
                .is_some_and(|h| h.contains(part))
        {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(900),
            "the batch took more than 15 minutes"
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dispersal_of_two_closing_practices_is_planned_and_written_together() {
    // The clock pinned on 1 July 2026: a month before letter 1 is due.
    let server = Server::start_in(
        tempfile::tempdir().unwrap(),
        &[("SOURCE_DATE_EPOCH", "1782907200")],
    );
    let downloads = tempfile::tempdir().unwrap();
    let b = Browser::start(downloads.path()).await;
    let c = &b.client;
    let base = format!("http://127.0.0.1:{}", server.port);
    c.goto(&server.url).await.unwrap();

    // The settings from the sample's closure.toml, then the dispersal's page: its timeline.
    c.goto(&format!("{base}/new")).await.unwrap();
    b.choose("closure-file", &sample("closure.toml")).await;
    b.click("form[action^='/upload-closure'] button").await;
    b.assert_at(&base, "/c/G85999/files").await;
    c.goto(&format!("{base}/c/G85999")).await.unwrap();
    let page = b.text().await;
    assert!(page.contains("Where the dispersal stands"), "{page}");
    assert!(
        page.contains("Send by 30 July 2026, at least two months before the closure"),
        "letter 1's day is the engine's rule: {page}"
    );
    b.look("d01-timeline-new").await;
    c.goto(&base).await.unwrap();
    let row = b.text_of("//tr[td/a[@href='/c/G85999']]").await;
    assert!(
        row.ends_with("Letter 1: the practice is closing"),
        "the start page says what is next, not late on 1 July: {row}"
    );
    c.goto(&format!("{base}/c/G85999")).await.unwrap();

    // A second closing practice: a wrong date is named beside its field and what was typed
    // stays; then added.
    b.click("a[href='/c/G85999/practices']").await;
    b.look("d02-add-practice").await;
    b.fill("closing-practice-ods-code", "G85998").await;
    b.fill("closing-practice-name", "Maddock Way Surgery").await;
    b.fill(
        "closing-practice-address",
        "1 Maddock Way\nLondon\nSE17 3NH",
    )
    .await;
    b.fill("closing-practice-closure-date", "31/09/2026").await;
    b.click("form[action^='/c/G85999/practices?'] button").await;
    assert_eq!(focused(c).await, "nhsuk-error-summary");
    let errors = c
        .find_all(Locator::Css(".nhsuk-error-summary__list a"))
        .await
        .unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].attr("href").await.unwrap().as_deref(),
        Some("#closing-practice-closure-date")
    );
    let name = c
        .find(Locator::Id("closing-practice-name"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(name.as_deref(), Some("Maddock Way Surgery"));
    b.look("d03-add-practice-error").await;
    b.fill("closing-practice-closure-date", "30/09/2026").await;
    b.click("form[action^='/c/G85999/practices?'] button").await;

    // One list for each closing practice, with the practices and postcodes.
    b.assert_at(&base, "/c/G85999/files").await;
    let page = b.text().await;
    assert!(
        page.contains("Patient list of Riverside Medical Centre (G85999)")
            && page.contains("Patient list of Maddock Way Surgery (G85998)"),
        "{page}"
    );
    b.look("d04-files-two-lists").await;
    let (riverside, maddock) = two_lists(downloads.path(), 60, 40);
    for (id, file) in [
        ("patients", riverside.display().to_string()),
        ("patients-G85998", maddock.display().to_string()),
        ("practices", sample("practices.csv")),
        ("postcodes", sample("postcodes.csv")),
    ] {
        b.choose(id, &file).await;
    }
    b.click("form button[type=submit]").await;
    b.assert_at(&base, "/c/G85999/check").await;

    // The plan holds both lists; a patient of the second is found.
    let maddock_text = std::fs::read_to_string(&maddock).unwrap();
    let second = maddock_text
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string();
    c.goto(&format!("{base}/c/G85999/plan")).await.unwrap();
    b.fill("q", &second).await;
    b.click("#search button").await;
    let page = b.text().await;
    assert!(
        page.contains("Not sent yet") && page.contains("on the list of Maddock Way Surgery"),
        "{page}"
    );
    b.look("d05-plan-two-practices").await;

    // The allocation batch: one zip for both practices.
    c.goto(&format!("{base}/c/G85999/batch")).await.unwrap();
    b.click("#make").await;
    batch_done(c, "G85999+G85998").await;
    b.click_download("#download").await;
    let zip = b.downloaded(".zip");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut manifest = String::new();
    archive
        .by_name("manifest.csv")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    let header = manifest.lines().next().unwrap().to_string();
    let closings: std::collections::BTreeSet<&str> = manifest
        .lines()
        .skip(1)
        .map(|l| column(&header, l, "closing_practice"))
        .collect();
    assert_eq!(
        closings.into_iter().collect::<Vec<_>>(),
        ["G85998", "G85999"],
        "{manifest}"
    );
    let allocated = manifest
        .lines()
        .skip(1)
        .find(|l| column(&header, l, "cohort") == "2a")
        .map(|l| column(&header, l, "nhs_number").to_string())
        .unwrap();

    // After the batch, the plan shows who was written to, and search finds them.
    c.goto(&format!("{base}/c/G85999/plan")).await.unwrap();
    let page = b.text().await;
    assert!(page.contains("Written to"), "{page}");
    assert!(page.contains("Still to write to"), "{page}");
    b.fill("q", &allocated).await;
    b.click("#search button").await;
    let page = b.text().await;
    assert!(page.contains("Sent: 2a allocated"), "{page}");
    assert!(!page.contains("No patient on the lists"), "{page}");
    b.look("d06-plan-after-batch").await;
    // The search's page is a GET of a reference: refreshing it sends nothing again, and the
    // address holds neither the NHS number nor the search.
    let url = c.current_url().await.unwrap();
    assert!(url.path().starts_with("/c/G85999/plan/found/"), "{url}");
    assert!(!url.as_str().contains(&allocated.replace(' ', "")), "{url}");
    c.refresh().await.unwrap();
    assert_eq!(c.current_url().await.unwrap(), url);
    assert!(b.text().await.contains("Sent: 2a allocated"));

    // A second batch with nobody new to write to: no zip, and the page says why.
    c.goto(&format!("{base}/c/G85999/batch")).await.unwrap();
    b.click("#make").await;
    let start = Instant::now();
    while c.find(Locator::Id("nobody")).await.is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "{}",
            b.text().await
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(c.find(Locator::Id("download")).await.is_err());
    b.look("d06a-empty-second-batch").await;

    // The timeline: the allocation letters are done; no practice can be added now.
    c.goto(&format!("{base}/c/G85999")).await.unwrap();
    let step = |name: &'static str| {
        let b = &b;
        async move {
            b.text_of(&format!(
                "//table[@id='steps']//tr[th[starts-with(., '{name}')]]"
            ))
            .await
        }
    };
    let allocation = step("The allocation letters").await;
    assert!(allocation.ends_with("Done"), "{allocation}");
    assert!(
        allocation.contains("letters dated 24 November 2026 (made "),
        "{allocation}"
    );
    // Letters 1 and 2 and the survey were passed over for the allocation letters, and the
    // allocation letters are dated 24 November: made on 1 July, they are not late.
    assert!(step("Letter 1").await.ends_with("Not sent"));
    assert!(step("The capacity survey").await.ends_with("Not sent"));
    assert!(
        b.text()
            .await
            .contains("Closing practices cannot be added now"),
        "added only until the allocation letters are made"
    );
    b.look("d07-timeline-after-batch").await;
    c.goto(&format!("{base}/c/G85999/practices")).await.unwrap();
    assert!(
        b.text()
            .await
            .contains("Closing practices cannot be changed now"),
        "the form is refused after the batch"
    );
}

/// A `closure.toml` listing two closing practices is kept whole: one list asked for each, and
/// the file the page writes back lists both.
#[test]
fn a_closure_toml_of_two_closing_practices_makes_one_dispersal() {
    let server = Server::start();
    let officer = Officer::new(&server);
    let sample = std::fs::read_to_string(sample("closure.toml")).unwrap();
    let two = sample
        .replace("patients = \"patients.csv\"\n", "")
        .replace("[closing_practice]", "[[closing_practice]]")
        .replace(
            "closure_date = 2026-09-30\n",
            "closure_date = 2026-09-30\npatients = \"riverside.csv\"\n\n[[closing_practice]]\nods_code = \"G85998\"\nname = \"Maddock Way Surgery\"\naddress = [\"1 Maddock Way\", \"London\", \"SE17 3NH\"]\nclosure_date = 2026-10-31\npatients = \"maddock.csv\"\n",
        );
    assert!(two.matches("[[closing_practice]]").count() == 2, "{two}");
    let (status, answer) = officer.upload(
        "/upload-closure",
        &[("closure", "closure.toml", two.as_bytes())],
    );
    assert_eq!(status, 303, "{answer}");
    assert!(answer.contains("location: /c/G85999/files"), "{answer}");

    let (status, files) = officer.get("/c/G85999/files");
    assert_eq!(status, 200, "{files}");
    assert!(files.contains("name=\"patients\""), "{files}");
    assert!(files.contains("name=\"patients-G85998\""), "{files}");
    assert!(
        files.contains("Patient list of Maddock Way Surgery (G85998)"),
        "{files}"
    );

    let (_, page) = officer.get("/c/G85999");
    assert!(
        page.contains("A dispersal of 2 closing practices"),
        "{page}"
    );
    assert!(
        page.contains("31 October 2026"),
        "each closure date: {page}"
    );
    let (_, written) = officer.get("/c/G85999/closure.toml");
    assert_eq!(
        written.matches("[[closing_practice]]").count(),
        2,
        "{written}"
    );
    assert!(
        written.contains("patients = \"patients-G85998.csv\""),
        "{written}"
    );

    // Taken out again before any letter: one practice, its list gone from the form.
    let (status, answer) = officer.post("/c/G85999/practices/remove", "ods_code=G85998");
    assert_eq!(status, 303, "{answer}");
    let (_, files) = officer.get("/c/G85999/files");
    assert!(!files.contains("patients-G85998"), "{files}");
}
