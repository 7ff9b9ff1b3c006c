//! Input stage: read the patient list into [`Patient`]s, collecting every problem of every
//! bad row into a [`RejectedRow`] while the good rows go on.

use std::collections::HashMap;
use std::path::Path;

use super::address::{
    MAX_ADDRESS_LINES, forbidden_first_message, read_address_lines, starts_badly,
};
use super::date::{DATE_FORMATS, parse_date};
use super::headers;
use super::input_error::InputError;
use super::languages::{Asked, language_asked};
use super::nhs_number::parse_nhs_number;
use super::postcode::parse_postcode;
use super::practices::{PracticesRead, parse_ods_code};
use super::table::{Table, TableRow};
use crate::envelope;
use crate::letter_fonts::{LetterFonts, pt_to_mm};
use crate::model::{
    Closure, Location, NhsNumber, Patient, PatientStatus, Patients, Problem, ProblemLog,
    RejectedRow, Warnings,
};

pub(crate) const REQUIRED: &[&str] = &[
    "nhs_number",
    "given_name",
    "family_name",
    "date_of_birth",
    "address_line_1",
    "postcode",
];
pub(crate) const OPTIONAL: &[&str] = &[
    "title",
    "address_line_2",
    "address_line_3",
    "address_line_4",
    "address_line_5",
    "last_seen",
    "language",
    "format",
    "vulnerable",
    "status",
    "removed_from",
    "allocated_practice",
    "mobile",
];
const ADDRESS: &[&str] = &[
    "address_line_1",
    "address_line_2",
    "address_line_3",
    "address_line_4",
    "address_line_5",
];

/// Where a list's address is: in lines (`address_line_1`..), or in parts as EMIS and SystmOne
/// export it ([`headers::ADDRESS_PARTS`]).
fn address_fields(in_parts: bool) -> Vec<&'static str> {
    if in_parts {
        headers::ADDRESS_PARTS.iter().map(|p| p.field).collect()
    } else {
        ADDRESS.to_vec()
    }
}

/// Whether the list's address is in parts: closure.toml maps a part's column, or maps no
/// address line and the file has parts and no address lines.
fn address_in_parts(headers: &[String], mapped: &[(String, String)]) -> bool {
    let is_part = |field: &str| headers::ADDRESS_PARTS.iter().any(|p| p.field == field);
    if mapped.iter().any(|(field, _)| is_part(field)) {
        return true;
    }
    !mapped
        .iter()
        .any(|(field, _)| ADDRESS.contains(&field.as_str()))
        && headers::address_in_parts(headers)
}

/// The address cells of a row, with the column of each: the address lines as they are, or the
/// address parts that are not empty, in order. Parts make at most
/// [`MAX_ADDRESS_LINES`] lines: past that the county is left out (Royal Mail does not need it),
/// then the first two parts share a line (`Flat 2, Rose Court`).
fn address_cells<'a>(
    row: &'a TableRow,
    cols: &super::table::Columns,
    fields: &[&'static str],
    in_parts: bool,
) -> Vec<(&'static str, std::borrow::Cow<'a, str>)> {
    let mut cells: Vec<(&'static str, std::borrow::Cow<'a, str>)> = fields
        .iter()
        .map(|&field| (field, std::borrow::Cow::Borrowed(cols.get(row, field))))
        .filter(|(_, cell)| !in_parts || !cell.trim().is_empty())
        .collect();
    if in_parts {
        if cells.len() > MAX_ADDRESS_LINES
            && let Some(county) = cells.iter().position(|(field, _)| *field == "county")
        {
            cells.remove(county);
        }
        while cells.len() > MAX_ADDRESS_LINES {
            let (_, second) = cells.remove(1);
            let first = &mut cells[0].1;
            *first = std::borrow::Cow::Owned(format!("{}, {}", first.trim(), second.trim()));
        }
    }
    cells
}

