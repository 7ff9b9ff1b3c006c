//! Batch engine: the zip's entries after the print files, in path order — an email to each
//! receiving practice with its list attached, the allocation workbook, the manifest, the plan
//! and the summaries. Each is made and written straight into the zip in turn (the CSVs row by
//! row, never whole in memory); only the workbook is made ahead, on a second thread.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::compose;
use crate::package::{self, BatchLetters, BatchWriter, Summary};
use crate::plan::Plan;
use crate::render;

use super::BatchError;
use super::progress::{Cancel, Progress, ProgressSink, Stage};

/// Makes one entry's bytes into the zip.
type MakeEntry<'a> = Box<dyn FnOnce(&mut dyn Write) -> Result<(), BatchError> + 'a>;

/// What the entries after the print files are made from.
pub struct Rest<'a> {
    pub plan: &'a Plan,
    pub letters: &'a BatchLetters,
    pub summary: &'a Summary,
    pub summary_text: &'a str,
    /// The run's folder for temporary files.
    pub scratch: &'a Path,
    pub typesetter: &'a render::Typesetter,
    /// Letters 1 and 2: their text messages (`sms.csv`); the allocation letters' entries
    /// (emails, PCSE's workbooks, the plan, the report) are not written.
    pub texts: Option<&'a [crate::compose::TextMessage]>,
    /// The plan's rows plan.csv gives (a later batch leaves out the rows with no letter an
    /// earlier one gave).
    pub in_plan_csv: &'a dyn Fn(&crate::plan::PlanEntry) -> bool,
}

/// Writes every entry after the print files into `writer`, in path order.
pub fn write_rest(
    rest: Rest<'_>,
    writer: &mut BatchWriter,
    cancel: &Cancel,
    progress: &mut dyn ProgressSink,
) -> Result<(), BatchError> {
    let Rest {
        plan,
        letters,
        summary,
        summary_text,
        scratch,
        typesetter,
        texts,
        in_plan_csv,
    } = rest;
    std::thread::scope(|scope| -> Result<(), BatchError> {
        let mut entries: Vec<(String, MakeEntry<'_>)> = Vec::new();
        if let Some(texts) = texts {
            entries.push((
                "sms.csv".into(),
                Box::new(move |out| {
                    package::write_sms_csv(texts, out)?;
                    Ok(())
                }),
            ));
        } else {
            // What the receiving practices get: an email each, with their list attached.
            for email in compose::practice_emails(plan) {
                let path = format!("emails/{}.eml", email.practice.ods_code);
                entries.push((
                    path,
                    Box::new(move |out| {
                        let rendered = render::email(&email)?;
                        let list = package::practice_list_xlsx(
                            plan,
                            &email.practice.ods_code,
                            Some(scratch),
                        )?;
                        let list_name =
                            format!("{}-allocated-patients.xlsx", email.practice.ods_code);
                        out.write_all(&package::eml(&email, &rendered, (&list_name, &list))?)?;
                        Ok(())
                    }),
                ));
            }
            // The allocation workbook takes longest; it is made on a second thread (the other core
            // is free once typesetting is done) while the emails and manifest are written.
            // PCSE processes each practice code apart: one workbook per closing practice, made
            // one after another on that thread, each saved in the batch's own folder and copied
            // into the zip from there (a national batch's is never whole in memory).
            type Saved = Result<PathBuf, package::PackageError>;
            let (sends, workbooks): (Vec<_>, Vec<_>) = plan
                .closure
                .closing_practices
                .iter()
                .map(|_| std::sync::mpsc::sync_channel::<Saved>(1))
                .unzip();
            scope.spawn(move || {
                for (i, send) in sends.into_iter().enumerate() {
                    let path = scratch.join(format!("allocation-{}.xlsx", i + 1));
                    let saved =
                        package::save_allocation_workbook(plan, letters.iter(), i, scratch, &path)
                            .map(|()| path);
                    let _ = send.send(saved);
                }
            });
            for (closing, workbook) in plan.closure.closing_practices.iter().zip(workbooks) {
                entries.push((
                    format!("pcse/{}-allocation.xlsx", closing.ods_code),
                    Box::new(move |out| {
                        let path = workbook.recv().map_err(|_| BatchError::Internal {
                            what: "the allocation workbook".into(),
                        })??;
                        let mut saved = File::open(&path).map_err(package::io(&path))?;
                        std::io::copy(&mut saved, out)?;
                        drop(saved);
                        let _ = std::fs::remove_file(&path);
                        Ok(())
                    }),
                ));
            }
        }
        entries.push((
            "manifest.csv".into(),
            Box::new(|out| {
                package::write_manifest_csv(letters, out)?;
                Ok(())
            }),
        ));
        if texts.is_none() {
            entries.push((
                "plan.csv".into(),
                Box::new(|out| {
                    let rows = plan.entries.iter().filter(|e| in_plan_csv(e));
                    package::write_plan_csv_rows(plan, rows, out)?;
                    Ok(())
                }),
            ));
        }
        entries.push((
            "summary.txt".into(),
            Box::new(move |out| Ok(out.write_all(summary_text.as_bytes())?)),
        ));
        if texts.is_none() {
            entries.push((
                "report.pdf".into(),
                Box::new(move |out| {
                    let data = super::report::report_data(plan, summary);
                    let pdf = render::report_pdf(typesetter, &data, plan.closure.letters.date)?;
                    Ok(out.write_all(&pdf)?)
                }),
            ));
        }
        entries.push((
            "summary.json".into(),
            Box::new(|out| Ok(serde_json::to_writer_pretty(out, summary)?)),
        ));
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let total = entries.len();
        for (done, (path, make)) in entries.into_iter().enumerate() {
            if cancel.is_cancelled() {
                return Err(BatchError::Cancelled);
            }
            writer.add_streamed(&path, make)?;
            progress.report(Progress {
                stage: Stage::Package,
                done: done + 1,
                total,
            });
        }
        Ok(())
    })
}
