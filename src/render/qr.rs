//! Render stage: the QR code as a greyscale PNG (black modules on white, 4-module quiet zone).

use qrcode::{Color, EcLevel, QrCode};

use super::RenderError;

/// Pixels per QR module: crisp at print resolution when set 21 mm wide.
const MODULE_PX: usize = 8;
const QUIET_ZONE: usize = 4;

std::thread_local! {
    /// The last QR code this thread made while a batch runs: its print files mostly share one.
    static LAST: std::cell::RefCell<Option<(String, Vec<u8>)>> = const { std::cell::RefCell::new(None) };
}

/// Encodes `url` as a QR code image (8-bit greyscale PNG).
pub fn qr_png(url: &str) -> Result<Vec<u8>, RenderError> {
    if !super::shared_body::keeping() {
        return make_png(url);
    }
    if let Some(png) = LAST.with_borrow(|last| {
        last.as_ref()
            .filter(|(last_url, _)| last_url == url)
            .map(|(_, png)| png.clone())
    }) {
        return Ok(png);
    }
    let png = make_png(url)?;
    LAST.set(Some((url.to_string(), png.clone())));
    Ok(png)
}

fn make_png(url: &str) -> Result<Vec<u8>, RenderError> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).map_err(|e| {
        RenderError::Qr {
            message: e.to_string(),
        }
    })?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE) * MODULE_PX;
    let mut pixels = vec![255u8; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color == Color::Dark {
            let (mx, my) = (i % modules + QUIET_ZONE, i / modules + QUIET_ZONE);
            for y in my * MODULE_PX..(my + 1) * MODULE_PX {
                let row = &mut pixels[y * side..(y + 1) * side];
                row[mx * MODULE_PX..(mx + 1) * MODULE_PX].fill(0);
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, side as u32, side as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| RenderError::Qr {
            message: e.to_string(),
        })?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| RenderError::Qr {
                message: e.to_string(),
            })?;
    }
    Ok(out)
}
