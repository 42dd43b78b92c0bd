//! Files people attach, on the relay's disk under the data directory
//! (`<data>/files/ab/cdef…`, named by the SHA-256 of their bytes), so that
//! backing up the data directory backs them up. A file is written whole to
//! a temporary name, synced and renamed into place: a crash leaves either
//! the whole file or none, never a torn one under its hash.
//!
//! With --database-url, each relay keeps its own: a file reaches the
//! readers of relays that did not receive it only from a shared data
//! directory (relay/API.md says so).
//!
//! Every call blocks: handlers reach it through `blocking`.

use std::{
    fs,
    io::{self, Write as _},
    path::{Path, PathBuf},
};

use concord_model::FileHash;

#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    /// The store under `data` (its folder made when the first file comes).
    pub fn under(data: &Path) -> Self {
        Self {
            root: data.join("files"),
        }
    }

    fn path_of(&self, hash: &FileHash) -> PathBuf {
        let (dir, rest) = hash.as_str().split_at(2);
        self.root.join(dir).join(rest)
    }

    pub fn has(&self, hash: &FileHash) -> bool {
        self.path_of(hash).is_file()
    }

    /// Keeps `bytes` as the file `hash`, which the caller has checked they
    /// are. A file already kept is left as it is: same hash, same bytes.
    pub fn put(&self, hash: &FileHash, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_of(hash);
        if path.is_file() {
            return Ok(());
        }
        let dir = path.parent().unwrap_or(&self.root);
        fs::create_dir_all(dir)?;
        let temp = dir.join(format!(".{}.{}.part", hash, uuid::Uuid::new_v4()));
        let written = (|| {
            let mut file = fs::File::create(&temp)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            fs::rename(&temp, &path)?;
            // The rename itself is durable only once its folder is synced.
            fs::File::open(dir)?.sync_all()
        })();
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        written
    }

    /// The file's bytes, or None if it is not kept here.
    pub fn read(&self, hash: &FileHash) -> io::Result<Option<Vec<u8>>> {
        match fs::read(self.path_of(hash)) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_kept_by_its_hash_and_read_back_by_another_store() {
        let tmp = tempfile::tempdir().unwrap();
        let hash = FileHash::from_digest(&[0xab; 32]);
        let store = FileStore::under(tmp.path());
        assert_eq!(store.read(&hash).unwrap(), None);
        store.put(&hash, b"bytes").unwrap();
        store.put(&hash, b"bytes").unwrap();
        let path = tmp.path().join("files/ab").join("ab".repeat(31));
        assert_eq!(fs::read(path).unwrap(), b"bytes");
        let again = FileStore::under(tmp.path());
        assert!(again.has(&hash));
        assert_eq!(again.read(&hash).unwrap().as_deref(), Some(&b"bytes"[..]));
        // No temporary file is left beside it.
        assert_eq!(
            fs::read_dir(tmp.path().join("files/ab")).unwrap().count(),
            1
        );
    }
}
