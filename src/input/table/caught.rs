//! Input stage: a panic in a workbook reader, caught. calamine's readers index into what a
//! file says without checking it everywhere, so a damaged file can make one panic; the panic
//! becomes an error naming the file, and prints nothing: its message could quote the file,
//! and the file holds patient data (the CLI shows no panic's message either, unless asked).

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    /// Whether this thread is in a reader whose panic is caught.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
}

/// The panic hook that passes over a caught reader's panic, installed once, in front of
/// whatever hook was there.
static HOOK: Once = Once::new();

/// Runs `read`; `None` if it panicked, with nothing printed.
pub(super) fn caught<T>(read: impl FnOnce() -> T) -> Option<T> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CATCHING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = CATCHING.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(read));
    CATCHING.with(|c| c.set(was));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_is_none_and_the_flag_is_put_back() {
        assert_eq!(caught(|| 2), Some(2));
        let none: Option<()> = caught(|| panic!("a message that could quote a file"));
        assert_eq!(none, None);
        assert!(!CATCHING.with(Cell::get));
    }
}
