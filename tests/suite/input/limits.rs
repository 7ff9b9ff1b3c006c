//! Input tests: the limits on what a file holds (size, rows, columns, a cell, the table of
//! texts), each refused naming the file, the limit and what to do, before it is held.

use super::*;

#[test]
fn a_cell_of_900_kilobytes_rejects_its_row_and_the_others_go_on() {
    // Under the 1 MB a line that a CSV may have (a longer line refuses the file).
    let huge = "x".repeat(900 * 1024);
    let row = format!("9434765919,Ms,B,{huge},02/03/1981,2 Long Road,,,,,SE1 9ZZ,,,,,,,");
    let bytes = patients_csv(&[ONE_PATIENT, &row]);
    let inputs = Fixture::new("patients.csv", &bytes).read().unwrap();
    assert_eq!(inputs.patients.len(), 1);
    let [rejected] = inputs.rejected_patients.as_slice() else {
        panic!("expected one rejected row");
    };
    assert_eq!(rejected.row, 3);
    assert!(
        rendered(&rejected.problems).contains(
            &"patients.csv: row 3, column \"Family Name\": the cell is too long (921600 characters; a cell may hold at most 200)".to_string()
        ),
        "{:?}",
        rendered(&rejected.problems)
    );
}

#[test]
fn a_file_past_a_limit_is_refused_naming_the_file_the_limit_and_what_to_do() {
    // Lower limits than the real ones, so the files stay small.
    let limits = input::Limits {
        patient_rows: 3,
        practice_rows: 2,
        line_bytes: 400,
        columns: 20,
        ..input::Limits::default()
    };
    #[allow(clippy::result_large_err)]
    let read = |f: &Fixture| input::read_with_limits(&f.closure_path(), &DiskFiles, None, &limits);

    let rows = [ONE_PATIENT; 4];
    let e = read(&Fixture::new("patients.csv", &patients_csv(&rows))).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.csv: it has more than 3 data rows; the limit is 3 rows for a patients file"
        ),
        "{e}"
    );
    assert!(
        e.to_string()
            .ends_with("not a national extract or another file"),
        "{e}"
    );
    assert!(read(&Fixture::new("patients.csv", &patients_csv(&rows[..3]))).is_ok());

    let mut practices = PRACTICES.to_string();
    practices.push_str("G85003,Third Surgery,3 Road,London,,,SE1 3AC,020 7000 0003,,10,open,,\n");
    let f = Fixture::with_practices(
        "patients.csv",
        &patients_csv(&[ONE_PATIENT]),
        "practices.csv",
        practices.as_bytes(),
    );
    let e = read(&f).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "practices.csv: it has more than 2 data rows; the limit is 2 rows for a practices file"
        ),
        "{e}"
    );

    let wide = format!("{PATIENT_HEADER},{}", ["extra"; 3].join(","));
    let e = read(&Fixture::new(
        "patients.csv",
        format!("{wide}\n{ONE_PATIENT}\n").as_bytes(),
    ))
    .unwrap_err();
    assert!(
        first_line(&e).ends_with("patients.csv: row 1 has 21 columns; the limit is 20 columns"),
        "{e}"
    );
    let row = format!("{ONE_PATIENT},x,y,z");
    let e = read(&Fixture::new(
        "patients.csv",
        &patients_csv(&[ONE_PATIENT, &row]),
    ))
    .unwrap_err();
    assert!(
        first_line(&e).ends_with("row 3 has 21 columns; the limit is 20 columns"),
        "{e}"
    );

    let long = format!("{ONE_PATIENT}{}", " ".repeat(400));
    let e = read(&Fixture::new(
        "patients.csv",
        &patients_csv(&[ONE_PATIENT, &long]),
    ))
    .unwrap_err();
    assert!(
        first_line(&e).ends_with(&format!(
            "patients.csv: line 3 is {} bytes long; the limit is 400 bytes for one line",
            long.len()
        )),
        "{e}"
    );
}

