//! Render stage: the fonts a Word letter embeds, so it opens in its own fonts on a computer
//! that has none of them (an NHS Windows PC has no Noto fonts; LibreOffice elsewhere falls
//! back to DejaVu Sans, or to boxes for Tamil and Bengali).
//!
//! Each font is embedded as Word embeds it (ECMA-376 Part 1, §17.8.1): a part
//! `word/fonts/fontN.odttf` whose first 32 bytes are XORed with the font key, the key in
//! `word/fontTable.xml`, and `w:embedTrueTypeFonts` in the settings. Every font is a subset
//! made for the letter: the characters it prints, plus ASCII and Latin-1 so that an officer
//! can correct a name or an address in Word, with the font's layout tables (Arabic joining,
//! Indic conjuncts) kept for those characters. The shipped fonts are all TrueType (the
//! Chinese subset too), the only outlines Word embeds.

use std::collections::BTreeSet;
use std::io::{Cursor, Read, Write};

use fontcull_klippa::{DEFAULT_LAYOUT_FEATURES, Plan, SubsetFlags, subset_font};
use fontcull_skrifa::raw::collections::IntSet;
use fontcull_skrifa::raw::types::NameId;
use fontcull_skrifa::{FontRef, GlyphId, Tag};

use crate::letter_fonts;

/// What the officer may type into a Word letter without leaving its fonts: ASCII and
/// Latin-1 (the £ sign, accented names), dashes and curly quotes.
const EDITING: &[(char, char)] = &[
    (' ', '~'),
    ('\u{A0}', '\u{FF}'),
    ('\u{2013}', '\u{2014}'),
    ('\u{2018}', '\u{201D}'),
];

/// Fonts embedded whole, the same in every letter: the subsetter loses Noto Nastaliq Urdu's
/// joining (LibreOffice then sets every letter of a word apart, in its isolated form), though
/// its features are the usual ones. 0.6 MB each, regular and bold.
const EMBEDDED_WHOLE: &[&str] = &["Noto Nastaliq Urdu"];

/// One font embedded in a Word letter.
pub(super) struct EmbeddedFont {
    /// The family name Word and LibreOffice match runs by: the shipped font's, then the
    /// subset's tag ("Noto Sans 1A2B3C").
    pub family: String,
    /// The shipped font's family ("Noto Sans").
    pub shipped: String,
    pub bold: bool,
    /// The key in `w:fontKey` form, `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`.
    pub key: String,
    /// The subset font, obfuscated with the key.
    pub odttf: Vec<u8>,
}

/// The letter's fonts (each family in regular and bold), subset to `chars` and the
/// characters an officer may type, and obfuscated.
pub(super) fn embed(
    families: &[&str],
    chars: &BTreeSet<char>,
) -> Result<Vec<EmbeddedFont>, String> {
    let mut unicodes: IntSet<u32> = IntSet::empty();
    for &c in chars {
        unicodes.insert(c as u32);
    }
    for &(first, last) in EDITING {
        unicodes.insert_range(first as u32..=last as u32);
    }
    // The subsets of one character set are named for it: LibreOffice keeps the first
    // embedded font of a name for as long as it runs, so a second letter's subset of the same
    // name would lose the characters only it has (a Polish letter opened after an English one
    // would set ę and ł in a fallback font). Letters with the same characters share the name
    // and the fonts.
    let tag = {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        for c in unicodes.iter() {
            hash.update(c.to_be_bytes());
        }
        let digest = hash.finalize();
        digest[..3]
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<String>()
    };
    let mut out = Vec::new();
    for &family in families {
        for bold in [false, true] {
            let data = letter_fonts::font_file(family, bold)
                .ok_or_else(|| format!("no shipped font \"{family}\" (bold: {bold})"))?;
            let (name, subset) = if EMBEDDED_WHOLE.contains(&family) {
                (family.to_string(), data.to_vec())
            } else {
                let name = format!("{family} {tag}");
                let subset = subset(data, &unicodes).map_err(|e| format!("{family}: {e}"))?;
                let subset = rename(&subset, &name, bold).map_err(|e| format!("{family}: {e}"))?;
                (name, subset)
            };
            let key = font_key(&name, bold);
            out.push(EmbeddedFont {
                shipped: family.to_string(),
                family: name,
                bold,
                odttf: obfuscate(subset, &key),
                key: guid_text(&key),
            });
        }
    }
    Ok(out)
}

