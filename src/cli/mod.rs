//! CLI: parse the arguments, read the inputs, call the library — the batch engine, or the PDF
//! check for `dispersal check` — and print what it made. Nothing here plans, words, lays out
//! or checks a letter itself.

mod args;
mod bench;
mod check_pdfs;
mod commands;
mod history;
mod scan_file;
mod status;
mod translations;

use std::io::IsTerminal;
use std::path::Path;

pub use args::{Args, ClosureArgs, Command, LedgerCommand, OutputFormat, TranslationsCommand};

use crate::batch::BatchOptions;
use crate::batch::request::{
    self, ClosureSource, PASSPHRASE_MIN_CHARS, PassphraseProblem, check_passphrase, default_threads,
};
use crate::model::Inputs;

/// Exit codes: 0 success, 1 letters failed a required check, 2 the tool could not run.
pub const EXIT_OK: u8 = 0;
pub const EXIT_CHECK_FAILED: u8 = 1;
pub const EXIT_UNUSABLE: u8 = 2;

/// Runs one command and returns the process exit code. Errors are printed to stderr as
/// `error:` and `hint:` lines.
pub fn run(args: Args) -> u8 {
    let result = match &args.command {
        Command::Plan {
            closure,
            out,
            ledger,
        } => read_inputs(closure).and_then(|inputs| {
            let ledger = history::ledger_path(closure, ledger.as_deref(), Some(out))?;
            commands::plan(inputs, out, &ledger)
        }),
        Command::Run {
            closure,
            out,
            require_one_page,
            encrypt,
            docx,
            threads,
            letters_per_file,
            ledger,
            resend,
        } => (|| {
            let options = BatchOptions {
                letters_per_file: letters_per_file.map(usize::from),
                ..batch_options(
                    closure,
                    out,
                    (*encrypt, *docx, *threads),
                    ledger.as_deref(),
                    *resend,
                )?
            };
            let flags = commands::RunFlags {
                require_one_page: *require_one_page,
                progress: progress_wanted(),
            };
            commands::run(read_inputs(closure)?, out, &options, &flags)
        })(),
        Command::Notice {
            closure,
            letter,
            date,
            out,
            encrypt,
            docx,
            threads,
            ledger,
            resend,
        } => (|| {
            let options = batch_options(
                closure,
                out,
                (*encrypt, *docx, *threads),
                ledger.as_deref(),
                *resend,
            )?;
            let letter = request::notice_letter(*letter).ok_or_else(|| {
                anyhow::anyhow!("there is no letter {letter} before the closure (letters 1 and 2)")
            })?;
            commands::notice(
                read_inputs(closure)?,
                out,
                &options,
                (letter, date.as_deref()),
                progress_wanted(),
            )
        })(),
        Command::Bench {
            patients,
            closures,
            threads,
            letters_per_file,
            out,
            baseline,
        } => bench::bench(
            *patients,
            usize::from(*closures),
            threads.unwrap_or_else(default_threads),
            letters_per_file.map(usize::from),
            out.as_deref(),
            *baseline,
        ),
        Command::Letter {
            closure,
            nhs_number,
            lang,
            format,
            large_print,
            letter_format,
            out,
            encrypt,
            ledger,
        } => read_inputs(closure).and_then(|inputs| {
            let letter_format = large_print
                .then_some(crate::model::LetterFormat::LargePrint)
                .or(*letter_format);
            let folder = out.parent().unwrap_or(Path::new(""));
            let ledger = history::ledger_path(closure, ledger.as_deref(), Some(folder))?;
            let passphrase = encrypt.then(passphrase).transpose()?;
            commands::letter(
                &inputs,
                (nhs_number.as_str(), lang.as_deref(), *format, letter_format),
                out,
                passphrase.as_deref(),
                Some(&ledger),
            )
        }),
        Command::Check { files, json } => check_pdfs::check_pdfs(files, *json),
        Command::Reallocate {
            closure,
            nhs_number,
            to,
            reason,
            out,
            encrypt,
            ledger,
        } => read_inputs(closure).and_then(|inputs| {
            let ledger = history::ledger_path(closure, ledger.as_deref(), Some(out))?;
            let passphrase = encrypt.then(passphrase).transpose()?;
            history::reallocate(
                &inputs,
                (nhs_number.as_str(), to.as_str(), reason.as_str()),
                out,
                &ledger,
                passphrase,
            )
        }),
        Command::History {
            closure,
            nhs_number,
            ledger,
            out,
        } => history::history(closure, nhs_number, ledger.as_deref(), out.as_deref()),
        Command::Ledger { command } => match command {
            LedgerCommand::Export {
                closure,
                out,
                ledger,
            } => history::ledger_path(closure, ledger.as_deref(), None)
                .and_then(|path| history::export(&path, out)),
            LedgerCommand::Verify { closure, ledger } => {
                history::ledger_path(closure, ledger.as_deref(), None)
                    .and_then(|path| history::verify(&path))
            }
        },
        Command::Translations { command } => match command {
            TranslationsCommand::Export { lang, out } => translations::export(lang, out),
            TranslationsCommand::Import {
                workbook,
                reviewer,
                lang,
                out,
            } => translations::import(workbook, reviewer, lang.as_deref(), out),
        },
        Command::Preview {
            closure,
            cohort,
            nhs_number,
            out,
        } => read_inputs(closure).and_then(|inputs| {
            commands::preview(&inputs, cohort.as_deref(), nhs_number.as_deref(), out)
        }),
        Command::Survey {
            closure,
            out,
            reply_by,
            date,
        } => read_inputs(closure).and_then(|inputs| {
            commands::survey(&inputs, out, reply_by.as_deref(), date.as_deref())
        }),
        Command::Status {
            closure,
            ledger,
            out,
        } => history::ledger_path(closure, ledger.as_deref(), out.as_deref()).and_then(|path| {
            let folder = match out {
                Some(out) => out.clone(),
                None => path
                    .parent()
                    .unwrap_or(std::path::Path::new(""))
                    .to_path_buf(),
            };
            status::status(closure, &path, &folder)
        }),
        Command::Serve { port, workspace } => crate::web::serve(&crate::web::ServeOptions {
            port: *port,
            workspace: workspace.clone(),
        })
        .map(|()| EXIT_OK),
        Command::ScanFile {
            kind,
            max_mb,
            max_seconds,
            file,
        } => Ok(scan_file::scan_file(*kind, *max_mb, *max_seconds, file)),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            EXIT_UNUSABLE
        }
    }
}

