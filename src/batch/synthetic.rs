//! Batch engine: the synthetic closure `dispersal bench` runs — N patients (and the practices
//! to receive them) made up deterministically, mixed like the sample: households, 2b, 2c,
//! excluded, vulnerable, other languages and large print. Data, held in memory behind
//! [`Files`], read by the input stage as any closure is.

use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::Path;

use crate::input::Files;

const AREA: &[&str] = &["SE1", "SE5", "SE11", "SE15", "SE16", "SE17", "SE21", "SE22"];
const OUT_OF_AREA: &[&str] = &["SE6", "SE13", "SW9", "CR0"];
const LANGUAGES: &[&str] = &[
    "pl", "ro", "es", "pt", "fr", "tr", "lt", "so", "ar", "ur", "bn", "gu", "pa", "ta", "zh",
];
const UNIT_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
const GIVEN: &[&str] = &[
    "Amina",
    "Tomasz",
    "Grace",
    "Oluwaseun",
    "Mehmet",
    "Ioana",
    "Li",
    "Fatima",
    "James",
    "Priya",
    "Abdi",
    "Ana",
];
const FAMILY: &[&str] = &[
    "Okafor", "Nowak", "Mensah", "Adeyemi", "Yilmaz", "Popescu", "Chen", "Begum", "Smith", "Patel",
    "Hassan", "Silva",
];
const STREETS: &[&str] = &[
    "Bellenden Road",
    "Lordship Lane",
    "Old Kent Road",
    "Rye Lane",
    "Walworth Road",
    "Jamaica Road",
    "Tower Bridge Road",
];

/// A small deterministic generator (xorshift64*): the same N gives the same closure.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn postcode(rng: &mut Rng, district: &str) -> String {
    let a = UNIT_LETTERS[rng.below(UNIT_LETTERS.len())] as char;
    let b = UNIT_LETTERS[rng.below(UNIT_LETTERS.len())] as char;
    format!("{district} {}{a}{b}", 1 + rng.below(9))
}

/// The next valid NHS number in the 999 test range at or after candidate `k` (numbers whose
/// check digit would be 10 do not exist and are skipped); `k` moves past it.
fn next_nhs_number(k: &mut u64) -> String {
    loop {
        let base = format!("999{:06}", *k % 1_000_000);
        *k += 1;
        let sum: u32 = base
            .bytes()
            .zip((2..=10).rev())
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        let check = 11 - sum % 11;
        if check != 10 {
            return format!("{base}{}", if check == 11 { 0 } else { check });
        }
    }
}

/// The synthetic closure's files, in memory.
pub struct SyntheticClosure {
    files: Vec<(String, Vec<u8>)>,
}

impl Files for SyntheticClosure {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        self.files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, b)| b.clone())
            .ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "not part of the synthetic closure",
                )
            })
    }
}

impl SyntheticClosure {
    /// The closure [`synthetic_closures`] makes, written straight into files in `dir` (made
    /// 0700), row by row: a large closure is never whole in memory. The data is made up but
    /// shaped like patient data, so each file is written 0600, as the batch writes its own.
    pub fn write(patients: usize, closures: usize, dir: &Path) -> std::io::Result<()> {
        crate::private_files::own_folder(dir)?;
        let files = generate(patients, closures, &mut |name| {
            Ok(BufWriter::new(crate::private_files::create(
                &dir.join(name),
            )?))
        })?;
        for (_, mut file) in files {
            file.flush()?;
        }
        Ok(())
    }
}

/// Generates a closure of `patients` patients, mixed like the sample: households, 2b, 2c,
/// excluded, vulnerable, other languages and large print.
pub fn synthetic(patients: usize) -> SyntheticClosure {
    synthetic_closures(patients, 1)
}

/// [`synthetic`], the same patients on the lists of `closures` neighbouring practices closing
/// together (`[[closing_practice]]`, each with its own list), planned in one assignment.
pub fn synthetic_closures(patients: usize, closures: usize) -> SyntheticClosure {
    // Writing into memory cannot fail.
    let files = generate(patients, closures, &mut |_| Ok(Vec::new())).unwrap_or_default();
    SyntheticClosure { files }
}

/// The patients file's header.
const PATIENTS_HEADER: &str = "nhs_number,title,given_name,family_name,date_of_birth,address_line_1,address_line_2,address_line_3,postcode,last_seen,language,format,vulnerable,status\n";

