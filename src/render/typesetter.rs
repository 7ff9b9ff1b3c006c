//! Render stage: the typst `World` for a whole run — the standard library, the fonts shipped
//! in `letter-templates/fonts/` and the letter layouts, loaded once — and a cheap per-batch
//! view that adds the batch's data at fixed virtual paths.

use std::collections::HashMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::pictures;
use crate::compose::Picture;
use crate::letter_fonts::FONTS;

/// The letter layouts compiled into the binary: (virtual path, source).
const TEMPLATES: &[(&str, &str)] = &[
    (
        "/batch.typ",
        include_str!("../../letter-templates/batch.typ"),
    ),
    (
        "/letter.typ",
        include_str!("../../letter-templates/letter.typ"),
    ),
    ("/2a.typ", include_str!("../../letter-templates/2a.typ")),
    ("/2b.typ", include_str!("../../letter-templates/2b.typ")),
    ("/2c.typ", include_str!("../../letter-templates/2c.typ")),
    (
        "/easy-read.typ",
        include_str!("../../letter-templates/easy-read.typ"),
    ),
    (
        "/notice.typ",
        include_str!("../../letter-templates/notice.typ"),
    ),
    (
        "/cover.typ",
        include_str!("../../letter-templates/cover.typ"),
    ),
];

/// The committee report's layout (not a letter's, so not in [`layouts_sha256`]).
const REPORT: (&str, &str) = (
    "/report.typ",
    include_str!("../../letter-templates/report.typ"),
);

/// The parts of each letter that differ from patient to patient, laid out alone for
/// `shared_body` (not in [`layouts_sha256`]: the letters it helps make are the same letters).
const PARTS: (&str, &str) = (
    "/parts.typ",
    include_str!("../../letter-templates/parts.typ"),
);

/// The layouts' SHA-256 (the letters' templates as compiled in, the page and envelope
/// geometry they read, and the easy-read letter's pictures), for the ledger's record of what a letter was made with.
pub fn layouts_sha256() -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    let geometry = [
        (PAGE_PATH, geometry_json(&crate::page::GEOMETRY)),
        (ENVELOPE_PATH, geometry_json(&crate::envelope::GEOMETRY)),
    ];
    let pictures: Vec<(String, &[u8])> = Picture::DRAWINGS
        .into_iter()
        .filter_map(|p| Some((pictures::path(p), pictures::svg(p)?)))
        .collect();
    let files = TEMPLATES
        .iter()
        .map(|&(path, source)| (path, source.as_bytes()))
        .chain(geometry.iter().map(|(path, json)| (*path, json.as_slice())))
        .chain(pictures.iter().map(|(path, svg)| (path.as_str(), *svg)));
    for (path, bytes) in files {
        hash.update(path.as_bytes());
        hash.update([0]);
        hash.update(bytes);
        hash.update([0]);
    }
    hash.finalize().into()
}

/// A geometry's constants as the JSON the layouts read.
fn geometry_json(geometry: &impl serde::Serialize) -> Vec<u8> {
    // Structs of numbers: always JSON.
    serde_json::to_vec(geometry).expect("the geometry is JSON")
}

/// Where the batch's letters (JSON) and the QR code (PNG) appear to the layouts. Fixed paths:
/// typst never frees file ids, so per-letter paths would leak.
pub const BATCH_PATH: &str = "/batch.json";
pub const QR_PATH: &str = "/qr.png";
/// The envelope window and the address block's insets, from [`crate::envelope::GEOMETRY`].
pub const ENVELOPE_PATH: &str = "/envelope.json";
/// A4, the margins, the body's top and the header's columns, from [`crate::page::GEOMETRY`].
pub const PAGE_PATH: &str = "/page.json";

