//! Shared: the one way files and folders that hold patient data are made — readable by their
//! owner only (files 0600, folders 0700) whatever the umask, since the mode asked for is only
//! ever narrowed by it. Every stage, edge and front end that writes a letter, a list, a zip,
//! a workbook or a scratch file makes it here.

use std::fs::File;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// A file's mode: its owner reads and writes it, nobody else.
pub const FILE_MODE: u32 = 0o600;
/// A folder's mode: its owner opens it, nobody else.
pub const FOLDER_MODE: u32 = 0o700;

/// Makes `path` and any missing parents, each one made here 0700. A folder that is already
/// there keeps its mode (it may be the officer's own, such as their documents folder).
pub fn folder(path: &Path) -> std::io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(FOLDER_MODE)
        .create(path)
}

/// Makes `path` as [`folder`] does and sets it to 0700 if it was there already: for folders
/// that only this tool uses (the web page's workspace, a batch's scratch folder).
pub fn own_folder(path: &Path) -> std::io::Result<()> {
    folder(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(FOLDER_MODE))
}

/// Creates (or empties) the file at `path`, 0600 — also when it was there before with
/// another mode.
pub fn create(path: &Path) -> std::io::Result<File> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(FILE_MODE)
        .open(path)?;
    file.set_permissions(std::fs::Permissions::from_mode(FILE_MODE))?;
    Ok(file)
}

/// Creates a new file at `path`, 0600; an error if there is one already.
pub fn create_new(path: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(FILE_MODE)
        .open(path)
}

/// The ending of the temporary file [`write`] writes before it renames.
const PART: &str = ".part";

/// Removes the temporary files of [`write`]s that a killed process left in `dir`; how many.
/// Only for a folder nothing else is writing to at the time (the web page's, at its start).
pub fn remove_unfinished(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with('.') && name.ends_with(PART)
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// Writes `bytes` to `path`, 0600, whole or not at all: to a temporary file beside it
/// (`.NAME.part`), synced, then renamed over it; its folder is made as [`folder`] does.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        folder(parent)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}{PART}"));
    let written = create(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn files_and_folders_are_private_and_an_old_file_becomes_private() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        folder(&nested).unwrap();
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&nested), 0o700);
        let old = nested.join("old.csv");
        std::fs::write(&old, "x").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        create(&old).unwrap();
        assert_eq!(mode(&old), 0o600);
        write(&nested.join("new.pdf"), b"%PDF").unwrap();
        assert_eq!(mode(&nested.join("new.pdf")), 0o600);
        assert_eq!(std::fs::read(nested.join("new.pdf")).unwrap(), b"%PDF");
        let names: Vec<_> = std::fs::read_dir(&nested).unwrap().collect();
        assert_eq!(names.len(), 2, "no temporary file is left");
        std::fs::write(nested.join(".new.pdf.part"), b"%P").unwrap();
        assert_eq!(remove_unfinished(&nested), 1);
        assert!(nested.join("new.pdf").exists() && nested.join("old.csv").exists());
    }
}
