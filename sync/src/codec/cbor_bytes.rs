//! CBOR assembled by hand for test fixtures, from RFC 8949's layout (a head
//! byte of major type and length, then the length's bytes), never through the
//! encoder under test. The `*16` forms write 16-bit lengths whatever the
//! value, as cbor-x does for every object's map header.

pub(super) const FALSE: u8 = 0xf4;
pub(super) const TRUE: u8 = 0xf5;
pub(super) const UNDEFINED: u8 = 0xf7;

pub(super) const TEXT: u8 = 3;
pub(super) const BYTES: u8 = 2;

/// The shortest head for `len`, as every CBOR writer uses for strings.
pub(super) fn head(major: u8, len: u64) -> Vec<u8> {
    let major = major << 5;
    match len {
        0..=23 => vec![major | len as u8],
        24..=0xff => vec![major | 24, len as u8],
        0x100..=0xffff => [&[major | 25][..], &(len as u16).to_be_bytes()].concat(),
        0x1_0000..=0xffff_ffff => [&[major | 26][..], &(len as u32).to_be_bytes()].concat(),
        _ => [&[major | 27][..], &len.to_be_bytes()].concat(),
    }
}

pub(super) fn head16(major: u8, len: u16) -> Vec<u8> {
    [&[major << 5 | 25][..], &len.to_be_bytes()].concat()
}

pub(super) fn text(text: &str) -> Vec<u8> {
    [head(TEXT, text.len() as u64), text.as_bytes().to_vec()].concat()
}

pub(super) fn text16(text: &str) -> Vec<u8> {
    [head16(TEXT, text.len() as u16), text.as_bytes().to_vec()].concat()
}

pub(super) fn bytes(bytes: &[u8]) -> Vec<u8> {
    [head(BYTES, bytes.len() as u64), bytes.to_vec()].concat()
}

pub(super) fn uint(value: u64) -> Vec<u8> {
    head(0, value)
}

pub(super) fn double(value: f64) -> Vec<u8> {
    [&[0xfb][..], &value.to_be_bytes()].concat()
}

pub(super) fn array(items: &[Vec<u8>]) -> Vec<u8> {
    [head(4, items.len() as u64), items.concat()].concat()
}

/// A JavaScript object as cbor-x writes it: a 16-bit map header, then each
/// property's name and value in insertion order.
pub(super) fn object(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = head16(5, entries.len() as u16);
    for (key, value) in entries {
        out.extend(text(key));
        out.extend_from_slice(value);
    }
    out
}