/// The patient rows read from the file.
#[derive(Debug, Clone, Default)]
pub(crate) struct PatientsRead {
    /// Each packed as it is read (a large list held unpacked took 420 bytes a patient).
    pub patients: Patients,
    pub rejected: Vec<RejectedRow>,
    /// Every problem of the rejected rows, counted (the first ones are in the rows in full).
    pub rejections: ProblemLog,
    /// BFPO addresses, accepted but to be handled by hand.
    pub warnings: Warnings,
    /// The closing practice whose list is being read (index into the closure's).
    closing: usize,
    /// Where each list's NHS numbers are (its file, sheet and column), by closing practice.
    nhs_cells: Vec<Location>,
}

impl PatientsRead {
    /// A rejected row, its problems kept in full while the log keeps them.
    fn reject(&mut self, row: usize, nhs_number_given: &str, problems: Vec<Problem>) {
        let mut rejected = RejectedRow {
            closing: self.closing,
            row,
            nhs_number_given: nhs_number_given.into(),
            problems: Vec::new(),
            more: Vec::new(),
        };
        self.add_problems(&mut rejected, problems);
        self.rejected.push(rejected);
    }

    fn add_problems(&mut self, rejected: &mut RejectedRow, problems: Vec<Problem>) {
        for problem in problems {
            match self.rejections.add(problem) {
                Ok(problem) => rejected.problems.push(problem),
                Err(kind) => rejected.more.push(kind),
            }
        }
        rejected.problems.shrink_to_fit();
        rejected.more.shrink_to_fit();
    }
}

/// One row on its way through: the patient if every check passed, and the problems.
struct RowResult {
    row: usize,
    nhs_given: String,
    nhs: Option<NhsNumber>,
    patient: Option<Patient>,
    problems: Vec<Problem>,
    /// Problems that reject nothing (a mobile number no text can go to): warnings.
    notes: Vec<Problem>,
}

