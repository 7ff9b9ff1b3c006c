//! A patient packed into a few bytes: what a plan keeps of each patient while a batch runs.
//!
//! A [`Patient`] is about 300 bytes before its address lines, most of them room for strings
//! it does not fill; a run of 500,000 patients held them all through typesetting. Packed, a
//! patient is its text and a byte or two for each field, about 100 bytes: the plan keeps
//! each one packed, and a letter unpacks its patient only while it is made.
//!
//! The bytes are this process's own, never read from a file, so unpacking cannot fail on
//! anything but a fault here: a missing byte reads as zero, and the round trip is tested on
//! every field.

use chrono::NaiveDate;
use compact_str::CompactString;

use super::{LetterFormat, Patient, PatientStatus, Postcode};

/// A [`Patient`], packed. Equal patients pack to equal bytes.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PackedPatient(Box<[u8]>);

impl PackedPatient {
    pub fn pack(patient: &Patient) -> PackedPatient {
        let mut w = Writer(Vec::with_capacity(128));
        // Field by field, in this order; `unpack` reads them back in the same order.
        let Patient {
            row,
            nhs_number,
            title,
            given_name,
            family_name,
            date_of_birth,
            address_lines,
            postcode,
            last_seen,
            language,
            format,
            needs_by_hand,
            vulnerable,
            status,
            removed_from,
            allocated_practice,
            mobile,
            closing,
        } = patient;
        w.number(*row as u64);
        w.digits(&nhs_number.0);
        w.text(title);
        w.text(given_name);
        w.text(family_name);
        w.date(Some(*date_of_birth));
        w.texts(
            address_lines.iter().map(|l| l.as_str()),
            address_lines.len(),
        );
        w.text(&postcode.text);
        w.flag(postcode.bfpo);
        w.date(*last_seen);
        w.text(language);
        w.number(format_code(*format));
        w.texts(
            needs_by_hand.iter().map(String::as_str),
            needs_by_hand.len(),
        );
        w.flag(*vulnerable);
        w.number(status_code(*status));
        w.texts(removed_from.iter().map(String::as_str), removed_from.len());
        w.optional(allocated_practice.as_deref());
        w.flag(mobile.is_some());
        w.digits(mobile.as_deref().unwrap_or_default());
        w.number(*closing as u64);
        PackedPatient(w.0.into_boxed_slice())
    }

    pub fn unpack(&self) -> Patient {
        let mut r = Reader(&self.0);
        Patient {
            row: r.number() as usize,
            nhs_number: super::NhsNumber(r.digits()),
            title: r.compact(),
            given_name: r.compact(),
            family_name: r.compact(),
            date_of_birth: r.date().unwrap_or_default(),
            address_lines: (0..r.number()).map(|_| r.compact()).collect(),
            postcode: Postcode {
                text: r.compact(),
                bfpo: r.flag(),
            },
            last_seen: r.date(),
            language: r.compact(),
            format: format_from(r.number()),
            needs_by_hand: (0..r.number()).map(|_| r.string()).collect(),
            vulnerable: r.flag(),
            status: status_from(r.number()),
            removed_from: (0..r.number()).map(|_| r.string()).collect(),
            allocated_practice: r.optional().map(str::to_string),
            mobile: {
                let some = r.flag();
                let mobile = r.digits();
                some.then_some(mobile)
            },
            closing: r.number() as usize,
        }
    }

    /// The patient's row, without unpacking the rest.
    pub fn row(&self) -> usize {
        Reader(&self.0).number() as usize
    }

    /// The patient's NHS number, without unpacking the rest.
    pub fn nhs_number(&self) -> super::NhsNumber {
        let mut r = Reader(&self.0);
        r.number();
        super::NhsNumber(r.digits())
    }

    /// The patient's postcode alone (print files are in postcode order), without unpacking
    /// the rest.
    pub fn postcode(&self) -> Postcode {
        let mut r = Reader(&self.0);
        r.number();
        r.digits();
        for _ in 0..3 {
            r.skip_text();
        }
        r.date();
        for _ in 0..r.number() {
            r.skip_text();
        }
        Postcode {
            text: r.compact(),
            bfpo: r.flag(),
        }
    }

    /// How many bytes it takes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for PackedPatient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.unpack().fmt(f)
    }
}

impl serde::Serialize for PackedPatient {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.unpack().serialize(serializer)
    }
}

impl From<&Patient> for PackedPatient {
    fn from(patient: &Patient) -> PackedPatient {
        PackedPatient::pack(patient)
    }
}

