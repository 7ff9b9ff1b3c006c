//! Render stage, Word letter: the top of the page, placed by [`crate::page`] and
//! [`crate::envelope`] as the PDF places it — a translated letter's English notice, the
//! letterhead and the reference block beside it, the recipient's address in a frame over the
//! envelope window, and large print's details after the window.

use docx_rs::{
    BreakType, FrameProperty, HeightRule, LineSpacing, LineSpacingType, Paragraph, Run, Table,
    TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};

use super::patch::MARK_ENGLISH;
use super::units::{content_width, half_points, twips, twips_u};
use super::writer::{Fmt, ParagraphExt, Writer};
use crate::compose::Text;
use crate::page::{self, MARGINS};
use crate::render::RenderError;
use crate::{envelope, letter_fonts};

/// How far above its capitals the heading's first line starts, in em of the body size
/// (the font's ascent over its cap height, at the heading's 1.25 em, with the one-point
/// anchor paragraph under the address): the header row is that much shorter, so the
/// heading's capitals start at [`page::BODY_TOP_MM`] as in the PDF.
const HEADING_RISE: f64 = 0.56;

/// The height of the empty paragraph after a frame, twips.
const ANCHOR_HEIGHT: i32 = 20;

impl Writer<'_> {
    /// The English line of a translated letter, at the reference block's size.
    pub(super) fn notice_run(&self, notice: &Text) -> Run {
        Run::new()
            .add_text(self.text(&notice.plain()))
            .color("000000")
            .size(half_points(self.letter.content.sizes.reference))
            .style(MARK_ENGLISH)
    }

    /// Standard print: the English notice of a translated letter, above the header (as in
    /// the PDF).
    pub(super) fn translated_notice(&self, notice: &Text) -> Paragraph {
        self.para()
            .frame(page_frame(
                MARGINS.left,
                page::NOTICE_TOP_MM,
                page::CONTENT_WIDTH_MM,
            ))
            .line_spacing(LineSpacing::new().before(0).after(0))
            .add_run(self.notice_run(notice))
    }

    /// The letterhead's lines under the organisation's name (the team, the address on one
    /// line), at the letterhead's size.
    pub(super) fn sender_lines(&self, before: u32) -> Paragraph {
        let d = &self.letter.content;
        let fmt = Fmt {
            size: Some(half_points(d.sizes.letterhead)),
            bold: false,
        };
        let lines = d
            .sender
            .lines
            .iter()
            .map(|l| self.runs(l, fmt, false))
            .collect();
        // In the letter's direction, its Latin lines isolated, as in the PDF.
        self.dir_para()
            .line_spacing(
                LineSpacing::new()
                    .line(pitch(d.sizes.letterhead))
                    .line_rule(LineSpacingType::Exact)
                    .before(before)
                    .after(0),
            )
            .add_runs(self.lines(lines))
    }

    /// The reference block: phone, email, date, NHS number and reference, each with its
    /// label in bold, at the reference block's size, in a column `width` mm wide. A value
    /// that would not fit beside its label starts a line of its own, as in the PDF (where
    /// typst keeps it whole): a reference would otherwise break at a hyphen.
    pub(super) fn reference_block(&self, width: f64) -> Paragraph {
        let d = &self.letter.content;
        let size = d.sizes.reference;
        let fmt = Fmt {
            size: Some(half_points(size)),
            bold: false,
        };
        let bold = Fmt { bold: true, ..fmt };
        let fonts = letter_fonts::LetterFonts::shipped();
        let column_pt = width / 25.4 * 72.0;
        let lines = d
            .contact
            .iter()
            .chain(&d.meta)
            .map(|item| {
                let (label, value) = (item.label.as_str(), item.value.as_str());
                let mut line = self.runs(label, bold, self.rtl);
                line.extend(self.runs(&d.label_separator, fmt, self.rtl));
                // Bold is up to 10 % wider than the regular widths measured, and Word's
                // lines are a little less full than the measure: 3 % to spare, or
                // LibreOffice breaks "G85999-1-00002" at a hyphen.
                let em = fonts.width_em(label) * 1.1
                    + fonts.width_em(&d.label_separator)
                    + fonts.width_em(value);
                if em * size * 1.03 > column_pt {
                    line.push(Run::new().add_break(BreakType::TextWrapping));
                }
                line.extend(self.runs(value, fmt, self.rtl && !item.ltr));
                line
            })
            .collect();
        self.dir_para()
            .line_spacing(
                LineSpacing::new()
                    .line(pitch(size))
                    .line_rule(LineSpacingType::Exact)
                    .before(0)
                    .after(0),
            )
            .add_runs(self.lines(lines))
    }

    /// The organisation's name at the top left, then in standard print the team and address
    /// under it and the reference block in the right-hand column; in large print the name
    /// alone, across the page (the rest follows the window: [`Writer::large_print_details`]).
    /// The row is at least as tall as the space above the body, so the body starts where
    /// the PDF's does.
    pub(super) fn header(&self) -> Result<Table, RenderError> {
        let d = &self.letter.content;
        let large = d.format.large_header();
        let name = self
            .para()
            .line_spacing(LineSpacing::new().before(0).after(0))
            .add_runs(self.runs(
                &d.sender.name,
                Fmt {
                    size: Some(half_points(d.sizes.organisation)),
                    bold: true,
                },
                false,
            ));
        let left_width = if large {
            page::CONTENT_WIDTH_MM
        } else {
            page::SENDER_WIDTH_MM
        };
        let mut left = TableCell::new()
            .width(twips_u(left_width), WidthType::Dxa)
            .add_paragraph(name);
        let mut cells = Vec::new();
        let mut grid = vec![twips_u(left_width)];
        // How far the first line of the flow after the header starts above its capitals.
        let rise = if large {
            let (ascent, cap) = (1.069, 0.714);
            twips_u(letter_fonts::pt_to_mm((ascent - cap) * d.sizes.reference)) as i32
        } else {
            self.em(HEADING_RISE) as i32
        };
        let mut row_height = twips(page::BODY_TOP_MM - MARGINS.top) - rise;
        if large {
            cells.push(left);
        } else {
            left = left.add_paragraph(self.sender_lines(self.em(0.35)));
            let right = TableCell::new()
                .width(twips_u(page::REFERENCE_WIDTH_MM), WidthType::Dxa)
                .add_paragraph(self.reference_block(page::REFERENCE_WIDTH_MM));
            let gutter = TableCell::new()
                .width(twips_u(page::HEADER_GUTTER_MM), WidthType::Dxa)
                .add_paragraph(self.para());
            cells.extend([left, gutter, right]);
            grid.extend([
                twips_u(page::HEADER_GUTTER_MM),
                twips_u(page::REFERENCE_WIDTH_MM),
            ]);
            // Less the anchor paragraph above the table when there is a translated notice.
            if self.text.translated_notice.is_some() {
                row_height -= ANCHOR_HEIGHT;
            }
        }
        Ok(Table::without_borders(vec![
            TableRow::new(cells)
                .row_height(row_height as f32)
                .height_rule(HeightRule::AtLeast)
                .cant_split(),
        ])
        .set_grid(grid)
        .width(content_width(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
        .indent(0))
    }

    /// Large print: what follows the window before the heading, across the page, each at
    /// the body's size: a translated letter's English notice, the team and address, and the
    /// reference block.
    pub(super) fn large_print_details(&self) -> Vec<Paragraph> {
        let d = &self.letter.content;
        let mut out = Vec::new();
        if let Some(notice) = &d.text.translated_notice {
            out.push(
                self.para()
                    .line_spacing(self.latin_lines().before(0).after(self.em(0.6)))
                    .add_run(self.notice_run(notice)),
            );
        }
        out.push(self.sender_lines(0));
        out.push(
            self.reference_block(page::CONTENT_WIDTH_MM).line_spacing(
                LineSpacing::new()
                    .line(pitch(d.sizes.reference))
                    .line_rule(LineSpacingType::Exact)
                    .before(self.em(0.35))
                    .after(self.em(0.9)),
            ),
        );
        out
    }

    /// The recipient's address in a frame over the envelope window, placed and sized by the
    /// envelope rules as in the PDF: each line at the size that fits the window's width,
    /// rounded down to Word's half points.
    pub(super) fn address(&self) -> Result<Paragraph, RenderError> {
        let recipient = self.letter.address_block();
        if recipient.is_empty() {
            return Err(self.error("no \"recipient\" address lines in the letter data".into()));
        }
        let sizes = envelope::fit_up_to(recipient, self.letter.content.sizes.body);
        let half_points = |pt: f64| (pt * 2.0).floor() as usize;
        let size = half_points(sizes.base);
        let pitch = envelope::word_pitch(recipient.len(), sizes.base);
        let lines = recipient
            .iter()
            .zip(&sizes.lines)
            .map(|(line, &line_size)| {
                let size = half_points(line_size);
                // A left-to-right paragraph: nothing to isolate.
                vec![self.one_run(
                    line,
                    Fmt {
                        size: Some(size),
                        bold: false,
                    },
                    false,
                    false,
                )]
            })
            .collect();
        Ok(self
            .para()
            .frame(page_frame(
                envelope::WINDOW.x0 + envelope::INSET_X_MM,
                envelope::WINDOW.y0 + envelope::INSET_Y_MM,
                envelope::BLOCK_WIDTH_MM,
            ))
            .line_spacing(
                LineSpacing::new()
                    .line((size as f64 * 10.0 * pitch).round() as i32)
                    .line_rule(LineSpacingType::Exact)
                    .before(0)
                    .after(0),
            )
            .add_runs(self.lines(lines)))
    }

    /// An empty left-to-right paragraph a point high after a frame. LibreOffice anchors a
    /// frame to the paragraph after it: it drops the frame when a table follows instead, and
    /// measures "from the page's left" from the right when that paragraph runs right to
    /// left, which would move the address out of the window in an Arabic or Urdu letter.
    pub(super) fn anchor(&self) -> Paragraph {
        self.para()
            .line_spacing(
                LineSpacing::new()
                    .line(ANCHOR_HEIGHT)
                    .line_rule(LineSpacingType::Exact)
                    .before(0)
                    .after(0),
            )
            .size(2)
    }
}

/// A frame placed from the page's top-left corner (mm), text flowing around it.
fn page_frame(x: f64, y: f64, width: f64) -> FrameProperty {
    FrameProperty::new()
        .h_anchor("page")
        .v_anchor("page")
        .x(twips(x))
        .y(twips(y))
        .width(twips_u(width) as u32)
        .wrap("none")
}

/// The exact line pitch of the letterhead's and reference block's lines at `pt`, twips:
/// 1.29 em, room for the scripts' labels (the PDF's lines are 1.16 em of Latin apart).
fn pitch(pt: f64) -> i32 {
    (pt * 20.0 * 1.29).round() as i32
}
