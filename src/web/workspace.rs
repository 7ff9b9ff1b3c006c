//! Web page: the workspace folder, the edge where the page keeps each closure's files. A
//! closure has a folder named by its ODS code (0700) holding `closure.toml`, the patients
//! and practices files and the postcode lookup as uploaded (0600, under fixed names: an
//! uploaded file's own name is never used as a path), its ledger, and `batches/`, the zips.

use std::path::{Path, PathBuf};

use super::file_check::FileCheck;
use crate::batch::request::{self, ClosureSource, ErrorKind, RequestError};
use crate::input::{self, ClosureForm, InputFiles, TableKind};
use crate::model::{Closure, Inputs};
use crate::private_files::{self, own_folder};

/// The postcode lookup's name in a closure's folder: the positions of the closure's own
/// postcodes, kept from the file uploaded ([`POSTCODES_SOURCE`]).
pub const POSTCODES: &str = "postcodes.csv";
/// The postcode file as uploaded (`postcodes-source.csv` or `.zip`): kept, so that the
/// closure's postcodes can be taken from it again when a list is replaced.
pub const POSTCODES_SOURCE: &str = "postcodes-source";
/// The formats a patients or practices file may have.
pub const TABLE_FORMATS: &[&str] = &["csv", "xlsx", "xls", "ods"];

/// The uploads a closure has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upload {
    /// The patient list of the dispersal's closing practice of this index (0: the first).
    Patients(usize),
    Practices,
    /// What ODS does not hold about the practices (email, capacity, status).
    PracticeDetails,
    Postcodes,
}

impl Upload {
    /// The form field, and the file's name in the folder without its ending: the first closing
    /// practice's list is `patients`, each other's `patients-<ODS code>`.
    pub fn stem_in(self, closure: &Closure) -> String {
        match self {
            Upload::Patients(0) => self.stem().to_string(),
            Upload::Patients(n) => format!("{}-{}", self.stem(), closure.closing(n).ods_code),
            _ => self.stem().to_string(),
        }
    }

    pub fn stem(self) -> &'static str {
        match self {
            Upload::Patients(_) => "patients",
            Upload::Practices => "practices",
            Upload::PracticeDetails => "practice-details",
            Upload::Postcodes => "postcodes",
        }
    }

    fn formats(self) -> &'static [&'static str] {
        match self {
            Upload::Patients(_) | Upload::Practices | Upload::PracticeDetails => TABLE_FORMATS,
            // A CSV (the ONS or NHS directory, or our own), or OS Code-Point Open's zip.
            Upload::Postcodes => &["csv", "zip"],
        }
    }
}

/// A dispersal's folder as the start page lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Listed {
    pub id: String,
    /// The closing practices' names, the first first.
    pub names: Vec<String>,
    /// The first closure date, in words.
    pub closure_date: String,
    pub has_files: bool,
}