/// Reads closing practice `closing`'s patient list into `out`, after any lists read before
/// (several closures share one [`PatientsRead`], so their problems are counted together).
pub(crate) fn read_patients(
    path: &Path,
    mut table: Table,
    closure: &Closure,
    closing: usize,
    practices: &PracticesRead,
    out: &mut PatientsRead,
) -> Result<(), InputError> {
    let mapped = &closure.inputs.columns;
    let in_parts = address_in_parts(&table.headers, mapped);
    let required: Vec<&'static str> = REQUIRED
        .iter()
        .copied()
        .filter(|f| !(in_parts && *f == headers::FIRST_ADDRESS_LINE))
        .collect();
    let optional: Vec<&'static str> = OPTIONAL
        .iter()
        .copied()
        .filter(|f| !(in_parts && ADDRESS.contains(f)))
        .chain(if in_parts {
            address_fields(true)
        } else {
            Vec::new()
        })
        .collect();
    let cols = table.mapped_columns(path, &required, &optional, mapped)?;
    let address = address_fields(in_parts);
    let file = table.file.clone();
    let sheet = table.sheet.clone();
    let location = |row: usize, column: &str| Location {
        file: file.clone(),
        sheet: sheet.clone(),
        row: Some(row),
        column: Some(cols.label(column)),
    };
    // Each row goes straight to the patients or the rejected rows: a big file is never held
    // twice. Repeated NHS numbers are found on the way and settled after the last row.
    out.closing = closing;
    out.nhs_cells.push(Location {
        row: None,
        ..location(0, "nhs_number")
    });
    let first_patient = out.patients.len();
    let first_rejected = out.rejected.len();
    out.warnings.extend(std::mem::take(&mut table.notes));
    // The first row of each NHS number, with the number as written there (kept for the report
    // if the number turns out to be repeated).
    let mut first_row_of: HashMap<NhsNumber, (usize, Box<str>)> = HashMap::new();
    let mut repeated: HashMap<NhsNumber, Vec<usize>> = HashMap::new();
    let mut given_on: HashMap<usize, String> = HashMap::new();
    let mut rows_read = 0usize;
    for row in table.rows() {
        let mut r = read_row(
            &row?,
            (&cols, &address, in_parts),
            &location,
            (closure, closing),
            practices,
        );
        rows_read += 1;
        if r.patient.is_some() && r.problems.is_empty() {
            for note in std::mem::take(&mut r.notes) {
                out.warnings.push(note);
            }
        }
        if let Some(nhs) = r.nhs {
            match first_row_of.get(&nhs) {
                Some((first, given)) => {
                    given_on.insert(*first, given.to_string());
                    given_on.insert(r.row, r.nhs_given.clone());
                    repeated
                        .entry(nhs)
                        .or_insert_with(|| vec![*first])
                        .push(r.row);
                }
                None => {
                    first_row_of.insert(nhs, (r.row, r.nhs_given.clone().into_boxed_str()));
                }
            }
        }
        match r.patient {
            Some(patient) if r.problems.is_empty() => out.patients.push(&patient),
            _ => out.reject(r.row, &r.nhs_given, r.problems),
        }
    }
    drop(first_row_of);
    if rows_read == 0 {
        return Err(InputError::NoRows {
            file: path.display().to_string(),
            sheet,
            what: "patient rows".to_string(),
            hint:
                "add one row for each patient on the closing practice's list under the header row"
                    .to_string(),
        });
    }

    // Every occurrence of a repeated NHS number is rejected, naming the other rows.
    if !repeated.is_empty() {
        let rows_of: HashMap<usize, &Vec<usize>> = repeated
            .values()
            .flat_map(|rows| rows.iter().map(move |&r| (r, rows)))
            .collect();
        let problem = |row: usize| {
            let others: Vec<String> = rows_of[&row]
                .iter()
                .filter(|&&n| n != row)
                .map(|n| n.to_string())
                .collect();
            let plural = if others.len() == 1 { "" } else { "s" };
            Problem {
                location: location(row, "nhs_number"),
                message: format!(
                    "the same NHS number is on more than one row (also on row{plural} {})",
                    others.join(", ")
                ),
                hint: Some(
                    "keep one row for each patient; check which row is right against the Spine record"
                        .to_string(),
                ),
            }
        };
        let mut rejected = out.rejected.split_off(first_rejected);
        for rejected in &mut rejected {
            if rows_of.contains_key(&rejected.row) {
                out.add_problems(rejected, vec![problem(rejected.row)]);
            }
        }
        let mut read = out.patients.split_off(first_patient);
        let mut repeats = Vec::new();
        read.retain_packed(|p| {
            let repeated = rows_of.contains_key(&p.row());
            if repeated {
                repeats.push(p.row());
            }
            !repeated
        });
        out.patients.append(read);
        let before = out.rejected.len();
        for row in repeats {
            let given = given_on.remove(&row).unwrap_or_default();
            out.reject(row, &given, vec![problem(row)]);
        }
        let repeated_rows = out.rejected.split_off(before);
        rejected.extend(repeated_rows);
        rejected.sort_by_key(|r| r.row);
        out.rejected.extend(rejected);
    }
    out.patients.shrink_to_fit();
    for patient in out.patients.packed()[first_patient..]
        .iter()
        .filter(|p| p.postcode().bfpo)
    {
        out.warnings.push(Problem {
            location: location(patient.row(), "postcode"),
            message: "BFPO address: handle this letter manually".to_string(),
            hint: Some(
                "its letter is printed in its own file (print/manual-*.pdf) to be posted by hand through BFPO"
                    .to_string(),
            ),
        });
    }
    Ok(())
}

