//! Batch engine: the one-by-one fallback. A print file is typeset as one document; when that
//! fails, each of its letters is tried alone, so one letter that cannot be laid out cannot stop
//! the others, and the rest are typeset together again.

use crate::compose::Letter;
use crate::render::{self, PrintFileSpec, Typesetter};

/// Typesets one print file. If the whole file fails, each letter is tried alone so one bad
/// letter cannot stop the others; the failures are returned with their reasons.
pub fn typeset<'a>(
    typesetter: &Typesetter,
    spec: &PrintFileSpec,
    letters: &[&'a Letter],
) -> (Option<render::PrintFile>, Vec<(&'a Letter, String)>) {
    match render::print_file(typesetter, spec, letters) {
        Ok(file) => (Some(file), Vec::new()),
        Err(_) => {
            let mut good = Vec::new();
            let mut failed = Vec::new();
            for letter in letters {
                match render::print_file(typesetter, spec, &[letter]) {
                    Ok(_) => good.push(*letter),
                    Err(e) => failed.push((*letter, e.to_string())),
                }
            }
            if good.is_empty() {
                return (None, failed);
            }
            match render::print_file(typesetter, spec, &good) {
                Ok(file) => (Some(file), failed),
                Err(e) => {
                    failed.extend(good.into_iter().map(|l| (l, e.to_string())));
                    (None, failed)
                }
            }
        }
    }
}
