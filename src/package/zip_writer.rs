//! Package stage: write the print batch as one deterministic zip, streamed entry by entry
//! under a temporary name, with `SHA256SUMS` last, and renamed only when complete; entries may
//! be compressed (and encrypted) ahead on other threads.

use std::fs::File;
use std::io::{BufReader, BufWriter, Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};
use zip::write::{FileOptions, PreparedZipFile, SimpleFileOptions};
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::sweep::{sweep_stale_temporaries, temporary_stem};
use super::{PackageError, io};

/// One entry of the print batch, compressed (and, with a passphrase, encrypted) ahead of
/// writing, on whichever thread made it: typesetting threads pack their own print files.
pub struct PackedEntry {
    path: String,
    sha256: String,
    packed: Packed,
}

enum Packed {
    /// Deflated, ready to append.
    Prepared(PreparedZipFile),
    /// A one-entry AES-256 zip whose entry is copied across as it is.
    Sealed(Vec<u8>),
}

impl PackedEntry {
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// Deflate level for PDFs. Their page contents and fonts are compressed inside already; the
/// fastest level still halves the rest (the tagged structure), within 12% of the default
/// level's size in half the time (measured on 10,000 letters: 39.4 MB instead of 35.1 MB).
const PDF_LEVEL: i64 = 1;

/// Entries that are zips themselves (workbooks, Word letters): stored as they are, since
/// deflating compressed bytes again only takes time (at 10,000 patients it made the
/// allocation workbook 3% smaller).
const ZIP_CONTAINERS: &[&str] = &[".xlsx", ".docx"];

fn entry_options<'p>(path: &str, passphrase: Option<&'p str>) -> FileOptions<'p, 'static, ()> {
    let (method, level) = if ZIP_CONTAINERS.iter().any(|ext| path.ends_with(ext)) {
        (CompressionMethod::Stored, None)
    } else {
        (
            CompressionMethod::Deflated,
            path.ends_with(".pdf").then_some(PDF_LEVEL),
        )
    };
    let options = SimpleFileOptions::default()
        .compression_method(method)
        .compression_level(level)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        .large_file(false);
    match passphrase {
        Some(passphrase) => options.with_aes_encryption(zip::AesMode::Aes256, passphrase),
        None => options,
    }
}

/// Compresses (and encrypts) one entry of the batch.
pub fn pack_entry(
    path: &str,
    bytes: &[u8],
    passphrase: Option<&str>,
) -> Result<PackedEntry, PackageError> {
    let packed = match passphrase {
        None => Packed::Prepared(PreparedZipFile::from_data(
            path,
            entry_options(path, None),
            bytes,
        )?),
        Some(_) => {
            let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
            zip.start_file(path, entry_options(path, passphrase))?;
            zip.write_all(bytes)
                .map_err(|e| PackageError::Zip(e.into()))?;
            Packed::Sealed(zip.finish()?.into_inner())
        }
    };
    Ok(PackedEntry {
        path: path.to_string(),
        sha256: hex(&Sha256::digest(bytes)),
        packed,
    })
}

/// A print batch being written as one zip in the output folder, entry by entry, so no more
/// than a print file's worth of it is ever in memory. It goes to a temporary file named for
/// this run (`.NAME.PID-N-BOOT.partial`) and gets its final name only in [`BatchWriter::finish`],
/// once `SHA256SUMS` is written, the file synced and its directory read back; a run that
/// stops early leaves no file with the final name (and removes its temporary file when it
/// can). Entries keep the order they are added in; fixed timestamps and permissions make the
/// same entries in the same order give a byte-identical zip (with a passphrase, random salts
/// differ between runs, but the entries decrypt to identical bytes).
pub struct BatchWriter {
    zip: Option<ZipWriter<BufWriter<File>>>,
    temp_path: PathBuf,
    /// A folder for this run's other temporary files (the workbooks' rows), removed with it.
    scratch: PathBuf,
    /// Temporary files and folders an earlier, killed run left here, removed by [`Self::create`].
    swept: usize,
    final_path: PathBuf,
    passphrase: Option<String>,
    /// (path, SHA-256) of every entry so far.
    sums: Vec<(String, String)>,
}

