//! Web page: the workspace folder, the edge where the page keeps each closure's files. A
//! closure has a folder named by its ODS code (0700) holding `closure.toml`, the patients
//! and practices files and the postcode lookup as uploaded (0600, under fixed names: an
//! uploaded file's own name is never used as a path), its ledger, and `batches/`, the zips.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::input::{self, ClosureForm, DiskFiles};
use crate::model::{Closure, Inputs};

/// The ledger's name in a closure's folder (as `dispersal run` names it beside closure.toml).
pub const LEDGER: &str = "dispersal.sqlite";
/// The postcode lookup's name in a closure's folder.
pub const POSTCODES: &str = "postcodes.csv";
/// The formats a patients or practices file may have.
pub const TABLE_FORMATS: &[&str] = &["csv", "xlsx", "xls", "ods"];

/// The uploads a closure has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upload {
    Patients,
    Practices,
    Postcodes,
}

impl Upload {
    pub fn stem(self) -> &'static str {
        match self {
            Upload::Patients => "patients",
            Upload::Practices => "practices",
            Upload::Postcodes => "postcodes",
        }
    }

    fn formats(self) -> &'static [&'static str] {
        match self {
            Upload::Patients | Upload::Practices => TABLE_FORMATS,
            Upload::Postcodes => &["csv"],
        }
    }
}

/// A closure folder as the start page lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listed {
    pub id: String,
    pub name: String,
    pub closure_date: String,
    pub has_files: bool,
}

#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
}

/// Makes a folder (and its parents) that only its owner can open.
pub fn private_folder(path: &Path) -> std::io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(path)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
}

/// Writes a file only its owner can read.
pub fn private_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = path.with_extension("part");
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&temp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&temp, path)
}

