use serde::{Deserialize, Serialize};

/// The answer to `PUT /api/documents/{id}/files/{sha256}`: the relay keeps
/// these bytes, checked against their hash and durable on its disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFile {
    /// SHA-256 of the bytes, 64 lowercase hexadecimal digits.
    pub sha256: String,
    pub size: u64,
}
