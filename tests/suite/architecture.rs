//! The pipeline's shape: no stage uses a later one, only the batch engine and the CLI use
//! every stage, and every source file starts with a `//!` line saying its job.

use std::path::Path;

/// The modules in the order they may use each other: each may use those before it, never one
/// after it. `private_files` (how files holding patient data are made) uses none; `letter_fonts` (the fonts and their widths) uses none either, then
/// `envelope` (the window and the address block's rules, by those widths), then `page` (A4,
/// its margins, the body's top and the header's columns); the
/// pipeline's stages run from `input` to `package`; `ledger`, the record of what was sent,
/// is an edge no stage uses; `batch`, the engine, and `web` and `cli` on top of it are the
/// only modules that may use every stage.
const STAGES: &[&str] = &[
    "private_files",
    "letter_fonts",
    "envelope",
    "page",
    "model",
    "input",
    "plan",
    "compose",
    "render",
    "check",
    "package",
    "ledger",
    "batch",
    "web",
    "cli",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate's top-level modules a source file names: `crate::plan::...`, and each item of a
/// group, `use crate::{plan, render::Typesetter}` (nested groups and line breaks too).
fn modules_used(text: &str) -> Vec<String> {
    let mut used = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // The group's top-level items, up to its closing brace.
            let (mut depth, mut item, mut end) = (0usize, String::new(), group.len());
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        end = i;
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        used.push(first_segment(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 || !item.contains("::") {
                    item.push(c);
                }
            }
            used.push(first_segment(&item));
            rest = &group[end..];
        } else {
            used.push(first_segment(rest));
        }
    }
    used.retain(|m| !m.is_empty());
    used
}

/// `plan` of `plan::Plan`, `render` of ` render::{self, Typesetter}`.
fn first_segment(path: &str) -> String {
    path.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn imports_are_read_whole_groups_included() {
    let text = "use crate::{\n    envelope,\n    render::{self, Typesetter},\n    web::App,\n};\nuse crate::plan::Plan;\nlet x = crate::batch::run;";
    assert_eq!(
        modules_used(text),
        ["envelope", "render", "web", "plan", "batch"]
    );
}

#[test]
fn no_stage_uses_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    for (i, stage) in STAGES.iter().enumerate() {
        let mut files = Vec::new();
        let dir = src.join(stage);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        } else {
            files.push(src.join(format!("{stage}.rs")));
        }
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let used = modules_used(&text);
            for later in &STAGES[i + 1..] {
                if used.iter().any(|m| m == later) {
                    problems.push(format!("{} uses the later stage {later}", file.display()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_module_of_the_library_has_its_place_in_the_order() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    let unplaced: Vec<&&str> = modules.iter().filter(|m| !STAGES.contains(m)).collect();
    assert!(unplaced.is_empty(), "modules not in STAGES: {unplaced:?}");
    assert_eq!(modules.len(), STAGES.len(), "{modules:?}");
}

#[test]
fn the_cli_calls_the_engine_rather_than_running_stages_itself() {
    // The CLI may name a stage's types (to print them), but the steps of a batch — planning,
    // wording, typesetting, checking, packing — are called only from the engine.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src.join("cli"), &mut files);
    rust_files(&src.join("web"), &mut files);
    let steps = [
        "plan::plan",
        "letter_orders(",
        "compose_letter(",
        "render::print_file(",
        "render::preview_png(",
        "render::docx(",
        "check::check(",
        "BatchWriter",
    ];
    let mut problems = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for step in steps {
            if text.contains(step) {
                problems.push(format!("{} calls {step}", file.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_source_file_says_its_job() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"),
        &mut files,
    );
    let missing: Vec<_> = files
        .iter()
        .filter(|f| !std::fs::read_to_string(f).unwrap().starts_with("//!"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a //! summary: {missing:#?}"
    );
}
