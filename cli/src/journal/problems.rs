//! Reporting what is wrong with the input on stderr: located, in words, the first few
//! shown and the rest counted, so that a bad export neither floods the terminal nor
//! passes for a good one.

use std::fmt::Display;

use indicatif::ProgressBar;

use super::split::Place;

/// A problem with one place in an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where, in the input.
    pub place: Place,
    /// Whether the column says something (it does not for a line read whole).
    pub has_column: bool,
    /// What, in words.
    pub message: String,
}

impl Problem {
    /// A problem with a whole line or element.
    pub fn at(place: Place, message: impl Display) -> Self {
        Problem {
            place,
            has_column: place.column > 1,
            message: message.to_string(),
        }
    }

    /// A problem at `(line, column)` within a text that starts at `place`.
    pub fn within(place: Place, (line, column): (u64, u64), message: impl Display) -> Self {
        let place = match line {
            1 => Place {
                line: place.line,
                column: place.column + column - 1,
            },
            _ => Place {
                line: place.line + line - 1,
                column,
            },
        };
        Problem {
            place,
            has_column: true,
            message: message.to_string(),
        }
    }
}

/// Writes problems to stderr as they come: the first [`Problems::SHOWN`], then only
/// counts.
#[derive(Debug, Default)]
pub struct Problems {
    count: u64,
    progress: Option<ProgressBar>,
}

impl Problems {
    /// How many problems are written out; the rest are counted.
    pub const SHOWN: u64 = 20;

    /// Reports problems, around `progress` if a bar is drawn.
    pub fn new(progress: Option<ProgressBar>) -> Self {
        Problems { count: 0, progress }
    }

    /// Reports a problem of the input named `source`.
    pub fn report(&mut self, source: &str, problem: &Problem) {
        self.count += 1;
        if self.count > Self::SHOWN {
            return;
        }
        let Place { line, column } = problem.place;
        let message = &problem.message;
        let text = match problem.has_column {
            true => format!("primo-events: {source}, line {line}, column {column}: {message}"),
            false => format!("primo-events: {source}, line {line}: {message}"),
        };
        self.say(&text);
    }

    /// Writes a line to stderr, around the progress bar.
    pub fn say(&self, text: &str) {
        match &self.progress {
            Some(bar) => bar.suspend(|| eprintln!("{text}")),
            None => eprintln!("{text}"),
        }
    }

    /// How many problems there were.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Says how many were not shown, if any; the bar is done.
    pub fn finish(&self) {
        if let Some(bar) = &self.progress {
            bar.finish_and_clear();
        }
        if self.count > Self::SHOWN {
            self.say(&format!(
                "primo-events: {} more problems not shown ({} in all)",
                self.count - Self::SHOWN,
                self.count
            ));
        }
    }
}
