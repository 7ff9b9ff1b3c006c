//! CLI: where the ledger is (`--ledger`, or beside closure.toml, or in the sample's output
//! folder); `dispersal history`, which prints what one patient was sent; and `dispersal
//! ledger export` and `verify`, for audit.

use std::path::{Path, PathBuf};

use super::args::ClosureArgs;
use super::{EXIT_CHECK_FAILED, EXIT_OK, EXIT_UNUSABLE};
use crate::batch::request::LEDGER_FILE;
use crate::batch::{self, ZipState};
use crate::input::parse_nhs_number;
use crate::ledger::Ledger;

/// The ledger a command uses: `--ledger`, else `dispersal.sqlite` beside closure.toml, else
/// (for `--sample`) in the output folder.
pub fn ledger_path(
    closure: &ClosureArgs,
    ledger: Option<&Path>,
    out: Option<&Path>,
) -> anyhow::Result<PathBuf> {
    if let Some(ledger) = ledger {
        return Ok(ledger.to_path_buf());
    }
    if closure.sample {
        return match out {
            Some(out) => Ok(out.join(LEDGER_FILE)),
            None => anyhow::bail!(
                "the sample's ledger is in the folder it was run into\nhint: give --out DIR (the folder given to run --sample), or --ledger FILE"
            ),
        };
    }
    let path = closure.closure.clone().unwrap_or_default();
    let dir = path.parent().unwrap_or(Path::new(""));
    Ok(dir.join(LEDGER_FILE))
}

/// `dispersal history`: every letter the ledger holds for the patient, oldest first.
pub fn history(
    closure: &ClosureArgs,
    nhs_number: &str,
    ledger: Option<&Path>,
    out: Option<&Path>,
) -> anyhow::Result<u8> {
    let path = ledger_path(closure, ledger, out)?;
    let number = match parse_nhs_number(nhs_number) {
        Ok(n) => n,
        Err(why) => {
            eprintln!(
                "error: --nhs-number: {why}\nhint: give the 10-digit NHS number, spaces allowed"
            );
            return Ok(EXIT_UNUSABLE);
        }
    };
    if !path.exists() {
        eprintln!(
            "error: {}: no ledger here, so nothing has been recorded as sent\nhint: run `dispersal run` first, or give the ledger with --ledger FILE",
            path.display()
        );
        return Ok(EXIT_UNUSABLE);
    }
    let ledger = Ledger::open(&path)?;
    let rows = ledger.history(&number.to_string())?;
    if rows.is_empty() {
        println!(
            "No letter recorded for NHS number {} in {}.",
            number.masked(),
            path.display()
        );
        return Ok(EXIT_OK);
    }
    println!(
        "{} letter(s) recorded for NHS number {}:",
        rows.len(),
        number
    );
    for r in rows {
        let practice = match (&r.receiving_ods, &r.receiving_name) {
            (Some(ods), Some(name)) => format!("{ods} {name}"),
            (Some(ods), None) => ods.clone(),
            _ => "-".to_string(),
        };
        println!(
            "{at}  {kind:<12} {id}  {cohort}  {lang:<7} {format:<11} {practice}  ({zip})",
            at = r.at,
            kind = r.kind,
            id = r.letter_id,
            cohort = r.cohort,
            lang = r.language,
            format = r.format,
            zip = r.zip_name,
        );
    }
    Ok(EXIT_OK)
}

/// `dispersal ledger export`: the whole record as a workbook.
pub fn export(ledger: &Path, out: &Path) -> anyhow::Result<u8> {
    let rows = batch::export_ledger(ledger, out, &batch::Now::system())?;
    println!(
        "wrote {rows} rows of {} to the workbook; it holds patient-identifiable data: keep it as the ledger is kept",
        ledger.display()
    );
    println!("{}", out.display());
    Ok(EXIT_OK)
}

/// `dispersal ledger verify`: every recorded zip hashed again. Exit 1 if one differs.
pub fn verify(ledger: &Path) -> anyhow::Result<u8> {
    let checks = batch::verify_ledger(ledger)?;
    let mut differs = 0;
    for c in &checks {
        let state = match c.state {
            ZipState::Matches => "matches",
            ZipState::Differs => {
                differs += 1;
                "DIFFERS from what was sent"
            }
            ZipState::Missing => "not found",
        };
        println!(
            "run {} ({}): {}: {state}",
            c.run_id,
            c.kind,
            c.path.display()
        );
    }
    let found = checks
        .iter()
        .filter(|c| c.state != ZipState::Missing)
        .count();
    println!(
        "{} of {} recorded files found; {} match, {differs} differ",
        found,
        checks.len(),
        found - differs
    );
    Ok(if differs > 0 {
        EXIT_CHECK_FAILED
    } else {
        EXIT_OK
    })
}

/// `dispersal reallocate`: the new letter and both emails in a zip; the ledger keeps both
/// allocations.
pub fn reallocate(
    inputs: &crate::model::Inputs,
    (nhs_number, to, reason): (&str, &str, &str),
    out: &Path,
    ledger: &Path,
    passphrase: Option<String>,
) -> anyhow::Result<u8> {
    if reason.trim().is_empty() {
        eprintln!(
            "error: --reason is empty\nhint: say why the allocation changes; the previous practice is told"
        );
        return Ok(EXIT_UNUSABLE);
    }
    let request = batch::ReallocateRequest {
        nhs_number: nhs_number.to_string(),
        to: to.to_string(),
        reason: reason.to_string(),
        ledger: ledger.to_path_buf(),
        now: batch::Now::system(),
        passphrase,
    };
    let done = batch::reallocate(inputs, &request, out)?;
    println!(
        "letter {} replaces {}: allocated to {} (was {}); recorded in {}",
        done.letter_id,
        done.replaces,
        done.to,
        done.from.as_deref().unwrap_or("no practice"),
        ledger.display()
    );
    println!("{}", done.zip.display());
    Ok(EXIT_OK)
}
