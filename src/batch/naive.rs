//! Batch engine: the naive baseline `dispersal bench` compares a run with — each letter
//! worded, compiled and exported alone, on one thread, shaping every paragraph afresh, as
//! typst does by itself. It runs outside a batch's `render::ShapedTextReuse`, so nothing is
//! kept from one letter to the next: no shaped text, body, glyph bounds or QR code.

use std::time::Instant;

use crate::compose::{self, Wording};
use crate::model::Inputs;
use crate::plan;
use crate::render::{self, PrintFileSpec, Typesetter};

use super::BatchError;

/// Letters per second for the first `letters` letters of `inputs`, each made alone.
pub fn naive_letters_per_second(inputs: Inputs, letters: usize) -> Result<f64, BatchError> {
    let plan = plan::plan_owned(inputs);
    let wording = Wording::load()?;
    let sample = compose::letter_orders(&plan, &wording)
        .letters
        .iter()
        .take(letters)
        .map(|order| order.compose(&plan, &wording))
        .collect::<Result<Vec<_>, _>>()?;
    let typesetter = Typesetter::new();
    let started = Instant::now();
    for letter in &sample {
        let spec = PrintFileSpec {
            title: letter.letter_id.to_string(),
            author: plan.closure.commissioner.name.clone(),
            language: letter.language.to_string(),
            date: plan.closure.letters.date,
        };
        render::print_file(&typesetter, &spec, &[letter])?;
    }
    Ok(sample.len() as f64 / started.elapsed().as_secs_f64().max(1e-9))
}
