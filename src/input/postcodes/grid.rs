//! Input stage: degrees and metres. A latitude and longitude (WGS84, as the ONS files and a
//! practices file give them) put on the British National Grid (OSGB36 eastings and
//! northings, as the ONS, NHS and Ordnance Survey files give them), so that a practice's own
//! coordinates and a grid file's postcodes are measured alike.
//!
//! The conversion is Ordnance Survey's own, from "A guide to coordinate systems in Great
//! Britain": a seven-parameter Helmert transformation from WGS84 to OSGB36 (good to a few
//! metres, ample for choosing the nearest practice; the centimetre-grade OSTN15 table is not
//! needed), then the Transverse Mercator projection of the National Grid.

use crate::model::Position;

/// The WGS84 ellipsoid: semi-major and semi-minor axes, metres.
const WGS84: (f64, f64) = (6_378_137.000, 6_356_752.314_2);
/// The Airy 1830 ellipsoid, OSGB36's.
const AIRY_1830: (f64, f64) = (6_377_563.396, 6_356_256.909);

/// WGS84 to OSGB36: translations (metres), scale (parts per million) and rotations
/// (arc-seconds), as the OS guide gives them.
const TX: f64 = -446.448;
const TY: f64 = 125.157;
const TZ: f64 = -542.060;
const SCALE_PPM: f64 = 20.4894;
const RX_SECONDS: f64 = -0.1502;
const RY_SECONDS: f64 = -0.2470;
const RZ_SECONDS: f64 = -0.8421;

/// The National Grid's projection: scale on the central meridian, true origin (49°N, 2°W)
/// and false origin (metres).
const F0: f64 = 0.999_601_271_7;
const LAT0_DEGREES: f64 = 49.0;
const LONG0_DEGREES: f64 = -2.0;
const E0: f64 = 400_000.0;
const N0: f64 = -100_000.0;

/// The position on the grid: a grid position as it is, degrees (WGS84) converted.
pub fn on_grid(position: Position) -> Position {
    match position {
        Position::Grid { .. } => position,
        Position::Degrees { lat, long } => {
            let (east, north) = wgs84_to_grid(lat, long);
            Position::Grid { east, north }
        }
    }
}

/// WGS84 latitude and longitude (degrees) to National Grid easting and northing (metres).
pub fn wgs84_to_grid(lat: f64, long: f64) -> (f64, f64) {
    let (x, y, z) = to_cartesian(lat.to_radians(), long.to_radians(), WGS84);
    let (x, y, z) = helmert(x, y, z);
    let (lat, long) = from_cartesian(x, y, z, AIRY_1830);
    project(lat, long)
}

fn eccentricity_squared((a, b): (f64, f64)) -> f64 {
    (a * a - b * b) / (a * a)
}

/// A point on the ellipsoid's surface (height 0) to earth-centred X, Y, Z.
fn to_cartesian(lat: f64, long: f64, ellipsoid: (f64, f64)) -> (f64, f64, f64) {
    let e2 = eccentricity_squared(ellipsoid);
    let nu = ellipsoid.0 / (1.0 - e2 * lat.sin().powi(2)).sqrt();
    (
        nu * lat.cos() * long.cos(),
        nu * lat.cos() * long.sin(),
        (1.0 - e2) * nu * lat.sin(),
    )
}

fn helmert(x: f64, y: f64, z: f64) -> (f64, f64, f64) {
    let s = SCALE_PPM * 1e-6;
    let radians = |seconds: f64| (seconds / 3600.0).to_radians();
    let (rx, ry, rz) = (
        radians(RX_SECONDS),
        radians(RY_SECONDS),
        radians(RZ_SECONDS),
    );
    (
        TX + (1.0 + s) * x - rz * y + ry * z,
        TY + rz * x + (1.0 + s) * y - rx * z,
        TZ - ry * x + rx * y + (1.0 + s) * z,
    )
}

/// Earth-centred X, Y, Z to latitude and longitude (radians) on the ellipsoid.
fn from_cartesian(x: f64, y: f64, z: f64, ellipsoid: (f64, f64)) -> (f64, f64) {
    let e2 = eccentricity_squared(ellipsoid);
    let p = x.hypot(y);
    let mut lat = z.atan2(p * (1.0 - e2));
    // Converges to well under a millimetre in a handful of steps.
    for _ in 0..10 {
        let nu = ellipsoid.0 / (1.0 - e2 * lat.sin().powi(2)).sqrt();
        lat = (z + e2 * nu * lat.sin()).atan2(p);
    }
    (lat, y.atan2(x))
}

