//! Package stage: the spreadsheets — the PCSE allocation workbook (patients to write to,
//! allocations, out of area) and each receiving practice's list of allocated patients.
//!
//! Every text goes in with `write_string`, so a name like `=HYPERLINK(..)` stays text and
//! never becomes a formula. NHS numbers and postcodes are text cells, dates are date cells
//! shown `dd/mm/yyyy`. The creation time is the letters' date, so the same plan gives the
//! same bytes.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

use super::PackageError;
use crate::compose::{CHILD_UNDER, ExportRow, INSTRUCTIONS, LetterRecord, is_child};
use crate::model::Patient;
use crate::plan::{Cohort, Plan, PlanEntry};

/// Dark red, bold: how vulnerable patients stand out on a practice's list.
const EMPHASIS_COLOUR: u32 = 0xC00000;
/// Widest a column gets, in characters.
const MAX_WIDTH: usize = 60;
/// Room for the autofilter's drop-down arrow next to a header.
const FILTER_ARROW: usize = 3;

/// The PCSE allocation workbook (SEL process, annex 1): "Patients to write to" (one row per
/// letter, in the order given), "Allocations" (2a patients with their receiving practice, then
/// the unallocated ones with the reason) and "Out of area" (2c patients).
///
/// PCSE processes each practice code apart, so with several closing practices each gets its
/// own workbook: `closing` is the index of the one this workbook is for.
pub fn allocation_workbook<L: AsRef<LetterRecord>>(
    plan: &Plan,
    letters: impl IntoIterator<Item = L>,
    closing: usize,
    scratch: Option<&Path>,
) -> Result<Vec<u8>, PackageError> {
    with_allocation_tables(plan, letters, closing, |tables| {
        workbook_bytes(plan, tables, scratch)
    })
}

/// [`allocation_workbook`] saved to the file `path` (in the batch's own folder `scratch`): a
/// national batch's workbook (about 100 MB at 500,000 patients) is then never whole in memory.
pub fn save_allocation_workbook<L: AsRef<LetterRecord>>(
    plan: &Plan,
    letters: impl IntoIterator<Item = L>,
    closing: usize,
    scratch: &Path,
    path: &Path,
) -> Result<(), PackageError> {
    with_allocation_tables(plan, letters, closing, |tables| {
        let mut workbook = tables_workbook(plan.closure.letters.date, tables, Some(scratch))?;
        // Patient data: 0600 whatever the umask, like every file the batch writes.
        let file = crate::private_files::create(path).map_err(super::io(path))?;
        let mut out = std::io::BufWriter::new(file);
        workbook.save_to_writer(&mut out)?;
        out.flush().map_err(super::io(path))
    })
}