#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
    /// Reads each uploaded list in a child process first (`None`: read here only).
    file_check: Option<FileCheck>,
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
        own_folder(root)?;
        Ok(Workspace {
            // Absolute, so that every path in a message starts with it (see `without_paths`).
            root: std::fs::canonicalize(root)?,
            file_check: None,
        })
    }

    /// `text` (a message, or a page's HTML) with the workspace's own place on the computer
    /// left out of every path: a page names a file by its place in the workspace
    /// (`G85999/patients.xlsx`), never by the folders above it.
    pub fn without_paths(&self, text: &str) -> String {
        let root = format!("{}/", self.root.display());
        let escaped = handlebars::html_escape(&root);
        text.replace(&root, "").replace(&escaped, "")
    }

    /// Each uploaded list is first read in a child process of `exe` (this `dispersal`
    /// binary), within the limits of [`super::file_check`].
    pub fn with_file_check(mut self, exe: PathBuf) -> Workspace {
        self.file_check = Some(FileCheck::new(exe));
        self
    }

    /// Every closure's id, in order.
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = std::fs::read_dir(&self.root)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|id| self.folder(id).is_some())
            .collect();
        ids.sort();
        ids
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
        self.folder(id).map(|f| f.join(request::LEDGER_FILE))
    }

    pub fn batches(&self, id: &str) -> Option<PathBuf> {
        self.folder(id).map(|f| f.join("batches"))
    }

    /// Every closure in the workspace, by id.
    pub fn list(&self) -> Vec<Listed> {
        self.ids()
            .into_iter()
            .filter_map(|id| {
                let closure = self.closure(&id).ok()?;
                let first = closure
                    .closing_practices
                    .iter()
                    .map(|c| c.closure_date)
                    .min()?;
                Some(Listed {
                    has_files: self.has_files(&closure),
                    names: closure
                        .closing_practices
                        .iter()
                        .map(|c| c.name.clone())
                        .collect(),
                    closure_date: crate::batch::date_in_words(first),
                    id,
                })
            })
            .collect()
    }

    /// The closure's settings, as its `closure.toml` has them.
    pub fn closure(&self, id: &str) -> Result<Closure, String> {
        let path = self.closure_toml(id).ok_or("there is no such closure")?;
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        input::read_closure_text(&path, &text).map_err(|e| e.to_string())
    }

    /// Every closing practice's patient list and the practices file are there.
    pub fn has_files(&self, closure: &Closure) -> bool {
        closure
            .closing_practices
            .iter()
            .all(|c| c.patients.is_file())
            && closure.inputs.practices.is_file()
    }

    /// Writes the closure's settings; a new closure gets its folder. The files already
    /// uploaded stay, and so do the dispersal's other closing practices unless `also` gives
    /// them (a `closure.toml` uploaded names its own).
    pub fn save_settings(
        &self,
        form: &ClosureForm,
        also: Option<&[crate::model::ClosingPractice]>,
    ) -> std::io::Result<String> {
        let id = form
            .value(input::closure_keys::CLOSING_PRACTICE_ODS_CODE.key)
            .trim()
            .to_uppercase();
        if !valid_id(&id) {
            return Err(std::io::Error::other("the ODS code cannot name a folder"));
        }
        let folder = self.root.join(&id);
        own_folder(&folder)?;
        let mut files = match self.closure(&id) {
            Ok(old) => InputFiles::of(&old),
            Err(_) => InputFiles {
                patients: "patients.csv".to_string(),
                practices: "practices.csv".to_string(),
                ..InputFiles::default()
            },
        };
        if let Some(also) = also {
            files.also_closing = also
                .iter()
                .map(|c| also_closing(c, &files.also_closing))
                .collect();
        }
        private_files::write(
            &folder.join("closure.toml"),
            form.to_toml_with(&files).as_bytes(),
        )?;
        Ok(id)
    }

    /// Adds a closing practice to the dispersal; its patient list is uploaded next.
    pub fn add_closing(
        &self,
        id: &str,
        practice: &crate::model::ClosingPractice,
    ) -> Result<(), String> {
        let closure = self.closure(id)?;
        let mut files = InputFiles::of(&closure);
        files
            .also_closing
            .push(also_closing(practice, &files.also_closing));
        self.write_closure(id, &closure, &files)
    }

    /// Takes a closing practice (not the first) out of the dispersal, with its patient list.
    pub fn remove_closing(&self, id: &str, ods_code: &str) -> Result<(), String> {
        let folder = self.folder(id).ok_or("there is no such closure")?;
        let closure = self.closure(id)?;
        let mut files = InputFiles::of(&closure);
        let Some(at) = files
            .also_closing
            .iter()
            .position(|c| c.ods_code == ods_code)
        else {
            return Ok(());
        };
        let gone = files.also_closing.remove(at);
        self.write_closure(id, &closure, &files)?;
        // Its list, under its fixed name (never a path from outside the folder).
        let _ = std::fs::remove_file(
            folder.join(Path::new(&gone.patients).file_name().unwrap_or_default()),
        );
        self.keep_postcodes(id)
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
        if upload == Upload::Postcodes {
            let source = self.postcodes_source_path(id, &ext)?;
            private_files::write(&source, bytes).map_err(|e| e.to_string())?;
            return self.keep_postcodes(id);
        }
        let closure = self.closure(id)?;
        let stem = upload.stem_in(&closure);
        let name = format!("{stem}.{ext}");
        for other in upload.formats() {
            let _ = std::fs::remove_file(folder.join(format!("{stem}.{other}")));
        }
        private_files::write(&folder.join(&name), bytes).map_err(|e| e.to_string())?;
        let mut files = InputFiles::of(&closure);
        match upload {
            Upload::Patients(0) => files.patients = name,
            Upload::Patients(n) => {
                if let Some(also) = files.also_closing.get_mut(n - 1) {
                    also.patients = name;
                }
            }
            Upload::Practices => files.practices = name,
            Upload::PracticeDetails => files.practice_details = Some(name),
            Upload::Postcodes => {}
        }
        self.write_closure(id, &closure, &files)?;
        // The closure's postcodes are taken again from the postcode file, for the new list.
        self.keep_postcodes(id)
    }

    /// Where an uploaded postcode file of format `ext` is kept; any other one is removed.
    pub fn postcodes_source_path(&self, id: &str, ext: &str) -> Result<PathBuf, String> {
        let folder = self.folder(id).ok_or("there is no such closure")?;
        for other in Upload::Postcodes.formats() {
            let _ = std::fs::remove_file(folder.join(format!("{POSTCODES_SOURCE}.{other}")));
        }
        Ok(folder.join(format!("{POSTCODES_SOURCE}.{ext}")))
    }

    /// Keeps the positions of the closure's postcodes from the postcode file uploaded, in
    /// [`POSTCODES`]. A postcode file that cannot be read is `Err`, saying why; lists that
    /// cannot be read yet leave it for later (the check of the list says what is wrong).
    pub fn keep_postcodes(&self, id: &str) -> Result<(), String> {
        let Some(folder) = self.folder(id) else {
            return Err("there is no such closure".to_string());
        };
        let Some(source) = Upload::Postcodes
            .formats()
            .iter()
            .map(|ext| folder.join(format!("{POSTCODES_SOURCE}.{ext}")))
            .find(|p| p.is_file())
        else {
            return Ok(());
        };
        // The lists are read here: each first in a child process, like every list the page reads.
        if self.check_files(id).is_err() {
            let _ = std::fs::remove_file(folder.join(POSTCODES));
            return Ok(());
        }
        let closure = folder.join("closure.toml");
        match input::postcodes_kept::keep_postcodes(&source, &closure, &folder.join(POSTCODES)) {
            Ok(_) => Ok(()),
            Err(e) if Path::new(e.file()) == source => Err(format!(
                "The postcode file cannot be used: {}",
                self.without_paths(&e.problem())
            )),
            Err(_) => {
                let _ = std::fs::remove_file(folder.join(POSTCODES));
                Ok(())
            }
        }
    }

    /// Writes the closure's `closure.toml` again with its `[inputs]` as given.
    pub fn write_closure(
        &self,
        id: &str,
        closure: &Closure,
        files: &InputFiles,
    ) -> Result<(), String> {
        let folder = self.folder(id).ok_or("there is no such closure")?;
        let form = ClosureForm::from_closure(closure);
        private_files::write(
            &folder.join("closure.toml"),
            form.to_toml_with(files).as_bytes(),
        )
        .map_err(|e| e.to_string())
    }

    /// The postcode lookup, when one was uploaded.
    pub fn postcodes(&self, id: &str) -> Option<PathBuf> {
        self.folder(id)
            .map(|f| f.join(POSTCODES))
            .filter(|p| p.is_file())
    }

    /// The day the capacity survey was last made (its zip in `batches/`), if it was.
    pub fn survey_made(&self, id: &str) -> Option<chrono::NaiveDate> {
        request::survey_made(&self.closure(id).ok()?, &self.batches(id)?)
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
        own_folder(&dir).map_err(|e| e.to_string())?;
        let n = self.reply_files(id).len() + 1;
        let name = format!("reply-{n:02}.{ext}");
        private_files::write(&dir.join(&name), bytes).map_err(|e| e.to_string())?;
        Ok(name)
    }

    /// Reads the closure's files as `dispersal run` reads them, with the capacity survey's
    /// replies when any were uploaded.
    pub fn inputs(&self, id: &str) -> Result<Inputs, RequestError> {
        let path = self.closure_toml(id).ok_or_else(|| {
            RequestError::new(ErrorKind::Request, "there is no such closure", &[])
        })?;
        self.check_files(id)?;
        let read = request::read_closure(&ClosureSource {
            closure: path,
            postcode_lookup: self.postcodes(id),
            capacity_replies: self
                .replies(id)
                .filter(|_| !self.reply_files(id).is_empty()),
            ..ClosureSource::default()
        })?;
        Ok(read.inputs)
    }
}

