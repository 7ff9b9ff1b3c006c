//! Check stage, any PDF: colour spaces — what a PDF colour space, pattern or shading can
//! paint, and whether a colour given in a space is a grey.

use lopdf::{Dictionary, Document, Object};

use super::objects::{dict_entry, number, resolve};

/// How far apart the red, green and blue of a lossless pixel or colour may be and still be grey.
const GREY_TOLERANCE: f64 = 1.5 / 255.0;

/// What a colour space can paint.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Space {
    /// Only greys (DeviceGray, CalGray, one-component ICC, a black separation).
    Grey,
    Rgb,
    Cmyk,
    /// Indexed colours: whether each palette entry is grey.
    Indexed(Vec<bool>),
    /// Pattern: the colour depends on the pattern named when it is set.
    Pattern,
    /// Spot colours and anything else that is not grey (Lab, DeviceN, a named separation).
    Colour,
}

impl Space {
    /// The colour space an operand or a dictionary entry names.
    pub(super) fn of(
        doc: &Document,
        object: &Object,
        resources: &Dictionary,
        depth: usize,
    ) -> Space {
        if depth > 4 {
            return Space::Colour;
        }
        match resolve(doc, object) {
            Object::Name(name) => match name.as_slice() {
                b"DeviceGray" | b"G" | b"CalGray" => Space::Grey,
                b"DeviceRGB" | b"RGB" => Space::Rgb,
                b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
                b"Pattern" => Space::Pattern,
                other => match dict_entry(doc, resources, b"ColorSpace", other) {
                    Some(defined) if !matches!(defined, Object::Name(n) if n == other) => {
                        Space::of(doc, defined, resources, depth + 1)
                    }
                    _ => Space::Colour,
                },
            },
            Object::Array(array) => {
                let family = array.first().and_then(|f| f.as_name().ok()).unwrap_or(b"");
                match family {
                    b"CalGray" => Space::Grey,
                    b"CalRGB" => Space::Rgb,
                    b"ICCBased" => {
                        let n = array
                            .get(1)
                            .map(|s| resolve(doc, s))
                            .and_then(|s| s.as_stream().ok())
                            .and_then(|s| s.dict.get(b"N").ok().and_then(number));
                        match n {
                            Some(1.0) => Space::Grey,
                            Some(3.0) => Space::Rgb,
                            Some(4.0) => Space::Cmyk,
                            _ => Space::Colour,
                        }
                    }
                    b"Indexed" | b"I" => {
                        let base = array
                            .get(1)
                            .map(|b| Space::of(doc, b, resources, depth + 1))
                            .unwrap_or(Space::Colour);
                        let table: Vec<u8> = match array.get(3).map(|t| resolve(doc, t)) {
                            Some(Object::String(bytes, _)) => bytes.clone(),
                            Some(Object::Stream(s)) => s
                                .decompressed_content()
                                .unwrap_or_else(|_| s.content.clone()),
                            _ => Vec::new(),
                        };
                        let per = match base {
                            Space::Grey => 1,
                            Space::Rgb => 3,
                            Space::Cmyk => 4,
                            _ => return Space::Colour,
                        };
                        let grey = table
                            .chunks(per)
                            .map(|entry| {
                                let values: Vec<f64> =
                                    entry.iter().map(|&b| f64::from(b) / 255.0).collect();
                                is_grey(&base, &values)
                            })
                            .collect();
                        Space::Indexed(grey)
                    }
                    b"Separation" => {
                        let name = array.get(1).and_then(|n| n.as_name().ok()).unwrap_or(b"");
                        if name == b"Black" || name == b"All" {
                            Space::Grey
                        } else {
                            Space::Colour
                        }
                    }
                    b"DeviceN" => {
                        let all_black = array
                            .get(1)
                            .map(|n| resolve(doc, n))
                            .and_then(|n| n.as_array().ok())
                            .is_some_and(|names| {
                                names
                                    .iter()
                                    .all(|n| matches!(n.as_name(), Ok(b"Black" | b"None")))
                            });
                        if all_black {
                            Space::Grey
                        } else {
                            Space::Colour
                        }
                    }
                    b"Pattern" => Space::Pattern,
                    _ => match array.first() {
                        Some(first @ Object::Name(_)) if array.len() == 1 => {
                            Space::of(doc, first, resources, depth + 1)
                        }
                        _ => Space::Colour,
                    },
                }
            }
            _ => Space::Colour,
        }
    }
}

/// Whether the pattern `name` in the resources paints in colour.
pub(super) fn pattern_is_colour(doc: &Document, name: &[u8], resources: &Dictionary) -> bool {
    let Some(pattern) = dict_entry(doc, resources, b"Pattern", name) else {
        return true;
    };
    let dict = match pattern {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        _ => return true,
    };
    match dict.get(b"PatternType").ok().and_then(number) {
        // A shading pattern is as colourful as its shading.
        Some(2.0) => {
            let shading = dict.get(b"Shading").ok().map(|s| resolve(doc, s));
            shading_is_colour(doc, shading, resources)
        }
        // A tiling pattern paints its own content: be safe and call it colour unless it
        // is uncoloured (PaintType 2), which takes the colour of the operands.
        _ => dict.get(b"PaintType").ok().and_then(number) != Some(2.0),
    }
}

/// Whether a shading paints in colour (one that cannot be read is taken to).
pub(super) fn shading_is_colour(
    doc: &Document,
    shading: Option<&Object>,
    resources: &Dictionary,
) -> bool {
    let dict = match shading {
        Some(Object::Dictionary(d)) => d,
        Some(Object::Stream(s)) => &s.dict,
        _ => return true,
    };
    match dict.get(b"ColorSpace") {
        Ok(space) => Space::of(doc, space, resources, 0) != Space::Grey,
        Err(_) => true,
    }
}

/// Whether colour components in a space are a grey.
pub(super) fn is_grey(space: &Space, values: &[f64]) -> bool {
    match space {
        Space::Grey => true,
        Space::Rgb => match values {
            [r, g, b, ..] => {
                (r - g).abs() <= GREY_TOLERANCE
                    && (g - b).abs() <= GREY_TOLERANCE
                    && (r - b).abs() <= GREY_TOLERANCE
            }
            _ => false,
        },
        // Neutral in CMYK: no cyan, magenta or yellow, or the same of each.
        Space::Cmyk => match values {
            [c, m, y, ..] => (c - m).abs() <= GREY_TOLERANCE && (m - y).abs() <= GREY_TOLERANCE,
            _ => false,
        },
        Space::Indexed(grey) => values
            .first()
            .map(|&i| grey.get(i as usize).copied().unwrap_or(false))
            .unwrap_or(false),
        Space::Pattern | Space::Colour => false,
    }
}