/// The same NHS number on two closing practices' lists: a patient is on one list, so every
/// such row is rejected, naming the other list's file and row.
pub(crate) fn reject_across_lists(out: &mut PatientsRead) {
    if out.nhs_cells.len() < 2 {
        return;
    }
    let mut rows_of: HashMap<NhsNumber, Vec<(usize, usize)>> = HashMap::new();
    for p in out.patients.iter() {
        rows_of
            .entry(p.nhs_number)
            .or_default()
            .push((p.closing, p.row));
    }
    let on_two: HashMap<(usize, usize), Vec<(usize, usize)>> = rows_of
        .into_values()
        .filter(|rows| rows.iter().any(|&(c, _)| c != rows[0].0))
        .flat_map(|rows| {
            rows.clone()
                .into_iter()
                .map(move |at| (at, rows.iter().copied().filter(|&o| o != at).collect()))
        })
        .collect();
    if on_two.is_empty() {
        return;
    }
    let mut repeats = Vec::new();
    out.patients.retain(|p| {
        let repeated = on_two.contains_key(&(p.closing, p.row));
        if repeated {
            repeats.push(p.clone());
        }
        !repeated
    });
    for p in repeats {
        let others: Vec<String> = on_two[&(p.closing, p.row)]
            .iter()
            .map(|&(c, row)| format!("row {row} of {}", out.nhs_cells[c].file))
            .collect();
        let problem = Problem {
            location: Location {
                row: Some(p.row),
                ..out.nhs_cells[p.closing].clone()
            },
            message: format!(
                "the same NHS number is on another closing practice's list ({})",
                others.join(", ")
            ),
            hint: Some(
                "a patient is registered with one practice: check with PCSE which list is right, and remove the row from the other"
                    .to_string(),
            ),
        };
        out.closing = p.closing;
        out.reject(p.row, &p.nhs_number.to_string(), vec![problem]);
    }
    out.rejected.sort_by_key(|r| (r.closing, r.row));
}

