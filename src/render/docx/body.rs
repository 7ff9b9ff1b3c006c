//! Render stage, Word letter: the body after the window — paragraphs in the letter's rhythm,
//! section headings, the receiving practice in its box, the nearby practices side by side,
//! how to find a GP beside the QR code, and the signature.

use docx_rs::{
    AlignmentType, BorderType, BreakType, LineSpacing, Paragraph, Pic, Run, Table, TableCell,
    TableCellBorder, TableCellBorderPosition, TableCellBorders, TableCellMargins, TableLayoutType,
    TableRow, VAlignType, WidthType,
};

use super::units::{content_width, twips_u};
use super::writer::{Fmt, ParagraphExt, Writer};
use crate::compose::{Letter, PracticeBlock, Text};
use crate::page;
use crate::render::{RenderError, qr_png};

/// The body's rhythm, in em of the body size: space after a paragraph, after the letter's
/// heading, around a section heading, and above the sign-off.
pub(super) const PARAGRAPH_AFTER: f64 = 0.35;
pub(super) const HEADING_AFTER: f64 = 0.5;
pub(super) const SECTION_BEFORE: f64 = 0.6;
pub(super) const SECTION_AFTER: f64 = 0.0;
pub(super) const SIGN_OFF_BEFORE: f64 = 0.4;

/// The relationship id (and media name) of the QR code image.
const QR_ID: &str = "rIdImageQr";

