//! The README says what the code does: the tables it prints are the code's own.

use dispersal::input::headers::{ADDRESS_PARTS, PATIENT_COLUMNS};
use dispersal::input::languages::LANGUAGE_NAMES;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// The rows of the README's table of the names clinical systems give the patients file's
/// columns, from `src/input/headers.rs`.
fn alias_rows() -> String {
    PATIENT_COLUMNS
        .iter()
        .chain(ADDRESS_PARTS)
        .filter(|c| !c.aliases.is_empty())
        .map(|c| {
            let names: Vec<String> = c.aliases.iter().map(|a| format!("`{a}`")).collect();
            format!("| `{}` | {} |", c.field, names.join(", "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The README's sentence of language names, from `src/input/languages.rs`.
fn language_names() -> String {
    LANGUAGE_NAMES
        .iter()
        .map(|(name, tag)| format!("{name} → `{tag}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn the_readme_prints_the_column_names_and_language_names_the_code_knows() {
    let readme = readme();
    let rows = alias_rows();
    assert!(
        readme.contains(&rows),
        "the README's table should read:\n{rows}"
    );
    let names = language_names();
    assert!(
        readme.contains(&names),
        "the README's language names should read:\n{names}"
    );
}
