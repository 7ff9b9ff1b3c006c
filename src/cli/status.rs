//! CLI: `dispersal status` — where a dispersal stands, as the web page's dispersal page shows
//! it: each step of the SEL process with when it is due, what the ledger says was done and
//! when, and what is next (the engine's [`crate::batch::timeline`], in its words).

use std::path::Path;

use super::EXIT_OK;
use super::args::ClosureArgs;
use crate::batch::request::{self, ClosureSource};
use crate::batch::{self, Kept};

/// Prints the dispersal's steps.
pub fn status(closure: &ClosureArgs, ledger: &Path, out: &Path) -> anyhow::Result<u8> {
    let read = request::read_closure(&ClosureSource {
        closure: closure.closure.clone().unwrap_or_default(),
        sample: closure.sample,
        postcode_lookup: closure.postcode_lookup.clone(),
        locales: closure.locales.clone(),
        capacity_replies: closure.capacity_replies.clone(),
    })?;
    let c = &read.inputs.closure;
    let kept = Kept {
        survey_made: request::survey_made(c, out),
        replies: read.replies.map_or(0, |r| r.replies),
    };
    let today = batch::Now::system().today();
    let steps = batch::timeline(c, Some(ledger), &kept, today)?;
    for practice in &c.closing_practices {
        println!(
            "{} ({}) closes on {}.",
            practice.name,
            practice.ods_code,
            batch::date_in_words(practice.closure_date)
        );
    }
    println!(
        "Where the dispersal stands on {}:",
        batch::date_in_words(today)
    );
    for step in &steps {
        let state = match (step.state_in_words(), step.next) {
            ("Next", _) | (_, false) => step.state_in_words().to_string(),
            (state, true) => format!("{state}, next"),
        };
        println!();
        println!("  {}: {state}", step.step.name());
        println!("    {}", step.due_in_words());
        if step.done.is_empty() {
            println!("    Nothing yet");
        }
        for done in &step.done {
            println!("    {}", done.in_words());
        }
    }
    match steps.iter().find(|s| s.next) {
        Some(next) => println!("\nNext: {}.", next.step.name()),
        None => println!("\nEvery step is done."),
    }
    Ok(EXIT_OK)
}