fn file_id(path: &str) -> FileId {
    // The paths are constants above; a bad one is a programming error caught by every test.
    let vpath = VirtualPath::new(path).expect("valid virtual path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// Everything typst needs that stays the same for a whole run.
pub struct Typesetter {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    sources: HashMap<FileId, Source>,
    main: FileId,
    report: FileId,
    parts: FileId,
    batch: FileId,
    qr: FileId,
    envelope: FileId,
    envelope_json: Bytes,
    page: FileId,
    page_json: Bytes,
    /// The easy-read letter's pictures, at [`pictures::path`].
    pictures: HashMap<FileId, Bytes>,
}

impl Typesetter {
    pub fn new() -> Typesetter {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        let book = FontBook::from_fonts(&fonts);
        let sources = TEMPLATES
            .iter()
            .chain([&REPORT, &PARTS])
            .map(|(path, text)| {
                let id = file_id(path);
                (id, Source::new(id, text.to_string()))
            })
            .collect();
        Typesetter {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(book),
            fonts,
            sources,
            main: file_id("/batch.typ"),
            report: file_id(REPORT.0),
            parts: file_id(PARTS.0),
            batch: file_id(BATCH_PATH),
            qr: file_id(QR_PATH),
            envelope: file_id(ENVELOPE_PATH),
            envelope_json: Bytes::new(geometry_json(&crate::envelope::GEOMETRY)),
            page: file_id(PAGE_PATH),
            page_json: Bytes::new(geometry_json(&crate::page::GEOMETRY)),
            pictures: Picture::DRAWINGS
                .into_iter()
                .filter_map(|p| Some((file_id(&pictures::path(p)), Bytes::new(pictures::svg(p)?))))
                .collect(),
        }
    }

    /// A typesetter whose main file is `source` instead of the batch layout (for tests of the
    /// measurements on arbitrary pages).
    #[cfg(test)]
    pub(crate) fn with_main_source(source: &str) -> Typesetter {
        let mut t = Typesetter::new();
        t.sources
            .insert(t.main, Source::new(t.main, source.to_string()));
        t
    }

    /// The font families available to the layouts.
    pub fn families(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .book
            .families()
            .map(|(name, _)| name.to_string())
            .collect();
        names.dedup();
        names
    }

    /// A world for one batch: the layouts plus this batch's data.
    pub fn world<'a>(&'a self, batch_json: Bytes, qr_png: Bytes) -> BatchWorld<'a> {
        BatchWorld {
            base: self,
            main: self.main,
            batch_json,
            qr_png,
        }
    }

    /// A world for one batch's letters' own parts (`parts.typ`): the batch data is the
    /// letters' data with everything else blanked.
    pub(crate) fn parts_world<'a>(&'a self, batch_json: Bytes, qr_png: Bytes) -> BatchWorld<'a> {
        BatchWorld {
            base: self,
            main: self.parts,
            batch_json,
            qr_png,
        }
    }

    /// A world for the committee report, its figures at the batch data's path.
    pub fn report_world(&self, report_json: Bytes) -> BatchWorld<'_> {
        BatchWorld {
            base: self,
            main: self.report,
            batch_json: report_json,
            qr_png: Bytes::new(Vec::new()),
        }
    }
}

impl Default for Typesetter {
    fn default() -> Self {
        Typesetter::new()
    }
}

/// The typst world for one compile: the run's typesetter plus one batch's data.
pub struct BatchWorld<'a> {
    base: &'a Typesetter,
    main: FileId,
    batch_json: Bytes,
    qr_png: Bytes,
}

impl World for BatchWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.base.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.base.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.base
            .sources
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_with_slash().into()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.base.batch {
            Ok(self.batch_json.clone())
        } else if id == self.base.qr {
            Ok(self.qr_png.clone())
        } else if id == self.base.envelope {
            Ok(self.base.envelope_json.clone())
        } else if id == self.base.page {
            Ok(self.base.page_json.clone())
        } else if let Some(picture) = self.base.pictures.get(&id) {
            Ok(picture.clone())
        } else if let Some(source) = self.base.sources.get(&id) {
            Ok(Bytes::from_string(source.clone()))
        } else {
            Err(FileError::NotFound(
                id.get().vpath().get_with_slash().into(),
            ))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.base.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // Letters carry their date as data; a fixed date keeps output reproducible.
        Datetime::from_ymd(2000, 1, 1)
    }
}