/// OSGB36 latitude and longitude (radians) to easting and northing, by the OS guide's
/// Transverse Mercator series.
fn project(lat: f64, long: f64) -> (f64, f64) {
    let (a, b) = AIRY_1830;
    let e2 = eccentricity_squared(AIRY_1830);
    let n = (a - b) / (a + b);
    let (lat0, long0) = (LAT0_DEGREES.to_radians(), LONG0_DEGREES.to_radians());
    let (sin, cos, tan) = (lat.sin(), lat.cos(), lat.tan());
    let nu = a * F0 / (1.0 - e2 * sin * sin).sqrt();
    let rho = a * F0 * (1.0 - e2) / (1.0 - e2 * sin * sin).powf(1.5);
    let eta2 = nu / rho - 1.0;
    let (dl, sl) = (lat - lat0, lat + lat0);
    let m = b
        * F0
        * ((1.0 + n + 1.25 * n.powi(2) + 1.25 * n.powi(3)) * dl
            - (3.0 * n + 3.0 * n.powi(2) + 21.0 / 8.0 * n.powi(3)) * dl.sin() * sl.cos()
            + (15.0 / 8.0 * n.powi(2) + 15.0 / 8.0 * n.powi(3))
                * (2.0 * dl).sin()
                * (2.0 * sl).cos()
            - 35.0 / 24.0 * n.powi(3) * (3.0 * dl).sin() * (3.0 * sl).cos());
    let i = m + N0;
    let ii = nu / 2.0 * sin * cos;
    let iii = nu / 24.0 * sin * cos.powi(3) * (5.0 - tan.powi(2) + 9.0 * eta2);
    let iiia = nu / 720.0 * sin * cos.powi(5) * (61.0 - 58.0 * tan.powi(2) + tan.powi(4));
    let iv = nu * cos;
    let v = nu / 6.0 * cos.powi(3) * (nu / rho - tan.powi(2));
    let vi = nu / 120.0
        * cos.powi(5)
        * (5.0 - 18.0 * tan.powi(2) + tan.powi(4) + 14.0 * eta2 - 58.0 * tan.powi(2) * eta2);
    let d = long - long0;
    let north = i + ii * d.powi(2) + iii * d.powi(4) + iiia * d.powi(6);
    let east = E0 + iv * d + v * d.powi(3) + vi * d.powi(5);
    (east, north)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_os_guides_worked_projection() {
        // "A guide to coordinate systems in Great Britain", annex C: 52°39'27.2531"N,
        // 1°43'4.5177"E on OSGB36 is 651409.903 E, 313177.270 N.
        let degrees = |d: f64, m: f64, s: f64| d + m / 60.0 + s / 3600.0;
        let (east, north) = project(
            degrees(52.0, 39.0, 27.2531).to_radians(),
            degrees(1.0, 43.0, 4.5177).to_radians(),
        );
        assert!((east - 651_409.903).abs() < 0.01, "{east}");
        assert!((north - 313_177.270).abs() < 0.01, "{north}");
    }

    #[test]
    fn wgs84_points_land_where_proj_puts_them() {
        // The same conversion by PROJ (pyproj, EPSG:4326 to EPSG:27700 by OS's Helmert
        // parameters), for the sample's practices in Southwark and a point far from London.
        for ((lat, long), (east, north)) in [
            ((51.495086, -0.090491), (532_653.531, 179_077.633)),
            ((51.472405, -0.099228), (532_112.547, 176_539.663)),
            ((57.149_7, -2.094_3), (394_393.290, 806_539.258)),
        ] {
            let (e, n) = wgs84_to_grid(lat, long);
            assert!((e - east).abs() < 0.5 && (n - north).abs() < 0.5, "{e} {n}");
        }
    }

    #[test]
    fn a_grid_position_is_kept_and_degrees_are_converted() {
        let grid = Position::Grid {
            east: 1.0,
            north: 2.0,
        };
        assert_eq!(on_grid(grid), grid);
        let Position::Grid { east, north } = on_grid(Position::Degrees {
            lat: 51.495086,
            long: -0.090491,
        }) else {
            panic!("not on the grid");
        };
        assert!((east - 532_653.5).abs() < 1.0 && (north - 179_077.6).abs() < 1.0);
    }
}
