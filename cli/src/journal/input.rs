//! Opening what the journal commands read: files or standard input, gzip-compressed or
//! not (told by the magic bytes, not the name), with a progress bar for files when
//! stderr is a terminal.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::path::PathBuf;

use flate2::read::MultiGzDecoder;
use indicatif::{ProgressBar, ProgressStyle};

/// One input as named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Standard input (no file, or `-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Source {
    /// The inputs named by `paths`: standard input when there are none.
    pub fn all(paths: &[PathBuf]) -> Vec<Source> {
        if paths.is_empty() {
            return vec![Source::Stdin];
        }
        paths
            .iter()
            .map(|path| match path.as_os_str() == "-" {
                true => Source::Stdin,
                false => Source::File(path.clone()),
            })
            .collect()
    }

    /// How messages name it: the path as given (lossily, if it is not UTF-8), or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_owned(),
            Source::File(path) => path.display().to_string(),
        }
    }

    /// Opens it for reading, decompressed if it is gzip; the bytes read from a file move
    /// `progress` on.
    pub fn open(&self, progress: Option<&ProgressBar>) -> io::Result<Box<dyn Read + Send>> {
        let raw: Box<dyn Read + Send> = match self {
            Source::Stdin => Box::new(io::stdin()),
            Source::File(path) => {
                let file = File::open(path)?;
                match progress {
                    Some(bar) => Box::new(bar.wrap_read(file)),
                    None => Box::new(file),
                }
            }
        };
        let mut buffered = BufReader::with_capacity(256 << 10, raw);
        let gzip = buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        Ok(match gzip {
            // Concatenated gzip members (`cat a.gz b.gz`, or gzip -r's output) are one input.
            true => Box::new(MultiGzDecoder::new(buffered)),
            false => Box::new(buffered),
        })
    }
}

/// A progress bar over the bytes of `sources`, when stderr is a terminal and every
/// input is a file whose size is known; `None` otherwise.
pub fn progress_bar(sources: &[Source]) -> Option<ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let mut total = 0;
    for source in sources {
        match source {
            Source::File(path) => total += std::fs::metadata(path).ok()?.len(),
            Source::Stdin => return None,
        }
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec}, {eta} left",
        )
        .expect("the template is valid"),
    );
    Some(bar)
}
