use std::fs::File;
use std::io;
use std::io::BufRead;
use std::io::Write;
use std::path::Path;
use std::path::PathBuf;
use std::process::exit;

use clap::{Parser, Subcommand};
use rayon::prelude::*;
use search_path::SearchPath;

mod parser;
use parser::RuleParser;
use parser::TableError;

use crate::parser::AnchoredRule;
use crate::parser::Direction;
use crate::test::TestResult;
use crate::translator::DisplayTable;
use crate::translator::ResolvedTranslation;
use crate::translator::TranslationError;
use crate::translator::TranslationPipeline;
use crate::translator::TranslationStage;

pub mod emphasis;
mod hyphenation;
mod metadata;
mod test;
mod translator;
mod yaml;

use tabled::{
    Table, Tabled,
    settings::{Border, Style, object::Rows},
};
use yaml::YAMLParser;

#[derive(Debug, Clone, clap::ValueEnum)]
enum TraceStyle {
    Blank,
    Table,
}

/// The commands available in the command line tool.
#[derive(Debug, Subcommand)]
enum Commands {
    /// Parse and print debug information about the given `table`.
    Parse {
        /// Braille table to parse. If no table is specified, a REPL
        /// is opened and each line you enter is parsed.
        table: Option<PathBuf>,
    },
    /// Translate `input` using the specified braille `table`.
    ///
    /// If `direction` is not specified the `input` is translated to braille, otherwise the `input`
    /// is translated from braille to text.
    Translate {
        /// Braille table to use for the translation
        table: PathBuf,
        /// String to translate. If no input is specified, a REPL is
        /// opened and each line you enter is translated.
        input: Option<String>,
        /// Direction of translation
        #[arg(value_enum, short, long, default_value_t=Direction::Forward)]
        direction: Direction,
        /// Display table mapping braille cells to the characters they are shown as. Without
        /// it braille is read and written as Unicode braille (U+2800).
        #[arg(long)]
        display: Option<PathBuf>,
    },
    /// List all the rules that were applied for the translation of `input` using the specified
    /// braille `table`.
    ///
    /// If `direction` is not specified the `input` is translated to braille, otherwise the `input`
    /// is translated from braille to text.
    Trace {
        /// Braille table to use for the translation
        table: PathBuf,
        /// String to translate. If no input is specified, a REPL is
        /// opened and each line you enter is translated.
        input: Option<String>,
        /// Direction of translation
        #[arg(value_enum, short, long, default_value_t=Direction::Forward)]
        direction: Direction,
        #[arg(value_enum, short, long, default_value_t=TraceStyle::Table)]
        style: TraceStyle,
        /// Display table mapping braille cells to the characters they are shown as. Without
        /// it braille is read and written as Unicode braille (U+2800).
        #[arg(long)]
        display: Option<PathBuf>,
    },
    /// Test braille translations from given YAML file(s).
    Check {
        /// Only show a summary of the test results
        #[arg(short, long)]
        summary: bool,
        /// YAML document(s) that specify the tests
        #[arg(required = true)]
        yaml_files: Vec<PathBuf>,
    },
    /// Find braille tables based on a metadata query. The tables are
    /// searched in the the search path `LOUIS_TABLE_PATH`.
    Query {
        /// Metadata search query <key=value,...>
        query: String,
    },
}

#[derive(Debug, Parser)] // requires `derive` feature
#[command(name = "louis")]
#[command(about = "A command line tool to translate to and from Braille")]
#[command(author, version, long_about = None)] // Read from `Cargo.toml`
struct Cli {
    #[command(subcommand)]
    command: Commands,
}

fn print_errors(errors: Vec<TableError>) {
    for error in errors {
        match error {
            TableError::ParseError { path, line, error } => match path {
                Some(path) => eprintln!("{}:{}: {}", path.display(), line, error),
                None => eprintln!("{}: {}", line, error),
            },
            _ => eprintln!("{}", error),
        }
    }
}

