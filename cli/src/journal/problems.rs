//! What is wrong with the input, located and in words, the first few shown and the rest
//! counted, so that a bad export neither floods the terminal nor passes for a good one.
//! Written through [`crate::report`].

use std::borrow::Cow;

use indicatif::ProgressBar;
use primo_events::journal::Place;

/// A problem with one place in an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where, in the input.
    pub place: Place,
    /// What, in words.
    pub message: Cow<'static, str>,
}

impl Problem {
    /// A problem at `place`.
    pub fn at(place: Place, message: impl Into<Cow<'static, str>>) -> Self {
        Problem {
            place,
            message: message.into(),
        }
    }
}

/// The problems of one block: the first few in full, the rest only counted, since no
/// more are shown of a block than of the whole run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub(super) shown: Vec<Problem>,
    more: u64,
}

impl Found {
    /// Adds a problem.
    pub fn push(&mut self, problem: Problem) {
        match self.shown.len() < Problems::SHOWN as usize {
            true => self.shown.push(problem),
            false => self.more += 1,
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

    /// Reports the problems of a block of the input named `source`.
    pub fn report(&mut self, source: &str, found: &Found) {
        for Problem { place, message } in &found.shown {
            self.count += 1;
            if self.count <= Self::SHOWN {
                self.say(format_args!("{source}, {place}: {message}"));
            }
        }
        self.count += found.more;
    }

    /// Writes a line to stderr, around the progress bar.
    pub fn say(&self, text: impl std::fmt::Display) {
        match &self.progress {
            Some(bar) => bar.suspend(|| crate::report::say(text)),
            None => crate::report::say(text),
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
            self.say(format_args!(
                "{} more problems not shown ({} in all)",
                self.count - Self::SHOWN,
                self.count
            ));
        }
    }
}
