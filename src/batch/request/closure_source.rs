//! Batch engine (requests): `ClosureSource`, which closure a request is for — a closure.toml,
//! or the bundled sample — and reading it as every command and page reads one: the postcode
//! lookup and locales given, then the capacity survey's replies, which set the capacities.

use std::path::{Path, PathBuf};

use crate::input::{self, DiskFiles, Files};
use crate::model::{Inputs, PracticeStatus};

use super::RequestError;
use super::sample;

/// Which closure to read, and what to read with it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClosureSource {
    /// The closure's `closure.toml` (not read with `sample`).
    pub closure: PathBuf,
    /// The bundled sample closure instead.
    pub sample: bool,
    /// A postcode lookup (for the sample: the sample's own, unless one is given).
    pub postcode_lookup: Option<PathBuf>,
    /// A folder of locales, over closure.toml's `[letters] locales`.
    pub locales: Option<PathBuf>,
    /// A folder of capacity survey replies.
    pub capacity_replies: Option<PathBuf>,
}

/// A closure read, and what its survey replies did.
#[derive(Debug)]
pub struct ClosureRead {
    pub inputs: Inputs,
    /// `None` when no replies were read.
    pub replies: Option<RepliesRead>,
}

/// What the capacity survey's replies set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepliesRead {
    /// Practices whose capacity a reply set.
    pub replies: usize,
    /// Open practices.
    pub open: usize,
    /// Open practices that sent none, and keep the practices file's capacity.
    pub silent: usize,
}

/// Reads the closure, then its survey replies.
pub fn read_closure(source: &ClosureSource) -> Result<ClosureRead, RequestError> {
    let mut inputs = read_files(source)?;
    let replies = match &source.capacity_replies {
        Some(dir) => {
            let replies = input::apply_capacity_replies(&mut inputs, dir, &DiskFiles)?;
            let open: Vec<_> = inputs
                .practices
                .iter()
                .filter(|p| p.status == PracticeStatus::Open)
                .collect();
            Some(RepliesRead {
                replies: replies.capacities.len(),
                open: open.len(),
                silent: open
                    .iter()
                    .filter(|p| !replies.capacities.contains_key(&p.ods_code))
                    .count(),
            })
        }
        None => None,
    };
    Ok(ClosureRead { inputs, replies })
}

/// The closure's files as read, before any survey replies.
fn read_files(source: &ClosureSource) -> Result<Inputs, RequestError> {
    let locales = source.locales.as_deref();
    if !source.sample {
        return Ok(input::read_with_locales(
            &source.closure,
            &DiskFiles,
            source.postcode_lookup.as_deref(),
            locales,
        )?);
    }
    let closure = PathBuf::from(sample::CLOSURE);
    let lookup = source
        .postcode_lookup
        .clone()
        .unwrap_or_else(|| PathBuf::from(sample::POSTCODES));
    // A lookup or locales given with the sample are read from disk; the rest is the bundled
    // sample.
    let files: &dyn Files = if source.postcode_lookup.is_some() || locales.is_some() {
        &Mixed
    } else {
        &sample::SampleFiles
    };
    Ok(input::read_with_locales(
        &closure,
        files,
        Some(&lookup),
        locales,
    )?)
}

/// The sample's files, with a postcode lookup or locales from disk.
struct Mixed;

impl Files for Mixed {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        if path.starts_with("sample") {
            sample::SampleFiles.read(path)
        } else {
            DiskFiles.read(path)
        }
    }

    fn read_at_most(&self, path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
        if path.starts_with("sample") {
            sample::SampleFiles.read(path)
        } else {
            DiskFiles.read_at_most(path, limit)
        }
    }

    fn open(&self, path: &Path) -> std::io::Result<Box<dyn std::io::Read + '_>> {
        if path.starts_with("sample") {
            sample::SampleFiles.open(path)
        } else {
            DiskFiles.open(path)
        }
    }

    fn open_seekable(&self, path: &Path) -> std::io::Result<Box<dyn input::ReadSeek + '_>> {
        if path.starts_with("sample") {
            sample::SampleFiles.open_seekable(path)
        } else {
            DiskFiles.open_seekable(path)
        }
    }
}