/// Writes the synthetic closure's files, each into the writer `open` gives for its name, and
/// gives them back by name: the practices, the patients' lists, then `closure.toml`.
fn generate<W: Write>(
    patients: usize,
    closures: usize,
    open: &mut dyn FnMut(&str) -> std::io::Result<W>,
) -> std::io::Result<Vec<(String, W)>> {
    let closures = closures.max(1);
    let mut rng = Rng(0x5EED_0000_0000_0001 ^ patients as u64);
    // Each practice's list is a run of the rows.
    let names: Vec<String> = if closures == 1 {
        vec!["bench-patients.csv".to_string()]
    } else {
        (1..=closures)
            .map(|k| format!("bench-patients-{k}.csv"))
            .collect()
    };
    let mut lists = Vec::with_capacity(closures);
    for name in &names {
        let mut list = open(name)?;
        list.write_all(PATIENTS_HEADER.as_bytes())?;
        lists.push(list);
    }
    let mut csv = String::new();
    let mut home = (String::new(), String::new());
    let mut candidate = 0u64;
    for i in 0..patients {
        csv.clear();
        // About one patient in four shares the previous patient's home (a household).
        if i == 0 || !rng.chance(25) {
            let district = if rng.chance(7) {
                rng.pick(OUT_OF_AREA)
            } else {
                rng.pick(AREA)
            };
            home = (
                format!("{} {}", 1 + rng.below(300), rng.pick(STREETS)),
                postcode(&mut rng, district),
            );
        }
        let last_seen = if rng.chance(10) {
            if rng.chance(50) {
                String::new()
            } else {
                format!(
                    "{:02}/{:02}/20{:02}",
                    1 + rng.below(28),
                    1 + rng.below(12),
                    10 + rng.below(10)
                )
            }
        } else {
            format!(
                "{:02}/{:02}/202{}",
                1 + rng.below(28),
                1 + rng.below(12),
                2 + rng.below(4)
            )
        };
        let status = if rng.chance(2) {
            "deceased"
        } else if rng.chance(2) {
            "registered-elsewhere"
        } else {
            ""
        };
        let language = if rng.chance(12) {
            rng.pick(LANGUAGES)
        } else {
            ""
        };
        let _ = writeln!(
            csv,
            "{},{},{},{},{:02}/{:02}/{},{},London,,{},{},{},{},{},{}",
            next_nhs_number(&mut candidate),
            rng.pick(&["Mr", "Mrs", "Ms", "Mx", "Dr"]),
            rng.pick(GIVEN),
            rng.pick(FAMILY),
            1 + rng.below(28),
            1 + rng.below(12),
            1930 + rng.below(90),
            home.0,
            home.1,
            last_seen,
            language,
            if rng.chance(3) {
                "large-print"
            } else {
                "standard"
            },
            if rng.chance(3) { "Y" } else { "N" },
            status,
        );
        lists[i * closures / patients].write_all(csv.as_bytes())?;
    }
    let practices_n = (patients / 400).clamp(12, 400);
    let capacity = patients * 9 / 10 / practices_n + 1;
    let mut practices = String::from(
        "ods_code,name,address_line_1,address_line_2,postcode,phone,email,capacity,status\n",
    );
    for p in 0..practices_n {
        let district = AREA[p % AREA.len()];
        let _ = writeln!(
            practices,
            "G8{:04},Synthetic Practice {p},{} Health Centre Road,London,{},020 7{:03} {:04},practice{p}@nhs.net,{capacity},open",
            p,
            1 + p,
            postcode(&mut rng, district),
            p % 1000,
            p
        );
    }
    let mut closure = String::from_utf8_lossy(super::request::sample::closure_toml()).replace(
        "practices = \"practices.csv\"",
        "practices = \"bench-practices.csv\"",
    );
    if closures == 1 {
        closure = closure.replace(
            "patients = \"patients.csv\"",
            "patients = \"bench-patients.csv\"",
        );
    } else {
        let mut tables = String::new();
        for (k, name) in names.iter().enumerate() {
            let _ = write!(
                tables,
                "[[closing_practice]]\nods_code = \"G86{k:03}\"\nname = \"Synthetic Closing Practice {}\"\naddress = [\"{} River Street\", \"London\", \"SE1 3QW\"]\nclosure_date = 2026-09-30\npatients = \"{name}\"\n\n",
                k + 1,
                12 + k
            );
        }
        let start = closure.find("[closing_practice]").unwrap_or(0);
        let end = closure.find("[commissioner]").unwrap_or(start);
        closure.replace_range(start..end, &tables);
        closure = closure.replace("patients = \"patients.csv\"\n", "");
    }
    let mut files = Vec::with_capacity(closures + 2);
    let mut file = open("bench-practices.csv")?;
    file.write_all(practices.as_bytes())?;
    files.push(("bench-practices.csv".to_string(), file));
    files.extend(names.into_iter().zip(lists));
    let mut file = open("closure.toml")?;
    file.write_all(closure.as_bytes())?;
    files.push(("closure.toml".to_string(), file));
    Ok(files)
}