/// The batch options `run` and `notice` share: the passphrase (asked for with `--encrypt`),
/// Word letters, threads, the ledger (beside closure.toml by default) and `--resend`.
fn batch_options(
    closure: &ClosureArgs,
    out: &std::path::Path,
    (encrypt, docx, threads): (bool, bool, Option<usize>),
    ledger: Option<&std::path::Path>,
    resend: bool,
) -> anyhow::Result<BatchOptions> {
    Ok(BatchOptions {
        passphrase: if encrypt { Some(passphrase()?) } else { None },
        docx,
        threads: threads.unwrap_or_else(default_threads),
        ledger: Some(history::ledger_path(closure, ledger, Some(out))?),
        resend,
        ..BatchOptions::default()
    })
}

/// The environment variable that shows a panic's own message (for a developer, on test data).
pub const SHOW_PANIC_VAR: &str = "DISPERSAL_SHOW_PANIC";

/// Replace the panic message printed to stderr: a panic's message may quote a value, and a
/// value may be a patient's name, address or NHS number. Only where it happened is printed,
/// unless `DISPERSAL_SHOW_PANIC=1` is set.
pub fn withhold_panic_messages() {
    if std::env::var_os(SHOW_PANIC_VAR).is_some_and(|v| v == "1") {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "an unknown place".to_string());
        eprintln!(
            "internal error: dispersal stopped at {place}; its message is not shown because it may hold patient data\n  hint: please report this with the command you ran; on test data, set {SHOW_PANIC_VAR}=1 to see the message"
        );
    }));
}

/// The environment variable that holds the zip passphrase for `--encrypt`.
pub const PASSPHRASE_VAR: &str = "DISPERSAL_ZIP_PASSPHRASE";

/// The passphrase for an encrypted zip: from the environment, or asked for twice at the terminal.
fn passphrase() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var(PASSPHRASE_VAR) {
        if check_passphrase(&p, None).is_err() {
            anyhow::bail!(
                "{PASSPHRASE_VAR} is shorter than {PASSPHRASE_MIN_CHARS} characters\nhint: use a passphrase of at least {PASSPHRASE_MIN_CHARS} characters, e.g. four random words"
            );
        }
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "--encrypt needs a passphrase\nhint: set {PASSPHRASE_VAR}, or run in a terminal to be asked for one"
        );
    }
    let first = rpassword::prompt_password(format!(
        "Passphrase for the zip (at least {PASSPHRASE_MIN_CHARS} characters): "
    ))?;
    let second = rpassword::prompt_password("The same passphrase again: ")?;
    match check_passphrase(&first, Some(&second)) {
        Ok(()) => Ok(first),
        Err(PassphraseProblem::Differs) => anyhow::bail!("the two passphrases differ"),
        Err(PassphraseProblem::TooShort) => {
            anyhow::bail!("the passphrase is shorter than {PASSPHRASE_MIN_CHARS} characters")
        }
    }
}

fn progress_wanted() -> bool {
    std::io::stderr().is_terminal()
}

/// Reads the closure named on the command line, or the bundled sample, with the capacity
/// survey's replies when given.
pub fn read_inputs(args: &ClosureArgs) -> anyhow::Result<Inputs> {
    let read = request::read_closure(&ClosureSource {
        closure: args.closure.clone().unwrap_or_default(),
        sample: args.sample,
        postcode_lookup: args.postcode_lookup.clone(),
        locales: args.locales.clone(),
        capacity_replies: args.capacity_replies.clone(),
    })?;
    if let Some(r) = read.replies {
        eprintln!(
            "note: capacity from {} survey replies; {} of {} open practices sent none and keep the practices file's capacity (listed in the warnings)",
            r.replies, r.silent, r.open
        );
    }
    Ok(read.inputs)
}
