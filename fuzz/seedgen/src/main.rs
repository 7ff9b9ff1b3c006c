//! Writes small real workbooks into `fuzz/seeds/patients_xlsx/` as seeds for that target:
//! the 27-row sample patient list as text cells, and one with number, date and boolean cells
//! and an odd header (as in tests/suite/input.rs). Run from `fuzz/`: `cargo run --manifest-path
//! seedgen/Cargo.toml`.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::path::Path::new("seeds/patients_xlsx");
    std::fs::create_dir_all(out)?;
    let csv = include_bytes!("../../src/patients-small.csv");
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(&csv[..])
        .records()
        .map(|r| r.map(|r| r.iter().map(str::to_string).collect()))
        .collect::<Result<_, _>>()?;
    let headers: Vec<String> = csv::Reader::from_reader(&csv[..])
        .headers()?
        .iter()
        .map(str::to_string)
        .collect();

    // The sample rows as text cells, all rows and then just three.
    for (name, n) in [("sample-27-rows.xlsx", rows.len()), ("sample-3-rows.xlsx", 3)] {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in headers.iter().enumerate() {
            sheet.write_string(0, c as u16, h)?;
        }
        for (r, row) in rows.iter().take(n).enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    sheet.write_string(r as u32 + 1, c as u16, v)?;
                }
            }
        }
        std::fs::write(out.join(name), book.save_to_buffer()?)?;
    }

    std::fs::write(out.join("typed-cells.xlsx"), typed_cells()?)?;
    Ok(())
}

/// Number, date and boolean cells, a named sheet and loose headers.
fn typed_cells() -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Patient list")?;
    let headers = [
        "NHS_NUMBER",
        "given name",
        "Family-Name",
        "date of birth",
        "address line 1",
        "postcode",
        "last seen",
        "vulnerable",
        "an extra column",
    ];
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string(0, col as u16, *header)?;
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet.write_number(1, 0, 9434765919.0)?;
    sheet.write_string(1, 1, "Ada")?;
    sheet.write_string(1, 2, "Lovelace")?;
    sheet.write_datetime_with_format(1, 3, ExcelDateTime::from_ymd(1955, 12, 10)?, &date)?;
    sheet.write_string(1, 4, "3 Park Row")?;
    sheet.write_string(1, 5, "SE5 8AB")?;
    sheet.write_datetime_with_format(1, 6, ExcelDateTime::from_ymd(2025, 3, 4)?, &date)?;
    sheet.write_boolean(1, 7, true)?;
    sheet.write_string(1, 8, "ignored")?;
    sheet.write_number(2, 0, 9434765918.0)?;
    sheet.write_string(2, 1, "Bad")?;
    sheet.write_string(2, 2, "Row")?;
    sheet.write_number(2, 3, 25000.5)?;
    sheet.write_string(2, 4, "4 Park Row")?;
    sheet.write_string(2, 5, "SE5 8AB")?;
    book.save_to_buffer()
}
