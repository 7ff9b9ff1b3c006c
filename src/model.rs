//! The domain types every stage shares: the closure, its patients and practices, and the
//! problems found while reading them. Plain owned data, no behaviour beyond formatting.

use compact_str::CompactString;
use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::envelope::Name;

mod packed;
pub use packed::{PackedPatient, Patients};

/// One dispersal, as described by `closure.toml`: one closing practice, or several closing
/// in the same area and planned together (`[[closing_practice]]`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Closure {
    /// Never empty; the first names the batch ([`Closure::lead`]).
    pub closing_practices: Vec<ClosingPractice>,
    pub commissioner: Commissioner,
    pub area: Area,
    pub letters: LetterSettings,
    /// Paths resolved against the folder holding `closure.toml`.
    pub inputs: InputPaths,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosingPractice {
    pub ods_code: String,
    pub name: String,
    pub address: Vec<String>,
    pub closure_date: NaiveDate,
    /// Its patient list, resolved against the folder holding `closure.toml`.
    pub patients: PathBuf,
}

impl Closure {
    /// The first closing practice: it names the batch, its zip and its ledger record.
    pub fn lead(&self) -> &ClosingPractice {
        &self.closing_practices[0]
    }

    /// The closing practice a patient (or plan entry) belongs to, by its index
    /// ([`Patient::closing`]).
    pub fn closing(&self, index: usize) -> &ClosingPractice {
        self.closing_practices
            .get(index)
            .unwrap_or_else(|| self.lead())
    }

    /// Whether several practices are planned together.
    pub fn several(&self) -> bool {
        self.closing_practices.len() > 1
    }