#[test]
fn a_workbook_that_would_inflate_past_the_limits_is_refused_before_it_is_read() {
    use rust_xlsxwriter::Workbook;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in PATIENT_HEADER.split(',').enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    // Many rows of the same text: a sheet that compresses very well.
    for r in 1..2_000u32 {
        for c in 0..10u16 {
            sheet.write_string(r, c, "the same words again").unwrap();
        }
    }
    let bytes = workbook.save_to_buffer().unwrap();
    let f = Fixture::new("patients.xlsx", &bytes);
    let by_size = input::Limits {
        part_bytes: 100_000,
        ..input::Limits::default()
    };
    let e = input::read_with_limits(&f.closure_path(), &DiskFiles, None, &by_size).unwrap_err();
    assert!(
        first_line(&e).contains("patients.xlsx: its part xl/worksheets/sheet1.xml would be")
            && first_line(&e).ends_with("the limit is 100,000 bytes for any part of a workbook"),
        "{e}"
    );
    let by_ratio = input::Limits {
        part_ratio: 5,
        ratio_above: 10_000,
        ..input::Limits::default()
    };
    let e = input::read_with_limits(&f.closure_path(), &DiskFiles, None, &by_ratio).unwrap_err();
    assert!(
        first_line(&e).contains("patients.xlsx: its part xl/worksheets/sheet1.xml would inflate")
            && first_line(&e).ends_with("the limit is 5 times for a part over 10,000 bytes"),
        "{e}"
    );
    // Within the real limits the same workbook reads.
    assert!(f.read().is_ok());
}

#[test]
fn the_real_limits_refuse_a_wide_file_a_long_line_and_too_many_rows() {
    // The limits as the README states them: 256 columns, 1 MB a line, 500,000 patients,
    // 20,000 practices.
    let wide = format!("{PATIENT_HEADER},{}", ["extra"; 256 - 18 + 1].join(","));
    let f = Fixture::new(
        "patients.csv",
        format!("{wide}\n{ONE_PATIENT}\n").as_bytes(),
    );
    let e = f.read().unwrap_err();
    assert!(
        first_line(&e).ends_with("row 1 has 257 columns; the limit is 256 columns"),
        "{e}"
    );

    let long = format!("{ONE_PATIENT}{}", " ".repeat(1 << 20));
    let f = Fixture::new("patients.csv", &patients_csv(&[&long]));
    let e = f.read().unwrap_err();
    assert!(
        first_line(&e).ends_with("the limit is 1 MB for one line"),
        "{e}"
    );

    // 500,001 data rows (short broken ones: the limit counts rows, good or bad).
    let mut rows = String::from(PATIENT_HEADER);
    rows.push('\n');
    rows.push_str(&"1\n".repeat(500_001));
    let f = Fixture::new("patients.csv", rows.as_bytes());
    let e = f.read().unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "it has more than 500,000 data rows; the limit is 500,000 rows for a patients file"
        ),
        "{e}"
    );

    let mut practices = String::from(PRACTICES.lines().next().unwrap());
    practices.push('\n');
    for i in 0..20_001 {
        practices.push_str(&format!(
            "G{:05},Surgery {i},1 Road,London,,,SE1 3AB,020 7000 0001,,10,open,,\n",
            i % 100_000
        ));
    }
    let f = Fixture::with_practices(
        "patients.csv",
        &patients_csv(&[ONE_PATIENT]),
        "practices.csv",
        practices.as_bytes(),
    );
    let e = f.read().unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "it has more than 20,000 data rows; the limit is 20,000 rows for a practices file"
        ),
        "{e}"
    );
}

