//! Input stage: decode a CSV file's bytes as text — UTF-8 (with or without BOM), UTF-16 with a
//! BOM, or clearly Windows-1252 — and refuse anything else.

use std::path::Path;

use super::InputError;

/// The hint for a file that is not readable text.
pub(crate) const RESAVE_HINT: &str = "save the file as UTF-8: in Excel: File > Save As > CSV UTF-8 (Comma delimited); or save it as an Excel workbook (.xlsx)";

/// Decode text: UTF-16 with a BOM, UTF-8 (kept as it is, without a copy), or Windows-1252
/// when the bytes are clearly Windows-1252 text. Anything else is refused.
pub(crate) fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String, InputError> {
    let refuse = |reason: &str| InputError::NotText {
        file: path.display().to_string(),
        reason: reason.to_string(),
        hint: RESAVE_HINT.to_string(),
    };
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(&bytes) {
        if encoding == encoding_rs::UTF_8 {
            let mut bytes = bytes;
            bytes.drain(..3);
            return decode_text(path, bytes);
        }
        let (text, had_errors) = encoding.decode_with_bom_removal(&bytes);
        if had_errors {
            return Err(refuse(&format!(
                "the file starts with a {} byte order mark but is not valid {} text",
                encoding.name(),
                encoding.name()
            )));
        }
        return Ok(text.into_owned());
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) if text.contains('\0') => {
            return Err(refuse("the file is not text (it contains NUL bytes)"));
        }
        Ok(text) => return Ok(text),
        Err(e) => e.into_bytes(),
    };
    if looks_like_windows_1252(&bytes) {
        let (text, _, had_errors) = encoding_rs::WINDOWS_1252.decode(&bytes);
        if !had_errors {
            return Ok(text.into_owned());
        }
    }
    Err(refuse(
        "the file is not UTF-8 text, and not clearly Windows-1252 text either",
    ))
}

/// Plain text with a few 0x80–0xFF bytes that Windows-1252 defines: no NULs or other control
/// bytes (apart from tab, CR, LF), none of the five bytes Windows-1252 leaves undefined, and
/// mostly ASCII.
fn looks_like_windows_1252(bytes: &[u8]) -> bool {
    let mut high = 0usize;
    for &b in bytes {
        match b {
            b'\t' | b'\n' | b'\r' => {}
            0x00..=0x1F | 0x7F => return false,
            0x81 | 0x8D | 0x8F | 0x90 | 0x9D => return false,
            0x80..=0xFF => high += 1,
            _ => {}
        }
    }
    high * 4 <= bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_only_when_clear() {
        let text = decode_text(Path::new("p.csv"), b"name\nZo\xEB\n".to_vec()).unwrap();
        assert_eq!(text, "name\nZo\u{eb}\n");
        assert!(decode_text(Path::new("p.csv"), b"name\0\xEB\n".to_vec()).is_err());
        assert!(decode_text(Path::new("p.csv"), b"\x81\x82\x83\x84".to_vec()).is_err());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a,b\n1,Zo\u{eb}\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(
            decode_text(Path::new("p.csv"), bytes).unwrap(),
            "a,b\n1,Zo\u{eb}\n"
        );
    }
}