    /// The closing practices' ODS codes joined by `+` (`G85001+G85002`): names files, never
    /// patients.
    pub fn codes(&self) -> String {
        self.closing_practices
            .iter()
            .map(|c| c.ods_code.as_str())
            .collect::<Vec<_>>()
            .join("+")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Commissioner {
    pub name: String,
    pub team: String,
    pub address: Vec<String>,
    pub phone: String,
    pub email: String,
    pub signatory: String,
    pub signatory_role: String,
}

/// The commissioner's area: a patient whose postcode district is not listed lives out of area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Area {
    pub name: String,
    /// Upper-case districts such as `SE1`, `SE15`, `BR1`.
    pub postcode_districts: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Postage {
    First,
    Second,
}

impl Postage {
    /// As an officer says it: `second class`.
    pub fn in_words(self) -> &'static str {
        match self {
            Postage::First => "first class",
            Postage::Second => "second class",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterSettings {
    /// The date printed on the letters.
    pub date: NaiveDate,
    pub postage: Postage,
    /// Where the QR code on every letter points (e.g. the closure's web page).
    pub qr_url: String,
    /// A folder of locales (`<tag>/letters.ftl` and `<tag>/locale.toml`) that override or add
    /// to the built-in ones (`[letters] locales`, resolved against closure.toml's folder; or
    /// `--locales`).
    pub locales: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputPaths {
    pub practices: PathBuf,
    /// The postcode positions file (`[inputs] postcodes`), when given; `--postcode-lookup`
    /// wins over it.
    pub postcodes: Option<PathBuf>,
    /// `[inputs] practice_details`: what no national file holds about a practice (email,
    /// capacity, status, a name or phone to use), laid over the practices file.
    pub practice_details: Option<PathBuf>,
    /// `[inputs.columns]`: the patients-file fields whose columns the officer named, each with
    /// the header it has in the file (`family_name = "Pt Surname"`), in closure.toml's order.
    pub columns: Vec<(String, String)>,
}

/// A 10-digit NHS number that passed the Modulus 11 check. Displays as 3-3-4 (`943 476 5919`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct NhsNumber(pub CompactString);

impl fmt::Display for NhsNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.0;
        if d.len() == 10 {
            write!(f, "{} {} {}", &d[0..3], &d[3..6], &d[6..10])
        } else {
            f.write_str(d)
        }
    }
}

impl NhsNumber {
    /// The number with all but the last four digits hidden, for log lines.
    pub fn masked(&self) -> String {
        let d = &self.0;
        if d.len() == 10 {
            format!("*** *** {}", &d[6..10])
        } else {
            "***".to_string()
        }
    }
}

/// A normalised UK postcode (`SE15 2AB`), or a British Forces (BFPO) address.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Postcode {
    /// Normalised form: upper case, one space before the inward code (`SE15 2AB`), or `BFPO 123`.
    pub text: CompactString,
    /// True for a BFPO address: accepted, but marked for manual handling.
    pub bfpo: bool,
}

impl Postcode {
    /// Outward code (`SE15`), or `BFPO`.
    pub fn outward(&self) -> &str {
        self.text.split(' ').next().unwrap_or("")
    }
    /// Inward code (`2AB`), empty for BFPO.
    pub fn inward(&self) -> &str {
        if self.bfpo {
            ""
        } else {
            self.text.split(' ').nth(1).unwrap_or("")
        }
    }
    /// Postcode area: the leading letters of the outward code (`SE`).
    pub fn area(&self) -> &str {
        let out = self.outward();
        let end = out.find(|c: char| c.is_ascii_digit()).unwrap_or(out.len());
        &out[..end]
    }
    /// Postcode district: the outward code (`SE15`).
    pub fn district(&self) -> &str {
        self.outward()
    }
    /// Postcode sector: outward code and first inward digit (`SE15 2`).
    pub fn sector(&self) -> String {
        let inward = self.inward();
        format!("{} {}", self.outward(), inward.get(0..1).unwrap_or(""))
    }
    /// Sector plus the first unit letter (`SE15 2A`), the SEL process's "SE1 3A_" search.
    pub fn sector_unit(&self) -> String {
        let inward = self.inward();
        format!("{} {}", self.outward(), inward.get(0..2).unwrap_or(""))
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The braille each language's letters are transcribed in: (ISO 639 language, liblouis's
/// table for contracted braille, its table for uncontracted braille). A language whose
/// contracted table is not used (its braille does not read back reliably, or has no
/// contractions) has its uncontracted table in both places. The tables are compiled in
/// (`letter-templates/braille/`); a language not here gets the English braille letter.
pub const BRAILLE_TABLES: &[(&str, &str, &str)] = &[
    ("en", "en-ueb-g2.ctb", "en-ueb-g1.ctb"),
    ("es", "es-g1.ctb", "es-g1.ctb"),
    ("fr", "fr-bfu-comp6.utb", "fr-bfu-comp6.utb"),
    ("lt", "lt-6dot.utb", "lt-6dot.utb"),
    ("pt", "pt-pt-g1.utb", "pt-pt-g1.utb"),
    ("zh", "zhcn-g1.ctb", "zhcn-g1.ctb"),
    ("pl", "Pl-Pl-g1.utb", "Pl-Pl-g1.utb"),
    ("ar", "ar-ar-g1.utb", "ar-ar-g1.utb"),
    ("ta", "ta-ta-g1.ctb", "ta-ta-g1.ctb"),
];

/// A letter's format, in order of how many needs it meets: of several needs, the greatest
/// wins (`Ord`). Easy read is set at large print's sizes or larger, so it meets that need too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LetterFormat {
    Standard,
    LargePrint,
    /// Easy read: short sentences, a picture beside each point, in English.
    EasyRead,
    /// Unified English Braille, contracted (grade 2): a BRF file with a print cover letter.
    Braille,
    /// Unified English Braille, uncontracted (grade 1), when the record asks for it.
    #[serde(rename = "braille-grade-1")]
    BrailleGrade1,
}

impl LetterFormat {
    /// The format in words, before "letter": `standard-print`, `large-print`.
    pub fn in_words(self) -> &'static str {
        match self {
            LetterFormat::Standard => "standard-print",
            LetterFormat::LargePrint => "large-print",
            LetterFormat::EasyRead => "easy-read",
            LetterFormat::Braille => "braille",
            LetterFormat::BrailleGrade1 => "uncontracted braille",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LetterFormat::Standard => "standard",
            LetterFormat::LargePrint => "large-print",
            LetterFormat::EasyRead => "easy-read",
            LetterFormat::Braille => "braille",
            LetterFormat::BrailleGrade1 => "braille-grade-1",
        }
    }

    /// Every format, in the order forms list them.
    pub const ALL: [LetterFormat; 5] = [
        LetterFormat::Standard,
        LetterFormat::LargePrint,
        LetterFormat::EasyRead,
        LetterFormat::Braille,
        LetterFormat::BrailleGrade1,
    ];

    /// The format named by [`LetterFormat::as_str`] (`braille-grade-1`).
    pub fn parse(name: &str) -> Option<LetterFormat> {
        LetterFormat::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The format in prose: "standard print", "large print", "braille".
    pub fn in_prose(self) -> &'static str {
        match self {
            LetterFormat::Standard => "standard print",
            LetterFormat::LargePrint => "large print",
            LetterFormat::EasyRead => "easy read",
            LetterFormat::Braille => "braille",
            LetterFormat::BrailleGrade1 => "uncontracted braille",
        }
    }

    /// The format of the letter's printed pages: a braille letter's cover letter is in
    /// standard print.
    pub fn printed(self) -> LetterFormat {
        match self {
            LetterFormat::Braille | LetterFormat::BrailleGrade1 => LetterFormat::Standard,
            other => other,
        }
    }

    /// A letter whose printed pages must be one side of one sheet: standard print, and a
    /// braille letter's cover letter.
    pub fn one_side(self) -> bool {
        self.printed() == LetterFormat::Standard
    }

    /// A letter set at large print's sizes, with its header: the name alone across the page,
    /// the rest after the window (`letter.typ` tests the same two formats).
    pub fn large_header(self) -> bool {
        matches!(self, LetterFormat::LargePrint | LetterFormat::EasyRead)
    }

    /// A braille letter: a BRF file, with a cover letter in standard print.
    pub fn is_braille(self) -> bool {
        matches!(self, LetterFormat::Braille | LetterFormat::BrailleGrade1)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PatientStatus {
    /// Still registered at the closing practice (the `status` cell was empty).
    Registered,
    Deceased,
    RegisteredElsewhere,
}

/// One valid row of the patient list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Patient {
    /// The 1-based row number the user sees in their spreadsheet (the header is row 1).
    pub row: usize,
    pub nhs_number: NhsNumber,
    pub title: CompactString,
    pub given_name: CompactString,
    pub family_name: CompactString,
    pub date_of_birth: NaiveDate,
    /// The non-empty address lines, trimmed, in order (1 to 5 of them).
    pub address_lines: Vec<CompactString>,
    pub postcode: Postcode,
    /// Date of last consultation or treatment; `None` = no record.
    pub last_seen: Option<NaiveDate>,
    /// BCP 47 tag as given, `en-GB` when the cell was empty or the column absent.
    pub language: CompactString,
    pub format: LetterFormat,
    /// Needs no letter this tool makes meets (the Accessible Information Standard's words, as
    /// the input stage read them): the officer meets them by hand.
    pub needs_by_hand: Vec<String>,
    pub vulnerable: bool,
    pub status: PatientStatus,
    /// Upper-case ODS codes of practices that removed this patient before.
    pub removed_from: Vec<String>,
    /// The officer's pre-decided receiving practice (upper-case ODS code).
    pub allocated_practice: Option<String>,
    /// A UK mobile number for text messages, normalised `+447…` (the `mobile` column).
    pub mobile: Option<CompactString>,
    /// Which closing practice's list the patient is on (index into
    /// [`Closure::closing_practices`]).
    pub closing: usize,
}

impl Patient {
    /// The patient's name as the list gives it (the envelope rules shorten its line).
    pub fn name(&self) -> Name<'_> {
        Name {
            title: &self.title,
            given: &self.given_name,
            family: &self.family_name,
        }
    }

    /// "Mrs Amina Okafor".
    pub fn full_name(&self) -> String {
        self.name().full()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PracticeStatus {
    Open,
    OfConcern,
    Closing,
}

/// A practice that might receive patients, from the practices file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Practice {
    pub row: usize,
    /// Upper-case ODS code (`G85001`).
    pub ods_code: String,
    pub name: String,
    pub address_lines: Vec<String>,
    pub postcode: Postcode,
    pub phone: String,
    pub email: String,
    /// Patients it agreed to take in the capacity survey.
    pub capacity: u32,
    /// Whether any file gave the capacity: false for a practice from NHS ODS that neither the
    /// practice details file nor a survey reply speaks for. It still counts among a patient's
    /// nearest practices, but takes no patients (its capacity is 0) until one does.
    pub capacity_known: bool,
    pub status: PracticeStatus,
    /// Its own position, when the practices file gives one (`latitude`, `longitude`): in
    /// degrees as given, or on the grid when the postcode lookup is (see
    /// [`PostcodeLookup::format`]).
    pub location: Option<Position>,
}

/// Where a problem was found in an input file. Rows are 1-based as the user sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file name as the user gave it (no folder), e.g. `patients.csv`.
    pub file: String,
    pub sheet: Option<String>,
    pub row: Option<usize>,
    /// The column's header as written in the file (or the expected name if it is missing).
    pub column: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, ": sheet \"{sheet}\"")?;
        }
        if let Some(row) = self.row {
            write!(f, ": row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column \"{column}\"")?;
        }
        Ok(())
    }
}