/// A minimal XLSX workbook from its sheet's XML (rows inside `<sheetData>`) and, if given, its
/// table of texts, each part deflated.
fn workbook_of_parts(sheet_rows: &str, shared_strings: Option<&str>) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let shared_type = r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#;
    let shared_rel = r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#;
    let has_shared = shared_strings.is_some();
    let parts = [
        (
            "[Content_Types].xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{}</Types>"#,
                if has_shared { shared_type } else { "" }
            ),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string(),
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Patients" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>{}</Relationships>"#,
                if has_shared { shared_rel } else { "" }
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_rows}</sheetData></worksheet>"#
            ),
        ),
    ];
    for (name, text) in parts
        .iter()
        .map(|(n, t)| (*n, t.as_str()))
        .chain(shared_strings.map(|s| ("xl/sharedStrings.xml", s)))
    {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Inline-text cells for one row.
fn inline_row(number: usize, cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!(r#"<c t="inlineStr"><is><t>{c}</t></is></c>"#))
        .collect();
    format!(r#"<row r="{number}">{cells}</row>"#)
}

fn workbook_header_and(rows: &str) -> String {
    let header: Vec<&str> = PATIENT_HEADER.split(',').collect();
    let patient: Vec<&str> = ONE_PATIENT.split(',').collect();
    format!(
        "{}{}{rows}",
        inline_row(1, &header),
        inline_row(2, &patient)
    )
}

#[test]
fn a_workbook_is_read_within_the_limits_on_what_it_holds_not_what_it_says() {
    let limits = input::Limits {
        cell_bytes: 1_000,
        shared_strings_bytes: 20_000,
        part_bytes: 200_000,
        ..input::Limits::default()
    };
    #[allow(clippy::result_large_err)]
    let read = |bytes: &[u8]| {
        let f = Fixture::new("patients.xlsx", bytes);
        input::read_with_limits(&f.closure_path(), &DiskFiles, None, &limits)
    };
    let good = workbook_of_parts(&workbook_header_and(""), None);
    let inputs = read(&good).unwrap();
    assert_eq!(inputs.patients.len(), 1, "{:?}", inputs.rejected_patients);

    // One cell of more text than a cell may hold.
    let long = "x".repeat(1_001);
    let bytes = workbook_of_parts(&workbook_header_and(&inline_row(3, &[&long])), None);
    let e = read(&bytes).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.xlsx: a cell in its part xl/worksheets/sheet1.xml is too long; the limit is 1,000 bytes for one cell"
        ),
        "{e}"
    );

    // A table of texts bigger than the limit, and one that claims far more texts than it has
    // (the reader would set memory aside for them all).
    let texts: String = (0..2_000)
        .map(|i| format!("<si><t>text {i}</t></si>"))
        .collect();
    let shared = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="2000">{texts}</sst>"#
    );
    let bytes = workbook_of_parts(&workbook_header_and(""), Some(&shared));
    let e = read(&bytes).unwrap_err();
    assert!(
        first_line(&e).contains("patients.xlsx: its table of texts (xl/sharedStrings.xml) is")
            && first_line(&e).ends_with("the limit is 20,000 bytes for the table of texts"),
        "{e}"
    );
    let claims = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="4000000000"><si><t>one</t></si></sst>"#;
    let bytes = workbook_of_parts(&workbook_header_and(""), Some(claims));
    let e = read(&bytes).unwrap_err();
    assert!(
        first_line(&e).contains("says it holds 4,000,000,000 texts but holds 1"),
        "{e}"
    );

    // A part whose zip directory says it is small but that inflates to more: the zip reader
    // stops at the size the directory gives, and the file is refused as damaged.
    let filler: String = (3..400)
        .map(|r| inline_row(r, &["the same words again and again"; 10]))
        .collect();
    let mut bytes = workbook_of_parts(&workbook_header_and(&filler), None);
    let inflated = lie_about_sizes(&mut bytes, "xl/worksheets/sheet1.xml", 1_000);
    assert!(inflated > 200_000, "{inflated}");
    let e = read(&bytes).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.xlsx: cannot read the spreadsheet (Xml error: I/O error: File is larger than its declared uncompressed size)"
        ),
        "{e}"
    );
}

