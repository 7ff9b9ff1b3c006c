//! The `dispersal` binary as an officer runs it: one builder for every test that runs it, and
//! what it printed, ready to read or to snapshot.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The binary the tests run (Cargo builds it for them).
pub const BINARY: &str = env!("CARGO_BIN_EXE_dispersal");

/// One run of the `dispersal` binary: its arguments, and any environment, folder or input.
/// The setters are `Command`'s; [`Dispersal::output`] runs it to the end.
pub struct Dispersal {
    command: Command,
}

impl Dispersal {
    /// `dispersal ARGS`.
    pub fn new<S: AsRef<OsStr>>(args: impl IntoIterator<Item = S>) -> Dispersal {
        let mut command = Command::new(BINARY);
        command.args(args);
        Dispersal { command }
    }

    /// `dispersal`, its arguments to follow.
    pub fn bare() -> Dispersal {
        Dispersal {
            command: Command::new(BINARY),
        }
    }

    /// One more argument.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Dispersal {
        self.command.arg(arg);
        self
    }

    /// More arguments.
    pub fn args<S: AsRef<OsStr>>(mut self, args: impl IntoIterator<Item = S>) -> Dispersal {
        self.command.args(args);
        self
    }

    /// An environment variable for this run only.
    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Dispersal {
        self.command.env(key, value);
        self
    }

    /// An environment variable this run must not see.
    pub fn env_remove(mut self, key: &str) -> Dispersal {
        self.command.env_remove(key);
        self
    }

    /// The folder it runs in.
    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Dispersal {
        self.command.current_dir(dir);
        self
    }

    /// Its standard input.
    pub fn stdin(mut self, stdin: Stdio) -> Dispersal {
        self.command.stdin(stdin);
        self
    }

    /// Its standard output, when it is started with [`Dispersal::spawn`].
    pub fn stdout(mut self, stdout: Stdio) -> Dispersal {
        self.command.stdout(stdout);
        self
    }

    /// Its standard error, when it is started with [`Dispersal::spawn`].
    pub fn stderr(mut self, stderr: Stdio) -> Dispersal {
        self.command.stderr(stderr);
        self
    }

    /// Runs it to the end; what it printed and its exit status.
    pub fn output(mut self) -> Output {
        self.command.output().expect("the dispersal binary runs")
    }

    /// Starts it and returns at once (a server, or a run to kill part way).
    pub fn spawn(mut self) -> Child {
        self.command.spawn().expect("the dispersal binary starts")
    }
}

/// `dispersal ARGS`, run to the end.
pub fn dispersal(args: &[&str]) -> Output {
    Dispersal::new(args).output()
}

/// What it printed to standard output.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What it printed to standard error.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Its last line of output: the file it wrote (a zip, a plan.csv).
pub fn last_line(o: &Output) -> PathBuf {
    PathBuf::from(stdout(o).lines().last().unwrap_or_default())
}

/// Asserts it ran to the end without error, showing what it printed if not.
#[track_caller]
pub fn assert_ok(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(o), stderr(o));
}

/// What an officer sees: the exit code, standard output and standard error, with `dir` (the
/// test's temporary folder) written as `[DIR]`. Snapshots pass it through [`snapshot_filters`].
pub fn seen(o: &Output, dir: &Path) -> String {
    format!(
        "exit code: {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    )
    .replace(dir.to_str().expect("temporary folders are UTF-8"), "[DIR]")
}

/// What changes from one run to the next in the CLI's output: the time something was
/// recorded (UTC), written as `[TIME]`, and today's date, as `[TODAY]`.
pub fn snapshot_filters() -> Vec<(String, String)> {
    let today = chrono::Local::now().date_naive();
    vec![
        (
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ".to_string(),
            "[TIME]".to_string(),
        ),
        (
            regex_escape(&today.format("%d/%m/%Y").to_string()),
            "[TODAY]".to_string(),
        ),
        (
            regex_escape(&today.format("%Y-%m-%d").to_string()),
            "[TODAY]".to_string(),
        ),
    ]
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '/' | '-' => c.to_string(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            c => format!("\\{c}"),
        })
        .collect()
}

/// Snapshots what an officer sees of one run (see [`seen`]) under a name, with
/// [`snapshot_filters`]: `assert_seen!("name", &output, dir.path())`. A macro, so that the
/// snapshot is named after the test's module, as `insta::assert_snapshot!` names it.
macro_rules! assert_seen {
    ($name:expr, $output:expr, $dir:expr) => {{
        let mut settings = insta::Settings::clone_current();
        for (pattern, replacement) in $crate::common::cli::snapshot_filters() {
            settings.add_filter(&pattern, replacement);
        }
        settings.bind(|| {
            insta::assert_snapshot!($name, $crate::common::cli::seen($output, $dir));
        });
    }};
}
pub(crate) use assert_seen;