/// One problem with one cell, row or file: what is wrong and how to fix it.
/// Messages never quote patient-identifiable values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub location: Location,
    /// Lower-case, e.g. `not a valid NHS number (the check digit does not match)`.
    pub message: String,
    /// What to do about it, e.g. `check the number against the Spine record`.
    pub hint: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl Problem {
    /// What kind of problem this is, for counting: its column and its message up to the
    /// details in brackets (`nhs_number: not a valid NHS number`).
    pub fn kind(&self) -> String {
        let message = self.message.split(" (").next().unwrap_or(&self.message);
        match &self.location.column {
            Some(column) => format!("{column}: {message}"),
            None => message.to_string(),
        }
    }
}

/// Problems kept small, however many a file has: the first [`ProblemLog::KEPT`] in full, and
/// every one counted by kind. A file of a million broken rows then costs a count, not a
/// million messages.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ProblemLog {
    /// How many problems there were in all.
    pub total: usize,
    /// How many of them are kept in full.
    pub kept: usize,
    /// Every problem counted by kind, in the order each kind was first found.
    pub kinds: Vec<KindCount>,
    /// Where each kind is in `kinds`.
    #[serde(skip)]
    index: std::collections::HashMap<String, u32>,
}

/// How many problems of one kind were found, and what to do about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindCount {
    /// [`Problem::kind`].
    pub kind: String,
    pub hint: Option<String>,
    pub count: usize,
}

