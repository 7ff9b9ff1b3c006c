//! The letter's page: A4 portrait, its margins, where the body starts, the header's two
//! columns (the sender's letterhead, and the reference block beside it) and the QR code's
//! column. The one home of these
//! numbers, as [`crate::envelope`] is for the window: the typst layout reads them as
//! `/page.json`, and the Word writer sets its page, frames and tables by them.
//! Not a stage itself: it knows nothing of letters, only millimetres.

use serde::Serialize;

/// A4 portrait, mm.
pub const WIDTH_MM: f64 = 210.0;
pub const HEIGHT_MM: f64 = 297.0;

/// The space left blank at each edge of the page, mm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Margins {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

/// Every letter's margins.
pub const MARGINS: Margins = Margins {
    left: 20.0,
    right: 18.0,
    top: 12.0,
    bottom: 12.0,
};

/// The width between the margins, mm: the header's, the body's and large print's one column.
pub const CONTENT_WIDTH_MM: f64 = WIDTH_MM - MARGINS.left - MARGINS.right;

/// Where the body starts, mm from the page's top: the heading's capitals, below the envelope
/// window.
pub const BODY_TOP_MM: f64 = 72.0;

// The body starts below the envelope window, or the build fails.
const _: () = assert!(BODY_TOP_MM > crate::envelope::WINDOW.y1);

/// Where a translated standard-print letter's English notice starts, mm from the page's top:
/// above the header, which then follows it rather than starting at the top margin.
pub const NOTICE_TOP_MM: f64 = 6.0;

/// The sender's column: the letterhead (the organisation's name, its team and address) at the
/// left margin, mm wide.
pub const SENDER_WIDTH_MM: f64 = 100.0;

/// The space between the sender's column and the reference block's, mm.
pub const HEADER_GUTTER_MM: f64 = 8.0;

/// The reference block's column in standard print: after the sender's column and the gutter,
/// to the right margin. Its left edge and width, mm.
pub const REFERENCE_X_MM: f64 = MARGINS.left + SENDER_WIDTH_MM + HEADER_GUTTER_MM;
pub const REFERENCE_WIDTH_MM: f64 = CONTENT_WIDTH_MM - SENDER_WIDTH_MM - HEADER_GUTTER_MM;

/// The QR code beside how to find a GP: its side, the column it sits at the foot of (at the
/// content's right edge, its left in a right-to-left letter), and the gap between that column
/// and the text, mm.
pub const QR_SIDE_MM: f64 = 21.0;
pub const QR_COLUMN_MM: f64 = 24.0;
pub const QR_GUTTER_MM: f64 = 4.0;

/// The page as the letter layouts read it (`/page.json` for typst), every length in mm.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Geometry {
    pub width_mm: f64,
    pub height_mm: f64,
    pub margins: Margins,
    pub content_width_mm: f64,
    pub body_top_mm: f64,
    pub notice_top_mm: f64,
    pub sender_width_mm: f64,
    pub header_gutter_mm: f64,
    pub reference_width_mm: f64,
    pub qr_side_mm: f64,
    pub qr_column_mm: f64,
    pub qr_gutter_mm: f64,
}

/// The letter's page, for the layouts.
pub const GEOMETRY: Geometry = Geometry {
    width_mm: WIDTH_MM,
    height_mm: HEIGHT_MM,
    margins: MARGINS,
    content_width_mm: CONTENT_WIDTH_MM,
    body_top_mm: BODY_TOP_MM,
    notice_top_mm: NOTICE_TOP_MM,
    sender_width_mm: SENDER_WIDTH_MM,
    header_gutter_mm: HEADER_GUTTER_MM,
    reference_width_mm: REFERENCE_WIDTH_MM,
    qr_side_mm: QR_SIDE_MM,
    qr_column_mm: QR_COLUMN_MM,
    qr_gutter_mm: QR_GUTTER_MM,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_columns_fill_the_width_between_the_margins() {
        assert_eq!(CONTENT_WIDTH_MM, 172.0);
        assert_eq!(REFERENCE_X_MM, 128.0);
        assert_eq!(REFERENCE_WIDTH_MM, 64.0);
        assert_eq!(
            REFERENCE_X_MM + REFERENCE_WIDTH_MM,
            WIDTH_MM - MARGINS.right
        );
    }
}