impl Workspace {
    /// Removes what a killed server left half-written in a closure's folders (an upload, a
    /// re-issued letter, a reply form), at the start, before anything is written.
    pub fn remove_unfinished(&self, id: &str) {
        if let Some(folder) = self.folder(id) {
            for dir in [
                folder.clone(),
                folder.join("letters"),
                folder.join("replies"),
            ] {
                private_files::remove_unfinished(&dir);
            }
        }
    }

    /// Each list the closure reads, read first in a child process (see
    /// [`super::file_check`]); `Err` names the file that cannot be read.
    fn check_files(&self, id: &str) -> Result<(), RequestError> {
        let (Some(check), Some(folder)) = (&self.file_check, self.folder(id)) else {
            return Ok(());
        };
        let closure = self
            .closure(id)
            .map_err(|why| RequestError::new(ErrorKind::Input, why, &[]))?;
        let mut files = vec![(closure.inputs.practices.clone(), TableKind::Practices)];
        files.extend(
            closure
                .closing_practices
                .iter()
                .map(|c| (c.patients.clone(), TableKind::Patients)),
        );
        if let Some(details) = &closure.inputs.practice_details {
            files.push((details.clone(), TableKind::PracticeDetails));
        }
        if let Some(dir) = self.replies(id) {
            files.extend(
                self.reply_files(id)
                    .into_iter()
                    .map(|name| (dir.join(name), TableKind::Reply)),
            );
        }
        for (file, kind) in files {
            let in_folder = file.parent().unwrap_or(&folder);
            check.check(in_folder, &file, kind)?;
        }
        Ok(())
    }
}