impl ProblemLog {
    /// How many problems are kept in full.
    pub const KEPT: usize = 1_000;
    /// How many kinds are counted apart; any further kinds are counted together.
    pub const KINDS: usize = 1_000;

    /// Counts the problem; gives it back if it is to be kept in full, or else the index of
    /// its kind in [`ProblemLog::kinds`].
    pub fn add(&mut self, problem: Problem) -> Result<Problem, u32> {
        let index = self.count(problem.kind(), problem.hint.as_deref(), 1);
        if self.kept < Self::KEPT {
            self.kept += 1;
            Ok(problem)
        } else {
            Err(index)
        }
    }

    /// Counts `n` problems of a kind without keeping them; gives the kind's index.
    fn count(&mut self, mut kind: String, hint: Option<&str>, n: usize) -> u32 {
        self.total += n;
        if self.kinds.len() >= Self::KINDS && !self.index.contains_key(&kind) {
            kind = "other problems".to_string();
        }
        let index = match self.index.get(&kind) {
            Some(&i) => i as usize,
            None => {
                self.index.insert(kind.clone(), self.kinds.len() as u32);
                self.kinds.push(KindCount {
                    kind,
                    hint: hint.map(str::to_string),
                    count: 0,
                });
                self.kinds.len() - 1
            }
        };
        self.kinds[index].count += n;
        index as u32
    }