/// Writes `size` as the uncompressed size of a part in the zip's local header and central
/// directory; gives the part's real size.
fn lie_about_sizes(zip: &mut [u8], part: &str, size: u32) -> u32 {
    let mut real = 0;
    let name = part.as_bytes();
    for i in 0..zip.len().saturating_sub(46) {
        let (size_at, name_len_at, name_at) = match &zip[i..i + 4] {
            [0x50, 0x4b, 0x03, 0x04] => (22, 26, 30),
            [0x50, 0x4b, 0x01, 0x02] => (24, 28, 46),
            _ => continue,
        };
        let name_len = u16::from_le_bytes([zip[i + name_len_at], zip[i + name_len_at + 1]]);
        if zip.get(i + name_at..i + name_at + name_len as usize) == Some(name) {
            let at = i + size_at;
            real = u32::from_le_bytes(zip[at..at + 4].try_into().unwrap());
            zip[at..at + 4].copy_from_slice(&size.to_le_bytes());
        }
    }
    real
}

#[test]
fn a_sheet_is_read_row_by_row_so_a_cell_far_away_costs_nothing() {
    // A grid from A1 to XFD1048576 would be 17 billion cells; streamed, the far cell is
    // refused by the column limit, naming its row.
    let far = r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
    let bytes = workbook_of_parts(&workbook_header_and(far), None);
    let f = Fixture::new("patients.xlsx", &bytes);
    let e = f.read().unwrap_err();
    assert!(
        first_line(&e)
            .ends_with("patients.xlsx: row 1048576 has 16,384 columns; the limit is 256 columns"),
        "{e}"
    );
    // Far down but within the columns: read, and the rows between are not there.
    let down =
        r#"<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>9990000026</t></is></c></row>"#;
    let bytes = workbook_of_parts(&workbook_header_and(down), None);
    let f = Fixture::new("patients.xlsx", &bytes);
    let inputs = f.read().unwrap();
    assert_eq!(inputs.patients.len(), 1);
    let rows: Vec<usize> = inputs.rejected_patients.iter().map(|r| r.row).collect();
    assert_eq!(rows, [1_000_000]);
}

#[test]
fn an_ods_workbook_is_read_unless_its_repeats_would_lay_out_a_huge_grid() {
    let header: Vec<&str> = PATIENT_HEADER.split(',').collect();
    let patient: Vec<&str> = ONE_PATIENT.split(',').collect();
    // LibreOffice writes the empty rest of a sheet as repeats; they cost nothing.
    let tail = r#"<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    let good = ods_of_rows(&format!("{}{}{tail}", ods_row(&header), ods_row(&patient)));
    let f = Fixture::new("patients.ods", &good);
    let inputs = f.read().unwrap();
    assert_eq!(inputs.patients.len(), 1, "{:?}", inputs.rejected_patients);

    // A value repeated across 100 columns and 200,000 rows (and the header): 20 million cells from a few bytes.
    let bomb = r#"<table:table-row table:number-rows-repeated="200000"><table:table-cell table:number-columns-repeated="100" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
    let bytes = ods_of_rows(&format!("{}{bomb}", ods_row(&header)));
    let f = Fixture::new("patients.ods", &bytes);
    let e = f.read().unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.ods: its sheets would be 20,000,100 cells; the limit is 2,000,000 cells for an ODS workbook, which is read whole"
        ),
        "{e}"
    );
}

