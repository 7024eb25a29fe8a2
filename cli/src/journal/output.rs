//! Where an export goes, written so that no existing file is destroyed: a regular file
//! (or a new one) is written under a hidden temporary name beside it and renamed over it
//! only when whole, the temporary file removed on any failure; `-` is standard output,
//! and anything else that exists and is not a regular file (a FIFO, `/dev/stdout`,
//! `/dev/null`) is written directly. An output that is one of the inputs, by device and
//! inode rather than spelling, is refused before anything is read.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use super::input::Source;

/// An output being written.
#[derive(Debug)]
pub struct Output {
    /// The path as given, for messages.
    path: PathBuf,
    /// The temporary file to rename over `path` when whole; `None` when written directly.
    temporary: Option<Temporary>,
}

/// What the bytes go to.
#[derive(Debug)]
pub enum Sink {
    /// Standard output.
    Stdout(io::Stdout),
    /// A file, temporary or not.
    File(File),
}

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(bytes),
            Sink::File(file) => file.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File(file) => file.flush(),
        }
    }
}

/// A temporary file, removed when dropped unless renamed.
#[derive(Debug)]
pub struct Temporary {
    path: PathBuf,
    renamed: bool,
}

impl Temporary {
    /// A new hidden file beside `path` (`.NAME.tmpPID-N`), to be renamed to it.
    pub fn beside(path: &Path) -> io::Result<(File, Temporary)> {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = path
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
        let dir = path.parent().unwrap_or(Path::new(""));
        loop {
            let mut hidden = std::ffi::OsString::from(".");
            hidden.push(name);
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            hidden.push(format!(".tmp{}-{n}", std::process::id()));
            let temporary = dir.join(hidden);
            match OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temporary)
            {
                Ok(file) => {
                    let temporary = Temporary {
                        path: temporary,
                        renamed: false,
                    };
                    return Ok((file, temporary));
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(error) => return Err(error),
            }
        }
    }

    /// Renames the file to `path`.
    pub fn rename_to(mut self, path: &Path) -> io::Result<()> {
        std::fs::rename(&self.path, path)?;
        self.renamed = true;
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl Output {
    /// Opens `path` for writing, refusing it if it is one of `inputs`. Errors name the
    /// path.
    pub fn open(path: &Path, inputs: &[Source]) -> io::Result<(Output, Sink)> {
        let named = |error: io::Error| in_words(path, "cannot write", error);
        if path.as_os_str() == "-" {
            let output = Output {
                path: path.to_owned(),
                temporary: None,
            };
            return Ok((output, Sink::Stdout(io::stdout())));
        }
        let existing = match std::fs::metadata(path) {
            Ok(metadata) => Some(metadata),
            Err(error) if error.kind() == io::ErrorKind::NotFound => None,
            Err(error) => return Err(named(error)),
        };
        if let Some(metadata) = &existing {
            if inputs.iter().any(|input| same_file(input, metadata)) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{} is also an input: not overwritten", path.display()),
                ));
            }
            if !metadata.is_file() {
                let file = OpenOptions::new().write(true).open(path).map_err(named)?;
                let output = Output {
                    path: path.to_owned(),
                    temporary: None,
                };
                return Ok((output, Sink::File(file)));
            }
        }
        let (file, temporary) = Temporary::beside(path).map_err(named)?;
        let output = Output {
            path: path.to_owned(),
            temporary: Some(temporary),
        };
        Ok((output, Sink::File(file)))
    }

    /// Whether the output is a regular file (then a status line may go to stdout).
    pub fn is_file(&self) -> bool {
        self.temporary.is_some()
    }

    /// The path as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Puts the whole output in place: the temporary file renamed over the path.
    pub fn commit(self) -> io::Result<()> {
        match self.temporary {
            Some(temporary) => temporary
                .rename_to(&self.path)
                .map_err(|error| in_words(&self.path, "cannot write", error)),
            None => Ok(()),
        }
    }
}

/// Whether `input` is the file `output` describes.
fn same_file(input: &Source, output: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let metadata = match input {
            Source::File(path) => std::fs::metadata(path).ok(),
            Source::Stdin => stdin_metadata(),
        };
        metadata.is_some_and(|m| m.dev() == output.dev() && m.ino() == output.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = (input, output);
        false
    }
}

#[cfg(unix)]
fn stdin_metadata() -> Option<std::fs::Metadata> {
    use std::os::fd::AsFd;
    let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
    File::from(fd).metadata().ok()
}

/// `cannot write PATH: ERROR`, of the same kind.
pub fn in_words(path: &Path, what: &str, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{what} {}: {error}", path.display()))
}
