//! Check stage, any PDF: reading the PDF's objects — following references, a page's inherited
//! attributes and printed size, numbers and named resources.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Follow a reference (a few steps at most); anything else is itself.
pub(super) fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    let mut object = object;
    for _ in 0..8 {
        match object {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(next) => object = next,
                Err(_) => return &Object::Null,
            },
            _ => return object,
        }
    }
    &Object::Null
}

/// A page attribute that may be inherited from the page tree (MediaBox, Resources, Rotate…).
pub(super) fn inherited<'a>(
    doc: &'a Document,
    page_id: ObjectId,
    key: &[u8],
) -> Option<&'a Object> {
    let mut id = page_id;
    for _ in 0..32 {
        let dict = doc.get_dictionary(id).ok()?;
        if let Ok(value) = dict.get(key) {
            return Some(value);
        }
        id = dict.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

pub(super) fn number(object: &Object) -> Option<f64> {
    match object {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
}

/// The printed size of a page in millimetres: the crop box (else the media box), turned by
/// /Rotate. A page without a usable box is given US Letter's size, as PDF readers assume.
pub(super) fn page_size_mm(doc: &Document, page_id: ObjectId) -> (f64, f64) {
    let rect = |key: &[u8]| -> Option<(f64, f64)> {
        let array = resolve(doc, inherited(doc, page_id, key)?)
            .as_array()
            .ok()?;
        let n: Vec<f64> = array
            .iter()
            .map(|o| number(resolve(doc, o)))
            .collect::<Option<_>>()?;
        let [x0, y0, x1, y1] = n.as_slice() else {
            return None;
        };
        Some(((x1 - x0).abs(), (y1 - y0).abs()))
    };
    let (w, h) = rect(b"CropBox")
        .or_else(|| rect(b"MediaBox"))
        .unwrap_or((612.0, 792.0));
    let rotate = inherited(doc, page_id, b"Rotate")
        .and_then(|r| number(resolve(doc, r)))
        .unwrap_or(0.0) as i64;
    let (w, h) = if rotate.rem_euclid(180) == 90 {
        (h, w)
    } else {
        (w, h)
    };
    let mm = 25.4 / 72.0;
    (w * mm, h * mm)
}

/// `resources[category][name]`, references followed.
pub(super) fn dict_entry<'a>(
    doc: &'a Document,
    resources: &'a Dictionary,
    category: &[u8],
    name: &[u8],
) -> Option<&'a Object> {
    let category = resolve(doc, resources.get(category).ok()?).as_dict().ok()?;
    Some(resolve(doc, category.get(name).ok()?))
}