impl BatchWriter {
    pub fn create(
        dir: &Path,
        name: &str,
        passphrase: Option<&str>,
    ) -> Result<BatchWriter, PackageError> {
        static RUNS: AtomicUsize = AtomicUsize::new(0);
        crate::private_files::folder(dir).map_err(io(dir))?;
        let run = RUNS.fetch_add(1, Ordering::Relaxed);
        let swept = sweep_stale_temporaries(dir, Some(name));
        let stem = temporary_stem(name, run);
        let temp_path = dir.join(format!("{stem}.partial"));
        let scratch = dir.join(format!("{stem}.scratch"));
        crate::private_files::own_folder(&scratch).map_err(io(&scratch))?;
        let file = crate::private_files::create(&temp_path).map_err(io(&temp_path))?;
        Ok(BatchWriter {
            zip: Some(ZipWriter::new(BufWriter::new(file))),
            temp_path,
            scratch,
            swept,
            final_path: dir.join(name),
            passphrase: passphrase.map(str::to_string),
            sums: Vec::new(),
        })
    }

    /// A folder in the output folder for this run's other temporary files; it is removed when
    /// the batch is finished or abandoned.
    pub fn scratch_dir(&self) -> &Path {
        &self.scratch
    }

    /// How many temporary files or folders of earlier runs that were killed were removed.
    pub fn swept(&self) -> usize {
        self.swept
    }

    /// The passphrase entries are encrypted with, for [`pack_entry`] on other threads.
    pub fn passphrase(&self) -> Option<&str> {
        self.passphrase.as_deref()
    }

    /// Compresses and appends one entry.
    pub fn add(&mut self, path: &str, bytes: &[u8]) -> Result<(), PackageError> {
        let entry = pack_entry(path, bytes, self.passphrase.as_deref())?;
        self.add_packed(entry)
    }

    /// Appends an entry packed elsewhere.
    pub fn add_packed(&mut self, entry: PackedEntry) -> Result<(), PackageError> {
        let zip = self.zip.as_mut().ok_or(PackageError::Finished)?;
        match entry.packed {
            Packed::Prepared(file) => zip.add_prepared_file(file)?,
            Packed::Sealed(bytes) => {
                let mut one = ZipArchive::new(Cursor::new(bytes))?;
                zip.raw_copy_file(one.by_index_raw(0)?)?;
            }
        }
        self.sums.push((entry.path, entry.sha256));
        Ok(())
    }

    /// Writes one entry straight into the zip on this thread, as `write` makes it (a big CSV
    /// row by row), so the entry is never whole in memory.
    pub fn add_streamed<E: From<PackageError>>(
        &mut self,
        path: &str,
        write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
    ) -> Result<(), E> {
        let options = entry_options(path, self.passphrase.as_deref());
        let zip = self.zip.as_mut().ok_or(PackageError::Finished)?;
        zip.start_file(path, options).map_err(PackageError::from)?;
        let mut hashing = HashingWriter {
            inner: zip,
            hasher: Sha256::new(),
        };
        write(&mut hashing)?;
        let sha256 = hex(&hashing.hasher.finalize());
        self.sums.push((path.to_string(), sha256));
        Ok(())
    }

    /// The SHA-256 (hex) of each entry written so far, by its path in the zip.
    pub fn entry_sums(&self) -> std::collections::HashMap<String, String> {
        self.sums.iter().cloned().collect()
    }

    /// Writes `SHA256SUMS` (sorted by path), completes and checks the zip, and gives it its
    /// final name.
    pub fn finish(self) -> Result<PathBuf, PackageError> {
        self.complete()?.publish()
    }