/// The allocation workbook's three tables, handed to `make`.
fn with_allocation_tables<L: AsRef<LetterRecord>, R>(
    plan: &Plan,
    letters: impl IntoIterator<Item = L>,
    closing: usize,
    make: impl FnOnce(Vec<Table<'_>>) -> Result<R, PackageError>,
) -> Result<R, PackageError> {
    let under = under_16_header();
    // Each row's patient is unpacked only as its row is written.
    let by_row: HashMap<usize, &PlanEntry> = plan
        .entries
        .iter()
        .filter(|e| e.closing == closing && e.packed.is_some())
        .map(|e| (e.row, e))
        .collect();
    let rows = letters
        .into_iter()
        .filter(move |letter| letter.as_ref().closing == closing)
        .map(move |letter| {
            let letter = letter.as_ref();
            let patient = by_row
                .get(&letter.row)
                .and_then(|e| e.patient())
                .ok_or_else(|| PackageError::LetterWithoutPatient {
                    letter_id: letter.letter_id.to_string(),
                    row: letter.row,
                })?;
            let patient = &patient;
            let mut cells = vec![
                Cell::Text(letter.letter_id.to_string()),
                Cell::Text(letter.cohort.code().into()),
                Cell::Code(patient.nhs_number.to_string()),
                Cell::Text(patient.title.to_string()),
                Cell::Text(patient.given_name.to_string()),
                Cell::Text(patient.family_name.to_string()),
                Cell::Date(patient.date_of_birth),
            ];
            cells.extend((0..5).map(|i| {
                Cell::Text(
                    patient
                        .address_lines
                        .get(i)
                        .map(|l| l.to_string())
                        .unwrap_or_default(),
                )
            }));
            cells.extend([
                Cell::Code(patient.postcode.text.to_string()),
                Cell::Text(patient.language.to_string()),
                Cell::Text(patient.format.as_str().into()),
                Cell::Text(yes_no(patient.vulnerable).into()),
                Cell::Text(under_16(plan, patient).into()),
            ]);
            Ok(Row::plain(cells))
        });
    let letters_sheet = Table {
        name: "Patients to write to",
        headers: &[
            "Letter ID",
            "Cohort",
            "NHS number",
            "Title",
            "Given name",
            "Family name",
            "Date of birth",
            "Address line 1",
            "Address line 2",
            "Address line 3",
            "Address line 4",
            "Address line 5",
            "Postcode",
            "Language",
            "Format",
            "Vulnerable",
            under.as_str(),
        ],
        rows: Box::new(rows),
    };

    let allocate: Vec<&PlanEntry> = with_patient(plan, Cohort::Allocate)
        .filter(|e| e.closing == closing)
        .collect();
    let allocated = allocate.iter().filter(|e| e.allocation.is_some());
    let unallocated = allocate.iter().filter(|e| e.allocation.is_none());
    let rows = allocated
        .chain(unallocated)
        .filter_map(|&entry| unpacked(entry))
        .map(|(entry, patient)| {
            let patient = &patient;
            let practice = match &entry.allocation {
                Some(a) => {
                    let p = plan.practice(a);
                    [
                        Cell::Code(p.ods_code.clone()),
                        Cell::Text(p.name.clone()),
                        Cell::Text(p.address_lines.join(", ")),
                        Cell::Code(p.postcode.text.to_string()),
                        Cell::Code(p.phone.clone()),
                        Cell::Text(a.proximity.to_string()),
                    ]
                }
                None => Default::default(),
            };
            let mut cells = vec![
                Cell::Code(patient.nhs_number.to_string()),
                Cell::Text(patient.full_name()),
                Cell::Date(patient.date_of_birth),
                Cell::Code(patient.postcode.text.to_string()),
            ];
            cells.extend(practice);
            cells.extend([
                Cell::Text(entry.household.map(|h| h.to_string()).unwrap_or_default()),
                Cell::Text(yes_no(entry.vulnerable).into()),
                Cell::Text(entry.reason.to_string()),
                Cell::Text(under_16(plan, patient).into()),
            ]);
            Ok(Row::plain(cells))
        });
    let allocations_sheet = Table {
        name: "Allocations",
        headers: &[
            "NHS number",
            "Name",
            "Date of birth",
            "Postcode",
            "Practice ODS code",
            "Practice name",
            "Practice address",
            "Practice postcode",
            "Practice phone",
            "Proximity",
            "Household",
            "Vulnerable",
            "Reason",
            under.as_str(),
        ],
        rows: Box::new(rows),
    };

    let rows = with_patient(plan, Cohort::OutOfArea)
        .filter(move |e| e.closing == closing)
        .filter_map(|entry| unpacked(entry))
        .map(|(entry, patient)| {
            let patient = &patient;
            Ok(Row::plain(vec![
                Cell::Code(patient.nhs_number.to_string()),
                Cell::Text(patient.full_name()),
                Cell::Date(patient.date_of_birth),
                Cell::Text(patient.address_lines.join(", ")),
                Cell::Code(patient.postcode.text.to_string()),
                Cell::Text(entry.reason.to_string()),
                Cell::Text(under_16(plan, patient).into()),
            ]))
        });
    let out_of_area_sheet = Table {
        name: "Out of area",
        headers: &[
            "NHS number",
            "Name",
            "Date of birth",
            "Address",
            "Postcode",
            "Reason",
            under.as_str(),
        ],
        rows: Box::new(rows),
    };

    make(vec![letters_sheet, allocations_sheet, out_of_area_sheet])
}

/// The list a receiving practice gets with its email: its allocated patients, households
/// together (ordered by household, then NHS number), vulnerable patients in bold dark red.
/// A practice with no allocated patients gets the headers only.
pub fn practice_list_xlsx(
    plan: &Plan,
    ods_code: &str,
    scratch: Option<&Path>,
) -> Result<Vec<u8>, PackageError> {
    if !plan.practices.iter().any(|p| p.ods_code == ods_code) {
        return Err(PackageError::UnknownPractice {
            ods_code: ods_code.to_string(),
        });
    }
    let under = under_16_header();
    let mut patients: Vec<&PlanEntry> = with_patient(plan, Cohort::Allocate)
        .filter(|e| plan.receiving_ods(e) == Some(ods_code))
        .collect();
    // A valid patient's entry has its NHS number as 3-3-4: the same order as its digits.
    patients.sort_by_cached_key(|e| (e.household, e.nhs_number()));
    let rows = patients
        .into_iter()
        .filter_map(unpacked)
        .map(|(entry, patient)| {
            let patient = &patient;
            Ok(Row {
                cells: vec![
                    Cell::Code(patient.nhs_number.to_string()),
                    Cell::Text(patient.full_name()),
                    Cell::Date(patient.date_of_birth),
                    Cell::Text(patient.address_lines.join(", ")),
                    Cell::Code(patient.postcode.text.to_string()),
                    Cell::Text(entry.household.map(|h| h.to_string()).unwrap_or_default()),
                    Cell::Text(yes_no(entry.vulnerable).into()),
                    Cell::Code(plan.closing(entry).ods_code.clone()),
                    Cell::Text(under_16(plan, patient).into()),
                ],
                emphasis: entry.vulnerable,
            })
        });
    let table = Table {
        name: "Allocated patients",
        headers: &[
            "NHS number",
            "Name",
            "Date of birth",
            "Address",
            "Postcode",
            "Household",
            "Vulnerable",
            "Previous practice",
            under.as_str(),
        ],
        rows: Box::new(rows),
    };
    workbook_bytes(plan, vec![table], scratch)
}

/// Plan entries of one cohort that have a valid patient, in file order.
fn with_patient(plan: &Plan, cohort: Cohort) -> impl Iterator<Item = &PlanEntry> {
    plan.entries
        .iter()
        .filter(move |e| e.cohort == cohort && e.packed.is_some())
}

/// An entry with its patient unpacked (to write its row).
fn unpacked(entry: &PlanEntry) -> Option<(&PlanEntry, Patient)> {
    Some((entry, entry.patient()?))
}

/// The header of the column marking children ("Under 16" on the letters' date): their
/// letters go to their parent or guardian, and the receiving practice makes sure a parent or
/// guardian is registered too.
pub fn under_16_header() -> String {
    format!("Under {CHILD_UNDER}")
}

/// `Y` for a child on the letters' date ([`is_child`]).
fn under_16(plan: &Plan, patient: &Patient) -> &'static str {
    yes_no(is_child(patient.date_of_birth, plan.closure.letters.date))
}

