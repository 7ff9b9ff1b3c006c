//! Interrupted and concurrent runs: a run killed at any moment never leaves a file with the
//! print batch's final name that is not complete, and two runs into one folder both finish
//! with an intact zip. "Complete" means every entry listed in SHA256SUMS is there with that
//! hash and nothing else is.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::common::cli::{BINARY, Dispersal};
use sha2::{Digest, Sha256};

const ZIP: &str = "dispersal-G85999-2026-11-24.zip";

/// The sample's ledger, in its output folder, with the files SQLite keeps beside it while a
/// run writes (left by a kill, taken up by the next open: the write-ahead log, and while a new
/// ledger is being set up, its rollback journal).
const LEDGER: &[&str] = &[
    "dispersal.sqlite",
    "dispersal.sqlite-wal",
    "dispersal.sqlite-shm",
    "dispersal.sqlite-journal",
];

fn run_sample(out: &Path) -> Dispersal {
    Dispersal::new(["run", "--sample", "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
}

/// Panics unless the zip opens and matches its own SHA256SUMS exactly.
fn assert_complete(zip_path: &Path) {
    let bytes = std::fs::read(zip_path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the zip opens");
    let mut entries = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("every entry inflates");
        entries.insert(entry.name().unwrap().to_string(), data);
    }
    let sums =
        String::from_utf8(entries.remove("SHA256SUMS").expect("SHA256SUMS is there")).unwrap();
    let mut listed = 0;
    for line in sums.lines() {
        let (hash, name) = line.split_once("  ").expect("hash  name");
        let data = entries
            .get(name)
            .unwrap_or_else(|| panic!("{name} is missing"));
        let actual: String = Sha256::digest(data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash, actual, "{name}");
        listed += 1;
    }
    assert_eq!(listed, entries.len(), "entries not in SHA256SUMS");
    assert!(entries.keys().any(|n| n.starts_with("print/")));
}

#[test]
fn a_run_killed_at_any_moment_leaves_no_incomplete_batch_under_the_final_name() {
    // How long a whole run takes here, to spread the kills over it.
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    assert!(run_sample(dir.path()).output().status.success());
    let whole = start.elapsed();
    assert_complete(&dir.path().join(ZIP));

    // Kill points spread over the run, in a fixed pseudo-random order.
    let mut seed: u64 = 0x6b69_6c6c;
    let mut finished = 0;
    for _ in 0..12 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let fraction = (seed >> 33) as f64 / (1u64 << 31) as f64;
        let delay = whole.mul_f64(fraction * 1.1);
        let dir = tempfile::tempdir().unwrap();
        let mut child = run_sample(dir.path()).spawn();
        std::thread::sleep(delay);
        let _ = child.kill();
        let status = child.wait().unwrap();
        let final_zip = dir.path().join(ZIP);
        if final_zip.exists() {
            // The run got as far as the rename: the batch must be whole.
            assert_complete(&final_zip);
            finished += 1;
        } else {
            assert!(!status.success(), "a successful run left no zip");
        }
        // Whatever else is left is clearly unfinished: hidden and named as temporary.
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                name == ZIP
                    || LEDGER.contains(&name.as_str())
                    || (name.starts_with('.') && !name.ends_with(".zip")),
                "{name} left after a kill at {delay:?}"
            );
        }
    }
    assert!(finished < 12, "every kill came too late to test anything");
}

#[test]
fn two_runs_into_one_folder_both_leave_an_intact_batch() {
    let dir = tempfile::tempdir().unwrap();
    let mut first = run_sample(dir.path()).spawn();
    let mut second = run_sample(dir.path()).spawn();
    assert!(first.wait().unwrap().success());
    assert!(second.wait().unwrap().success());
    assert_complete(&dir.path().join(ZIP));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, [ZIP, LEDGER[0]], "temporary files left behind");
}

#[test]
fn the_kill_test_would_see_a_broken_zip() {
    // The checker itself must fail on a cut-short zip, or the tests above prove nothing.
    let dir = tempfile::tempdir().unwrap();
    assert!(run_sample(dir.path()).output().status.success());
    let path = dir.path().join(ZIP);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() - 100]).unwrap();
    let result = std::panic::catch_unwind(|| assert_complete(&path));
    assert!(result.is_err());
}

#[test]
fn the_next_run_removes_what_a_killed_run_left_once_it_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    // A process that has ended: its id is not running any more.
    let mut gone = Command::new("true").spawn().unwrap();
    gone.wait().unwrap();
    let dead = gone.id();
    let alive = std::process::id();
    let ten_minutes_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(11 * 60);
    let leave = |name: &str, old: bool| {
        let path = dir.path().join(name);
        if name.ends_with(".scratch") {
            std::fs::create_dir(&path).unwrap();
            std::fs::write(path.join(".tmpAbC"), b"rows").unwrap();
        } else {
            std::fs::write(&path, b"PK half a zip").unwrap();
        }
        if old {
            std::fs::File::open(&path)
                .unwrap()
                .set_modified(ten_minutes_ago)
                .unwrap();
        }
    };
    let stale_zip = format!(".{ZIP}.{dead}-0.partial");
    let stale_scratch = format!(".{ZIP}.{dead}-0.scratch");
    let recent = format!(".{ZIP}.{dead}-1.partial");
    let live = format!(".{ZIP}.{alive}-0.partial");
    let other = ".notes.txt.partial".to_string();
    leave(&stale_zip, true);
    leave(&stale_scratch, true);
    leave(&recent, false);
    leave(&live, true);
    leave(&other, true);

    let out = Dispersal::bare()
        .args(["run", "--sample", "--out"])
        .arg(dir.path())
        .output();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("temporary file(s) that runs stopped before they finished had left in"),
        "{stderr}"
    );
    assert_complete(&dir.path().join(ZIP));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut kept = vec![ZIP.to_string(), LEDGER[0].to_string(), recent, live, other];
    kept.sort();
    assert_eq!(
        names, kept,
        "only the stale files of ended runs are removed"
    );
}

