//! Input stage: read and validate the closure, its patient list and its practices.
// Placeholder with the agreed API while the real stage is written on its branch.
use std::path::Path;

use crate::model::Inputs;

pub trait Files {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>>;
}

pub struct DiskFiles;

impl Files for DiskFiles {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("todo")]
    Todo,
}

pub fn read(
    _closure_path: &Path,
    _files: &dyn Files,
    _postcode_lookup: Option<&Path>,
) -> Result<Inputs, InputError> {
    Err(InputError::Todo)
}