/// A list's valid patients, each packed as it is read ([`PackedPatient`]): what
/// [`super::Inputs`] holds. A patient list of 500,000 rows held unpacked took about 210 MB
/// more while it was read. It reads as a list of [`Patient`]s, each unpacked as it is read.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Patients(Vec<PackedPatient>);

impl Patients {
    pub fn new() -> Patients {
        Patients::default()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Each patient, unpacked, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Patient> + Clone + '_ {
        self.0.iter().map(PackedPatient::unpack)
    }

    /// The `i`th patient, unpacked.
    pub fn get(&self, i: usize) -> Option<Patient> {
        self.0.get(i).map(PackedPatient::unpack)
    }

    /// Every patient, unpacked.
    pub fn to_vec(&self) -> Vec<Patient> {
        self.iter().collect()
    }

    pub fn push(&mut self, patient: &Patient) {
        self.0.push(PackedPatient::pack(patient));
    }

    /// The patients as they are kept.
    pub fn packed(&self) -> &[PackedPatient] {
        &self.0
    }

    pub fn into_packed(self) -> Vec<PackedPatient> {
        self.0
    }

    /// Keeps the patients `keep` says yes to, each unpacked while it is asked about.
    pub fn retain(&mut self, mut keep: impl FnMut(&Patient) -> bool) {
        self.0.retain(|p| keep(&p.unpack()));
    }

    /// Keeps the patients `keep` says yes to, asked about packed.
    pub fn retain_packed(&mut self, keep: impl FnMut(&PackedPatient) -> bool) {
        self.0.retain(keep);
    }

    /// Changes every patient with `change`, each unpacked and packed again.
    pub fn change(&mut self, mut change: impl FnMut(&mut Patient)) {
        for packed in &mut self.0 {
            let mut patient = packed.unpack();
            change(&mut patient);
            *packed = PackedPatient::pack(&patient);
        }
    }

    pub fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }

    /// The patients from `at` on, taken off this list.
    pub fn split_off(&mut self, at: usize) -> Patients {
        Patients(self.0.split_off(at.min(self.0.len())))
    }

    pub fn append(&mut self, other: Patients) {
        self.0.extend(other.0);
    }

    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

impl std::fmt::Debug for Patients {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

impl serde::Serialize for Patients {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

impl FromIterator<Patient> for Patients {
    fn from_iter<I: IntoIterator<Item = Patient>>(patients: I) -> Patients {
        Patients(
            patients
                .into_iter()
                .map(|p| PackedPatient::pack(&p))
                .collect(),
        )
    }
}

impl From<Vec<Patient>> for Patients {
    fn from(patients: Vec<Patient>) -> Patients {
        patients.into_iter().collect()
    }
}

impl From<Vec<PackedPatient>> for Patients {
    fn from(patients: Vec<PackedPatient>) -> Patients {
        Patients(patients)
    }
}

fn format_code(format: LetterFormat) -> u64 {
    LetterFormat::ALL
        .iter()
        .position(|f| *f == format)
        .unwrap_or(0) as u64
}

fn format_from(code: u64) -> LetterFormat {
    LetterFormat::ALL
        .get(code as usize)
        .copied()
        .unwrap_or(LetterFormat::Standard)
}

const STATUSES: [PatientStatus; 3] = [
    PatientStatus::Registered,
    PatientStatus::Deceased,
    PatientStatus::RegisteredElsewhere,
];

fn status_code(status: PatientStatus) -> u64 {
    STATUSES.iter().position(|s| *s == status).unwrap_or(0) as u64
}

fn status_from(code: u64) -> PatientStatus {
    STATUSES
        .get(code as usize)
        .copied()
        .unwrap_or(PatientStatus::Registered)
}

struct Writer(Vec<u8>);

impl Writer {
    /// LEB128: seven bits a byte, low first.
    fn number(&mut self, mut n: u64) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(byte);
                return;
            }
            self.0.push(byte | 0x80);
        }
    }

    fn text(&mut self, text: &str) {
        self.number(text.len() as u64);
        self.0.extend_from_slice(text.as_bytes());
    }

    fn texts<'t>(&mut self, texts: impl Iterator<Item = &'t str>, n: usize) {
        self.number(n as u64);
        for text in texts {
            self.text(text);
        }
    }

    fn flag(&mut self, flag: bool) {
        self.0.push(u8::from(flag));
    }

    /// A text that is most often digits, perhaps after a `+` (an NHS number, a mobile
    /// number): two digits a byte when it is, else as [`Writer::text`] writes it. The length
    /// says which: digits, a plus, and whether they are packed in its low two bits.
    fn digits(&mut self, text: &str) {
        let (plus, digits) = match text.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            self.number((text.len() as u64) << 2);
            self.0.extend_from_slice(text.as_bytes());
            return;
        }
        self.number((digits.len() as u64) << 2 | u64::from(plus) << 1 | 1);
        for pair in digits.as_bytes().chunks(2) {
            let high = pair[0] - b'0';
            let low = pair.get(1).map_or(0x0f, |b| b - b'0');
            self.0.push(high << 4 | low);
        }
    }

    /// 0 for none, else one more than the days from 1 January of year 1, zigzagged (a date
    /// before it is a negative count).
    fn date(&mut self, date: Option<NaiveDate>) {
        use chrono::Datelike;
        match date {
            Some(d) => {
                let days = i64::from(d.num_days_from_ce());
                self.number(((days << 1) ^ (days >> 63)) as u64 + 1);
            }
            None => self.number(0),
        }
    }

    fn optional(&mut self, text: Option<&str>) {
        match text {
            Some(text) => {
                self.flag(true);
                self.text(text);
            }
            None => self.flag(false),
        }
    }
}