impl Writer<'_> {
    /// A body paragraph: the letter's direction, 0.85 em after.
    pub(super) fn body_para(&self, runs: Vec<Run>) -> Paragraph {
        self.dir_para()
            .line_spacing(LineSpacing::new().before(0).after(self.em(PARAGRAPH_AFTER)))
            .add_runs(runs)
    }

    /// A body paragraph after a table (the practice box, the QR code), spaced from it as
    /// from a paragraph.
    pub(super) fn after_table(&self, runs: Vec<Run>) -> Paragraph {
        let space = self.em(PARAGRAPH_AFTER);
        self.body_para(runs)
            .line_spacing(LineSpacing::new().before(space).after(space))
    }

    /// A section heading, kept with what follows.
    pub(super) fn section(&self, title: &Text) -> Paragraph {
        self.dir_para()
            .style("Heading2")
            .keep_next(true)
            .add_runs(self.say(title, Fmt::default()))
    }

    /// 2a: the receiving practice in a box (a one-cell table with a black border).
    pub(super) fn practice_box(&self, heading: &Text, practice: &PracticeBlock) -> Table {
        let bold = Fmt {
            bold: true,
            ..Fmt::default()
        };
        let spacing = || LineSpacing::new().before(0).after(0);
        let name = practice.name.as_str();
        let lines = practice.lines.join(", ");
        let phone = self.say(&practice.phone, Fmt::default());
        let inset = twips_u(3.0);
        let cell = boxed_cell(content_width())
            .add_paragraph(
                self.dir_para()
                    .line_spacing(spacing())
                    .add_runs(self.say(heading, bold)),
            )
            .add_paragraph(
                self.dir_para()
                    .line_spacing(self.latin_lines().before(0).after(0))
                    .add_runs(self.runs(name, bold, false)),
            )
            .add_paragraph(
                self.dir_para()
                    .line_spacing(self.latin_lines().before(0).after(0))
                    .add_runs(self.runs(&lines, Fmt::default(), false)),
            )
            .add_paragraph(
                self.dir_para()
                    .line_spacing(LineSpacing::new().before(0).after(0))
                    .add_runs(phone),
            );
        Table::without_borders(vec![TableRow::new(vec![cell]).cant_split()])
            .set_grid(vec![content_width()])
            .width(content_width(), WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(inset, inset, inset, inset))
            .indent(0)
    }

    /// Letters 1 and 2: the nearest practices side by side, as the PDF's grid has them, each
    /// in a bordered cell (name in bold, address, phone).
    pub(super) fn nearby_table(&self, practices: &[PracticeBlock]) -> Table {
        let bold = Fmt {
            bold: true,
            ..Fmt::default()
        };
        let n = practices.len().max(1);
        let width = content_width() / n;
        let inset = twips_u(2.0);
        let cells: Vec<TableCell> = practices
            .iter()
            .map(|p| {
                boxed_cell(width)
                    .add_paragraph(
                        self.dir_para()
                            .line_spacing(self.latin_lines().before(0).after(0))
                            .add_runs(self.runs(&p.name, bold, false)),
                    )
                    .add_paragraph(
                        self.dir_para()
                            .line_spacing(self.latin_lines().before(0).after(0))
                            .add_runs(self.runs(&p.lines.join(", "), Fmt::default(), false)),
                    )
                    .add_paragraph(
                        self.dir_para()
                            .line_spacing(LineSpacing::new().before(0).after(0))
                            .add_runs(self.say(&p.phone, Fmt::default())),
                    )
            })
            .collect();
        Table::without_borders(vec![TableRow::new(cells).cant_split()])
            .set_grid(vec![width; n])
            .width(content_width(), WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(inset, inset, inset, inset))
            .indent(0)
    }

    /// How to find a GP, with the QR code in a narrow column beside it (on the left in a
    /// right-to-left letter, as typst's grid puts it).
    pub(super) fn find_gp(&self, letter: &Letter) -> Result<Table, RenderError> {
        let text_width = content_width() - twips_u(page::QR_COLUMN_MM);
        let text = TableCell::new()
            .width(text_width, WidthType::Dxa)
            // No space above, as at the top of the PDF's grid cell.
            .add_paragraph(
                self.section(&self.text.find_gp_heading)
                    .line_spacing(LineSpacing::new().before(0).after(self.em(SECTION_AFTER))),
            )
            .add_paragraph(
                self.dir_para()
                    .line_spacing(LineSpacing::new().before(0).after(0))
                    .add_runs(self.say(&self.text.find_gp, Fmt::default())),
            );
        let png = qr_png(&letter.qr_url)?;
        let (w, h) = png_size(&png).ok_or_else(|| self.error("the QR code is not a PNG".into()))?;
        let side = (page::QR_SIDE_MM * 36_000.0).round() as u32;
        let pic = Pic::new_with_dimensions(png, w, h)
            .id(QR_ID)
            .size(side, side);
        let qr = TableCell::new()
            .width(twips_u(page::QR_COLUMN_MM), WidthType::Dxa)
            .vertical_align(VAlignType::Bottom)
            .add_paragraph(
                self.para()
                    .align(AlignmentType::Right)
                    .line_spacing(LineSpacing::new().before(0).after(0))
                    .add_run(Run::new().add_image(pic)),
            );
        let gutter = twips_u(page::QR_GUTTER_MM);
        let (cells, grid) = if self.rtl {
            (
                vec![qr, text],
                vec![twips_u(page::QR_COLUMN_MM), text_width],
            )
        } else {
            (
                vec![text, qr],
                vec![text_width, twips_u(page::QR_COLUMN_MM)],
            )
        };
        let margins = if self.rtl {
            TableCellMargins::new().margin(0, 0, 0, gutter / 2)
        } else {
            TableCellMargins::new().margin(0, gutter / 2, 0, 0)
        };
        Ok(
            Table::without_borders(vec![TableRow::new(cells).cant_split()])
                .set_grid(grid)
                .width(content_width(), WidthType::Dxa)
                .layout(TableLayoutType::Fixed)
                .margins(margins)
                .indent(0),
        )
    }

    /// The signatory's name and role.
    pub(super) fn signature(&self) -> Paragraph {
        let d = &self.letter.content;
        self.dir_para()
            .line_spacing(self.latin_lines().before(self.em(0.4)).after(0))
            .add_runs(self.runs(&d.signatory, Fmt::default(), false))
            .add_run(Run::new().add_break(BreakType::TextWrapping))
            .add_runs(self.runs(&d.signatory_role, Fmt::default(), self.rtl))
    }
}

/// A table cell `width` twips wide inside a thin black box, as the PDF draws a practice.
fn boxed_cell(width: usize) -> TableCell {
    let border = |position| {
        TableCellBorder::new(position)
            .border_type(BorderType::Single)
            .size(6)
            .color("000000")
    };
    TableCell::new().width(width, WidthType::Dxa).set_borders(
        TableCellBorders::new()
            .set(border(TableCellBorderPosition::Top))
            .set(border(TableCellBorderPosition::Left))
            .set(border(TableCellBorderPosition::Bottom))
            .set(border(TableCellBorderPosition::Right)),
    )
}

/// Width and height from a PNG's header.
pub(super) fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || !png.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        return None;
    }
    let w = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(png[20..24].try_into().ok()?);
    Some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_qr_code_is_a_square_png() {
        assert_eq!(
            png_size(&qr_png("x").unwrap()).map(|(w, h)| w == h),
            Some(true)
        );
    }
}
