//! Plan stage: how near a practice is to a patient's home — distance when a postcode file
//! places both, otherwise the SEL process's postcode hierarchy. [`distance_km`] is the one
//! rule for distance: straight on the British National Grid when the positions are eastings
//! and northings, great-circle when they are latitude and longitude.

use std::fmt;

use serde::Serialize;

use crate::input::on_grid;
use crate::model::{Position, Postcode, PostcodeLookup, Practice};

/// The postcode hierarchy the SEL process describes (section 3.1.1 g), nearest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PostcodeLevel {
    /// Same outward code, sector and first unit letter (`SE1 3A_`).
    SameUnitGroup,
    /// Same sector (`SE1 3`).
    SameSector,
    /// Same district (`SE1`).
    SameDistrict,
    /// Same area (`SE`).
    SameArea,
    /// Different postcode area.
    Elsewhere,
}

/// How near a practice is to a patient.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Proximity {
    Distance { km: f64 },
    Postcode { level: PostcodeLevel },
}

impl Proximity {
    /// An integer cost for the allocation: metres, or a nominal distance for a postcode level
    /// (so a mix of the two, when the lookup lacks a postcode, still ranks sensibly).
    pub fn cost(&self) -> i64 {
        match self {
            Proximity::Distance { km } => (km * 1000.0).round() as i64,
            Proximity::Postcode { level } => match level {
                PostcodeLevel::SameUnitGroup => 300,
                PostcodeLevel::SameSector => 1_000,
                PostcodeLevel::SameDistrict => 3_000,
                PostcodeLevel::SameArea => 8_000,
                PostcodeLevel::Elsewhere => 30_000,
            },
        }
    }
}

impl fmt::Display for Proximity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Proximity::Distance { km } => write!(f, "{km:.2} km"),
            Proximity::Postcode { level } => f.write_str(match level {
                PostcodeLevel::SameUnitGroup => "same postcode sector and unit letter",
                PostcodeLevel::SameSector => "same postcode sector",
                PostcodeLevel::SameDistrict => "same postcode district",
                PostcodeLevel::SameArea => "same postcode area",
                PostcodeLevel::Elsewhere => "different postcode area",
            }),
        }
    }
}

/// The postcode-hierarchy level shared by two postcodes.
pub fn postcode_level(a: &Postcode, b: &Postcode) -> PostcodeLevel {
    if a.bfpo || b.bfpo {
        return PostcodeLevel::Elsewhere;
    }
    if a.sector_unit() == b.sector_unit() {
        PostcodeLevel::SameUnitGroup
    } else if a.sector() == b.sector() {
        PostcodeLevel::SameSector
    } else if a.district() == b.district() {
        PostcodeLevel::SameDistrict
    } else if a.area() == b.area() {
        PostcodeLevel::SameArea
    } else {
        PostcodeLevel::Elsewhere
    }
}

/// Great-circle distance in kilometres between two (latitude, longitude) points.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}

/// Distance in kilometres between two positions: straight on the grid between eastings and
/// northings, great-circle between latitudes and longitudes; a position in degrees measured
/// from one on the grid is put on the grid first.
pub fn distance_km(a: Position, b: Position) -> f64 {
    match (a, b) {
        (
            Position::Degrees { lat, long },
            Position::Degrees {
                lat: lat2,
                long: long2,
            },
        ) => haversine_km((lat, long), (lat2, long2)),
        (
            Position::Grid { east, north },
            Position::Grid {
                east: e2,
                north: n2,
            },
        ) => (east - e2).hypot(north - n2) / 1000.0,
        (a, b) => distance_km(on_grid(a), on_grid(b)),
    }
}

/// The straight-line kind of distance a postcode file gives, as the plan states it.
pub fn distance_basis(lookup: &PostcodeLookup) -> String {
    if lookup.format.on_grid() {
        format!(
            "straight-line distance on the British National Grid between postcode centroids ({})",
            lookup.format.name()
        )
    } else {
        "great-circle distance between postcode centroids (latitude and longitude, postcode lookup)"
            .to_string()
    }
}

/// Measures patient-to-practice proximity the same way for a whole plan.
#[derive(Debug, Clone, Copy)]
pub struct Measure<'a> {
    pub lookup: Option<&'a PostcodeLookup>,
}

impl Measure<'_> {
    /// The practice's own position if it has one, otherwise its postcode's.
    fn locate_practice(&self, practice: &Practice) -> Option<Position> {
        let lookup = self.lookup?;
        practice.location.or_else(|| {
            lookup
                .positions
                .get(practice.postcode.text.as_str())
                .copied()
        })
    }

    /// Distance when both ends can be located in the lookup, otherwise the postcode level.
    pub fn proximity(&self, home: &Postcode, practice: &Practice) -> Proximity {
        let home_point = self
            .lookup
            .and_then(|l| l.positions.get(home.text.as_str()).copied());
        match (home_point, self.locate_practice(practice)) {
            (Some(a), Some(b)) => Proximity::Distance {
                km: distance_km(a, b),
            },
            _ => Proximity::Postcode {
                level: postcode_level(home, &practice.postcode),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pc(s: &str) -> Postcode {
        Postcode {
            text: s.into(),
            bfpo: false,
        }
    }

    #[test]
    fn hierarchy_follows_the_sel_search_order() {
        assert_eq!(
            postcode_level(&pc("SE1 3AB"), &pc("SE1 3AZ")),
            PostcodeLevel::SameUnitGroup
        );
        assert_eq!(
            postcode_level(&pc("SE1 3AB"), &pc("SE1 3BZ")),
            PostcodeLevel::SameSector
        );
        assert_eq!(
            postcode_level(&pc("SE1 3AB"), &pc("SE1 4AB")),
            PostcodeLevel::SameDistrict
        );
        assert_eq!(
            postcode_level(&pc("SE1 3AB"), &pc("SE15 3AB")),
            PostcodeLevel::SameArea
        );
        assert_eq!(
            postcode_level(&pc("SE1 3AB"), &pc("SW1A 1AA")),
            PostcodeLevel::Elsewhere
        );
    }

    #[test]
    fn distance_is_on_the_grid_or_great_circle_as_the_positions_are() {
        let grid = |east, north| Position::Grid { east, north };
        assert_eq!(
            distance_km(grid(530_000.0, 180_000.0), grid(533_000.0, 184_000.0)),
            5.0
        );
        let tower_bridge = Position::Degrees {
            lat: 51.5055,
            long: -0.0754,
        };
        let peckham_rye = Position::Degrees {
            lat: 51.4647,
            long: -0.0689,
        };
        let great_circle = distance_km(tower_bridge, peckham_rye);
        assert_eq!(
            great_circle,
            haversine_km((51.5055, -0.0754), (51.4647, -0.0689))
        );
        // Degrees measured from the grid are put on the grid: the same pair, one end on the
        // grid, is within 0.4% of the great circle (which is on a sphere of the earth's mean
        // radius, a little short of Britain's curvature).
        let mixed = distance_km(on_grid(tower_bridge), peckham_rye);
        assert!(
            (mixed - great_circle).abs() < great_circle * 0.004,
            "{mixed} {great_circle}"
        );
        assert_eq!(mixed, distance_km(peckham_rye, on_grid(tower_bridge)));
    }

    #[test]
    fn haversine_is_about_right_across_london() {
        // Tower Bridge to Peckham Rye: roughly 4.9 km.
        let d = haversine_km((51.5055, -0.0754), (51.4647, -0.0689));
        assert!((4.4..5.4).contains(&d), "{d}");
    }
}
