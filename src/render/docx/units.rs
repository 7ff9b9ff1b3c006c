//! Render stage, Word letter: lengths in Word's units — millimetres to twips (twentieths of
//! a point), points to half points — and the width between the page's margins.

use crate::page;

/// Points to Word's half points.
pub(super) fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

/// mm to twentieths of a point.
pub(super) fn twips(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

pub(super) fn twips_u(mm: f64) -> usize {
    twips(mm).max(0) as usize
}

/// The text width between the margins, in twips.
pub(super) fn content_width() -> usize {
    twips_u(page::CONTENT_WIDTH_MM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_convert_to_twips() {
        assert_eq!(twips(25.4), 1440);
        assert_eq!(content_width(), 9751);
    }
}