struct Reader<'b>(&'b [u8]);

impl<'b> Reader<'b> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn number(&mut self) -> u64 {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte();
            n |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                break;
            }
        }
        n
    }

    fn str(&mut self) -> &'b str {
        let n = (self.number() as usize).min(self.0.len());
        let (text, rest) = self.0.split_at(n);
        self.0 = rest;
        std::str::from_utf8(text).unwrap_or_default()
    }

    fn skip_text(&mut self) {
        self.str();
    }

    fn compact(&mut self) -> CompactString {
        CompactString::from(self.str())
    }

    /// A text [`Writer::digits`] wrote.
    fn digits(&mut self) -> CompactString {
        let n = self.number();
        let len = (n >> 2) as usize;
        if n & 1 == 0 {
            let len = len.min(self.0.len());
            let (text, rest) = self.0.split_at(len);
            self.0 = rest;
            return std::str::from_utf8(text).unwrap_or_default().into();
        }
        let mut text = CompactString::default();
        if n & 2 != 0 {
            text.push('+');
        }
        let bytes = len.div_ceil(2).min(self.0.len());
        let (packed, rest) = self.0.split_at(bytes);
        self.0 = rest;
        for (i, byte) in packed.iter().enumerate() {
            text.push(char::from(b'0' + (byte >> 4).min(9)));
            if 2 * i + 1 < len {
                text.push(char::from(b'0' + (byte & 0x0f).min(9)));
            }
        }
        text
    }

    fn string(&mut self) -> String {
        self.str().to_string()
    }

    fn flag(&mut self) -> bool {
        self.byte() != 0
    }

    fn date(&mut self) -> Option<NaiveDate> {
        match self.number() {
            0 => None,
            n => {
                let zigzag = n - 1;
                let days = (zigzag >> 1) as i64 ^ -((zigzag & 1) as i64);
                NaiveDate::from_num_days_from_ce_opt(i32::try_from(days).ok()?)
            }
        }
    }

    fn optional(&mut self) -> Option<&'b str> {
        self.flag().then(|| self.str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patient() -> Patient {
        Patient {
            row: 70_001,
            nhs_number: super::super::NhsNumber("9434765919".into()),
            title: "Mrs".into(),
            given_name: "Amina Oluwaseun Adébáyọ̀".into(),
            family_name: "Okafor-Nowakowska-Popescu-Hassan".into(),
            date_of_birth: NaiveDate::from_ymd_opt(1931, 2, 28).unwrap(),
            address_lines: vec!["Flat 2, Rose Cottage".into(), "12 Bellenden Road".into()],
            postcode: Postcode {
                text: "SE15 4RF".into(),
                bfpo: false,
            },
            last_seen: Some(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()),
            language: "ur".into(),
            format: LetterFormat::BrailleGrade1,
            needs_by_hand: vec!["British Sign Language interpreter".into()],
            vulnerable: true,
            status: PatientStatus::RegisteredElsewhere,
            removed_from: vec!["G85001".into(), "G85002".into()],
            allocated_practice: Some("G85003".into()),
            mobile: Some("+447700900123".into()),
            closing: 2,
        }
    }

    #[test]
    fn a_patient_unpacks_as_it_was_packed() {
        let p = patient();
        let packed = PackedPatient::pack(&p);
        assert_eq!(packed.unpack(), p);
        assert_eq!(packed.postcode(), p.postcode);
        assert_eq!(packed.row(), p.row);
        assert_eq!(packed.nhs_number(), p.nhs_number);
    }

    #[test]
    fn numbers_pack_two_digits_a_byte_and_any_other_text_as_it_is() {
        let texts = [
            "9434765919",
            "+447700900123",
            "12345",
            "0",
            "",
            "+",
            "++44",
            "943 476 5919",
            "07700-900123",
            "+44 7700",
            "١٢٣",
            "12a",
        ];
        for text in texts {
            let mut w = Writer(Vec::new());
            w.digits(text);
            w.flag(true);
            let mut r = Reader(&w.0);
            assert_eq!(r.digits(), text);
            assert!(r.flag(), "{text:?} read past its end");
        }
        let size = |text: &str| {
            let mut w = Writer(Vec::new());
            w.digits(text);
            w.0.len()
        };
        assert_eq!(size("9434765919"), 6);
        assert_eq!(size("+447700900123"), 7);
        for mobile in [None, Some("07700 900123"), Some("+447700900123")] {
            let p = Patient {
                mobile: mobile.map(CompactString::from),
                nhs_number: super::super::NhsNumber("943X".into()),
                ..patient()
            };
            let packed = PackedPatient::pack(&p);
            assert_eq!(packed.unpack(), p);
            assert_eq!(packed.postcode(), p.postcode);
            assert_eq!(packed.nhs_number(), p.nhs_number);
        }
    }

    #[test]
    fn a_list_of_packed_patients_reads_and_changes_in_order() {
        let rows = |patients: &Patients| -> Vec<usize> { patients.iter().map(|p| p.row).collect() };
        let mut patients: Patients = (1..=5).map(|row| Patient { row, ..patient() }).collect();
        assert_eq!(rows(&patients), [1, 2, 3, 4, 5]);
        assert_eq!(patients.get(1).map(|p| p.row), Some(2));
        assert_eq!(patients.get(5), None);
        let tail = patients.split_off(3);
        assert_eq!((rows(&patients), rows(&tail)), (vec![1, 2, 3], vec![4, 5]));
        patients.append(tail);
        patients.retain_packed(|p| p.row() != 2);
        patients.retain(|p| p.row != 4);
        assert_eq!(rows(&patients), [1, 3, 5]);
        patients.change(|p| p.given_name = format!("Row {}", p.row).into());
        let names: Vec<String> = patients.iter().map(|p| p.given_name.to_string()).collect();
        assert_eq!(names, ["Row 1", "Row 3", "Row 5"]);
        assert_eq!(
            patients.get(2).unwrap(),
            Patient {
                row: 5,
                given_name: "Row 5".into(),
                ..patient()
            }
        );
        patients.truncate(1);
        assert_eq!(
            patients.to_vec(),
            vec![Patient {
                row: 1,
                given_name: "Row 1".into(),
                ..patient()
            }]
        );
    }

    #[test]
    fn every_empty_and_absent_field_unpacks_as_it_was() {
        let p = Patient {
            title: "".into(),
            address_lines: Vec::new(),
            postcode: Postcode {
                text: "BFPO 123".into(),
                bfpo: true,
            },
            last_seen: None,
            needs_by_hand: Vec::new(),
            removed_from: Vec::new(),
            allocated_practice: None,
            mobile: None,
            row: 0,
            closing: 0,
            vulnerable: false,
            status: PatientStatus::Registered,
            format: LetterFormat::Standard,
            date_of_birth: NaiveDate::MIN,
            ..patient()
        };
        let packed = PackedPatient::pack(&p);
        assert_eq!(packed.unpack(), p);
        assert_eq!(packed.postcode(), p.postcode);
        assert_eq!(packed.row(), p.row);
        assert_eq!(packed.nhs_number(), p.nhs_number);
    }

    #[test]
    fn every_format_and_status_unpacks_as_it_was() {
        for format in LetterFormat::ALL {
            for status in STATUSES {
                let p = Patient {
                    format,
                    status,
                    ..patient()
                };
                assert_eq!(PackedPatient::pack(&p).unpack(), p);
            }
        }
    }

    #[test]
    fn a_packed_patient_takes_less_than_half_the_room() {
        // As most patients are: short names, two address lines, no needs.
        let p = Patient {
            title: "Mr".into(),
            given_name: "Tomasz".into(),
            family_name: "Nowak".into(),
            language: "en-GB".into(),
            format: LetterFormat::Standard,
            needs_by_hand: Vec::new(),
            removed_from: Vec::new(),
            allocated_practice: None,
            mobile: None,
            ..patient()
        };
        let packed = PackedPatient::pack(&p);
        assert!(
            packed.len() < std::mem::size_of::<Patient>() / 2,
            "{} bytes",
            packed.len()
        );
    }
}