/// A closure's id is its ODS code: letters and digits only, so it is safe as a folder name.
pub fn valid_id(id: &str) -> bool {
    (3..=10).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

impl Workspace {
    pub fn open(root: &Path) -> std::io::Result<Workspace> {
        private_folder(root)?;
        Ok(Workspace {
            root: root.to_path_buf(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A closure's folder, if the id is one.
    pub fn folder(&self, id: &str) -> Option<PathBuf> {
        let folder = self.root.join(id);
        (valid_id(id) && folder.join("closure.toml").is_file()).then_some(folder)
    }

    pub fn closure_toml(&self, id: &str) -> Option<PathBuf> {
        self.folder(id).map(|f| f.join("closure.toml"))
    }

    pub fn ledger(&self, id: &str) -> Option<PathBuf> {
        self.folder(id).map(|f| f.join(LEDGER))
    }

    pub fn batches(&self, id: &str) -> Option<PathBuf> {
        self.folder(id).map(|f| f.join("batches"))
    }

    /// Every closure in the workspace, by id.
    pub fn list(&self) -> Vec<Listed> {
        let mut ids: Vec<String> = std::fs::read_dir(&self.root)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|id| valid_id(id))
            .collect();
        ids.sort();
        ids.into_iter()
            .filter_map(|id| {
                let closure = self.closure(&id).ok()?;
                Some(Listed {
                    has_files: self.has_files(&closure),
                    name: closure.lead().name.clone(),
                    closure_date: closure.lead().closure_date.format("%d/%m/%Y").to_string(),
                    id,
                })
            })
            .collect()
    }

    /// The closure's settings, as its `closure.toml` has them.
    pub fn closure(&self, id: &str) -> Result<Closure, String> {
        let path = self.closure_toml(id).ok_or("there is no such closure")?;
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let closure = input::read_closure_text(&path, &text).map_err(|e| e.to_string())?;
        one_closing_practice(&closure)?;
        Ok(closure)
    }

    /// Both the patients and the practices files are there.
    ///
    /// (The web page plans one closing practice at a time; see [`one_closing_practice`].)
    pub fn has_files(&self, closure: &Closure) -> bool {
        closure.lead().patients.is_file() && closure.inputs.practices.is_file()
    }

    /// Writes the closure's settings; a new closure gets its folder. The files already
    /// uploaded stay.
    pub fn save_settings(&self, form: &ClosureForm) -> std::io::Result<String> {
        let id = form
            .value("closing_practice.ods_code")
            .trim()
            .to_uppercase();
        if !valid_id(&id) {
            return Err(std::io::Error::other("the ODS code cannot name a folder"));
        }
        let folder = self.root.join(&id);
        private_folder(&folder)?;
        let (patients, practices) = match self.closure(&id) {
            Ok(old) => (
                file_name(&old.lead().patients),
                file_name(&old.inputs.practices),
            ),
            Err(_) => ("patients.csv".to_string(), "practices.csv".to_string()),
        };
        private_file(
            &folder.join("closure.toml"),
            form.to_toml(&patients, &practices).as_bytes(),
        )?;
        Ok(id)
    }

    /// Keeps an uploaded file under its fixed name, the format taken from the uploaded
    /// name's ending; `Err` says what to do.
    pub fn save_upload(
        &self,
        id: &str,
        upload: Upload,
        uploaded_name: &str,
        bytes: &[u8],
    ) -> Result<(), String> {
        let folder = self.folder(id).ok_or("there is no such closure")?;
        let ext = Path::new(uploaded_name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !upload.formats().contains(&ext.as_str()) {
            return Err(format!(
                "The {} file must be {}",
                upload.stem(),
                upload
                    .formats()
                    .iter()
                    .map(|f| f.to_uppercase())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let name = format!("{}.{ext}", upload.stem());
        for other in upload.formats() {
            let _ = std::fs::remove_file(folder.join(format!("{}.{other}", upload.stem())));
        }
        private_file(&folder.join(&name), bytes).map_err(|e| e.to_string())?;
        if upload == Upload::Postcodes {
            return Ok(());
        }
        let closure = self.closure(id)?;
        let (mut patients, mut practices) = (
            file_name(&closure.lead().patients),
            file_name(&closure.inputs.practices),
        );
        match upload {
            Upload::Patients => patients = name,
            _ => practices = name,
        }
        let form = ClosureForm::from_closure(&closure);
        private_file(
            &folder.join("closure.toml"),
            form.to_toml(&patients, &practices).as_bytes(),
        )
        .map_err(|e| e.to_string())
    }

    /// The postcode lookup, when one was uploaded.
    pub fn postcodes(&self, id: &str) -> Option<PathBuf> {
        self.folder(id)
            .map(|f| f.join(POSTCODES))
            .filter(|p| p.is_file())
    }

    /// The folder of capacity survey replies uploaded.
    pub fn replies(&self, id: &str) -> Option<PathBuf> {
        self.folder(id).map(|f| f.join("replies"))
    }

    /// The replies uploaded so far, by name.
    pub fn reply_files(&self, id: &str) -> Vec<String> {
        let mut names: Vec<String> = self
            .replies(id)
            .and_then(|d| std::fs::read_dir(d).ok())
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.starts_with("reply-"))
            .collect();
        names.sort();
        names
    }

    /// Keeps an uploaded reply form as `replies/reply-NN.<ext>`, and says under which name.
    pub fn save_reply(
        &self,
        id: &str,
        uploaded_name: &str,
        bytes: &[u8],
    ) -> Result<String, String> {
        let dir = self.replies(id).ok_or("there is no such closure")?;
        let ext = Path::new(uploaded_name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !TABLE_FORMATS.contains(&ext.as_str()) {
            return Err("A reply form must be XLSX, XLS, ODS or CSV".to_string());
        }
        private_folder(&dir).map_err(|e| e.to_string())?;
        let n = self.reply_files(id).len() + 1;
        let name = format!("reply-{n:02}.{ext}");
        private_file(&dir.join(&name), bytes).map_err(|e| e.to_string())?;
        Ok(name)
    }

    /// Reads the closure's files as `dispersal run` reads them, with the capacity survey's
    /// replies when any were uploaded.
    pub fn inputs(&self, id: &str) -> Result<Inputs, String> {
        let path = self.closure_toml(id).ok_or("there is no such closure")?;
        let lookup = self.postcodes(id);
        let mut inputs =
            input::read(&path, &DiskFiles, lookup.as_deref()).map_err(|e| e.to_string())?;
        if let Some(dir) = self
            .replies(id)
            .filter(|_| !self.reply_files(id).is_empty())
        {
            input::apply_capacity_replies(&mut inputs, &dir, &DiskFiles)
                .map_err(|e| e.to_string())?;
        }
        Ok(inputs)
    }
}

/// A path's file name as text (empty when it has none).
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string()
}

/// The web page keeps one closing practice's settings, files and ledger in each folder; a
/// `closure.toml` listing several is planned with `dispersal plan` and `dispersal run`.
pub fn one_closing_practice(closure: &Closure) -> Result<(), String> {
    if closure.several() {
        return Err(format!(
            "this closure.toml lists {} closing practices ({}); the web page plans one closing practice at a time. Plan them together with dispersal plan and dispersal run, or upload one closure.toml for each practice",
            closure.closing_practices.len(),
            closure.codes().replace('+', ", ")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_be_paths() {
        assert!(valid_id("G85999"));
        for bad in ["../etc", "g85999", "G8/99", "", "A", "G85999G85999", ".."] {
            assert!(!valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn folders_and_files_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(&dir.path().join("ws")).unwrap();
        let mode = std::fs::metadata(ws.root()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        private_file(&ws.root().join("f"), b"x").unwrap();
        let mode = std::fs::metadata(ws.root().join("f"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