/// The search path for a table named on the command line: its own directory first, so that
/// `louis parse /some/where/top.utb` finds an `include base.utb` sitting next to it without that
/// directory being on `LOUIS_TABLE_PATH`. This is a convenience for a human typing a path, not a
/// lookup rule -- the library API resolves names against the search path it is handed and
/// nothing else. Unlike liblouis, which rebases on the including table at every level, the
/// directory stays on the search path for nested includes too: more permissive, never less.
fn cli_search_path(table: &Path) -> SearchPath {
    let mut search_path = SearchPath::new_or("LOUIS_TABLE_PATH", ".");
    if let Some(dir) = table.parent() {
        search_path.prepend(dir.to_path_buf());
    }
    search_path
}

fn parse(file: &Path) {
    match parser::table_expanded_in(file, &cli_search_path(file)) {
        Ok(rules) => {
            for rule in rules {
                println!("{:?}", rule);
            }
        }
        Err(errors) => {
            print_errors(errors);
        }
    }
}

#[derive(Tabled, Default)]
#[tabled(rename_all = "PascalCase")]
struct Trace {
    #[tabled(rename = "")]
    sequence_id: usize,
    from: String,
    to: String,
    #[tabled(display_with("Self::display_origin", self))]
    rule: Option<AnchoredRule>,
    stage: TranslationStage,
}

impl Trace {
    fn display_origin(&self) -> String {
        match &self.rule {
            Some(AnchoredRule { rule, .. }) => {
                format!("{}", rule)
            }
            None => String::new(),
        }
    }
}

fn print_trace(all_translations: &Vec<Vec<ResolvedTranslation>>, style: &TraceStyle) {
    let mut traces: Vec<Trace> = Vec::new();
    for (id, translation) in all_translations
        .iter()
        .flatten()
        // Only show translations witout an originating rule for the main translation stage
        .filter(|t| t.stage() == TranslationStage::Main || t.origin().is_some())
        .enumerate()
    {
        traces.push(Trace {
            sequence_id: id + 1,
            rule: translation.origin(),
            from: translation.input(),
            to: translation.output(),
            stage: translation.stage(),
        });
    }
    match style {
        TraceStyle::Blank => {
            let mut table = Table::new(traces);
            table.with(Style::blank());
            println!("{}", table);
        }
        TraceStyle::Table => {
            let mut table = Table::new(traces);
            table.with(Style::sharp());
            println!("{}", table);
        }
    }
}