    /// How many problems were counted but not kept in full.
    pub fn more(&self) -> usize {
        self.total - self.kept
    }

    /// The kind at an index [`ProblemLog::add`] gave.
    pub fn kind(&self, index: u32) -> &str {
        self.kinds
            .get(index as usize)
            .map_or("", |k| k.kind.as_str())
    }
}

/// Problems that did not reject a row (a bad practice row, a BFPO address, a note on how a
/// file was read), kept small like [`ProblemLog`].
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Warnings {
    /// The first [`ProblemLog::KEPT`], in full.
    pub kept: Vec<Problem>,
    /// All of them counted.
    pub log: ProblemLog,
}

impl Warnings {
    pub fn push(&mut self, problem: Problem) {
        if let Ok(problem) = self.log.add(problem) {
            self.kept.push(problem);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.log.total == 0
    }

    /// Adds another file's warnings after these: their kept ones while these keep warnings
    /// in full, and their counts.
    pub fn append(&mut self, other: Warnings) {
        let mut rest: Vec<usize> = other.log.kinds.iter().map(|k| k.count).collect();
        for problem in other.kept {
            let index = &other.log.index;
            if let Some(&i) = index.get(&problem.kind()).or(index.get("other problems")) {
                rest[i as usize] = rest[i as usize].saturating_sub(1);
            }
            self.push(problem);
        }
        for (kind, n) in other.log.kinds.into_iter().zip(rest) {
            if n > 0 {
                self.log.count(kind.kind, kind.hint.as_deref(), n);
            }
        }
    }

    /// The warnings kept in full.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.kept.iter()
    }
}

impl Extend<Problem> for Warnings {
    fn extend<I: IntoIterator<Item = Problem>>(&mut self, problems: I) {
        for problem in problems {
            self.push(problem);
        }
    }
}

/// A patient row that could not be used, with every problem found in it: in full while the
/// run keeps problems in full ([`ProblemLog::KEPT`]), and after that by kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RejectedRow {
    /// Which closing practice's list it is on (index into [`Closure::closing_practices`]).
    pub closing: usize,
    pub row: usize,
    /// The NHS number cell exactly as given (may be empty or invalid).
    pub nhs_number_given: CompactString,
    /// Its problems kept in full.
    pub problems: Vec<Problem>,
    /// The kinds of its other problems, as indices into the run's [`ProblemLog::kinds`].
    pub more: Vec<u32>,
}

/// Everything read for one closure: the closure itself, the usable rows, and what was rejected.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inputs {
    pub closure: Closure,
    /// Valid patient rows, in file order, each packed as it was read.
    pub patients: Patients,
    /// Patient rows that were rejected, in file order.
    pub rejected_patients: Vec<RejectedRow>,
    /// Every problem in the rejected rows, counted.
    pub rejections: ProblemLog,
    /// Valid practices, in file order.
    pub practices: Vec<Practice>,
    /// Problems with practice rows (those practices are left out) and other warnings
    /// (e.g. a BFPO address marked for manual handling).
    pub warnings: Warnings,
    /// Where the closure's postcodes are, when a postcode file was given (`--postcode-lookup`
    /// or `[inputs] postcodes`).
    pub postcode_lookup: Option<PostcodeLookup>,
    /// The locales read from [`LetterSettings::locales`], not yet parsed or checked.
    pub locales: Vec<LocaleFiles>,
    /// The files read (closure.toml, practices, patients): for the ledger's record.
    pub sources: Vec<InputSource>,
}