/// A font cut down to `unicodes`, with the glyphs its layout tables reach from them and the
/// names Word shows (copyright, family, style, unique name, full name, version, PostScript
/// name, typographic family and style).
fn subset(data: &[u8], unicodes: &IntSet<u32>) -> Result<Vec<u8>, String> {
    let font = FontRef::new(data).map_err(|e| format!("{e:?}"))?;
    let glyphs: IntSet<GlyphId> = IntSet::empty();
    let drop_tables: IntSet<Tag> = IntSet::empty();
    let scripts: IntSet<Tag> = IntSet::all();
    let features: IntSet<Tag> = DEFAULT_LAYOUT_FEATURES.iter().copied().collect();
    let mut names: IntSet<NameId> = IntSet::empty();
    for id in [0u16, 1, 2, 3, 4, 5, 6, 16, 17] {
        names.insert(NameId::new(id));
    }
    let mut languages: IntSet<u16> = IntSet::empty();
    languages.insert(0x409);
    let plan = Plan::new(
        &glyphs,
        unicodes,
        &font,
        SubsetFlags::default(),
        &drop_tables,
        &scripts,
        &features,
        &names,
        &languages,
    );
    subset_font(&font, &plan).map_err(|e| format!("{e:?}"))
}

/// The font with a name table of its own: `family` as its family (name 1 and 16), regular
/// or bold as its style, the copyright, version and licence kept from the shipped font.
fn rename(font: &[u8], family: &str, bold: bool) -> Result<Vec<u8>, String> {
    use fontcull_skrifa::raw::TableProvider;
    let source = FontRef::new(font).map_err(|e| format!("{e:?}"))?;
    let style = if bold { "Bold" } else { "Regular" };
    let postscript: String = family
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let postscript = format!("{postscript}-{style}");
    let full = format!("{family} {style}");
    // Kept from the shipped font where it has them: copyright (0), version (5), licence
    // description and URL (13, 14).
    let mut kept = Vec::new();
    if let Ok(name) = source.name() {
        for record in name.name_record() {
            let id = record.name_id().to_u16();
            if [0, 5, 13, 14].contains(&id)
                && record.platform_id() == 3
                && record.language_id() == 0x409
                && let Ok(text) = record.string(name.string_data())
            {
                kept.push((id, text.chars().collect::<String>()));
            }
        }
    }
    let mut records: Vec<(u16, String)> = kept;
    records.extend([
        (1, family.to_string()),
        (2, style.to_string()),
        (3, postscript.clone()),
        (4, full),
        (6, postscript),
        (16, family.to_string()),
        (17, style.to_string()),
    ]);
    records.sort_by_key(|(id, _)| *id);
    records.dedup_by_key(|(id, _)| *id);
    let table = name_table(&records);
    let mut builder = fontcull_write_fonts::FontBuilder::new();
    builder.add_raw(Tag::new(b"name"), table);
    builder.copy_missing_tables(source);
    Ok(builder.build())
}

/// A `name` table, format 0: each record for Windows, Unicode BMP, US English, in UTF-16BE.
fn name_table(records: &[(u16, String)]) -> Vec<u8> {
    let mut strings = Vec::new();
    let mut head = Vec::new();
    let count = records.len() as u16;
    head.extend(0u16.to_be_bytes());
    head.extend(count.to_be_bytes());
    head.extend((6 + 12 * count).to_be_bytes());
    for (id, text) in records {
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for field in [
            3u16,
            1,
            0x409,
            *id,
            bytes.len() as u16,
            strings.len() as u16,
        ] {
            head.extend(field.to_be_bytes());
        }
        strings.extend(bytes);
    }
    head.extend(strings);
    head
}

/// A fixed key for each font, so that the same letter gives the same bytes: the first 16
/// bytes of the SHA-256 of its family and weight.
fn font_key(family: &str, bold: bool) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("dispersal font key: {family}, bold {bold}"));
    let mut key = [0; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// The key as `w:fontKey` writes it: 32 hex digits in GUID groups.
fn guid_text(key: &[u8; 16]) -> String {
    let hex: String = key.iter().map(|b| format!("{b:02X}")).collect();
    format!(
        "{{{}-{}-{}-{}-{}}}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// ECMA-376's font obfuscation: the first 32 bytes XORed with the key's bytes, read from the
/// GUID's hex digits last byte first. The same operation reverses it.
fn obfuscate(mut font: Vec<u8>, key: &[u8; 16]) -> Vec<u8> {
    for (i, byte) in font.iter_mut().take(32).enumerate() {
        *byte ^= key[15 - i % 16];
    }
    font
}

/// `word/fontTable.xml` naming each family once, with its regular and bold embedded, and its
/// relationships (`word/_rels/fontTable.xml.rels`).
pub(super) fn font_table(fonts: &[EmbeddedFont]) -> (String, String) {
    let mut table = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" ",
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    ));
    let mut rels = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    ));
    let mut families: Vec<&str> = fonts.iter().map(|f| f.family.as_str()).collect();
    families.dedup();
    for family in families {
        // No w:family or w:charset: given either, LibreOffice sets the letters of Latin
        // Extended-A (Polish, Lithuanian, Romanian, Turkish) in a fallback font.
        table.push_str(&format!("<w:font w:name=\"{family}\">"));
        for (i, font) in fonts.iter().enumerate() {
            if font.family != family {
                continue;
            }
            let element = if font.bold {
                "embedBold"
            } else {
                "embedRegular"
            };
            let id = format!("rIdFont{}", i + 1);
            table.push_str(&format!(
                "<w:{element} r:id=\"{id}\" w:fontKey=\"{}\" />",
                font.key
            ));
            rels.push_str(&format!(
                "<Relationship Id=\"{id}\" \
                 Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/font\" \
                 Target=\"fonts/{}\" />",
                part_name(i)
            ));
        }
        table.push_str("</w:font>");
    }
    table.push_str("</w:fonts>");
    rels.push_str("</Relationships>");
    (table, rels)
}

