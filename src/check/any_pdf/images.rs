//! Check stage, any PDF: images — whether an image paints in colour, from its colour space
//! and, where they can be decoded here, its pixels.

use lopdf::{Dictionary, Document, Object, Stream};

use super::objects::{number, resolve};
use super::space::{Space, is_grey};

/// How far apart the red, green and blue of a JPEG pixel may be and still be grey: more than
/// for a lossless pixel, as JPEG compression tints greys slightly.
const JPEG_GREY_TOLERANCE: u8 = 12;

/// Whether an image (an image XObject or an inline image) paints in colour; a stencil mask
/// paints with the current fill colour (`fill_is_colour`).
pub(super) fn image_is_colour(
    doc: &Document,
    image: &Stream,
    resources: &Dictionary,
    fill_is_colour: bool,
) -> bool {
    let dict = &image.dict;
    let flag = |long: &[u8], short: &[u8]| {
        dict.get(long)
            .or_else(|_| dict.get(short))
            .ok()
            .map(|o| resolve(doc, o))
            .and_then(|o| o.as_bool().ok())
            .unwrap_or(false)
    };
    // A stencil mask paints with the current fill colour.
    if flag(b"ImageMask", b"IM") {
        return fill_is_colour;
    }
    let space = match dict.get(b"ColorSpace").or_else(|_| dict.get(b"CS")) {
        Ok(space) => Space::of(doc, space, resources, 0),
        // JPEG 2000 images may carry their own colour space; they cannot be decoded here.
        Err(_) => return true,
    };
    let filters: Vec<Vec<u8>> = image
        .filters()
        .map(|f| f.iter().map(|n| n.to_vec()).collect())
        .unwrap_or_default();
    match space {
        Space::Grey => false,
        Space::Colour | Space::Pattern => true,
        Space::Indexed(grey) => {
            if grey.iter().all(|&g| g) {
                return false;
            }
            // Only the palette entries the pixels use matter.
            match decoded_samples(image, &filters) {
                Some(samples) if bits(dict) == 8 => samples
                    .iter()
                    .any(|&i| !grey.get(i as usize).copied().unwrap_or(true)),
                _ => true,
            }
        }
        Space::Rgb | Space::Cmyk => {
            let channels = if space == Space::Rgb { 3 } else { 4 };
            if filters
                .last()
                .is_some_and(|f| f == b"DCTDecode" || f == b"DCT")
            {
                return jpeg_is_colour(image, &filters);
            }
            match decoded_samples(image, &filters) {
                Some(samples) if bits(dict) == 8 => samples.chunks(channels).any(|px| {
                    let values: Vec<f64> = px.iter().map(|&b| f64::from(b) / 255.0).collect();
                    !is_grey(&space, &values)
                }),
                Some(samples) if bits(dict) == 16 => samples.chunks(2 * channels).any(|px| {
                    let values: Vec<f64> = px.chunks(2).map(|b| f64::from(b[0]) / 255.0).collect();
                    !is_grey(&space, &values)
                }),
                _ => true,
            }
        }
    }
}

fn bits(dict: &Dictionary) -> i64 {
    dict.get(b"BitsPerComponent")
        .or_else(|_| dict.get(b"BPC"))
        .ok()
        .and_then(number)
        .unwrap_or(8.0) as i64
}

/// An image's samples with its filters undone, when they are ones we can undo here.
fn decoded_samples(image: &Stream, filters: &[Vec<u8>]) -> Option<Vec<u8>> {
    if filters.is_empty() {
        return Some(image.content.clone());
    }
    let lossless = filters.iter().all(|f| {
        matches!(
            f.as_slice(),
            b"FlateDecode"
                | b"Fl"
                | b"LZWDecode"
                | b"LZW"
                | b"ASCIIHexDecode"
                | b"AHx"
                | b"ASCII85Decode"
                | b"A85"
                | b"RunLengthDecode"
                | b"RL"
        )
    });
    if !lossless {
        return None;
    }
    image.decompressed_content().ok()
}

/// Whether a JPEG image has any pixel that is not grey.
fn jpeg_is_colour(image: &Stream, filters: &[Vec<u8>]) -> bool {
    let data = if filters.len() > 1 {
        // Other filters first (e.g. ASCII85), then the JPEG: undo those with lopdf.
        let mut without = image.clone();
        let rest: Vec<Object> = filters[..filters.len() - 1]
            .iter()
            .map(|f| Object::Name(f.clone()))
            .collect();
        without.dict.set("Filter", Object::Array(rest));
        match without.decompressed_content() {
            Ok(data) => data,
            Err(_) => return true,
        }
    } else {
        image.content.clone()
    };
    match image::load_from_memory_with_format(&data, image::ImageFormat::Jpeg) {
        Ok(decoded) => match decoded {
            image::DynamicImage::ImageLuma8(_) | image::DynamicImage::ImageLuma16(_) => false,
            other => other.to_rgb8().pixels().any(|p| {
                let [r, g, b] = p.0;
                r.abs_diff(g) > JPEG_GREY_TOLERANCE
                    || g.abs_diff(b) > JPEG_GREY_TOLERANCE
                    || r.abs_diff(b) > JPEG_GREY_TOLERANCE
            }),
        },
        Err(_) => true,
    }
}
