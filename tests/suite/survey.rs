//! The capacity survey (`dispersal survey`): which practices are asked, in what order, and
//! what each is sent — read back from the zip as a practice would open it.

use crate::common;

use std::io::Read;

use calamine::Reader;
use dispersal::model::PracticeStatus;
use mail_parser::MimeHeaders;

use crate::common::cli::Dispersal;
use common::{inputs, patient, practice};

#[test]
fn the_candidates_are_the_open_practices_among_each_households_five_nearest() {
    let home = ["1 Quay Street", "London"];
    let mut patients = vec![
        patient(2, "Ann", "Lee", &home, "SE1 1AA"),
        patient(3, "Bo", "Lee", &home, "SE1 1AA"),
        patient(4, "Cy", "Ng", &["9 Dock Road", "London"], "SE1 1AD"),
        // Not seen for 5 years: 2b, allocated to nobody, so counted for nobody.
        patient(5, "Di", "Ho", &["3 Mill Lane", "London"], "SE1 1AE"),
    ];
    patients[3].last_seen = None;
    let mut closing = practice(8, "G00007", "Closing Too", "SE1 1AB", 50);
    closing.status = PracticeStatus::Closing;
    let practices = vec![
        practice(2, "G00001", "Unit Group", "SE1 1AB", 10),
        practice(3, "G00002", "Same Sector", "SE1 1BB", 10),
        practice(4, "G00003", "Same District", "SE1 2AA", 10),
        practice(5, "G00004", "Same Area A", "SE5 1AA", 10),
        practice(6, "G00005", "Same Area B", "SE15 1AA", 10),
        practice(7, "G00006", "Sixth", "SE20 1AA", 10),
        closing,
    ];
    let candidates = dispersal::plan::survey(&inputs(patients, practices));
    let rows: Vec<(&str, usize, usize, usize)> = candidates
        .iter()
        .map(|c| {
            (
                c.ods_code.as_str(),
                c.potential,
                c.nearest_first,
                c.contact_order,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("G00001", 3, 3, 1),
            ("G00002", 3, 0, 2),
            ("G00003", 3, 0, 3),
            ("G00004", 3, 0, 4),
            ("G00005", 3, 0, 5),
        ]
    );
}

#[test]
fn the_survey_zip_holds_the_list_and_an_email_with_a_reply_form_for_each_practice() {
    let out = tempfile::tempdir().unwrap();
    let run = Dispersal::bare()
        .args([
            "survey",
            "--sample",
            "--reply-by",
            "30/10/2026",
            "--date",
            "16/09/2026",
            "--out",
        ])
        .arg(out.path())
        .output();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("replies by 30/10/2026"), "{stdout}");
    let zip_path = out.path().join("survey-G85999.zip");
    assert!(
        stdout.trim_end().ends_with(&zip_path.display().to_string()),
        "{stdout}"
    );
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut csv = String::new();
    zip.by_name("survey.csv")
        .unwrap()
        .read_to_string(&mut csv)
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec![
            "ods_code",
            "name",
            "potential_patients",
            "nearest_first",
            "contact_order"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert!(rows.len() >= 5, "{csv}");
    // Most potential patients first, numbered from 1.
    let potential: Vec<usize> = rows.iter().map(|r| r[2].parse().unwrap()).collect();
    assert!(potential.windows(2).all(|w| w[0] >= w[1]), "{csv}");
    let order: Vec<String> = rows.iter().map(|r| r[4].clone()).collect();
    let expected: Vec<String> = (1..=rows.len()).map(|n| n.to_string()).collect();
    assert_eq!(order, expected);
    // Every 2a patient has exactly one nearest practice.
    let plan = dispersal::plan::plan(&common::sample_inputs());
    let allocate = plan.count(dispersal::plan::Cohort::Allocate);
    let nearest: usize = rows.iter().map(|r| r[3].parse::<usize>().unwrap()).sum();
    assert_eq!(nearest, allocate);

    for row in &rows {
        let ods = &row[0];
        let mut bytes = Vec::new();
        zip.by_name(&format!("emails/{ods}.eml"))
            .unwrap()
            .read_to_end(&mut bytes)
            .unwrap();
        let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
        let to = message
            .to()
            .unwrap()
            .first()
            .unwrap()
            .address()
            .unwrap()
            .to_string();
        let practice = plan.practices.iter().find(|p| &p.ods_code == ods).unwrap();
        assert_eq!(to, practice.email);
        let subject = message.subject().unwrap();
        assert!(
            subject.contains("Riverside Medical Centre (G85999)"),
            "{subject}"
        );
        assert!(subject.ends_with("Reply by 30 October 2026"), "{subject}");
        let text = message.body_text(0).unwrap();
        assert!(
            text.contains(&format!(
                "for {} patients on the closing practice's list",
                row[2]
            )),
            "{text}"
        );
        assert!(
            text.contains(&format!("for {} of them it is the nearest", row[3])),
            "{text}"
        );
        assert!(text.contains("by 30 October 2026"), "{text}");
        if row[4] == "1" {
            // The email the first practice reads, as a reviewer reads it.
            insta::assert_snapshot!("survey_email_text", format!("Subject: {subject}\n\n{text}"));
        }
        let date = message.date().unwrap();
        assert_eq!((date.year, date.month, date.day), (2026, 9, 16));
        // The reply form: one sheet, the header, and the practice's row with can_take empty.
        let attachment = message.attachments().next().expect("a reply form");
        assert_eq!(
            attachment.attachment_name(),
            Some(format!("{ods}-capacity-reply.xlsx").as_str())
        );
        let mut book =
            calamine::Xlsx::new(std::io::Cursor::new(attachment.contents().to_vec())).unwrap();
        assert_eq!(book.sheet_names().len(), 1);
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        let cells: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        assert_eq!(
            cells,
            [
                vec!["ods_code".to_string(), "name".into(), "can_take".into()],
                vec![ods.clone(), practice.name.clone(), String::new()],
            ]
        );
    }
}

fn plan_with_replies(replies: &std::path::Path, out: &std::path::Path) -> std::process::Output {
    Dispersal::bare()
        .args(["plan", "--sample", "--capacity-replies"])
        .arg(replies)
        .arg("--out")
        .arg(out)
        .output()
}

/// A reply form as a practice sends it back: the header and its row, `can_take` filled in.
fn filled_form(path: &std::path::Path, ods: &str, name: &str, can_take: f64) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, header) in ["ods_code", "name", "can_take"].iter().enumerate() {
        sheet.write_string(0, col as u16, *header).unwrap();
    }
    sheet.write_string(1, 0, ods).unwrap();
    sheet.write_string(1, 1, name).unwrap();
    sheet.write_number(1, 2, can_take).unwrap();
    book.save(path).unwrap();
}