    /// Writes `SHA256SUMS` (sorted by path), completes the zip, syncs it and reads its
    /// directory back, still under its temporary name: [`CompleteZip::publish`] names it.
    pub fn complete(mut self) -> Result<CompleteZip, PackageError> {
        let mut sums = std::mem::take(&mut self.sums);
        sums.sort();
        let mut text = String::new();
        for (path, sha256) in &sums {
            text.push_str(&format!("{sha256}  {path}\n"));
        }
        self.add("SHA256SUMS", text.as_bytes())?;
        let zip = self.zip.take().ok_or(PackageError::Finished)?;
        let file = zip.finish()?.into_inner().map_err(|e| PackageError::Io {
            path: self.temp_path.clone(),
            source: e.into_error(),
        })?;
        file.sync_all().map_err(io(&self.temp_path))?;
        drop(file);
        // Read the directory back: every entry must be there before the zip gets its name.
        let reread = File::open(&self.temp_path).map_err(io(&self.temp_path))?;
        let entries = ZipArchive::new(BufReader::new(reread))?.len();
        if entries != sums.len() + 1 {
            return Err(PackageError::Incomplete {
                expected: sums.len() + 1,
                found: entries,
            });
        }
        Ok(CompleteZip {
            temp_path: self.temp_path.clone(),
            final_path: self.final_path.clone(),
            published: false,
            encrypted: self.passphrase.is_some(),
        })
    }
}

/// A print batch complete and synced under its temporary name, not yet under its own: the
/// batch engine records it in the ledger as pending first, so that a kill at any instant
/// leaves a zip and a record that agree. Dropped unpublished, its file is removed.
pub struct CompleteZip {
    temp_path: PathBuf,
    final_path: PathBuf,
    published: bool,
    encrypted: bool,
}

impl CompleteZip {
    /// Whether its entries are encrypted (a passphrase was given).
    pub fn encrypted(&self) -> bool {
        self.encrypted
    }

    /// The complete zip, under its temporary name.
    pub fn temp_path(&self) -> &Path {
        &self.temp_path
    }

    /// Where it is to have its own name.
    pub fn final_path(&self) -> &Path {
        &self.final_path
    }

    /// Gives the zip its own name, and syncs its folder so the name survives a power cut.
    pub fn publish(mut self) -> Result<PathBuf, PackageError> {
        publish_file(&self.temp_path, &self.final_path)?;
        self.published = true;
        Ok(self.final_path.clone())
    }
}

impl Drop for CompleteZip {
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_file(&self.temp_path);
        }
    }
}

/// Renames a complete file to its own name and syncs the folder it is in.
pub fn publish_file(from: &Path, to: &Path) -> Result<(), PackageError> {
    std::fs::rename(from, to).map_err(io(to))?;
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io(dir))?;
    }
    Ok(())
}

impl Drop for BatchWriter {
    fn drop(&mut self) {
        // Not finished: an error stopped the run. Leave nothing that looks like a batch.
        if self.zip.take().is_some() {
            let _ = std::fs::remove_file(&self.temp_path);
        }
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// Passes bytes on and hashes them, for an entry's line in `SHA256SUMS`.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_batch_gets_its_name_only_when_finished_and_an_abandoned_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = BatchWriter::create(dir.path(), "batch.zip", None).unwrap();
        writer.add("a.txt", b"first").unwrap();
        let names = names_in(dir.path());
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(
            names[0].starts_with(".batch.zip.") && names[0].ends_with(".partial"),
            "{names:?}"
        );
        assert!(
            names[1].starts_with(".batch.zip.") && names[1].ends_with(".scratch"),
            "{names:?}"
        );
        drop(writer);
        assert!(
            names_in(dir.path()).is_empty(),
            "an abandoned batch leaves no file"
        );

        let mut writer = BatchWriter::create(dir.path(), "batch.zip", None).unwrap();
        writer.add("b.txt", b"second").unwrap();
        writer
            .add_packed(pack_entry("a.txt", b"first", None).unwrap())
            .unwrap();
        let path = writer.finish().unwrap();
        assert_eq!(names_in(dir.path()), vec!["batch.zip".to_string()]);
        let mut zip = ZipArchive::new(File::open(path).unwrap()).unwrap();
        let names: Vec<String> = (0..zip.len())
            .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(
            names,
            vec!["b.txt", "a.txt", "SHA256SUMS"],
            "added order, sums last"
        );
        let mut sums = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("SHA256SUMS").unwrap(), &mut sums).unwrap();
        let paths: Vec<&str> = sums.lines().map(|l| &l[66..]).collect();
        assert_eq!(paths, vec!["a.txt", "b.txt"], "sorted by path");
    }
}
