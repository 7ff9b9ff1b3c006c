//! CLI: the command-line arguments, as typed (clap).

use std::path::PathBuf;

use clap::{Args as ClapArgs, Parser, Subcommand};

use crate::model::LetterFormat;

/// Letters, allocations and print batches for a GP practice list dispersal.
#[derive(Debug, Parser)]
#[command(name = "dispersal", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decide each patient's letter (2a, 2b, 2c, excluded) and receiving practice; write plan.csv.
    Plan {
        #[command(flatten)]
        closure: ClosureArgs,
        /// Folder to write plan.csv into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The ledger (default: dispersal.sqlite beside closure.toml, or in --out for
        /// --sample): patients it says were sent their letter are left out, as `run` leaves
        /// them out.
        #[arg(long, value_name = "FILE")]
        ledger: Option<PathBuf>,
    },
    /// Plan, render and check every letter, and write the PCSE print batch zip.
    Run {
        #[command(flatten)]
        closure: ClosureArgs,
        /// Folder to write the zip into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Fail (exit 1) if any standard-print letter is not eligible for the 50p contribution.
        #[arg(long)]
        require_one_page: bool,
        /// Encrypt every entry of the zip with AES-256. The passphrase is read from the
        /// environment variable DISPERSAL_ZIP_PASSPHRASE, or asked for at the terminal; never
        /// give it on the command line.
        #[arg(long)]
        encrypt: bool,
        /// Also write every letter as a Word document, docx/<letter_id>.docx.
        #[arg(long)]
        docx: bool,
        /// Threads that typeset letters at the same time (default: one per core). The zip is
        /// the same whatever the number.
        #[arg(long, value_name = "T")]
        threads: Option<usize>,
        /// Letters in each print PDF (1 to 500; default 100, or 50 in a batch of more than
        /// 40,000 letters). Larger files mean fewer print jobs but more memory: about 0.35 MB
        /// a letter for each thread.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=500))]
        letters_per_file: Option<u16>,
        /// The ledger that records what was sent (SQLite; default: dispersal.sqlite beside
        /// closure.toml, or in --out for --sample).
        #[arg(long, value_name = "FILE")]
        ledger: Option<PathBuf>,
        /// Write again to patients the ledger says were sent their letter by an earlier run
        /// (by default they are left out, and the summary says how many).
        #[arg(long)]
        resend: bool,
    },
    /// Letter 1 (at least two months before the closure) or letter 2 (a month later, to the
    /// patients still on PCSE's refreshed list): print files, manifest, sms.csv for the text
    /// messages, and the summary, in one zip; recorded in the ledger.
    Notice {
        #[command(flatten)]
        closure: ClosureArgs,
        /// Which letter: 1, or 2 (the reminder, with the allocation warning).
        #[arg(long, value_name = "1|2", value_parser = clap::value_parser!(u8).range(1..=2))]
        letter: u8,
        /// The date printed on the letters (default: closure.toml's `[letters] date`, which
        /// is the allocation letters' date), e.g. 24/07/2026.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Folder to write the zip into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Encrypt every entry of the zip with AES-256 (passphrase as for `run`).
        #[arg(long)]
        encrypt: bool,
        /// Also write every letter as a Word document, docx/<letter_id>.docx.
        #[arg(long)]
        docx: bool,
        /// Threads that typeset letters at the same time (default: one per core).
        #[arg(long, value_name = "T")]
        threads: Option<usize>,
        /// The ledger (default: dispersal.sqlite beside closure.toml, or in --out for
        /// --sample).
        #[arg(long, value_name = "FILE")]
        ledger: Option<PathBuf>,
        /// Write again to patients the ledger says were sent this letter already.
        #[arg(long)]
        resend: bool,
    },
    /// Change a patient's allocation after their letter (a practice reports it had removed
    /// them before): a new 2a letter, an email to the new practice, one to the previous.
    Reallocate {
        #[command(flatten)]
        closure: ClosureArgs,
        /// The patient's NHS number (spaces allowed).
        #[arg(long, value_name = "N")]
        nhs_number: String,
        /// The new receiving practice's ODS code.
        #[arg(long, value_name = "ODS")]
        to: String,
        /// Why the allocation changes (it goes in the email to the previous practice).
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// Folder to write the zip into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Encrypt every entry of the zip with AES-256 (passphrase as for `run`); needed once
        /// the closure's batches were encrypted.
        #[arg(long)]
        encrypt: bool,
        /// The ledger (default: dispersal.sqlite beside closure.toml, or in --out for
        /// --sample).
        #[arg(long, value_name = "FILE")]
        ledger: Option<PathBuf>,
    },
    /// Every letter the ledger holds for one patient: when, which letter, cohort, language,
    /// format, receiving practice and zip.
    History {
        #[command(flatten)]
        closure: ClosureArgs,
        /// The patient's NHS number (spaces allowed).
        #[arg(long, value_name = "N")]
        nhs_number: String,
        /// The ledger (default: dispersal.sqlite beside closure.toml; for --sample, in --out).
        #[arg(long, value_name = "FILE")]
        ledger: Option<PathBuf>,
        /// With --sample: the folder the sample was run into.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// One patient's letter on request, exactly as the batch would make it (same cohort and
    /// practice), in another language or format.
    Letter {
        #[command(flatten)]
        closure: ClosureArgs,
        /// The patient's NHS number (spaces allowed).
        #[arg(long, value_name = "N")]
        nhs_number: String,
        /// The language to write the letter in (e.g. pl, ar, zh-Hans); default: the patient's own.
        #[arg(long, value_name = "TAG")]
        lang: Option<String>,
        /// The file type to write.
        #[arg(long, value_enum, default_value = "pdf")]
        format: OutputFormat,
        /// Large print (16 pt), whatever the patient list says (as --letter-format large-print).
        #[arg(long, conflicts_with = "letter_format")]
        large_print: bool,
        /// The letter's format, whatever the patient list says: standard, large-print,
        /// braille (a BRF file, grade 2; its print cover letter is written beside it as
        /// FILE's name with -cover.pdf) or braille-grade-1.
        #[arg(long, value_name = "FORMAT", value_parser = letter_format)]
        letter_format: Option<LetterFormat>,
        /// The file to write (for a braille letter, its BRF).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Write the letter inside a zip encrypted with AES-256, FILE.zip (passphrase as for
        /// `run`); needed once the closure's batches were encrypted.
        #[arg(long)]
        encrypt: bool,
        /// The ledger (default: dispersal.sqlite beside closure.toml; for --sample, the
        /// folder of --out). A patient it says was sent a letter gets that letter again.
        #[arg(long, value_name = "FILE")]
        ledger: Option<PathBuf>,
    },
    /// Measure the whole pipeline on a synthetic closure of N patients: letters per second,
    /// time per stage, peak memory, and a naive one-letter-at-a-time baseline.
    Bench {
        /// How many synthetic patients.
        #[arg(long, value_name = "N", default_value_t = 1000)]
        patients: usize,
        /// Split the patients between this many practices closing together, planned in one
        /// assignment as several `[[closing_practice]]` tables are.
        #[arg(long, value_name = "N", default_value_t = 1,
              value_parser = clap::value_parser!(u8).range(1..=crate::input::MOST_CLOSING_PRACTICES as i64))]
        closures: u8,
        /// Threads that typeset letters at the same time (default: one per core).
        #[arg(long, value_name = "T")]
        threads: Option<usize>,
        /// Letters in each print PDF (1 to 500), as for `run` (default 100, or 50 in a batch
        /// of more than 40,000 letters).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=500))]
        letters_per_file: Option<u16>,
        /// Keep the zip in this folder (default: a temporary folder, removed afterwards).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Letters for the naive baseline.
        #[arg(long, value_name = "N", default_value_t = 200)]
        baseline: usize,
    },
    /// Check PDF letters made anywhere (Word, say) for the 50p contribution: one page, A4
    /// portrait, nothing in colour. Exit 1 if any is not eligible or cannot be read.
    Check {
        /// The PDF files to check.
        #[arg(value_name = "FILE.pdf", required = true)]
        files: Vec<PathBuf>,
        /// Print the result as JSON, one object per file.
        #[arg(long)]
        json: bool,
    },
    /// The ledger for audit: its whole record as a workbook, or every zip it names checked.
    Ledger {
        #[command(subcommand)]
        command: LedgerCommand,
    },
    /// Hand a translation to a translator and take their review back, without a programmer.
    Translations {
        #[command(subcommand)]
        command: TranslationsCommand,
    },
    /// Render one letter as a PNG to look at before sending thousands.
    Preview {
        #[command(flatten)]
        closure: ClosureArgs,
        /// Preview the first letter of this cohort (2a, 2b or 2c).
        #[arg(long, value_name = "COHORT", conflicts_with = "nhs_number")]
        cohort: Option<String>,
        /// Preview this patient's letter.
        #[arg(long, value_name = "N")]
        nhs_number: Option<String>,
        /// The PNG file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Where the dispersal stands: each step of the SEL process (letters 1 and 2, the capacity
    /// survey, the allocation letters, re-issues and changes of practice) with when it is
    /// due, what the ledger says was done and when, and what is next.
    Status {
        #[command(flatten)]
        closure: ClosureArgs,
        /// The ledger (default: dispersal.sqlite beside closure.toml; for --sample, in --out).
        #[arg(long, value_name = "FILE")]
        ledger: Option<PathBuf>,
        /// The folder the survey's zip was written into (default: beside closure.toml; for
        /// --sample, the folder it was run into).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// The capacity survey: the practices the allocation could use, and an email to each
    /// asking how many patients it can take, with a reply form; written as a zip.
    Survey {
        #[command(flatten)]
        closure: ClosureArgs,
        /// Folder to write the zip into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The date replies are due (30/11/2026 or 2026-11-30; default: 14 days before the
        /// letters' date).
        #[arg(long, value_name = "DATE")]
        reply_by: Option<String>,
        /// The emails' date (default: today, the day the survey is made).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Serve the officers' web page on this computer (127.0.0.1 only) until Ctrl-C; open the
    /// address it prints.
    Serve {
        /// The port (0: any free port).
        #[arg(long, value_name = "N", default_value_t = 8400)]
        port: u16,
        /// The folder that holds each closure's files, ledger and batches (made 0700).
        #[arg(long, value_name = "DIR", default_value = "dispersal-workspace")]
        workspace: PathBuf,
    },
    /// Read one patients, practices or reply file within a memory and time limit, keeping
    /// nothing: the web page runs this in a child process before it reads an upload itself.
    /// Exit 0 when read, 2 when refused with a message; killed when past a limit.
    #[command(hide = true)]
    ScanFile {
        #[arg(long, value_enum)]
        kind: ScanKind,
        /// Memory the process may hold, in MB.
        #[arg(long, value_name = "MB")]
        max_mb: u64,
        /// CPU time the process may take, in seconds.
        #[arg(long, value_name = "S")]
        max_seconds: u64,
        file: PathBuf,
    },
}

/// The kinds of file `scan-file` reads.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ScanKind {
    Patients,
    Practices,
    PracticeDetails,
    Reply,
}

/// `dispersal ledger …`
#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// Writes the whole record (closures, runs, inputs, plan entries, letters) as an XLSX
    /// workbook, one sheet per table.
    Export {
        #[command(flatten)]
        closure: ClosureArgs,
        /// The workbook to write.
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// The ledger (default: dispersal.sqlite beside closure.toml).
        #[arg(long, value_name = "FILE")]
        ledger: Option<PathBuf>,
    },
    /// Hashes every zip the ledger names, where it was written, and says which still match.
    Verify {
        #[command(flatten)]
        closure: ClosureArgs,
        /// The ledger (default: dispersal.sqlite beside closure.toml).
        #[arg(long, value_name = "FILE")]
        ledger: Option<PathBuf>,
    },
}