/// One input file as read: its SHA-256 and how many data rows it had.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputSource {
    /// `closure`, `practices`, `patients`.
    pub role: &'static str,
    pub path: PathBuf,
    /// Lower-case hex.
    pub sha256: String,
    /// Data rows (closure.toml: 0).
    pub rows: usize,
}

/// One locale's two files as read from a locales folder (`DIR/<tag>/`), before the compose
/// stage parses them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LocaleFiles {
    /// The folder's name: the locale's tag (`pl`, `zh-Hans`).
    pub tag: String,
    /// The folder, as named in errors (`reviewed/pl`).
    pub dir: PathBuf,
    pub locale_toml: String,
    pub letters_ftl: String,
}

/// One row of a translator's review workbook, as read back: the message id and what the
/// translator wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReviewRow {
    /// The 1-based row the translator sees.
    pub row: usize,
    pub id: String,
    /// The reviewed text; empty keeps the current translation.
    pub reviewed: String,
}

/// Where a postcode's centroid or a practice is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Position {
    /// WGS84 latitude and longitude, in degrees.
    Degrees { lat: f64, long: f64 },
    /// British National Grid (OSGB36, EPSG:27700) easting and northing, in metres.
    Grid { east: f64, north: f64 },
}

/// Which kind of postcode file the positions came from (recognised by its shape), and so how
/// distance is measured: on the grid when the file has eastings and northings, great-circle
/// when it has only latitude and longitude.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PostcodeFormat {
    /// A CSV with a header naming the postcode, latitude and longitude (our own
    /// `postcode,latitude,longitude`, or an ONS extract without eastings and northings).
    #[default]
    LatLong,
    /// The ONS Postcode Directory or the National Statistics Postcode Lookup, with eastings
    /// and northings.
    Onspd,
    /// The NHS Postcode Directory's `gridall.csv`.
    Gridall,
    /// OS Code-Point Open (its zip, or one of its area files).
    CodePoint,
}

impl PostcodeFormat {
    /// The file's name as an officer knows it.
    pub fn name(self) -> &'static str {
        match self {
            PostcodeFormat::LatLong => "postcode lookup",
            PostcodeFormat::Onspd => "ONS Postcode Directory",
            PostcodeFormat::Gridall => "NHS Postcode Directory",
            PostcodeFormat::CodePoint => "OS Code-Point Open",
        }
    }

    /// Whether its positions are eastings and northings on the British National Grid.
    pub fn on_grid(self) -> bool {
        self != PostcodeFormat::LatLong
    }
}

/// Postcode centroids, keyed by normalised postcode (`SE15 2AB`): only the closure's own.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PostcodeLookup {
    pub format: PostcodeFormat,
    pub positions: std::collections::BTreeMap<String, Position>,
}

/// A number as an officer reads it: `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A date as an officer reads it: `24 November 2026`.
pub fn date_in_words(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// A count with its noun, singular or plural: `1 patient`, `1,200 patients`. The one home
/// of plurals in what the tool says, so that nothing says "patient(s)".
pub fn count(n: usize, one: &str, many: &str) -> String {
    let noun = if n == 1 { one } else { many };
    format!("{} {noun}", thousands(n as u64))
}

#[cfg(test)]
mod words_tests {
    use super::*;

    #[test]
    fn counts_are_singular_or_plural_with_thousands_marked() {
        assert_eq!(count(0, "patient", "patients"), "0 patients");
        assert_eq!(count(1, "patient", "patients"), "1 patient");
        assert_eq!(count(2, "place", "places"), "2 places");
        assert_eq!(count(1_200, "letter", "letters"), "1,200 letters");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
        let date = NaiveDate::from_ymd_opt(2026, 11, 4).unwrap();
        assert_eq!(date_in_words(date), "4 November 2026");
        assert_eq!(Postage::Second.in_words(), "second class");
    }
}
