//! Web page: the address of a patient's page means nothing outside this server. An NHS
//! number travels only in a form's body (POST), never in an address, so it stays out of the
//! browser's history; the page it leads to is `/c/ID/patient/REF`, where REF is made from the
//! closure and the NHS number with a key this server drew at its start, and only this
//! server, while it runs, knows which patient a REF is. A form's answer (what was made, or
//! what was refused with what was typed) is kept here too, for the page the form redirects
//! to, by a key its address carries: a refresh shows it again and sends nothing.

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::Value;
use sha2::{Digest, Sha256};

/// The references handed out, at most this many (then forgotten, oldest with the rest:
/// the officer looks the patient up again).
const MOST: usize = 100_000;

/// The answers of forms kept for their pages, at most this many (then forgotten: a refresh
/// of an old answer shows the patient's page as it stands).
const MOST_SAID: usize = 10_000;

pub struct PatientRefs {
    key: [u8; 32],
    known: Mutex<HashMap<String, (String, String)>>,
    /// What a form's answer says on the page it redirects to (Post/Redirect/Get), by a key
    /// the address carries: (closure, reference, what).
    said: Mutex<HashMap<String, (String, String, Value)>>,
}

impl Default for PatientRefs {
    fn default() -> Self {
        let mut key = [0u8; 32];
        // As for the session token: the server must not start with a guessable key.
        getrandom::fill(&mut key).expect("the operating system gave no random bytes");
        PatientRefs {
            key,
            known: Mutex::new(HashMap::new()),
            said: Mutex::new(HashMap::new()),
        }
    }
}

impl PatientRefs {
    /// The reference of closure `id`'s patient with NHS number `nhs` (as 3-3-4).
    pub fn reference(&self, id: &str, nhs: &str) -> String {
        let mut hash = Sha256::new();
        hash.update(self.key);
        hash.update(id.as_bytes());
        hash.update([0]);
        hash.update(nhs.as_bytes());
        let reference: String = hash.finalize()[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        if let Ok(mut known) = self.known.lock() {
            if known.len() >= MOST {
                known.clear();
            }
            known.insert(reference.clone(), (id.to_string(), nhs.to_string()));
        }
        reference
    }

    /// Keeps what a form's answer says for the page of closure `id`'s patient `reference`
    /// (empty: the look-up form), and returns the key its address carries. Reading it again
    /// (a refresh) shows the same, and sends nothing again.
    pub fn keep(&self, id: &str, reference: &str, what: Value) -> String {
        let mut bytes = [0u8; 16];
        // Unguessable, so one page's answer cannot be read from another's address.
        getrandom::fill(&mut bytes).expect("the operating system gave no random bytes");
        let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        if let Ok(mut said) = self.said.lock() {
            if said.len() >= MOST_SAID {
                said.clear();
            }
            said.insert(key.clone(), (id.to_string(), reference.to_string(), what));
        }
        key
    }

    /// What [`PatientRefs::keep`] kept under `key` for this page, if it did.
    pub fn said(&self, id: &str, reference: &str, key: &str) -> Option<Value> {
        let said = self.said.lock().ok()?;
        let (closure, patient, what) = said.get(key)?;
        (closure == id && patient == reference).then(|| what.clone())
    }

    /// The NHS number a reference stands for in closure `id`, if this server made it.
    pub fn number(&self, id: &str, reference: &str) -> Option<String> {
        let known = self.known.lock().ok()?;
        let (closure, nhs) = known.get(reference)?;
        (closure == id).then(|| nhs.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_hides_the_number_and_is_known_only_here() {
        let refs = PatientRefs::default();
        let r = refs.reference("G85999", "943 476 5919");
        assert_eq!(r.len(), 24);
        assert!(!r.contains("943") || !r.contains("5919"));
        assert_eq!(
            refs.reference("G85999", "943 476 5919"),
            r,
            "the same each time"
        );
        assert_eq!(refs.number("G85999", &r).as_deref(), Some("943 476 5919"));
        assert_eq!(refs.number("A12345", &r), None, "only in its closure");
        assert_ne!(
            PatientRefs::default().reference("G85999", "943 476 5919"),
            r
        );
    }

    #[test]
    fn a_form_s_answer_is_read_only_on_its_own_page() {
        let refs = PatientRefs::default();
        let key = refs.keep("G85999", "abc", serde_json::json!({"made": "x"}));
        assert_eq!(key.len(), 32);
        let said = refs.said("G85999", "abc", &key);
        assert_eq!(said, Some(serde_json::json!({"made": "x"})));
        assert_eq!(refs.said("G85999", "abc", &key), said, "again on a refresh");
        assert_eq!(refs.said("G85999", "abd", &key), None);
        assert_eq!(refs.said("A12345", "abc", &key), None);
        assert_eq!(refs.said("G85999", "abc", "0"), None);
    }
}
