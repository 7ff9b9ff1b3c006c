//! `dispersal check FILE.pdf ...` on PDFs the project renders and on ones made here to break
//! each rule: colour text, colour lines, colour and grey images, two pages, US Letter,
//! landscape, truncated, encrypted and not a PDF at all.

use std::path::{Path, PathBuf};

use crate::common::cli::{dispersal, stderr, stdout};
use lopdf::{Document, Object, Stream, dictionary};

/// `dispersal ARGS`: its exit code, and all it printed (standard output, then error).
fn printed(args: &[&str]) -> (i32, String) {
    let out = dispersal(args);
    (
        out.status.code().unwrap_or(-1),
        stdout(&out) + &stderr(&out),
    )
}

/// A PDF of `pages` pages of `size` points, each painting `content`, with `image` as /Im1.
fn pdf(
    size: (f64, f64),
    pages: usize,
    content: &str,
    image: Option<Stream>,
    rotate: i64,
) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let mut xobjects = lopdf::Dictionary::new();
    if let Some(image) = image {
        xobjects.set("Im1", doc.add_object(image));
    }
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font },
        "XObject" => xobjects,
    });
    let mut kids = Vec::new();
    for _ in 0..pages {
        let content = doc.add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content,
            "Rotate" => rotate,
        });
        kids.push(page.into());
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => pages as i64,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(size.0 as f32), Object::Real(size.1 as f32)],
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

const A4: (f64, f64) = (595.28, 841.89);
const TEXT: &str = "BT /F1 12 Tf 72 700 Td (Dear patient) Tj ET";

fn rgb_image(pixels: &[[u8; 3]]) -> Stream {
    let data: Vec<u8> = pixels.iter().flatten().copied().collect();
    Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image",
            "Width" => pixels.len() as i64, "Height" => 1,
            "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
        },
        data,
    )
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

#[test]
fn a_letter_the_project_renders_is_eligible() {
    let dir = tempfile::tempdir().unwrap();
    let letter = dir.path().join("letter.pdf");
    let patients = std::fs::read_to_string("sample/patients.csv").unwrap();
    let nhs = patients.lines().nth(1).unwrap().split(',').next().unwrap();
    let (code, text) = printed(&[
        "letter",
        "--sample",
        "--nhs-number",
        nhs,
        "--out",
        letter.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = printed(&["check", letter.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains(
            "letter.pdf: eligible for the 50p contribution (1 page, A4 portrait, black and white)"
        ),
        "{text}"
    );

    // The same file cut short is refused with a clear error, not a crash.
    let bytes = std::fs::read(&letter).unwrap();
    let cut = write(dir.path(), "cut.pdf", &bytes[..bytes.len() / 2]);
    let (code, text) = printed(&["check", &cut]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("cut.pdf: cannot be checked: the file is not a readable PDF"),
        "{text}"
    );
}

#[test]
fn each_rule_broken_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let files = [
        (
            "grey.pdf",
            pdf(
                A4,
                1,
                &format!("0.3 0.3 0.3 rg {TEXT} 0 0 0 RG 10 10 m 100 100 l S"),
                None,
                0,
            ),
        ),
        (
            "red-text.pdf",
            pdf(A4, 1, &format!("1 0 0 rg {TEXT}"), None, 0),
        ),
        (
            "blue-line.pdf",
            pdf(A4, 1, "0 0 1 RG 10 10 m 100 100 l S", None, 0),
        ),
        (
            "cmyk-box.pdf",
            pdf(A4, 1, "0 1 1 0 k 10 10 50 50 re f", None, 0),
        ),
        (
            "unused-colour.pdf",
            pdf(A4, 1, &format!("q 1 0 0 rg Q {TEXT}"), None, 0),
        ),
        (
            "grey-photo.pdf",
            pdf(
                A4,
                1,
                "q 100 0 0 10 72 600 cm /Im1 Do Q",
                Some(rgb_image(&[[9, 9, 9], [200, 200, 200]])),
                0,
            ),
        ),
        (
            "red-photo.pdf",
            pdf(
                A4,
                1,
                "q 100 0 0 10 72 600 cm /Im1 Do Q",
                Some(rgb_image(&[[9, 9, 9], [200, 10, 10]])),
                0,
            ),
        ),
        ("two-pages.pdf", pdf(A4, 2, TEXT, None, 0)),
        ("us-letter.pdf", pdf((612.0, 792.0), 1, TEXT, None, 0)),
        ("landscape.pdf", pdf(A4, 1, TEXT, None, 90)),
    ];
    let paths: Vec<String> = files.iter().map(|(n, b)| write(d, n, b)).collect();
    let mut args = vec!["check", "--json"];
    args.extend(paths.iter().map(String::as_str));
    let (code, text) = printed(&args);
    assert_eq!(code, 1, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let by_name = |name: &str| {
        json.as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"].as_str().unwrap().ends_with(name))
            .unwrap()
            .clone()
    };
    for name in ["grey.pdf", "unused-colour.pdf", "grey-photo.pdf"] {
        let f = by_name(name);
        assert_eq!(f["eligible_50p"], true, "{name}: {f}");
        assert_eq!(f["pages"], 1);
        assert_eq!(f["a4_portrait"], true);
    }
    for (name, kind) in [
        ("red-text.pdf", "text"),
        ("blue-line.pdf", "vector_paint"),
        ("cmyk-box.pdf", "vector_paint"),
        ("red-photo.pdf", "image"),
    ] {
        let f = by_name(name);
        assert_eq!(f["eligible_50p"], false, "{name}: {f}");
        assert_eq!(
            f["colour"],
            serde_json::json!([{"page": 1, "kind": kind}]),
            "{name}"
        );
    }
    let two = by_name("two-pages.pdf");
    assert_eq!(
        (two["pages"].as_u64(), two["eligible_50p"].as_bool()),
        (Some(2), Some(false))
    );
    assert_eq!(
        two["failures"][0],
        "2 pages: an allocation letter must be one side of one sheet"
    );
    let letter = by_name("us-letter.pdf");
    assert_eq!(letter["a4_portrait"], false);
    assert_eq!(
        letter["failures"][0],
        "not A4 portrait (210 × 297 mm): page 1 is 216 × 279 mm"
    );
    let landscape = by_name("landscape.pdf");
    assert_eq!(
        landscape["failures"][0],
        "not A4 portrait (210 × 297 mm): page 1 is 297 × 210 mm"
    );

    // The text report says the same for an officer.
    let (code, text) = printed(&["check", &paths[0], &paths[1]]);
    assert_eq!(code, 1);
    assert!(
        text.contains("grey.pdf: eligible for the 50p contribution"),
        "{text}"
    );
    assert!(
        text.contains(
            "red-text.pdf: NOT eligible for the 50p contribution\n  - in colour: text on page 1"
        ),
        "{text}"
    );
    assert!(text.contains("1 of 2 eligible."), "{text}");
}

#[test]
fn encrypted_and_non_pdf_files_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = Document::load_mem(&pdf(A4, 1, TEXT, None, 0)).unwrap();
    let id = Object::String(
        b"0123456789abcdef".to_vec(),
        lopdf::StringFormat::Hexadecimal,
    );
    doc.trailer.set("ID", vec![id.clone(), id]);
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password: "secret",
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    })
    .unwrap();
    doc.encrypt(&state).unwrap();
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let locked = write(dir.path(), "locked.pdf", &bytes);
    let garbage = write(
        dir.path(),
        "notes.pdf",
        b"\x00\x01binary garbage, not a PDF",
    );
    let empty = write(dir.path(), "empty.pdf", b"");
    let (code, text) = printed(&["check", &locked, &garbage, &empty]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("locked.pdf: cannot be checked: the PDF is encrypted (password-protected)"),
        "{text}"
    );
    assert!(
        text.contains("notes.pdf: cannot be checked: the file is not a readable PDF"),
        "{text}"
    );
    assert!(
        text.contains("empty.pdf: cannot be checked: the file is not a readable PDF"),
        "{text}"
    );
    assert!(text.contains("0 of 3 eligible."), "{text}");
}

