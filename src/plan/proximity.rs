//! Plan stage: how near a practice is to a patient's home — straight-line distance when a
//! postcode lookup is given, otherwise the SEL process's postcode hierarchy.

use std::fmt;

use serde::Serialize;

use crate::model::{Postcode, PostcodeLookup, Practice};

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

/// Measures patient-to-practice proximity the same way for a whole plan.
#[derive(Debug, Clone, Copy)]
pub struct Measure<'a> {
    pub lookup: Option<&'a PostcodeLookup>,
}

impl Measure<'_> {
    fn locate_practice(&self, practice: &Practice) -> Option<(f64, f64)> {
        let lookup = self.lookup?;
        practice.location.or_else(|| {
            lookup
                .centroids
                .get(practice.postcode.text.as_str())
                .copied()
        })
    }

    /// Distance when both ends can be located in the lookup, otherwise the postcode level.
    pub fn proximity(&self, home: &Postcode, practice: &Practice) -> Proximity {
        let home_point = self
            .lookup
            .and_then(|l| l.centroids.get(home.text.as_str()).copied());
        match (home_point, self.locate_practice(practice)) {
            (Some(a), Some(b)) => Proximity::Distance {
                km: haversine_km(a, b),
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
    fn haversine_is_about_right_across_london() {
        // Tower Bridge to Peckham Rye: roughly 4.9 km.
        let d = haversine_km((51.5055, -0.0754), (51.4647, -0.0689));
        assert!((4.4..5.4).contains(&d), "{d}");
    }
}