/// Why a table could not be turned into a [`TranslationPipeline`]: either the table (or the
/// display table) could not be read, or it read but would not compile.
///
/// The two report differently -- reading can fail with any number of errors, each naming its
/// own file and line -- so they keep their shapes here and [`Self::report`] prints whichever
/// it is.
// FIXME: This duplicates the library's own `TranslationError` in `src/lib.rs`, variant for variant.
// It has to: the binary declares its own `mod parser`/`mod translator` rather than depending
// on the library, so the two targets compile those sources separately and the library's type
// cannot name the binary's `TableError`. See the entry about unifying the two targets in
// `TODO.org` -- fixing that removes this type rather than moving it.
#[derive(thiserror::Error, Debug)]
enum TableLoadError {
    // no `#[from]`: `Vec` doesn't implement `Error`, so it can't be a `thiserror` source
    #[error("Errors when reading given braille table(s)")]
    Table(Vec<TableError>),
    #[error(transparent)]
    Compile(#[from] TranslationError),
}

impl TableLoadError {
    fn report(self) {
        match self {
            TableLoadError::Table(errors) => print_errors(errors),
            TableLoadError::Compile(error) => eprintln!("Could not compile table: {:?}", error),
        }
    }
}

/// Compile `table`, and `display` if one was given, into a pipeline.
fn pipeline(
    table: &Path,
    display: Option<&Path>,
    direction: Direction,
) -> Result<TranslationPipeline, TableLoadError> {
    let rules =
        parser::table_expanded_in(table, &cli_search_path(table)).map_err(TableLoadError::Table)?;
    let pipeline = TranslationPipeline::compile(&rules, direction)?;
    match display {
        Some(path) => {
            let rules = parser::table_expanded_in(path, &cli_search_path(path))
                .map_err(TableLoadError::Table)?;
            Ok(pipeline.with_display(DisplayTable::compile(&rules, direction)))
        }
        None => Ok(pipeline),
    }
}

fn trace(
    table: &Path,
    display: Option<&Path>,
    direction: Direction,
    input: &str,
    style: &TraceStyle,
) {
    match pipeline(table, display, direction) {
        Ok(table) => {
            println!("{}", table.translate(input));
            print_trace(&table.trace(input), style);
        }
        Err(e) => e.report(),
    }
}

fn translate(table: &Path, display: Option<&Path>, direction: Direction, input: &str) {
    match pipeline(table, display, direction) {
        Ok(table) => println!("{}", table.translate(input)),
        Err(e) => e.report(),
    }
}

// we pass a closure to the repl function so that we can use it for
// both the parsing repl and the translation repl. In the case of the
// parsing repl it is an empty closure but the translation repl closes
// over the TranslationPipeline.
fn repl(handler: Box<dyn Fn(String)>) {
    print!("> ");
    io::stdout().flush().unwrap();

    let stdin = io::stdin();
    for line in stdin.lock().lines() {
        match line {
            Ok(line) => handler(line),
            _ => exit(0),
        }
        print!("> ");
        io::stdout().flush().unwrap();
    }
}

fn parse_line(line: String) {
    if !line.starts_with('#') && !line.is_empty() {
        let rule = RuleParser::new(&line).rule();
        match rule {
            Ok(rule) => println!("{:?}", rule),
            Err(e) => eprintln!("{:?}", e),
        }
    }
}

#[derive(Tabled, Default)]
#[tabled(rename_all = "PascalCase")]
struct YAMLTestResult {
    #[tabled(rename = "YAML File")]
    yaml_file: String,
    tests: usize,
    #[tabled(display_with("Self::display_successes", self))]
    successes: usize,
    #[tabled(display_with("Self::display_failures", self))]
    failures: usize,
    #[tabled(
        rename = "Expected\nFailures",
        display_with("Self::display_expected", self)
    )]
    expected_failures: usize,
    #[tabled(
        rename = "Unexpected\nSuccesses",
        display_with("Self::display_unexpected", self)
    )]
    unexpected_successes: usize,
    #[tabled(rename = "Position\nMismatches")]
    position_mismatches: usize,
}

fn percent(n: usize, total: usize) -> f64 {
    (n as f64 * 100.0) / total as f64
}

impl YAMLTestResult {
    fn display_successes(&self) -> String {
        format!("{:.1}%", percent(self.successes, self.tests))
    }
    fn display_failures(&self) -> String {
        format!("{:.1}%", percent(self.failures, self.tests))
    }
    fn display_expected(&self) -> String {
        format!("{:.1}%", percent(self.expected_failures, self.tests))
    }
    fn display_unexpected(&self) -> String {
        format!("{:.1}%", percent(self.unexpected_successes, self.tests))
    }
    fn update(
        &mut self,
        tests: usize,
        successes: usize,
        failures: usize,
        expected_failures: usize,
        unexpected_successes: usize,
        position_mismatches: usize,
    ) {
        self.tests += tests;
        self.successes += successes;
        self.failures += failures;
        self.expected_failures += expected_failures;
        self.unexpected_successes += unexpected_successes;
        self.position_mismatches += position_mismatches;
    }
}

/// Parses and runs a single YAML test file, returning either the test
/// results or a ready-to-print error message.
fn check_yaml_file(path: &Path) -> Result<Vec<test::TestResult>, String> {
    let file =
        File::open(path).map_err(|e| format!("Could not open yaml file {:?} ({})", path, e))?;
    let mut parser = YAMLParser::new(file)
        .map_err(|e| format!("Could not create parser {:?} ({:?})", path, e))?;
    parser
        .yaml()
        .map_err(|e| format!("{}: {}", path.display(), e))
}

