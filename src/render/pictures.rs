//! Render stage: the easy-read letter's pictures, the project's own drawings in
//! `letter-templates/easy-read/` (black lines, no colour), compiled in: as SVG for the typst
//! layouts, and drawn as greyscale PNGs for the Word letter.

use crate::compose::Picture;

/// The drawing's SVG; `None` for the QR code, which is made for each letter.
pub fn svg(picture: Picture) -> Option<&'static [u8]> {
    macro_rules! drawing {
        ($name:literal) => {
            include_bytes!(concat!("../../letter-templates/easy-read/", $name, ".svg")).as_slice()
        };
    }
    Some(match picture {
        Picture::Letter => drawing!("letter"),
        Picture::Practice => drawing!("practice"),
        Picture::Doctor => drawing!("doctor"),
        Picture::Calendar => drawing!("calendar"),
        Picture::Phone => drawing!("phone"),
        Picture::House => drawing!("house"),
        Picture::Tick => drawing!("tick"),
        Picture::Cross => drawing!("cross"),
        Picture::Records => drawing!("records"),
        Picture::Search => drawing!("search"),
        Picture::Rights => drawing!("rights"),
        Picture::Choice => drawing!("choice"),
        Picture::Question => drawing!("question"),
        Picture::Qr => return None,
    })
}

/// Where the layouts find a drawing: `/easy-read/<name>.svg`.
pub fn path(picture: Picture) -> String {
    format!("/easy-read/{}.svg", picture.name())
}

/// A drawing as a greyscale PNG `side` pixels square, white behind its lines (for the Word
/// letter, which cannot be relied on to show SVG).
pub fn png(picture: Picture, side: u32) -> Result<Vec<u8>, String> {
    let svg = svg(picture).ok_or("the QR code is not a drawing")?;
    let tree = resvg::usvg::Tree::from_data(svg, &resvg::usvg::Options::default())
        .map_err(|e| e.to_string())?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(side, side).ok_or("no room for the picture")?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    let size = tree.size();
    let scale = side as f32 / size.width().max(size.height());
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    // Grey, one byte a pixel: the drawing is black on white (its paints are checked).
    let grey: Vec<u8> = pixmap
        .pixels()
        .iter()
        .map(|p| {
            let c = p.demultiply();
            ((u16::from(c.red()) + u16::from(c.green()) + u16::from(c.blue())) / 3) as u8
        })
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&grey).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The colours a drawing paints that are not black, white or grey, described, and what in
/// it cannot be checked (an embedded image, a gradient, a pattern, a filter): empty for a
/// drawing in black and white. The layout's colour check uses it for every SVG it places.
pub fn svg_colours(tree: &resvg::usvg::Tree) -> Vec<String> {
    use resvg::usvg::{Group, Node, Paint};
    fn paint(found: &mut Vec<String>, what: &str, p: &Paint) {
        match p {
            Paint::Color(c) if c.red == c.green && c.green == c.blue => {}
            Paint::Color(c) => found.push(format!(
                "SVG {what} #{:02x}{:02x}{:02x}",
                c.red, c.green, c.blue
            )),
            Paint::LinearGradient(_) | Paint::RadialGradient(_) => {
                found.push(format!("SVG {what} gradient (not verifiable)"))
            }
            Paint::Pattern(_) => found.push(format!("SVG {what} pattern (not verifiable)")),
        }
    }
    fn group(found: &mut Vec<String>, g: &Group) {
        if !g.filters().is_empty() {
            found.push("SVG filter (not verifiable)".into());
        }
        for node in g.children() {
            match node {
                Node::Group(g) => group(found, g),
                Node::Path(p) => {
                    if let Some(fill) = p.fill() {
                        paint(found, "fill", fill.paint());
                    }
                    if let Some(stroke) = p.stroke() {
                        paint(found, "stroke", stroke.paint());
                    }
                }
                Node::Image(_) => found.push("SVG embedded image (not verifiable)".into()),
                Node::Text(t) => group(found, t.flattened()),
            }
        }
    }
    let mut found = Vec::new();
    group(&mut found, tree.root());
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_drawing_is_black_and_white_and_draws() {
        for picture in Picture::DRAWINGS {
            let svg = svg(picture).unwrap();
            let tree = resvg::usvg::Tree::from_data(svg, &resvg::usvg::Options::default()).unwrap();
            assert_eq!(svg_colours(&tree), Vec::<String>::new(), "{picture:?}");
            let png = png(picture, 64).unwrap();
            let image = image::load_from_memory(&png).unwrap().to_luma8();
            let dark = image.pixels().filter(|p| p[0] < 128).count();
            // Lines, not an empty square or a black one.
            assert!(
                dark > 64 && dark < 64 * 64 / 2,
                "{picture:?}: {dark} dark pixels"
            );
        }
        assert_eq!(svg(Picture::Qr), None);
    }

    #[test]
    fn a_coloured_or_unverifiable_drawing_is_named() {
        let tree = |svg: &str| {
            resvg::usvg::Tree::from_data(svg.as_bytes(), &resvg::usvg::Options::default()).unwrap()
        };
        let red = tree(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><g><path d="M0 0 H5 V5 Z" fill="none" stroke="#ff0000"/></g></svg>"##,
        );
        assert_eq!(svg_colours(&red), ["SVG stroke #ff0000"]);
        let gradient = tree(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)"/></svg>"##,
        );
        assert_eq!(
            svg_colours(&gradient),
            ["SVG fill gradient (not verifiable)"]
        );
    }
}