fn yes_no(b: bool) -> &'static str {
    if b { "Y" } else { "N" }
}

/// One cell's value.
#[derive(Debug, Clone, Default)]
enum Cell {
    /// Empty cell.
    #[default]
    Empty,
    /// Text in the General format.
    Text(String),
    /// Text in the Text (`@`) format: an identifier that must never be read as a number.
    Code(String),
    /// A date cell shown `dd/mm/yyyy`.
    Date(NaiveDate),
}

#[derive(Debug, Clone)]
struct Row {
    cells: Vec<Cell>,
    /// Bold dark red (vulnerable patients).
    emphasis: bool,
}

impl Row {
    fn plain(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            emphasis: false,
        }
    }
}

/// One worksheet: a header row and the data, made row by row as it is written.
struct Table<'a> {
    name: &'a str,
    headers: &'a [&'a str],
    rows: Box<dyn Iterator<Item = Result<Row, PackageError>> + 'a>,
}

/// The cell formats, plain and emphasised.
struct Styles {
    header: Format,
    plain: CellFormats,
    emphasis: CellFormats,
}

struct CellFormats {
    text: Format,
    code: Format,
    date: Format,
}

impl CellFormats {
    fn new(base: Format) -> CellFormats {
        CellFormats {
            text: base.clone(),
            code: base.clone().set_num_format("@"),
            date: base.set_num_format("dd/mm/yyyy"),
        }
    }
}