fn read_row(
    row: &TableRow,
    (cols, address_fields, in_parts): (&super::table::Columns, &[&'static str], bool),
    location: &dyn Fn(usize, &str) -> Location,
    (closure, closing): (&Closure, usize),
    practices: &PracticesRead,
) -> RowResult {
    let mut problems = cols.cell_problems(row, location);
    let mut problem = |column: &str, message: String, hint: &str| {
        problems.push(Problem {
            location: location(row.number, column),
            message,
            hint: Some(hint.to_string()),
        });
    };

    let nhs_given = cols.get(row, "nhs_number").to_string();
    let nhs = match parse_nhs_number(&nhs_given) {
        Ok(nhs) => Some(nhs),
        Err(m) => {
            problem(
                "nhs_number",
                format!("not a valid NHS number ({m})"),
                "check the number against the patient's Spine record",
            );
            None
        }
    };

    let title = cols.get(row, "title").to_string();
    let given_name = cols.get(row, "given_name").to_string();
    let family_name = cols.get(row, "family_name").to_string();
    for (column, value, what) in [
        ("title", &title, "title"),
        ("given_name", &given_name, "given name"),
        ("family_name", &family_name, "family name"),
    ] {
        if value.is_empty() && column != "title" {
            problem(
                column,
                format!("the {what} is empty"),
                &format!("fill in the patient's {what}"),
            );
        } else if starts_badly(value) {
            problem(
                column,
                format!("the {what} {}", forbidden_first_message()),
                "remove the character at the start of the cell",
            );
        }
    }

    let date_of_birth = match parse_date(cols.get(row, "date_of_birth")) {
        Ok(date) if date > closure.letters.date => {
            problem(
                "date_of_birth",
                "the date of birth is after the date on the letters".to_string(),
                "check the date of birth; dates are day/month/year",
            );
            None
        }
        Ok(date) => Some(date),
        Err(m) if cols.get(row, "date_of_birth").is_empty() => {
            let _ = m;
            problem(
                "date_of_birth",
                "the date of birth is empty".to_string(),
                &format!("write it as {DATE_FORMATS}"),
            );
            None
        }
        Err(m) => {
            problem("date_of_birth", m, &format!("write it as {DATE_FORMATS}"));
            None
        }
    };

    let address_cells = address_cells(row, cols, address_fields, in_parts);
    let cells: Vec<&str> = address_cells.iter().map(|(_, c)| c.as_ref()).collect();
    let columns: Vec<&str> = address_cells.iter().map(|(f, _)| *f).collect();
    let address = read_address_lines(&cells, &columns, &mut problem);

    let postcode = match parse_postcode(cols.get(row, "postcode")) {
        Ok(p) => Some(p),
        Err(m) => {
            problem(
                "postcode",
                format!("not a valid postcode ({m})"),
                "write the postcode as in SE15 2AB; check it on the Royal Mail postcode finder",
            );
            None
        }
    };

    let last_seen_text = cols.get(row, "last_seen");
    let last_seen = if last_seen_text.is_empty() {
        Some(None)
    } else {
        match parse_date(last_seen_text) {
            Ok(date) if date > closure.closing(closing).closure_date => {
                problem(
                    "last_seen",
                    "the last-seen date is after the practice's closure date".to_string(),
                    "check the date; dates are day/month/year",
                );
                None
            }
            Ok(date) => Some(Some(date)),
            Err(m) => {
                problem(
                    "last_seen",
                    m,
                    &format!(
                        "write it as {DATE_FORMATS}, or leave it empty when there is no record"
                    ),
                );
                None
            }
        }
    };

    // Problems that reject nothing: a language with no letters yet, a mobile number no text
    // message can go to. The letter is sent either way.
    let mut notes = Vec::new();
    let language = match language_asked(cols.get(row, "language")) {
        None => Some("en-GB".to_string()),
        Some(Asked::Tag(tag)) => Some(tag),
        Some(Asked::Unknown(name)) => {
            notes.push(Problem {
                location: location(row.number, "language"),
                message: format!("no letters in {name} yet: the patient is sent the English letter"),
                hint: Some(
                    "the summary counts the patients asking for each language: commission a translation (see Reviewing a translation in the README)"
                        .to_string(),
                ),
            });
            Some(name)
        }
    };

    // The letter's format from the needs the record holds; each need no letter meets is a
    // note naming the row, and the patient is sent the nearest letter meanwhile.
    let (format, needs_by_hand) = match super::needs::read_needs(cols.get(row, "format")) {
        Ok(needs) => {
            for need in &needs.by_hand {
                notes.push(Problem {
                    location: location(row.number, "format"),
                    message: format!(
                        "{need}: no letter this tool makes meets this need, so the patient is sent the {} letter meanwhile",
                        needs.format.in_words()
                    ),
                    hint: Some(
                        "meet it by hand: the summary lists the patients whose needs to meet by hand"
                            .to_string(),
                    ),
                });
            }
            (Some(needs.format), needs.by_hand)
        }
        Err(part) => {
            problem(
                "format",
                format!("\"{part}\" is not a letter format or an information need this tool knows"),
                "write standard or large-print (or braille, easy-read), or the need as the clinical system words it (the Accessible Information Standard's terms), or leave it empty for standard",
            );
            (None, Vec::new())
        }
    };

    let vulnerable = match squash(cols.get(row, "vulnerable")).as_str() {
        "" | "n" | "no" | "false" | "0" => Some(false),
        "y" | "yes" | "true" | "1" => Some(true),
        _ => {
            problem(
                "vulnerable",
                "the vulnerable flag must be Y or N".to_string(),
                "write Y or N, or leave it empty for N",
            );
            None
        }
    };

    let status = match squash(cols.get(row, "status")).as_str() {
        "" | "registered" => Some(PatientStatus::Registered),
        "deceased" => Some(PatientStatus::Deceased),
        "registeredelsewhere" => Some(PatientStatus::RegisteredElsewhere),
        _ => {
            problem(
                "status",
                "the status must be empty, deceased or registered-elsewhere".to_string(),
                "leave it empty for a patient still registered at the closing practice",
            );
            None
        }
    };

    // A mobile number no text message can go to is reported, and the letter still goes.
    let mobile_text = cols.get(row, "mobile");
    let mobile = if mobile_text.trim().is_empty() {
        None
    } else {
        match super::mobile::parse_uk_mobile(mobile_text) {
            Ok(number) => Some(number.into()),
            Err(why) => {
                notes.push(Problem {
                    location: location(row.number, "mobile"),
                    message: format!("no text message: {why}"),
                    hint: Some(
                        "write a UK mobile number (07…), or leave the cell empty; the letter is sent either way"
                            .to_string(),
                    ),
                });
                None
            }
        }
    };

    let mut removed_from = Vec::new();
    for code in cols
        .get(row, "removed_from")
        .split([';', ','])
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        match parse_ods_code(code) {
            Ok(code) if !removed_from.contains(&code) => removed_from.push(code),
            Ok(_) => {}
            Err(m) => problem(
                "removed_from",
                format!("one of the codes is {m}"),
                "list ODS codes separated by ; (G85001; G85002)",
            ),
        }
    }

    let allocated_text = cols.get(row, "allocated_practice");
    let allocated_practice = if allocated_text.is_empty() {
        Some(None)
    } else {
        match parse_ods_code(allocated_text) {
            Ok(code) if practices.practices.iter().any(|p| p.ods_code == code) => Some(Some(code)),
            Ok(code) => {
                let message = match practices.codes_in_file.get(&code) {
                    Some(practice_row) => format!(
                        "the allocated practice was left out (its row {practice_row} in the practices file has problems)"
                    ),
                    None => "the allocated practice is not in the practices file".to_string(),
                };
                problem(
                    "allocated_practice",
                    message,
                    "add the practice to the practices file (or fix its row), or clear the cell",
                );
                None
            }
            Err(m) => {
                problem(
                    "allocated_practice",
                    m,
                    "write the receiving practice's ODS code, or clear the cell",
                );
                None
            }
        }
    };

    let patient = match (
        &nhs,
        date_of_birth,
        address,
        postcode,
        last_seen,
        language,
        format,
        vulnerable,
        status,
        allocated_practice,
    ) {
        (
            Some(nhs_number),
            Some(date_of_birth),
            Some(address_lines),
            Some(postcode),
            Some(last_seen),
            Some(language),
            Some(format),
            Some(vulnerable),
            Some(status),
            Some(allocated_practice),
        ) if problems.is_empty() => Some(Patient {
            row: row.number,
            nhs_number: nhs_number.clone(),
            title: title.into(),
            given_name: given_name.into(),
            family_name: family_name.into(),
            date_of_birth,
            address_lines: address_lines.into_iter().map(Into::into).collect(),
            postcode,
            last_seen,
            language: language.into(),
            format,
            needs_by_hand,
            vulnerable,
            status,
            removed_from,
            allocated_practice,
            mobile,
            closing,
        }),
        _ => None,
    };
    let patient = patient.filter(|patient| {
        let too_wide = window_problems(patient, &cells, &columns, |column| {
            location(row.number, column)
        });
        problems.extend(too_wide);
        problems.is_empty()
    });
    RowResult {
        row: row.number,
        nhs_given,
        nhs,
        patient,
        problems,
        notes,
    }
}

/// A problem for each line of the patient's address block (the name with initials, each
/// address line) too wide for one line of the envelope window even at the
/// smallest print size: it would wrap, and the address would run outside the window.
fn window_problems(
    patient: &Patient,
    address_cells: &[&str],
    address_columns: &[&str],
    location: impl Fn(&str) -> Location,
) -> Vec<Problem> {
    let fonts = LetterFonts::shipped();
    let window_mm = pt_to_mm(envelope::LINE_WIDTH_PT);
    let smallest = envelope::SMALLEST_PT;
    let mut problems = Vec::new();
    if let Some(mm) = patient.name().too_wide() {
        // Blame the widest part: the family name, unless the title is wider.
        let column = if fonts.width_em(&patient.title) > fonts.width_em(&patient.family_name) {
            "title"
        } else {
            "family_name"
        };
        problems.push(Problem {
            location: location(column),
            message: format!(
                "the name is too long for one line of the envelope window, even with initials in {smallest} pt print ({mm:.0} mm wide; the window takes {window_mm:.0} mm)"
            ),
            hint: Some(
                "check the name against the patient's Spine record: it may hold several names run together"
                    .to_string(),
            ),
        });
    }
    for (cell, column) in address_cells.iter().zip(address_columns) {
        let line = cell.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(mm) = envelope::too_wide(&line) {
            problems.push(Problem {
                location: location(column),
                message: format!(
                    "the address line is too long for one line of the envelope window, even in {smallest} pt print ({mm:.0} mm wide; the window takes {window_mm:.0} mm)"
                ),
                hint: Some("split it over two address lines".to_string()),
            });
        }
    }
    problems
}

/// Lower case without spaces, hyphens or underscores (`Large Print` → `largeprint`).
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squashing() {
        assert_eq!(squash("Large Print"), "largeprint");
        assert_eq!(squash("large-print"), "largeprint");
        assert_eq!(squash("Registered_Elsewhere"), "registeredelsewhere");
    }
}