/// The zips the sample's ledger in `dir` records (name, SHA-256), and how many runs it holds
/// as pending.
fn ledger_state(dir: &Path) -> (Vec<(String, String)>, i64) {
    let conn = rusqlite::Connection::open(dir.join("dispersal.sqlite")).unwrap();
    let mut stmt = conn
        .prepare("SELECT zip_name, zip_sha256 FROM runs WHERE state = 'recorded' ORDER BY id")
        .unwrap();
    let recorded = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let pending = conn
        .query_row(
            "SELECT count(*) FROM runs WHERE state = 'pending'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    (recorded, pending)
}

/// Every zip in `dir` is recorded with its SHA-256, and every recorded zip is there.
fn assert_zips_and_ledger_agree(dir: &Path) {
    let (recorded, pending) = ledger_state(dir);
    assert_eq!(pending, 0, "a pending run is left");
    let mut zips: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".zip") && !n.starts_with('.'))
        .map(|n| {
            let sha: String = Sha256::digest(std::fs::read(dir.join(&n)).unwrap())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            (n, sha)
        })
        .collect();
    zips.sort();
    let mut recorded = recorded;
    recorded.sort();
    assert_eq!(zips, recorded, "the zips and the ledger's runs differ");
}

#[test]
fn a_kill_at_the_instant_the_zip_is_named_leaves_zip_and_ledger_agreeing() {
    // The three instants around the rename: the zip complete under its temporary name; its
    // run recorded as pending; the zip under its own name, the run not yet marked recorded.
    for (at, kept) in [
        ("zip-complete", false),
        ("zip-pending", true),
        ("zip-named", true),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let status = run_sample(dir.path())
            .env("DISPERSAL_KILL_AT", at)
            .output()
            .status;
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            status.signal(),
            Some(9),
            "{at}: the run was not killed there"
        );
        let named = dir.path().join(ZIP).exists();
        assert_eq!(named, at == "zip-named", "{at}");
        let (recorded, pending) = ledger_state(dir.path());
        assert!(
            recorded.is_empty(),
            "{at}: nothing counts before it is marked"
        );
        assert_eq!(pending, i64::from(at != "zip-complete"), "{at}");

        // The next run finishes or forgets it, says which, and makes only what is left.
        let out = Dispersal::bare()
            .args(["run", "--sample", "--out"])
            .arg(dir.path())
            .output();
        assert!(out.status.success(), "{at}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let said = if kept {
            format!(
                "note: the batch {ZIP} was interrupted as it was being saved; its zip was complete, so it is kept and recorded in the ledger"
            )
        } else {
            "temporary file(s) that runs stopped before they finished had left in".to_string()
        };
        assert!(stderr.contains(&said), "{at}: {stderr}");
        assert_zips_and_ledger_agree(dir.path());
        assert_complete(&dir.path().join(ZIP));
        // Nobody is sent their letter twice: a kept batch leaves nobody for the second.
        let conn = rusqlite::Connection::open(dir.path().join("dispersal.sqlite")).unwrap();
        let twice: i64 = conn
            .query_row(
                "SELECT count(*) FROM (SELECT nhs_number FROM letters GROUP BY nhs_number HAVING count(*) > 1)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(twice, 0, "{at}: a patient has two letters");
    }
}

#[test]
fn batch_files_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    // A partial zip and scratch folder as a kill leaves them, then a whole run, under the
    // umask of a stock login.
    let status = Command::new("sh")
        .arg("-c")
        .arg("umask 022; exec \"$0\" run --sample --out \"$1\"")
        .arg(BINARY)
        .arg(&out)
        .env("DISPERSAL_KILL_AT", "zip-complete")
        .status()
        .unwrap();
    assert!(!status.success());
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out), 0o700, "the output folder");
    let mut left = 0;
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        let want = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(&path), want, "{}", path.display());
        left += 1;
    }
    assert!(left >= 2, "the kill left no partial zip to look at");
    let plan = dir.path().join("plan");
    for args in [
        vec!["run", "--sample", "--out", out.to_str().unwrap()],
        vec!["plan", "--sample", "--out", plan.to_str().unwrap()],
    ] {
        let status = Command::new("sh")
            .arg("-c")
            .arg("umask 022; exec \"$@\"")
            .arg("sh")
            .arg(BINARY)
            .args(&args)
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{args:?}");
    }
    for folder in [&out, &plan] {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(!name.ends_with(".partial"), "{name} left behind");
            assert_eq!(mode(&path), 0o600, "{name}");
        }
    }
}
