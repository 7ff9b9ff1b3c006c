//! Braille letters, made as a patient who reads braille and the person who embosses them
//! would meet them: every BRF file fits an embosser's page, and liblouis itself (Debian's
//! `lou_translate`, installed by `.ci/run`), translating it back into print with the same
//! tables, gives back the letter's words; each comes with a print cover letter in the
//! envelope window, with its own manifest row.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::cli::{Dispersal, stdout};
use crate::common::pdf::pdftotext_bytes;
use crate::common::{constitution, csv_rows, run_closure_in, sample_with_formats, zip_entries};

/// Every patient on rows 2 to 40 reads braille: contracted (grade 2), or uncontracted
/// (grade 1) on every third row. Rows 31 and 40 ask for Turkish and Polish.
fn braille_rows() -> Vec<(usize, &'static str)> {
    (2..=40)
        .map(|row| {
            (
                row,
                if row % 3 == 0 {
                    "Requires information in uncontracted (Grade 1) Braille"
                } else {
                    "braille"
                },
            )
        })
        .collect()
}

/// liblouis's `lou_translate` in `direction` (`--forward`, `--backward`) with `table`, Unicode
/// braille on the braille side: what it prints for `input`.
fn lou_translate(direction: &str, table: &str, input: &str) -> String {
    let mut child = Command::new("lou_translate")
        .args([direction, &format!("unicode.dis,{table}")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("lou_translate (Debian's liblouis-bin) must be installed: .ci/run installs it");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The BRF translated back into print by liblouis with `table`, lines joined by single
/// spaces.
fn back_translated(brf: &str, table: &str) -> String {
    lou_translate("--backward", table, &brf_as_cells(brf))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn braille_letters_read_back_with_liblouis_and_come_with_a_print_cover_letter() {
    let dir = tempfile::tempdir().unwrap();
    sample_with_formats(dir.path(), &braille_rows());
    let (said, entries) = run_closure_in(dir.path());
    assert!(said.contains("Every letter passed its checks."), "{said}");
    // No braille tables for Turkish yet: English braille, and the row is named. Polish has
    // its own (the languages' test below reads it).
    assert!(
        said.contains("no braille tables for language \"tr\" yet: the patient on row 31 gets the letter in English braille"),
        "{said}"
    );
    assert!(!said.contains("\"pl\" yet"), "{said}");

    let manifest = csv_rows(&entries["manifest.csv"]);
    let practices = csv_rows(&std::fs::read(dir.path().join("practices.csv")).unwrap());
    let plan = csv_rows(&entries["plan.csv"]);
    let sentences = constitution();

    let mut rows_of: BTreeMap<&str, Vec<&BTreeMap<String, String>>> = BTreeMap::new();
    for row in &manifest {
        rows_of.entry(&row["letter_id"]).or_default().push(row);
    }
    let mut seen = BTreeMap::new();
    for (letter_id, rows) in rows_of {
        let formats: Vec<&str> = rows.iter().map(|r| r["format"].as_str()).collect();
        if !formats.iter().any(|f| f.starts_with("braille")) {
            continue;
        }
        // Two rows: the BRF, then its print cover letter in braille/.
        assert_eq!(formats.len(), 2, "{letter_id}: {formats:?}");
        assert!(
            ["braille", "braille-grade-1"].contains(&formats[0]),
            "{formats:?}"
        );
        assert_eq!(formats[1], "braille-cover");
        let (brf_row, cover_row) = (rows[0], rows[1]);
        assert_eq!(brf_row["print_file"], format!("braille/{letter_id}.brf"));
        assert!(cover_row["print_file"].starts_with("braille/"));
        assert_eq!(cover_row["pages"], "1");
        assert_eq!(
            (
                brf_row["eligible_50p"].as_str(),
                cover_row["eligible_50p"].as_str()
            ),
            ("N", "N")
        );
        assert_eq!(cover_row["address_in_window"], "Y");
        let cohort = brf_row["cohort"].clone();
        *seen.entry((cohort.clone(), formats[0])).or_insert(0) += 1;

        // The file: upper-case braille ASCII, CR LF, a form feed after every page, no line
        // over 40 cells, no page over 25 lines, and as many pages as the manifest says.
        let brf = String::from_utf8(entries[&brf_row["print_file"]].clone()).unwrap();
        assert!(brf.ends_with("\r\n\u{0C}"));
        assert!(
            brf.chars()
                .all(|c| matches!(c, ' '..='_' | '\r' | '\n' | '\u{0C}')),
            "{letter_id}"
        );
        let pages: Vec<&str> = brf.split('\u{0C}').filter(|p| !p.is_empty()).collect();
        assert_eq!(pages.len().to_string(), brf_row["pages"]);
        for page in &pages {
            let lines: Vec<&str> = page.trim_end_matches("\r\n").split("\r\n").collect();
            assert!(
                lines.len() <= 25,
                "{letter_id}: a page of {} lines",
                lines.len()
            );
            assert!(lines.iter().all(|l| l.chars().count() <= 40), "{letter_id}");
        }

        if brf_row["language"] != "en-GB" {
            // In the patient's own language's braille: the languages' test reads those.
            assert_eq!(brf_row["language"], "pl", "{letter_id}");
            continue;
        }
        // liblouis reads the letter back.
        let table = if formats[0] == "braille" {
            "en-ueb-g2.ctb"
        } else {
            "en-ueb-g1.ctb"
        };
        let back = back_translated(&brf, table);
        let allocation = cohort == "2a";
        for sentence in &sentences[..if allocation { 2 } else { 1 }] {
            assert!(
                back.contains(sentence.as_str()),
                "{letter_id}: {sentence}\n{back}"
            );
        }
        assert!(back.contains(&brf_row["nhs_number"]), "{letter_id}\n{back}");
        if allocation {
            let ods = &plan
                .iter()
                .find(|p| p["nhs_number"] == brf_row["nhs_number"])
                .unwrap()["allocated_practice"];
            let practice = practices.iter().find(|p| &p["ods_code"] == ods).unwrap();
            for column in [
                "name",
                "address_line_1",
                "address_line_2",
                "postcode",
                "phone",
            ] {
                assert!(
                    back.contains(&practice[column]),
                    "{letter_id}: {column}\n{back}"
                );
            }
        }

        // The cover letter, in print: the reference, and that the letter is in braille.
        let cover = &entries[&cover_row["print_file"]];
        let page: usize = cover_row["first_page"].parse().unwrap();
        let text = pdftotext_bytes(cover, &["-f", &page.to_string(), "-l", &page.to_string()]);
        assert!(text.contains(letter_id), "{text}");
        assert!(text.contains(&cover_row["postcode"]), "{text}");
        let enclosed = if formats[0] == "braille" {
            "is enclosed in braille."
        } else {
            "is enclosed in uncontracted (grade 1) braille."
        };
        assert!(text.contains(enclosed), "{text}");
    }
    // Every cohort the sample's rows fall in, in both grades.
    for cohort in ["2a", "2b", "2c"] {
        for format in ["braille", "braille-grade-1"] {
            assert!(seen.contains_key(&(cohort.to_string(), format)), "{seen:?}");
        }
    }
}

#[test]
fn a_letter_sent_in_print_is_made_again_in_braille_and_the_reissue_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    sample_with_formats(dir.path(), &[]);
    let closure = dir.path().join("closure.toml");
    let ledger = dir.path().join("ledger.sqlite");
    let out = dir.path().join("out");
    let o = Dispersal::new(["run"])
        .arg(&closure)
        .arg("--out")
        .arg(&out)
        .arg("--ledger")
        .arg(&ledger)
        .output();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let zip = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "zip"))
        .unwrap();
    let manifest = csv_rows(&zip_entries(&zip)["manifest.csv"]);
    let sent = manifest
        .iter()
        .find(|r| r["cohort"] == "2a" && r["language"] == "en-GB" && r["format"] == "standard")
        .unwrap();

    let brf_path = dir.path().join("again.brf");
    let letter = |args: &[&str], out: &std::path::Path| {
        Dispersal::new(["letter"])
            .arg(&closure)
            .args(["--nhs-number", &sent["nhs_number"]])
            .args(args)
            .arg("--out")
            .arg(out)
            .arg("--ledger")
            .arg(&ledger)
            .output()
    };
    let o = letter(&["--letter-format", "braille-grade-1"], &brf_path);
    let said = stdout(&o);
    assert!(
        o.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let cover_path = dir.path().join("again-cover.pdf");
    assert!(
        said.contains(&format!("re-issue of letter {}", sent["letter_id"])),
        "{said}"
    );
    assert!(said.contains(&cover_path.display().to_string()), "{said}");
    assert_eq!(crate::common::mode(&brf_path) & 0o777, 0o600);
    assert_eq!(crate::common::mode(&cover_path) & 0o777, 0o600);
    let brf = std::fs::read_to_string(&brf_path).unwrap();
    let back = back_translated(&brf, "en-ueb-g1.ctb");
    assert!(back.contains(&sent["nhs_number"]), "{back}");
    assert!(back.contains(&sent["letter_id"]), "{back}");
    let cover = pdftotext_bytes(&std::fs::read(&cover_path).unwrap(), &[]);
    assert!(
        cover.contains("is enclosed in uncontracted (grade 1) braille."),
        "{cover}"
    );
    // The ledger records the re-issue in its format.
    let history = Dispersal::new(["history"])
        .arg(&closure)
        .args(["--nhs-number", &sent["nhs_number"]])
        .arg("--ledger")
        .arg(&ledger)
        .output();
    let history = stdout(&history);
    assert!(history.contains("braille-grade-1"), "{history}");

    // Braille in a language with no tables yet, or as a Word document: refused, with the fix.
    let o = letter(
        &["--letter-format", "braille", "--lang", "tr"],
        &dir.path().join("tr.brf"),
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("no braille tables for language \"tr\" yet"),
        "{err}"
    );
    assert!(err.contains("English braille"), "{err}");
    let o = letter(
        &["--letter-format", "braille", "--format", "docx"],
        &dir.path().join("x.docx"),
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("ask for the letter as a PDF"));
}

/// A BRF's lines as Unicode braille cells, without each page's number, by Debian's copy of
/// liblouis's own display table (not dispersal's).
fn brf_as_cells(brf: &str) -> String {
    let dis = std::fs::read_to_string("/usr/share/liblouis/tables/en-us-brf.dis")
        .expect("liblouis-data (with liblouis-bin) must be installed: .ci/run installs it");
    let mut map = BTreeMap::new();
    for line in dis.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if let ["display", ch, dots, ..] = words[..] {
            let ch = match ch {
                "\\s" => ' ',
                "\\\\" => '\\',
                c => c.chars().next().unwrap(),
            };
            let bits = dots
                .chars()
                .filter_map(|d| d.to_digit(10))
                .filter(|d| (1..=8).contains(d))
                .fold(0, |b, d| b | 1 << (d - 1));
            map.insert(
                ch.to_ascii_uppercase(),
                char::from_u32(0x2800 + bits).unwrap(),
            );
        }
    }
    brf.split('\u{0C}')
        .flat_map(|page| page.split("\r\n").skip(1))
        .map(|line| line.chars().map(|c| map[&c]).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The cells of a BRF, blank cells and line ends left out: what is compared.
fn cells_of_brf(brf: &str) -> String {
    brf_as_cells(brf)
        .chars()
        .filter(|c| !matches!(c, '\u{2800}' | '\n'))
        .collect()
}

/// `text` in braille by liblouis itself, blank cells left out.
fn liblouis_cells(text: &str, table: &str) -> String {
    lou_translate("--forward", table, text)
        .chars()
        .filter(|c| !matches!(c, '\u{2800}' | ' ' | '\n'))
        .collect()
}

#[test]
fn braille_is_in_the_patient_s_language_where_liblouis_has_a_table_for_it() {
    // Rows asking for Spanish, French, Portuguese, Lithuanian, Chinese, Polish, Arabic and
    // Tamil, and the table liblouis publishes for each (uncontracted: contracted braille in
    // these does not read back reliably, or there is none). Arabic is read right to left in
    // print, but its braille left to right, in the order liblouis writes it: each sentence,
    // across its lines, is found in that order.
    // Each comes with its print cover letter, in the same language.
    let rows = [
        (283, "es", "es-g1.ctb", "Adjuntamos en braille su carta"),
        (165, "fr", "fr-bfu-comp6.utb", "est joint en braille."),
        (
            238,
            "pt",
            "pt-pt-g1.utb",
            "Junto enviamos, em braille, a sua carta",
        ),
        (136, "lt", "lt-6dot.utb", "parašytą Brailio raštu."),
        (
            208,
            "zh-Hans",
            "zhcn-g1.ctb",
            "随函附上关于您 GP 登记的信件（盲文版）。",
        ),
        (40, "pl", "Pl-Pl-g1.utb", "zapisany alfabetem Braille'a."),
        (280, "ar", "ar-ar-g1.utb", "برايل"),
        (75, "ta", "ta-ta-g1.ctb", "GP"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let formats: Vec<(usize, &str)> = rows.iter().map(|&(row, ..)| (row, "braille")).collect();
    sample_with_formats(dir.path(), &formats);
    let (said, entries) = run_closure_in(dir.path());
    assert!(said.contains("Every letter passed its checks."), "{said}");
    assert!(!said.contains("no braille tables"), "{said}");
    let manifest = csv_rows(&entries["manifest.csv"]);
    for (_, language, table, enclosed) in rows {
        let row = manifest
            .iter()
            .find(|r| r["language"] == language && r["format"] == "braille")
            .unwrap_or_else(|| panic!("no braille letter in {language}"));
        let cover = manifest
            .iter()
            .find(|r| r["letter_id"] == row["letter_id"] && r["format"] == "braille-cover")
            .unwrap();
        let page = &cover["first_page"];
        let text = pdftotext_bytes(&entries[&cover["print_file"]], &["-f", page, "-l", page]);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(enclosed), "{language}: {text}");
        let brf = String::from_utf8(entries[&row["print_file"]].clone()).unwrap();
        let cells = cells_of_brf(&brf);
        let golden = std::fs::read_to_string(format!(
            "{}/golden/nhs-constitution/{language}.txt",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let sentences: Vec<&str> = golden.lines().filter(|l| !l.trim().is_empty()).collect();
        let wanted = if row["cohort"] == "2a" { 2 } else { 1 };
        // liblouis itself puts each Constitution sentence into the same braille.
        for sentence in &sentences[..wanted] {
            assert!(
                cells.contains(&liblouis_cells(sentence, table)),
                "{language}: {sentence}"
            );
        }
        assert!(
            cells.contains(&liblouis_cells(&row["nhs_number"], table)),
            "{language}"
        );
        // French reads back word for word.
        if language == "fr" {
            let back = back_translated(&brf, table);
            for sentence in &sentences[..wanted] {
                assert!(back.contains(sentence), "{sentence}\n{back}");
            }
        }
    }
}

/// Every text `pattern` can give: each variant of each select, each variable filled in from
/// `vars`, whitespace collapsed.
fn fluent_texts(
    pattern: &fluent_syntax::ast::Pattern<&str>,
    vars: &BTreeMap<&str, String>,
) -> Vec<String> {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    fn inline(e: &InlineExpression<&str>, vars: &BTreeMap<&str, String>) -> Vec<String> {
        match e {
            InlineExpression::StringLiteral { value }
            | InlineExpression::NumberLiteral { value } => {
                vec![value.to_string()]
            }
            InlineExpression::VariableReference { id } => {
                vec![
                    vars.get(id.name)
                        .cloned()
                        .unwrap_or_else(|| panic!("${}", id.name)),
                ]
            }
            InlineExpression::Placeable { expression } => expression_texts(expression, vars),
            other => panic!("not in a letter: {other:?}"),
        }
    }
    fn expression_texts(e: &Expression<&str>, vars: &BTreeMap<&str, String>) -> Vec<String> {
        match e {
            Expression::Inline(e) => inline(e, vars),
            Expression::Select { variants, .. } => variants
                .iter()
                .flat_map(|v| fluent_texts(&v.value, vars))
                .collect(),
        }
    }
    let mut texts = vec![String::new()];
    for element in &pattern.elements {
        let pieces = match element {
            PatternElement::TextElement { value } => vec![value.to_string()],
            PatternElement::Placeable { expression } => expression_texts(expression, vars),
        };
        texts = texts
            .iter()
            .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
            .collect();
    }
    texts
        .into_iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// Every text of a locale's letters that is put into braille, one a line: each message of its
/// `letters.ftl` that a letter holds, in every variant, with names, practices, dates and
/// numbers filled in; then the Latin-script lines every letter holds (practices, addresses,
/// phone numbers, NHS numbers, references).
fn letter_texts(locale: &str) -> Vec<String> {
    use fluent_syntax::ast::Entry;
    let path = format!(
        "{}/locales/{locale}/letters.ftl",
        env!("CARGO_MANIFEST_DIR")
    );
    let source = std::fs::read_to_string(&path).unwrap();
    let resource = fluent_syntax::parser::parse(source.as_str()).unwrap();
    let messages: BTreeMap<&str, &fluent_syntax::ast::Pattern<&str>> = resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            Entry::Message(m) => Some((m.id.name, m.value.as_ref()?)),
            _ => None,
        })
        .collect();
    let mut vars: BTreeMap<&str, String> = [
        ("day", "24"),
        ("year", "2026"),
        ("days", "28"),
        ("name", "Mrs Jane O'Connor-Smith"),
        ("child", "Hao Liu"),
        ("practice", "St Mary's Surgery (Rye Lane)"),
        ("area", "Southwark"),
        ("language", "Polish"),
        ("phone", "020 7946 0000"),
        ("email", "closures.southeastlondon@nhs.net"),
        ("url", "https://www.nhs.uk/service-search/find-a-gp"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect();
    let mut texts = Vec::new();
    for month in 1..=12 {
        let name = fluent_texts(messages[format!("month-{month}").as_str()], &vars).remove(0);
        vars.insert("month", name);
        texts.extend(fluent_texts(messages["date-long"], &vars));
    }
    vars.insert("date", texts[10].clone());
    // Not in a letter's braille: text messages, the QR code's description, the print cover
    // letter's sentence, and the PDF's title.
    let letter = |id: &str| {
        !(id.starts_with("sms-")
            || id.starts_with("title-")
            || ["qr-alt", "braille-cover"].contains(&id))
    };
    for (_, pattern) in messages.iter().filter(|(id, _)| letter(id)) {
        texts.extend(fluent_texts(pattern, &vars));
    }
    texts.extend(
        [
            "485 777 3456",
            "9434765919",
            "G85999-2A-00042",
            "0123456789",
            "Park Lane Medical Centre",
            "Flat 2b, 14-16 Queen's Road",
            "London SE15 2EB",
            "Dr A. N. Other, GP",
            "Tel: 020 7946 0000 (option 2)",
            "NHS South East London Integrated Care Board",
            "160 Tooley Street, London SE1 2TZ",
        ]
        .map(String::from),
    );
    texts.retain(|t| !t.is_empty());
    texts.sort();
    texts.dedup();
    texts
}

/// The locale folder of an ISO 639 language (`zh` is `zh-Hans`).
fn locale_of(language: &str) -> String {
    std::fs::read_dir(format!("{}/locales", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|tag| tag.split('-').next() == Some(language))
        .unwrap_or_else(|| panic!("no locale for {language}"))
}

#[test]
fn every_language_s_letter_text_is_liblouis_s_own_braille_in_six_dots() {
    // louis-rs, as dispersal compiles the tables in, against Debian's liblouis with its own
    // copies of them: every text of every braille language's letters, cell for cell. Each
    // table's texts go to lou_translate at once, one a line.
    use dispersal::model::BRAILLE_TABLES;
    use dispersal::render::braille::tables::forward;
    // Admitted before this check existed, and not yet cell for cell liblouis's on these
    // texts (still six-dot, and still read back or found by the other tests): in contracted
    // English, a few contractions and indicators (reference, when, Mary's, a closing quote);
    // in Chinese, the blank cells liblouis puts between a date's parts and after some
    // words; in French, where the capital sign goes in G85999-2A-00042.
    // How many of their texts differ is held to what it was when they were listed, so that
    // no more do.
    const NOT_YET_EXACT: [(&str, usize); 3] = [
        ("en-ueb-g2.ctb", 11),
        ("zhcn-g1.ctb", 15),
        ("fr-bfu-comp6.utb", 1),
    ];
    let mut differ = Vec::new();
    let mut not_yet_exact: std::collections::BTreeMap<&str, usize> = Default::default();
    for &(language, two, one) in BRAILLE_TABLES {
        let texts = letter_texts(&locale_of(language));
        let tables = if two == one {
            vec![one]
        } else {
            vec![one, two]
        };
        for table in tables {
            let theirs = lou_translate("--forward", table, &texts.join("\n"));
            let theirs: Vec<&str> = theirs.lines().collect();
            assert_eq!(theirs.len(), texts.len(), "{table}");
            let translator = forward(table).unwrap();
            for (text, theirs) in texts.iter().zip(theirs) {
                let ours = translator.translate(text).unwrap().replace(' ', "\u{2800}");
                assert!(
                    ours.chars().all(|c| ('\u{2800}'..'\u{2840}').contains(&c)),
                    "{table}: not six-dot braille: {text}\n{ours}"
                );
                let theirs = theirs.replace(' ', "\u{2800}");
                if ours == theirs {
                    continue;
                }
                if NOT_YET_EXACT.iter().any(|&(t, _)| t == table) {
                    *not_yet_exact.entry(table).or_default() += 1;
                } else {
                    differ.push(format!(
                        "{table}: {text}\n  liblouis: {theirs}\n  ours:     {ours}"
                    ));
                }
            }
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    for (table, most) in NOT_YET_EXACT {
        let found = not_yet_exact.get(table).copied().unwrap_or(0);
        assert!(
            found <= most,
            "{table}: {found} texts differ from liblouis's braille, {most} did"
        );
    }
}