/// `dispersal translations …`
#[derive(Debug, Subcommand)]
pub enum TranslationsCommand {
    /// Write a workbook for a translator: one row per message of a language, with the
    /// English text, the current translation, notes, and an empty `reviewed` column.
    Export {
        /// The language to review (e.g. pl, ar, zh-Hans).
        #[arg(long, value_name = "TAG")]
        lang: String,
        /// The .xlsx file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Read a translator's reviewed workbook back and write DIR/<lang>/ (letters.ftl and
    /// locale.toml, status "reviewed"), for `--locales DIR`. Nothing is written if any
    /// message fails its checks.
    Import {
        /// The reviewed .xlsx file.
        #[arg(value_name = "FILE.xlsx")]
        workbook: PathBuf,
        /// The translator who reviewed it, recorded in locale.toml.
        #[arg(long, value_name = "NAME")]
        reviewer: String,
        /// The language of the workbook (default: from its file name, e.g. pl-review.xlsx).
        #[arg(long, value_name = "TAG")]
        lang: Option<String>,
        /// The locales folder to write into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

/// The file type of an on-request letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Pdf,
    Docx,
    Png,
}

/// Which closure to work on: a closure.toml, or the bundled sample.
#[derive(Debug, ClapArgs)]
pub struct ClosureArgs {
    /// The closure's closure.toml (its `[inputs]` name the patients and practices files).
    #[arg(value_name = "CLOSURE.toml", required_unless_present = "sample")]
    pub closure: Option<PathBuf>,
    /// Use the bundled synthetic sample closure instead of a closure.toml.
    #[arg(long, conflicts_with = "closure")]
    pub sample: bool,
    /// Postcode positions, as downloaded: the ONS Postcode Directory or NSPL, the NHS Postcode
    /// Directory's gridall.csv, OS Code-Point Open's zip, or a CSV of
    /// postcode,latitude,longitude; proximity is then distance (on the grid, or great-circle)
    /// instead of by postcode sector and district. Wins over closure.toml's [inputs] postcodes.
    #[arg(long, value_name = "FILE")]
    pub postcode_lookup: Option<PathBuf>,
    /// A folder of reviewed or added locales (DIR/<lang>/letters.ftl and locale.toml, as
    /// `translations import` writes), used over the built-in ones; instead of closure.toml's
    /// `[letters] locales`.
    #[arg(long, value_name = "DIR")]
    pub locales: Option<PathBuf>,
    /// A folder of capacity survey replies (the reply forms `dispersal survey` sent, filled
    /// in): each sets its practice's capacity; practices without one keep the practices
    /// file's.
    #[arg(long, value_name = "DIR")]
    pub capacity_replies: Option<PathBuf>,
}

/// A letter format by its name ([`LetterFormat::parse`]), or the names there are.
fn letter_format(name: &str) -> Result<LetterFormat, String> {
    LetterFormat::parse(name).ok_or_else(|| {
        let names: Vec<&str> = LetterFormat::ALL.iter().map(|f| f.as_str()).collect();
        format!("not a letter format; the formats are {}", names.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_batch_gets_smaller_print_files_unless_the_officer_chose() {
        assert_eq!(crate::batch::default_letters_per_file(1), 100);
        assert_eq!(crate::batch::default_letters_per_file(40_000), 100);
        assert_eq!(crate::batch::default_letters_per_file(40_001), 50);
        let args = Args::try_parse_from([
            "dispersal",
            "run",
            "--sample",
            "--out",
            "out",
            "--letters-per-file",
            "80",
        ])
        .unwrap();
        let Command::Run {
            letters_per_file, ..
        } = args.command
        else {
            panic!("run");
        };
        assert_eq!(letters_per_file, Some(80));
    }
}