/// The file name of the `i`th embedded font under `word/fonts/`.
fn part_name(i: usize) -> String {
    format!("font{}.odttf", i + 1)
}

/// The package docx-rs wrote, with the fonts added, and every part deflated (docx-rs stores
/// them) under a fixed date, so the same letter gives the same bytes.
pub(super) fn repack(docx: &[u8], fonts: &[EmbeddedFont]) -> Result<Vec<u8>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).map_err(|e| e.to_string())?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let (table, rels) = font_table(fonts);
    let z = |e: zip::result::ZipError| e.to_string();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(z)?;
        let name = entry.name().map_err(z)?.to_string();
        if entry.is_dir() {
            continue;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
        let bytes = match name.as_str() {
            "word/fontTable.xml" => table.clone().into_bytes(),
            "word/settings.xml" => embed_setting(bytes)?,
            "[Content_Types].xml" => font_content_type(bytes)?,
            _ => bytes,
        };
        out.start_file(name, options).map_err(z)?;
        out.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    out.start_file("word/_rels/fontTable.xml.rels", options)
        .map_err(z)?;
    out.write_all(rels.as_bytes()).map_err(|e| e.to_string())?;
    for (i, font) in fonts.iter().enumerate() {
        out.start_file(format!("word/fonts/{}", part_name(i)), options)
            .map_err(z)?;
        out.write_all(&font.odttf).map_err(|e| e.to_string())?;
    }
    Ok(out.finish().map_err(z)?.into_inner())
}

/// `w:embedTrueTypeFonts` (open in the embedded fonts) and `w:saveSubsetFonts` (keep them
/// subset when Word saves the letter again), first in the settings, where the schema puts them.
fn embed_setting(settings: Vec<u8>) -> Result<Vec<u8>, String> {
    let xml = String::from_utf8(settings).map_err(|e| e.to_string())?;
    let start = xml
        .find("<w:settings")
        .and_then(|at| xml[at..].find('>').map(|end| at + end + 1))
        .ok_or("docx-rs wrote no <w:settings> element")?;
    let mut out = xml;
    out.insert_str(start, "<w:embedTrueTypeFonts /><w:saveSubsetFonts />");
    Ok(out.into_bytes())
}

/// The content type of `.odttf` parts.
fn font_content_type(types: Vec<u8>) -> Result<Vec<u8>, String> {
    let xml = String::from_utf8(types).map_err(|e| e.to_string())?;
    let end = "</Types>";
    if !xml.contains(end) {
        return Err("docx-rs wrote no </Types>".into());
    }
    Ok(xml
        .replacen(
            end,
            "<Default Extension=\"odttf\" \
             ContentType=\"application/vnd.openxmlformats-officedocument.obfuscatedFont\" />\
             </Types>",
            1,
        )
        .into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obfuscation_reverses_and_keys_read_as_guids() {
        let key = font_key("Noto Sans", false);
        let text = guid_text(&key);
        assert_eq!(text.len(), 38);
        assert!(text.starts_with('{') && text.ends_with('}'));
        let font = (0..40u8).collect::<Vec<_>>();
        let hidden = obfuscate(font.clone(), &key);
        assert_ne!(hidden[..32], font[..32]);
        assert_eq!(hidden[32..], font[32..]);
        assert_eq!(obfuscate(hidden, &key), font);
        assert_ne!(font_key("Noto Sans", true), key);
    }

    #[test]
    fn subsets_keep_the_letter_characters_and_are_small() {
        let chars: BTreeSet<char> = "আপনার নতুন জিপি".chars().collect();
        let fonts = embed(&["Noto Sans Bengali", "Noto Sans"], &chars).unwrap();
        assert_eq!(fonts.len(), 4);
        for font in &fonts {
            let plain = obfuscate(font.odttf.clone(), &{
                let mut key = [0; 16];
                for (i, b) in key.iter_mut().enumerate() {
                    *b = u8::from_str_radix(
                        &font.key.replace(['{', '}', '-'], "")[i * 2..i * 2 + 2],
                        16,
                    )
                    .unwrap();
                }
                key
            });
            let face = ttf_parser::Face::parse(&plain, 0).unwrap();
            assert!(plain.len() < 120_000, "{} {}", font.family, plain.len());
            match font.shipped.as_str() {
                "Noto Sans Bengali" => assert!(face.glyph_index('ন').is_some()),
                _ => assert!(face.glyph_index('£').is_some()),
            }
        }
    }
}
