//! Opening what the journal commands read: files or standard input, gzip-compressed or
//! not (told by the magic bytes, not the name), with a progress bar for files when
//! stderr is a terminal.

use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read};
use std::path::PathBuf;

use flate2::bufread::GzDecoder;
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
        let mut raw: Box<dyn Read + Send> = match self {
            Source::Stdin => Box::new(io::stdin()),
            Source::File(path) => {
                let file = File::open(path)?;
                match progress {
                    Some(bar) => Box::new(bar.wrap_read(file)),
                    None => Box::new(file),
                }
            }
        };
        // The magic bytes, however the first reads fall (a pipe may give one byte).
        let mut magic = Vec::with_capacity(2);
        (&mut raw).take(2).read_to_end(&mut magic)?;
        let gzip = magic == [0x1f, 0x8b];
        let whole = io::Cursor::new(magic).chain(raw);
        // Only the decompressor needs a buffer: plain text is read straight into the
        // reader's blocks (through a buffer, a quarter of it was copied twice).
        Ok(match gzip {
            true => Box::new(Members::new(BufReader::with_capacity(256 << 10, whole))),
            false => Box::new(whole),
        })
    }
}

/// The gzip members of an input, one after the other (`cat a.gz b.gz`, or gzip -r's
/// output), decompressed as one stream. Zero bytes after a member (padding, which
/// `gzip -t` accepts) are read past; anything else after a member must be another
/// member.
struct Members<R: BufRead> {
    member: Option<GzDecoder<R>>,
}

impl<R: BufRead> Members<R> {
    fn new(input: R) -> Self {
        Members {
            member: Some(GzDecoder::new(input)),
        }
    }
}

impl<R: BufRead> Read for Members<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(member) = &mut self.member else {
                return Ok(0);
            };
            let n = member.read(buf)?;
            if n > 0 || buf.is_empty() {
                return Ok(n);
            }
            // The member has ended: what follows?
            let mut input = self.member.take().expect("a member").into_inner();
            loop {
                let rest = input.fill_buf()?;
                let zeros = rest.iter().take_while(|&&b| b == 0).count();
                if zeros == 0 {
                    break;
                }
                input.consume(zeros);
            }
            if input.fill_buf()?.is_empty() {
                return Ok(0);
            }
            // Another member; anything else is an invalid header.
            self.member = Some(GzDecoder::new(input));
        }
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
    let style = ProgressStyle::with_template(
        "{bar:40} {bytes}/{total_bytes} {binary_bytes_per_sec}, {eta} left",
    )
    .ok()?;
    bar.set_style(style);
    Some(bar)
}