fn check_yaml(paths: Vec<PathBuf>, summary: bool) {
    // Each YAML file is independent (its own tables, its own tests), so we
    // run them concurrently and only merge results back together afterwards
    // in the original order, keeping output deterministic.
    let outcomes: Vec<_> = paths.par_iter().map(|path| check_yaml_file(path)).collect();

    let mut total = YAMLTestResult::default();
    let mut yaml_results: Vec<YAMLTestResult> = Vec::new();
    for (path, outcome) in paths.iter().zip(outcomes) {
        match outcome {
            Ok(test_results) => {
                // a block that never ran is not a test, so it stays out of the
                // denominator of the success/failure percentages; it is reported
                // on stderr instead
                let tests = test_results.iter().filter(|r| !r.is_error()).count();
                let successes = test_results.iter().filter(|r| r.is_success()).count();
                let failures = test_results
                    .iter()
                    .filter(|r| r.is_translation_failure())
                    .count();
                let expected_failures = test_results
                    .iter()
                    .filter(|r| r.is_expected_failure())
                    .count();
                let unexpected_successes = test_results
                    .iter()
                    .filter(|r| r.is_unexpected_success())
                    .count();
                let position_mismatches = test_results
                    .iter()
                    .filter(|r| r.is_position_failure())
                    .count();
                total.update(
                    tests,
                    successes,
                    failures,
                    expected_failures,
                    unexpected_successes,
                    position_mismatches,
                );
                yaml_results.push(YAMLTestResult {
                    yaml_file: path
                        .file_name()
                        .map_or("".to_string(), |f| f.to_string_lossy().into_owned()),
                    tests,
                    successes,
                    failures,
                    expected_failures,
                    unexpected_successes,
                    position_mismatches,
                });
                // A block that never ran is a problem with the table or the test
                // file, not a translation failure, so it goes to stderr with the
                // file that caused it -- and is counted in its own column, since
                // the suite is normally run with stderr discarded.
                for res in &test_results {
                    if let TestResult::Error(error) = res {
                        eprintln!("{}: {}", path.display(), error);
                    }
                }
                if !summary {
                    for res in &test_results {
                        if !res.is_success() && !res.is_error() {
                            println!("{:?}", res);
                        }
                    }
                }
            }
            Err(message) => {
                eprintln!("{}", message);
            }
        }
    }
    if summary {
        yaml_results.sort_by_key(|r| r.tests);
        total.yaml_file = "Total".to_string();
        yaml_results.push(total);
        let mut table = Table::new(yaml_results);
        table.with(Style::sharp());
        // add a special separator above the Total row
        table.modify(Rows::last(), Border::inherit(Style::sharp()));
        println!("{}", table);
    }
}

fn main() {
    env_logger::init();

    let args = Cli::parse();

    match args.command {
        Commands::Parse { table } => match table {
            Some(table) => parse(table.as_path()),
            None => repl(Box::new(parse_line)),
        },
        Commands::Translate {
            table,
            input,
            direction,
            display,
        } => match input {
            Some(input) => {
                translate(&table, display.as_deref(), direction, &input);
            }
            None => match pipeline(&table, display.as_deref(), direction) {
                Ok(table) => repl(Box::new(move |input| {
                    println!("{}", table.translate(&input));
                })),
                Err(e) => e.report(),
            },
        },
        Commands::Trace {
            table,
            input,
            direction,
            style,
            display,
        } => match input {
            Some(input) => {
                trace(&table, display.as_deref(), direction, &input, &style);
            }
            None => match pipeline(&table, display.as_deref(), direction) {
                Ok(table) => repl(Box::new(move |input| {
                    println!("{}", table.translate(&input));
                    print_trace(&table.trace(&input), &style);
                })),
                Err(e) => e.report(),
            },
        },
        Commands::Check {
            yaml_files,
            summary,
        } => check_yaml(yaml_files, summary),
        Commands::Query { query } => match (metadata::Query::parse(&query), metadata::index()) {
            (Ok(query), Ok(index)) => {
                println!("{:?}", index.find(query));
            }
            (Err(e), _) => {
                eprintln!("Invalid query: {e}")
            }
            (_, Err(e)) => {
                eprintln!("Could not index all tables: {e}")
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_search_path_starts_at_the_tables_own_directory() {
        // Only the first entry is asserted, so the ambient LOUIS_TABLE_PATH does not matter.
        let search_path = cli_search_path(Path::new("/some/where/top.utb"));
        assert_eq!(
            search_path.iter().next(),
            Some(&PathBuf::from("/some/where"))
        );
    }
}
