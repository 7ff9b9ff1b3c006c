//! Render stage, Word letter: the easy-read letter's body, as its PDF lays it out — each
//! point a row of a borderless table, its picture (a greyscale PNG of the same drawing, or
//! the QR code) on the left and its sentences beside it; section headings between; the NHS
//! Constitution's sentences in their exact words, indented behind a rule on their left.

use docx_rs::{
    BorderType, Docx, LineSpacing, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Pic,
    Run, Table, TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::units::{content_width, twips_u};
use super::writer::{Fmt, Writer};
use crate::compose::{EasyItem, EasyLine, EasyRead, Picture};
use crate::render::{RenderError, pictures, qr_png};

/// A picture's side and the space beside it, in mm, as `easy-read.typ` has them.
const PICTURE_MM: f64 = 22.0;
const GUTTER_MM: f64 = 7.0;
/// A drawing's side in pixels: 22 mm at about 280 dpi.
const PICTURE_PX: u32 = 240;

/// The relationship id (and media name) of the `n`th picture.
fn picture_id(n: usize) -> String {
    format!("rIdImageEasy{n}")
}

impl Writer<'_> {
    /// `doc` with the easy-read body added, and each picture's alternative text in order.
    pub(super) fn easy_read(
        &self,
        mut doc: Docx,
        body: &EasyRead,
        qr_url: &str,
    ) -> Result<(Docx, Vec<String>), RenderError> {
        let mut alts = Vec::new();
        for item in &body.items {
            match item {
                EasyItem::Section { text } => doc = doc.add_paragraph(self.section(text)),
                EasyItem::Point {
                    picture,
                    alt,
                    lines,
                } => {
                    let png = match picture {
                        Picture::Qr => qr_png(qr_url)?,
                        _ => pictures::png(*picture, PICTURE_PX).map_err(|e| self.error(e))?,
                    };
                    let (w, h) = super::body::png_size(&png)
                        .ok_or_else(|| self.error("a picture is not a PNG".into()))?;
                    let side = (PICTURE_MM * 36_000.0).round() as u32;
                    let pic = Pic::new_with_dimensions(png, w, h)
                        .id(picture_id(alts.len()))
                        .size(side, side);
                    alts.push(alt.clone());
                    doc = doc.add_table(self.point(pic, lines));
                }
            }
        }
        Ok((doc, alts))
    }

    /// One point: the picture, and its lines beside it.
    fn point(&self, pic: Pic, lines: &[EasyLine]) -> Table {
        let picture_width = twips_u(PICTURE_MM + GUTTER_MM);
        let text_width = content_width() - picture_width;
        let picture = TableCell::new()
            .width(picture_width, WidthType::Dxa)
            .vertical_align(VAlignType::Top)
            .add_paragraph(
                self.para()
                    .line_spacing(LineSpacing::new().before(0).after(0))
                    .add_run(Run::new().add_image(pic)),
            );
        let mut text = TableCell::new().width(text_width, WidthType::Dxa);
        for line in lines {
            text = match line {
                EasyLine::Say { text: t, strong } => text.add_paragraph(self.body_para(self.say(
                    t,
                    Fmt {
                        bold: *strong,
                        ..Fmt::default()
                    },
                ))),
                EasyLine::Constitution { text: t } => {
                    let rule = ParagraphBorder::new(ParagraphBorderPosition::Left)
                        .val(BorderType::Single)
                        .size(20)
                        .space(8)
                        .color("000000");
                    let mut quote = self.body_para(self.say(t, Fmt::default())).indent(
                        Some(twips_u(4.0) as i32),
                        None,
                        None,
                        None,
                    );
                    quote.property = quote
                        .property
                        .set_borders(ParagraphBorders::with_empty().set(rule));
                    text.add_paragraph(quote)
                }
                EasyLine::Practice { practice } => {
                    let bold = Fmt {
                        bold: true,
                        ..Fmt::default()
                    };
                    text.add_paragraph(self.body_para(self.runs(&practice.name, bold, false)))
                        .add_paragraph(self.body_para(self.runs(
                            &practice.lines.join(", "),
                            Fmt::default(),
                            false,
                        )))
                        .add_paragraph(self.body_para(self.say(&practice.phone, Fmt::default())))
                }
            };
        }
        let space = self.em(0.6) as usize;
        Table::without_borders(vec![TableRow::new(vec![picture, text])])
            .set_grid(vec![picture_width, text_width])
            .width(content_width(), WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(space / 2, 0, space / 2, 0))
            .indent(0)
    }
}