#[test]
fn replies_set_capacities_and_a_bad_reply_is_refused_naming_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let replies = dir.path().join("replies");
    std::fs::create_dir(&replies).unwrap();
    filled_form(
        &replies.join("G85910-capacity-reply.xlsx"),
        "G85910",
        "Burgess Park Lane Surgery",
        0.0,
    );
    std::fs::write(
        replies.join("tabard.csv"),
        "ods_code,name,can_take\ng85901,Tabard Row Surgery,40\n",
    )
    .unwrap();
    // Office's lock file beside an open form is not a reply.
    std::fs::write(replies.join("~$G85910-capacity-reply.xlsx"), "lock").unwrap();
    let out = dir.path().join("plan");
    let run = plan_with_replies(&replies, &out);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr),
    );
    assert!(run.status.success(), "{stderr}");
    assert!(
        stderr.contains("capacity from 2 survey replies; 8 of 10 open practices sent none"),
        "{stderr}"
    );
    assert!(
        stdout.contains("G85910   Burgess Park Lane Surgery"),
        "{stdout}"
    );
    assert!(stdout.contains(" 0 / 0 "), "{stdout}");
    assert!(stdout.contains("40 / 40"), "{stdout}");
    assert!(
        stdout.contains("G85902 Maltings Wharf Surgery sent no capacity survey reply; the practices file's capacity of 10 is used"),
        "{stdout}"
    );
    let plan = std::fs::read_to_string(out.join("plan.csv")).unwrap();
    let to_tabard = plan.lines().filter(|l| l.contains(",G85901,")).count();
    assert_eq!(to_tabard, 40, "Tabard Row's reply of 40 is its capacity");
    assert!(
        !plan
            .lines()
            .any(|l| l.contains(",G85910,") && l.contains("2a")),
        "G85910 can take none"
    );

    for (content, message) in [
        (
            "ods_code,name,can_take\nG85901,Tabard,-3\n",
            "bad.csv: row 2: can_take (cell C2) is \"-3\", not a whole number of 0 or more",
        ),
        (
            "ods_code,name,can_take\nG85901,Tabard,\n",
            "bad.csv: row 2: can_take (cell C2) is empty",
        ),
        (
            "ods_code,name,can_take\nG85901,Tabard,twelve\n",
            "can_take (cell C2) is \"twelve\"",
        ),
        (
            "ods_code,name,can_take\nA99999,Elsewhere,5\n",
            "bad.csv: row 2: ods_code A99999 is not a practice in the practices file",
        ),
        (
            "ods_code,name,can_take\nG85901,Tabard,12\n",
            "tabard.csv: row 2: G85901 replied 40 here but 12 in bad.csv",
        ),
    ] {
        std::fs::write(replies.join("bad.csv"), content).unwrap();
        let run = plan_with_replies(&replies, &out);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
        assert!(stderr.contains("hint:"), "{stderr}");
    }
}
