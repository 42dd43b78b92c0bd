use automerge::sync;

/// Bloom filter probes a peer may ask for; automerge uses 7. More is either a
/// mistake or an attempt to make every later sync message cost a fortune.
pub const MAX_BLOOM_PROBES: u64 = 64;

/// An automerge sync message a peer sent that will not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncDataError {
    #[error("not an automerge sync message: {0}")]
    Malformed(String),
    /// automerge 0.12 accepts these filters but panics (divides by zero) or
    /// allocates without bound when it later consults them.
    #[error("a bloom filter in the sync message is unusable: {0}")]
    UnusableBloom(&'static str),
}

/// Decodes an automerge sync message from a peer, refusing what automerge
/// would only fail on later, inside `generate_sync_message`, where a failure
/// is a panic.
pub fn decode_sync_message(data: &[u8]) -> Result<sync::Message, SyncDataError> {
    let message =
        sync::Message::decode(data).map_err(|e| SyncDataError::Malformed(e.to_string()))?;
    for have in &message.have {
        check_bloom(&have.bloom.to_bytes())?;
    }
    Ok(message)
}

/// `bytes` as automerge writes a filter: nothing for an empty one, else
/// LEB128 entries, bits per entry and probes, then the bits.
fn check_bloom(bytes: &[u8]) -> Result<(), SyncDataError> {
    let mut rest = bytes;
    let mut next = || {
        leb128::read::unsigned(&mut rest).map_err(|_| SyncDataError::UnusableBloom("bad header"))
    };
    if bytes.is_empty() {
        return Ok(());
    }
    let _entries = next()?;
    let _bits_per_entry = next()?;
    let probes = next()?;
    if probes > MAX_BLOOM_PROBES {
        return Err(SyncDataError::UnusableBloom("too many probes"));
    }
    // Every probe is taken modulo the number of bits, which must fit a u32.
    let bits = rest.len().saturating_mul(8);
    if bits == 0 || u32::try_from(bits).is_err() {
        return Err(SyncDataError::UnusableBloom("no bits or too many"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use automerge::{Automerge, ROOT, sync::SyncDoc, transaction::Transactable};

    use super::*;

    /// A real first sync message whose bloom filter header is then rewritten.
    fn message_with_bloom(entries: u8, bits_per_entry: u8, probes: u8, bits: &[u8]) -> Vec<u8> {
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        tx.put(ROOT, "a", 1).unwrap();
        tx.commit();
        let mut message = doc.generate_sync_message(&mut sync::State::new()).unwrap();
        message.have = vec![sync::Have::default()];
        let mut bloom = vec![entries, bits_per_entry, probes];
        bloom.extend_from_slice(bits);
        message.have[0].bloom = sync::BloomFilter::try_from(&bloom[..]).unwrap();
        message.encode()
    }

    #[test]
    fn ordinary_messages_pass() {
        let data = message_with_bloom(1, 10, 7, &[0, 0]);
        assert!(decode_sync_message(&data).is_ok());
        let doc = Automerge::new();
        let data = doc
            .generate_sync_message(&mut sync::State::new())
            .unwrap()
            .encode();
        assert!(decode_sync_message(&data).is_ok());
    }

    #[test]
    fn a_filter_without_bits_is_refused() {
        // One entry at zero bits per entry: automerge divides by zero probing it.
        let data = message_with_bloom(1, 0, 7, &[]);
        assert_eq!(
            decode_sync_message(&data).unwrap_err(),
            SyncDataError::UnusableBloom("no bits or too many")
        );
    }

    #[test]
    fn a_filter_with_absurd_probes_is_refused() {
        let data = message_with_bloom(1, 10, 120, &[0, 0]);
        assert!(matches!(
            decode_sync_message(&data),
            Err(SyncDataError::UnusableBloom("too many probes"))
        ));
    }

    #[test]
    fn garbage_is_malformed() {
        assert!(matches!(
            decode_sync_message(&[0x42, 0xff]),
            Err(SyncDataError::Malformed(_))
        ));
    }
}
