//! The officers' web page's vendored styles (issue 18): the NHS.UK frontend's compiled CSS
//! with no web font and nothing fetched from elsewhere, every image it names beside it, and
//! its MIT licence with it.

use std::path::Path;

fn assets() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("web/assets")
}

#[test]
fn the_nhsuk_styles_fetch_nothing_and_use_no_licensed_font() {
    let css = std::fs::read_to_string(assets().join("nhsuk-frontend.min.css")).unwrap();
    assert!(
        css.starts_with("@charset \"UTF-8\";"),
        "@charset comes first"
    );
    let body = css.split("*/").skip(1).collect::<String>();
    assert!(!body.contains("@font-face"), "a web font is still declared");
    assert!(!body.contains("Frutiger"), "Frutiger is still named");
    assert!(
        !body.contains("http:") && !body.contains("https:"),
        "something is fetched from elsewhere"
    );
    assert!(body.contains("font-family:arial,sans-serif"));
    // Every image the styles name is vendored beside them.
    let mut rest = body.as_str();
    let mut images = 0;
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let end = rest.find(')').unwrap();
        let url = &rest[..end];
        let name = url
            .strip_prefix("/assets/images/")
            .unwrap_or_else(|| panic!("an image outside /assets/images: {url}"));
        assert!(
            assets().join("images").join(name).is_file(),
            "{name} is not vendored"
        );
        images += 1;
    }
    assert!(images > 0);
    let licence = std::fs::read_to_string(assets().join("LICENSE-nhsuk-frontend")).unwrap();
    assert!(licence.contains("MIT License") && licence.contains("Copyright (c) 2019 NHS.UK"));
}