#[test]
fn an_ods_workbook_is_read_unless_its_repeated_texts_would_take_too_much_memory() {
    let limits = input::Limits {
        ods_bytes: 4 << 20,
        ..input::Limits::default()
    };
    #[allow(clippy::result_large_err)]
    let read = |bytes: &[u8]| {
        let f = Fixture::new("patients.ods", bytes);
        input::read_with_limits(&f.closure_path(), &DiskFiles, None, &limits)
    };
    let header: Vec<&str> = PATIENT_HEADER.split(',').collect();
    let patient: Vec<&str> = ONE_PATIENT.split(',').collect();
    let list = format!("{}{}", ods_row(&header), ods_row(&patient));
    // A text of 1,000 bytes in a cell after the list, repeated across 10 columns of `rows`
    // rows (the reader copies it into each cell, in the sheet and in the copy it reads).
    let repeated = |rows: usize| {
        let text = "x".repeat(1_000);
        format!(
            r#"<table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="18"/><table:table-cell table:number-columns-repeated="10" office:value-type="string"><text:p>{text}</text:p></table:table-cell></table:table-row>"#
        )
    };
    let inputs = read(&ods_of_rows(&format!("{list}{}", repeated(100)))).unwrap();
    assert_eq!(inputs.patients.len(), 1);
    let e = read(&ods_of_rows(&format!("{list}{}", repeated(1_000)))).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.ods: reading it would take at least 20 MB of memory; the limit is 4 MB for an ODS workbook, which is read whole"
        ),
        "{e}"
    );
    assert!(e.to_string().contains("(.xlsx) or CSV UTF-8"), "{e}");

    // A formula is copied the same way, even in a cell with no value.
    let formula = format!("of:={}", "1".repeat(1_000));
    let formulas = format!(
        r#"<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="10" table:formula="{formula}"/></table:table-row>"#
    );
    let e = read(&ods_of_rows(&format!("{list}{formulas}"))).unwrap_err();
    assert!(
        first_line(&e).contains("patients.ods: reading it would take at least"),
        "{e}"
    );

    // Spaces written as a count make a cell longer than the file.
    let spaces = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>x<text:s text:c="2000000"/></text:p></table:table-cell></table:table-row>"#;
    let e = read(&ods_of_rows(&format!("{list}{spaces}"))).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.ods: a cell in its part content.xml is too long; the limit is 1 MB for one cell"
        ),
        "{e}"
    );
}

#[test]
fn a_table_of_texts_holding_more_texts_than_the_limit_is_refused() {
    let limits = input::Limits {
        shared_strings_texts: 1_000,
        ..input::Limits::default()
    };
    let f = Fixture::new("patients.xlsx", b"");
    let texts: String = (0..1_001).map(|i| format!("<si><t>{i}</t></si>")).collect();
    let shared = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1001">{texts}</sst>"#
    );
    f.write(
        "patients.xlsx",
        &workbook_of_parts(&workbook_header_and(""), Some(&shared)),
    );
    let e = input::read_with_limits(&f.closure_path(), &DiskFiles, None, &limits).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.xlsx: its table of texts (xl/sharedStrings.xml) holds more than 1,000 texts; the limit is 1,000 texts in the table of texts"
        ),
        "{e}"
    );
    // 1,000 are read.
    let texts: String = (0..1_000).map(|i| format!("<si><t>{i}</t></si>")).collect();
    let shared = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1000">{texts}</sst>"#
    );
    f.write(
        "patients.xlsx",
        &workbook_of_parts(&workbook_header_and(""), Some(&shared)),
    );
    let inputs = input::read_with_limits(&f.closure_path(), &DiskFiles, None, &limits).unwrap();
    assert_eq!(inputs.patients.len(), 1);
}

#[test]
fn a_sheet_naming_one_long_text_down_every_row_is_refused_by_the_text_it_holds() {
    // XLSX keeps a text once however many cells name it: 600 rows naming one text of 1,000
    // bytes hold 600,000 bytes of text to copy and look through (500,000 rows naming a text
    // of 1 MB took minutes).
    let limits = input::Limits {
        sheet_text_bytes: 500_000,
        ..input::Limits::default()
    };
    let shared = format!(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1"><si><t>{}</t></si></sst>"#,
        "x".repeat(1_000)
    );
    let f = Fixture::new("patients.xlsx", b"");
    #[allow(clippy::result_large_err)]
    let read = |rows: usize| {
        let named: String = (3..3 + rows)
            .map(|r| format!(r#"<row r="{r}"><c r="B{r}" t="s"><v>0</v></c></row>"#))
            .collect();
        f.write(
            "patients.xlsx",
            &workbook_of_parts(&workbook_header_and(&named), Some(&shared)),
        );
        input::read_with_limits(&f.closure_path(), &DiskFiles, None, &limits)
    };
    let inputs = read(400).unwrap();
    assert_eq!(inputs.rejected_patients.len(), 400);
    let e = read(600).unwrap_err();
    assert!(
        first_line(&e).ends_with(
            "patients.xlsx: its rows hold more than 500,000 bytes of text; the limit is 500,000 bytes of text in a sheet's rows"
        ),
        "{e}"
    );
}
