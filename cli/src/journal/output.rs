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
    /// A temporary file to be renamed over an existing one.
    Replacing(Replacing),
}

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(out) => out.write(bytes),
            Sink::File(file) => file.write(bytes),
            Sink::Replacing(file) => file.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(out) => out.flush(),
            Sink::File(file) => file.flush(),
            Sink::Replacing(file) => file.flush(),
        }
    }
}

/// Bytes written to a [`Replacing`] file between two hints to write them out.
const WRITE_OUT: u64 = 8 << 20;

/// A file that is to replace another, its bytes handed to the disk as they come.
///
/// Linux file systems such as ext4 write a file out when it is renamed over another
/// (`auto_da_alloc`: so that a crash leaves the old file or the new one, not an empty
/// one). After an export of 160 MB that made the rename take 0.22-0.38 s, alone at the
/// end of the run; started as the file grows, the writing out costs some 0.035 s in all
/// and leaves the rename only the old file's pages to drop (0.10-0.17 s).
#[derive(Debug)]
pub struct Replacing {
    file: File,
    written: u64,
    /// Bytes already handed to be written out.
    handed: u64,
}

impl Write for Replacing {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = self.file.write(bytes)?;
        self.written += n as u64;
        if self.written - self.handed >= WRITE_OUT {
            start_writing_out(&self.file, self.handed, self.written - self.handed);
            self.handed = self.written;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Asks the kernel to start writing `len` bytes of `file` from `offset` to disk, without
/// waiting: a hint, whose failure the writes and the rename would report themselves.
#[cfg(target_os = "linux")]
fn start_writing_out(file: &File, offset: u64, len: u64) {
    use std::ffi::{c_int, c_uint};
    use std::os::fd::AsRawFd;
    unsafe extern "C" {
        /// `sync_file_range(2)`, in glibc and musl.
        fn sync_file_range(fd: c_int, offset: i64, len: i64, flags: c_uint) -> c_int;
    }
    const SYNC_FILE_RANGE_WRITE: c_uint = 2;
    let (Ok(offset), Ok(len)) = (i64::try_from(offset), i64::try_from(len)) else {
        return;
    };
    // SAFETY: the descriptor is the open file's, borrowed for the call; the call only
    // starts writing out pages the file already has.
    unsafe {
        sync_file_range(file.as_raw_fd(), offset, len, SYNC_FILE_RANGE_WRITE);
    }
}

#[cfg(not(target_os = "linux"))]
fn start_writing_out(_: &File, _: u64, _: u64) {}

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
        // Only a regular file is left in `existing` here: the new one will replace it.
        let sink = match existing {
            Some(_) => Sink::Replacing(Replacing {
                file,
                written: 0,
                handed: 0,
            }),
            None => Sink::File(file),
        };
        Ok((output, sink))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_replacing_another_is_written_out_whole_and_put_in_place_on_commit() {
        let dir = std::env::temp_dir().join(format!("primo-events-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.parquet");
        std::fs::write(&path, b"an older export").unwrap();
        let (output, mut sink) = Output::open(&path, &[]).unwrap();
        assert!(matches!(sink, Sink::Replacing(_)), "{sink:?}");
        // Pieces of an odd size, past several hints to write out.
        let bytes: Vec<u8> = (0..3 * WRITE_OUT + 12_345)
            .map(|i| (i % 251) as u8)
            .collect();
        for piece in bytes.chunks((1 << 20) + 3) {
            sink.write_all(piece).unwrap();
        }
        sink.flush().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"an older export");
        output.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.parquet"], "no temporary file left");
        // A new file has nothing to replace: written as it comes.
        let (_, sink) = Output::open(&dir.join("new.parquet"), &[]).unwrap();
        assert!(matches!(sink, Sink::File(_)), "{sink:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
