//! The check both targets make of diagnostics.

use primo_events_codegen::{Diagnostic, Pos};

/// Asserts that every place a diagnostic names, notes included, lies inside `data`.
pub fn assert_located(data: &[u8], diagnostics: &[Diagnostic]) {
    let text = String::from_utf8_lossy(data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data));
    let lines: Vec<&str> = text.split('\n').collect();
    let inside = |pos: Pos| {
        let line = lines
            .get(pos.line().wrapping_sub(1))
            .expect("a line inside the input");
        assert!(
            pos.col() >= 1 && pos.col() <= line.chars().count() + 1,
            "{pos:?}"
        );
    };
    for d in diagnostics {
        inside(d.pos());
        d.notes().iter().for_each(|(pos, _)| inside(*pos));
    }
}