/// A path's file name as text (empty when it has none).
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_string()
}

/// A closing practice as the page keeps it after the first: its patient list is
/// `patients-<ODS code>` in the folder, or the one it already had there.
fn also_closing(
    practice: &crate::model::ClosingPractice,
    kept: &[input::AlsoClosing],
) -> input::AlsoClosing {
    let patients = kept
        .iter()
        .find(|k| k.ods_code == practice.ods_code)
        .map(|k| k.patients.clone())
        .unwrap_or_else(|| format!("{}-{}.csv", Upload::Patients(0).stem(), practice.ods_code));
    input::AlsoClosing {
        ods_code: practice.ods_code.clone(),
        name: practice.name.clone(),
        address: practice.address.clone(),
        closure_date: practice.closure_date,
        patients,
    }
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
    fn a_dispersal_gains_and_loses_closing_practices_each_with_its_list() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(&dir.path().join("ws")).unwrap();
        let sample = String::from_utf8(request::sample::closure_toml().to_vec()).unwrap();
        let sample = input::read_closure_text(Path::new("/s/closure.toml"), &sample).unwrap();
        let id = ws
            .save_settings(&ClosureForm::from_closure(&sample), None)
            .unwrap();
        let lead = ws.closure(&id).unwrap();
        let maddock = crate::model::ClosingPractice {
            ods_code: "G85998".into(),
            name: "Maddock Way Surgery".into(),
            address: vec!["1 Maddock Way".into(), "London SE17 3NH".into()],
            closure_date: lead.lead().closure_date,
            patients: PathBuf::new(),
        };
        ws.add_closing(&id, &maddock).unwrap();
        let closure = ws.closure(&id).unwrap();
        assert_eq!(closure.closing_practices.len(), 2);
        assert_eq!(
            file_name(&closure.closing_practices[1].patients),
            "patients-G85998.csv"
        );
        // Its list, uploaded as a workbook, is kept under its own name.
        ws.save_upload(
            &id,
            Upload::Patients(1),
            "list from EMIS.xlsx",
            b"not read here",
        )
        .unwrap();
        let closure = ws.closure(&id).unwrap();
        let list = closure.closing_practices[1].patients.clone();
        assert_eq!(file_name(&list), "patients-G85998.xlsx");
        assert!(list.is_file());
        assert_eq!(file_name(&closure.lead().patients), "patients.csv");
        // The settings saved again keep the second practice.
        ws.save_settings(&ClosureForm::from_closure(&closure), None)
            .unwrap();
        assert_eq!(ws.closure(&id).unwrap().closing_practices.len(), 2);
        ws.remove_closing(&id, "G85998").unwrap();
        assert_eq!(ws.closure(&id).unwrap().closing_practices.len(), 1);
        assert!(!list.exists(), "its list goes with it");
    }

    #[test]
    fn folders_and_files_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(&dir.path().join("ws")).unwrap();
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(ws.root()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
}