impl Styles {
    fn new() -> Styles {
        Styles {
            header: Format::new().set_bold(),
            plain: CellFormats::new(Format::new()),
            emphasis: CellFormats::new(Format::new().set_bold().set_font_color(EMPHASIS_COLOUR)),
        }
    }
}

/// Writes the tables as a workbook with a fixed creation time (the letters' date). Rows go
/// to disk as they are written ("constant memory" worksheets), in `scratch` if given (the
/// batch's own folder), so 100,000 patients' rows never sit in memory at once.
fn workbook_bytes(
    plan: &Plan,
    tables: Vec<Table<'_>>,
    scratch: Option<&Path>,
) -> Result<Vec<u8>, PackageError> {
    tables_bytes(plan.closure.letters.date, tables, scratch)
}

/// Deflate level inside a workbook: the fastest. At 10,000 patients the allocation workbook is
/// 2.2 MB instead of 1.3 MB at rust_xlsxwriter's default (6), and its deflating had been a
/// third of its making (with the batch zip storing it, the end of a 10,000-patient run
/// went from 840–874 ms to 748–804 ms).
const WORKBOOK_LEVEL: u8 = 1;

/// The tables as a workbook created on `date`, as bytes.
fn tables_bytes(
    date: NaiveDate,
    tables: Vec<Table<'_>>,
    scratch: Option<&Path>,
) -> Result<Vec<u8>, PackageError> {
    Ok(tables_workbook(date, tables, scratch)?.save_to_buffer()?)
}

/// The tables as a workbook created on `date`, ready to save.
fn tables_workbook(
    date: NaiveDate,
    tables: Vec<Table<'_>>,
    scratch: Option<&Path>,
) -> Result<Workbook, PackageError> {
    let mut workbook = Workbook::new();
    workbook.set_zip_compression_level(WORKBOOK_LEVEL);
    if let Some(dir) = scratch {
        workbook.set_tempdir(dir)?;
    }
    let created = excel_date(date)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let styles = Styles::new();
    for table in tables {
        write_table(
            workbook.add_worksheet_with_constant_memory()?,
            table,
            &styles,
        )?;
    }
    Ok(workbook)
}

/// One table of the ledger, for its audit workbook: a sheet name, column names and rows of
/// text.
pub struct AuditSheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The ledger's whole record as a workbook, one sheet per table, every cell text (a value
/// starting with `=` stays text, as in every workbook here).
pub fn audit_workbook(sheets: &[AuditSheet], created: NaiveDate) -> Result<Vec<u8>, PackageError> {
    let headers: Vec<Vec<&str>> = sheets
        .iter()
        .map(|s| s.headers.iter().map(String::as_str).collect())
        .collect();
    let tables = sheets
        .iter()
        .zip(&headers)
        .map(|(sheet, headers)| Table {
            name: &sheet.name,
            headers,
            rows: Box::new(
                sheet
                    .rows
                    .iter()
                    .map(|row| Ok(Row::plain(row.iter().cloned().map(Cell::Text).collect()))),
            ),
        })
        .collect();
    tables_bytes(created, tables, None)
}

/// The columns of a translator's review workbook, in order. `id` comes first and `reviewed`
/// is read back (see [`crate::input::REVIEW_COLUMNS`]).
pub const REVIEW_HEADERS: &[&str] = &["id", "english", "current", "notes", "reviewed", "comments"];

