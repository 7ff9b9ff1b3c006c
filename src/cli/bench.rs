//! CLI: `dispersal bench` — a deterministic synthetic closure of N patients run through the
//! real pipeline, with letters per second, time per stage, peak memory, and a naive baseline
//! (one letter compiled and exported at a time on one thread) to compare with.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::batch::{self, BatchOptions, SyntheticClosure, synthetic};
use crate::input;
use crate::render;

use super::EXIT_OK;

/// Peak resident memory of this process in MB (Linux), if known.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// `dispersal bench --patients N [--closures C] [--threads T]`.
pub fn bench(
    patients: usize,
    closures: usize,
    threads: usize,
    letters_per_file: Option<usize>,
    out: Option<&Path>,
    baseline_letters: usize,
) -> anyhow::Result<u8> {
    let dir = match out {
        Some(d) => d.to_path_buf(),
        None => std::env::temp_dir().join(format!("dispersal-bench-{}", std::process::id())),
    };
    // The closure is written to files and read from them as `dispersal run` reads one: held
    // in memory instead, the patients file would be there twice while it is read (and, made
    // whole before it was written, 390 MB at 500,000 patients).
    let input_dir =
        std::env::temp_dir().join(format!("dispersal-bench-input-{}", std::process::id()));
    if let Err(e) = SyntheticClosure::write(patients, closures, &input_dir) {
        let _ = std::fs::remove_dir_all(&input_dir);
        return Err(e.into());
    }
    let started = Instant::now();
    let inputs = input::read(&input_dir.join("closure.toml"), &input::DiskFiles, None);
    let read = started.elapsed();
    let _ = std::fs::remove_dir_all(&input_dir);
    let inputs = inputs?;
    let options = BatchOptions {
        threads,
        letters_per_file,
        ..BatchOptions::default()
    };
    let (reused_before, shaped_before) = render::shaped_text_reuse();
    let (composed_before, whole_before, moved_before) = render::shared_body_paths();
    let outcome = batch::run(inputs, &dir, &options, &mut ())?;
    let total = started.elapsed();
    let timings = outcome.timings.clone();
    let letters = outcome.letters.len();
    let zip_mb = outcome
        .zip
        .as_ref()
        .and_then(|zip| std::fs::metadata(zip).ok())
        .map_or(0.0, |m| m.len() as f64 / 1e6);
    let peak = peak_rss_mb();
    let (reused, shaped) = render::shaped_text_reuse();
    let (reused, shaped) = (reused - reused_before, shaped - shaped_before);
    let (composed, whole, moved) = render::shared_body_paths();
    let (composed, whole, moved) = (
        composed - composed_before,
        whole - whole_before,
        moved - moved_before,
    );

    let letters_per_file = outcome.letters_per_file;
    // What the run keeps is not the baseline's: peak memory is the run's alone.
    drop(outcome);
    let naive_rate = naive_baseline(patients, baseline_letters)?;
    let rate = letters as f64 / total.as_secs_f64().max(1e-9);
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!("patients           {patients}");
    println!("closing practices  {}", closures.max(1));
    println!("letters            {letters}");
    println!("threads            {threads}");
    println!("letters per file   {letters_per_file}");
    println!("total              {:.0} ms", ms(total));
    println!("letters per second {rate:.0}");
    println!(
        "stages (typesetting threads work at once, so their times add up to more than the total)"
    );
    println!("  read             {:.0} ms", ms(read));
    println!("  plan             {:.0} ms", ms(timings.plan));
    println!("  compose          {:.0} ms", ms(timings.compose));
    println!("  render           {:.0} ms", ms(timings.render));
    println!("  check            {:.0} ms", ms(timings.check));
    println!("  package          {:.0} ms", ms(timings.package));
    match peak {
        Some(mb) => println!("peak RSS           {mb:.0} MB"),
        None => println!("peak RSS           unknown (no /proc/self/status)"),
    }
    println!("zip                {zip_mb:.1} MB");
    println!(
        "shaped text reused {reused} times, shaped {shaped} times ({:.0}% reused)",
        100.0 * reused as f64 / (reused + shaped).max(1) as f64
    );
    println!(
        "shared bodies      {composed} letters put on a body laid out once, {whole} laid out whole ({moved} of them because their own parts would have moved the rest)"
    );
    match naive_rate {
        Some(naive) => println!(
            "naive baseline     {naive:.0} letters/s (one letter per compile and export, 1 thread, {baseline_letters} letters); this run is {:.1}x",
            rate / naive.max(1e-9)
        ),
        None => println!("naive baseline     not run (--baseline 0)"),
    }
    if out.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(EXIT_OK)
}

/// Patients the naive baseline's closure is cut to: enough for its letters, and a large run's
/// closure read a second time would count in the run's peak memory.
const NAIVE_PATIENTS: usize = 10_000;

/// The naive baseline: the first `letters` letters of the same synthetic closure (its first
/// [`NAIVE_PATIENTS`] patients), each compiled and exported alone on one thread. The closure is
/// made and read again (the run took the first reading).
fn naive_baseline(patients: usize, letters: usize) -> anyhow::Result<Option<f64>> {
    if letters == 0 {
        return Ok(None);
    }
    let inputs = input::read(
        &PathBuf::from("bench/closure.toml"),
        &synthetic(patients.min(NAIVE_PATIENTS)),
        None,
    )?;
    Ok(Some(batch::naive_letters_per_second(inputs, letters)?))
}