#[test]
fn a_file_too_big_to_be_a_letter_is_not_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.pdf");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len((64 << 20) + 1).unwrap();
    let (code, out) = printed(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("big.pdf: cannot be checked: the file is more than 64 MB; the limit is 64 MB for a letter"),
        "{out}"
    );
}

/// The smallest text size `dispersal check` reads from a PDF's content is the one the layout
/// measured: for every print file of the sample batch, the smallest of its letters'
/// `min_text_pt` in the manifest.
#[test]
fn the_smallest_text_read_from_each_print_file_is_the_layouts() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let (code, text) = printed(&["run", "--sample", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    let zip = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "zip"))
        .unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut manifest = String::new();
    archive
        .by_name("manifest.csv")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    let mut reader = csv::Reader::from_reader(manifest.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let mut smallest: std::collections::BTreeMap<String, f64> = Default::default();
    for row in reader.records().map(Result::unwrap) {
        let pt: f64 = row[col("min_text_pt")].parse().unwrap();
        let file = smallest
            .entry(row[col("print_file")].to_string())
            .or_insert(pt);
        *file = file.min(pt);
    }
    assert!(smallest.len() > 10, "{smallest:?}");
    for (file, expected) in &smallest {
        let mut pdf = Vec::new();
        archive
            .by_name(file)
            .unwrap()
            .read_to_end(&mut pdf)
            .unwrap();
        let report = dispersal::check::check_pdf(&pdf).unwrap();
        let read = report.smallest_text_pt.unwrap();
        assert!(
            (read - expected).abs() < 0.05,
            "{file}: read {read} pt, laid out {expected} pt"
        );
    }
}

/// Text sizes as printed: the font size scaled by the page's transformation, and text inside
/// the envelope window (the address) left out.
#[test]
fn text_sizes_are_read_as_printed_outside_the_window() {
    let a4 = (595.28, 841.89);
    let w = dispersal::envelope::WINDOW;
    let pt = |mm: f64| mm * 72.0 / 25.4;
    // In the window: 7 pt; below it, 9 pt drawn at 4.5 pt and scaled by 2.
    let (wx, wy) = (pt(w.x0 + 5.0), a4.1 - pt(w.y0 + 5.0));
    let content = format!(
        "BT /F1 7 Tf {wx:.2} {wy:.2} Td (Mrs A Okafor) Tj ET q 2 0 0 2 0 0 cm BT /F1 4.5 Tf 50 150 Td (Dear) Tj ET Q BT /F1 11 Tf 72 72 Td (Yours) Tj ET"
    );
    let report = dispersal::check::check_pdf(&pdf(a4, 1, &content, None, 0)).unwrap();
    assert_eq!(report.smallest_text_pt, Some(9.0));
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "sizes.pdf", &pdf(a4, 1, &content, None, 0));
    let (_, text) = printed(&["check", &file]);
    assert!(
        text.contains("smallest text outside the envelope window: 9.0 pt"),
        "{text}"
    );
}
