//! Build script: compile every locale under `locales/<tag>/` (its `locale.toml` and
//! `letters.ftl`) into the binary, so adding a language is adding a folder.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=locales");
    // Read at run time: a build script binary may be reused from another checkout's build.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir);
    let mut tags: Vec<String> = std::fs::read_dir(root.join("locales"))
        .expect("the locales folder exists")
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.path().join("letters.ftl").is_file() && e.path().join("locale.toml").is_file()
        })
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    tags.sort();
    let mut out =
        String::from("/// The locales shipped with the binary: (tag, locale.toml, letters.ftl).\n");
    out.push_str("pub const LOCALES: &[(&str, &str, &str)] = &[\n");
    for tag in &tags {
        let dir = root.join("locales").join(tag);
        println!("cargo::rerun-if-changed={}", dir.display());
        let _ = writeln!(
            out,
            "    ({tag:?}, include_str!({:?}), include_str!({:?})),",
            dir.join("locale.toml").display().to_string(),
            dir.join("letters.ftl").display().to_string()
        );
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