/// A translator's review workbook: "Messages", one row per message (id, the English source,
/// the current translation, notes, and empty `reviewed` and `comments` columns), then
/// "Instructions", what to do in plain English. Wording only: no patient data. Every cell is
/// text, written as the other workbooks write it, so a message starting with `=` stays text.
pub fn review_workbook(rows: &[ExportRow], created: NaiveDate) -> Result<Vec<u8>, PackageError> {
    let messages = Table {
        name: "Messages",
        headers: REVIEW_HEADERS,
        rows: Box::new(rows.iter().map(|r| {
            Ok(Row::plain(vec![
                Cell::Code(r.id.clone()),
                Cell::Text(r.english.clone()),
                Cell::Text(r.current.clone()),
                Cell::Text(r.notes.clone()),
                Cell::Empty,
                Cell::Empty,
            ]))
        })),
    };
    let instructions = Table {
        name: "Instructions",
        headers: &INSTRUCTIONS[..1],
        rows: Box::new(
            INSTRUCTIONS[1..]
                .iter()
                .map(|line| Ok(Row::plain(vec![Cell::Text(line.to_string())]))),
        ),
    };
    tables_bytes(created, vec![messages, instructions], None)
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, rust_xlsxwriter::XlsxError> {
    let (year, month, day) = (date.year(), date.month(), date.day());
    let year = u16::try_from(year)
        .ok()
        .filter(|y| (1900..=9999).contains(y))
        .ok_or_else(|| {
            rust_xlsxwriter::XlsxError::DateTimeRangeError(format!(
                "year {year} is outside Excel's 1900-9999"
            ))
        })?;
    ExcelDateTime::from_ymd(year, month as u8, day as u8)
}

fn write_table(
    sheet: &mut Worksheet,
    table: Table<'_>,
    styles: &Styles,
) -> Result<(), PackageError> {
    sheet.set_name(table.name)?;
    let mut widths: Vec<usize> = table
        .headers
        .iter()
        .map(|h| h.chars().count() + FILTER_ARROW)
        .collect();
    for (col, header) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *header, &styles.header)?;
    }
    let mut rows = 0;
    for (i, row) in table.rows.enumerate() {
        let row = row?;
        rows += 1;
        let r = i as u32 + 1;
        let formats = if row.emphasis {
            &styles.emphasis
        } else {
            &styles.plain
        };
        for (col, cell) in row.cells.iter().enumerate() {
            let c = col as u16;
            let width = match cell {
                Cell::Empty => {
                    if row.emphasis {
                        sheet.write_blank(r, c, &formats.text)?;
                    }
                    0
                }
                Cell::Text(text) | Cell::Code(text) => {
                    let format = match cell {
                        Cell::Code(_) => &formats.code,
                        _ => &formats.text,
                    };
                    if text.is_empty() {
                        if row.emphasis {
                            sheet.write_blank(r, c, format)?;
                        }
                    } else {
                        sheet.write_string_with_format(r, c, text, format)?;
                    }
                    text.chars().count()
                }
                Cell::Date(date) => {
                    match excel_date(*date) {
                        Ok(excel) => sheet.write_date_with_format(r, c, &excel, &formats.date)?,
                        // Before 1900 Excel has no date: the same digits, as text.
                        Err(_) => sheet.write_string_with_format(
                            r,
                            c,
                            date.format("%d/%m/%Y").to_string(),
                            &formats.text,
                        )?,
                    };
                    "dd/mm/yyyy".len()
                }
            };
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(width);
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, (width + 1).min(MAX_WIDTH) as f64)?;
    }
    let last_col = table.headers.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, rows, last_col)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A capacity survey's reply form for one practice: one sheet, its header and one row with
/// the practice's code and name and `can_take` empty, for the practice to fill in.
pub fn reply_form_xlsx(
    ods_code: &str,
    name: &str,
    created: NaiveDate,
) -> Result<Vec<u8>, PackageError> {
    let row = Row::plain(vec![
        Cell::Code(ods_code.to_string()),
        Cell::Text(name.to_string()),
        Cell::Empty,
    ]);
    let table = Table {
        name: "Reply",
        headers: crate::input::REPLY_FORM,
        rows: Box::new(std::iter::once(Ok(row))),
    };
    tables_bytes(created, vec![table], None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_before_1900_are_not_excel_dates() {
        assert!(excel_date(NaiveDate::from_ymd_opt(1899, 12, 31).unwrap()).is_err());
        assert!(excel_date(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap()).is_ok());
    }
}
