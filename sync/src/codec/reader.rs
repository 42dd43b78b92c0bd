use minicbor::{Decoder, data::Type};

use super::{DecodeError, number};

/// CBOR's tag for a byte string that JavaScript wrote from a `Uint8Array`.
/// cbor-x adds it unless told not to; automerge-repo tells it not to, but a
/// peer built on cbor-x's defaults would still mean plain bytes.
const TYPED_ARRAY_U8: u64 = 64;

/// Reads one CBOR item after another from a frame. `field` names what is
/// being read in every error, and every length the input declares is checked
/// against the bytes left before anything relies on it.
pub(super) struct Reader<'a> {
    decoder: Decoder<'a>,
    field: &'static str,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8], field: &'static str) -> Self {
        Self {
            decoder: Decoder::new(bytes),
            field,
        }
    }

    pub(super) fn field(&self) -> &'static str {
        self.field
    }

    pub(super) fn remaining(&self) -> usize {
        self.decoder
            .input()
            .len()
            .saturating_sub(self.decoder.position())
    }

    pub(super) fn datatype(&self) -> Result<Type, DecodeError> {
        self.decoder.datatype().map_err(cbor_error)
    }

    /// cbor-x writes `undefined` for an optional field the sender left unset,
    /// and `null` means the same to automerge-repo.
    pub(super) fn is_absent(&self) -> bool {
        matches!(self.datatype(), Ok(Type::Null | Type::Undefined))
    }

    pub(super) fn text(&mut self) -> Result<&'a str, DecodeError> {
        self.expect(Type::String, Type::StringIndef, "text")?;
        self.check_declared_len(1)?;
        // Type and length were checked, so only the UTF-8 check can fail here.
        self.decoder
            .str()
            .map_err(|_| DecodeError::InvalidUtf8(self.field))
    }

    pub(super) fn bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        if self.datatype()? == Type::Tag {
            let mut probe = self.decoder.probe();
            if probe.tag().map_err(cbor_error)?.as_u64() != TYPED_ARRAY_U8 {
                return Err(self.wrong_type("bytes"));
            }
            self.decoder.tag().map_err(cbor_error)?;
        }
        self.expect(Type::Bytes, Type::BytesIndef, "bytes")?;
        self.check_declared_len(1)?;
        self.decoder.bytes().map_err(cbor_error)
    }

    /// The number of entries of a map.
    pub(super) fn map_len(&mut self) -> Result<u64, DecodeError> {
        self.expect(Type::Map, Type::MapIndef, "a map")?;
        // Every entry takes at least a one-byte key and a one-byte value.
        self.check_declared_len(2)?;
        self.decoder
            .map()
            .map_err(cbor_error)?
            .ok_or(self.indefinite())
    }

    pub(super) fn texts(&mut self) -> Result<Vec<&'a str>, DecodeError> {
        self.expect(Type::Array, Type::ArrayIndef, "an array of text")?;
        self.check_declared_len(1)?;
        let len = self
            .decoder
            .array()
            .map_err(cbor_error)?
            .ok_or(self.indefinite())?;
        // No capacity from `len`: the vector grows only with items actually read.
        let mut texts = Vec::new();
        for _ in 0..len {
            texts.push(self.text()?);
        }
        Ok(texts)
    }

    pub(super) fn integer(&mut self) -> Result<u64, DecodeError> {
        const EXPECTED: &str = "a non-negative integer";
        match self.datatype()? {
            Type::U8 | Type::U16 | Type::U32 | Type::U64 => self.decoder.u64().map_err(cbor_error),
            Type::F32 | Type::F64 => {
                let value = self.decoder.f64().map_err(cbor_error)?;
                number::integer_from_double(value).ok_or(self.wrong_type(EXPECTED))
            }
            _ => Err(self.wrong_type(EXPECTED)),
        }
    }

    pub(super) fn bool(&mut self) -> Result<bool, DecodeError> {
        self.expect(Type::Bool, Type::Bool, "true or false")?;
        self.decoder.bool().map_err(cbor_error)
    }

    /// Steps over one whole item, whatever it holds, and returns its bytes;
    /// errors in it are reported as errors in `field`.
    pub(super) fn skip(&mut self, field: &'static str) -> Result<&'a [u8], DecodeError> {
        let outer = std::mem::replace(&mut self.field, field);
        let skipped = self.skip_item();
        self.field = outer;
        skipped
    }

    fn skip_item(&mut self) -> Result<&'a [u8], DecodeError> {
        let start = self.decoder.position();
        match self.datatype()? {
            // minicbor would step over a lone break as if it were a value.
            Type::Break => return Err(self.wrong_type("a value")),
            Type::String => {
                self.text()?;
            }
            Type::Bytes => {
                self.bytes()?;
            }
            found => {
                match found {
                    Type::Array => self.check_declared_len(1)?,
                    Type::Map => self.check_declared_len(2)?,
                    _ => {}
                }
                // Iterative, and checks every nested length against the input.
                self.decoder.skip().map_err(cbor_error)?;
            }
        }
        self.decoder
            .input()
            .get(start..self.decoder.position())
            .ok_or(DecodeError::Truncated)
    }

    fn expect(
        &self,
        definite: Type,
        indefinite: Type,
        expected: &'static str,
    ) -> Result<(), DecodeError> {
        match self.datatype()? {
            found if found == definite => Ok(()),
            found if found == indefinite => Err(self.indefinite()),
            _ => Err(self.wrong_type(expected)),
        }
    }

    /// Refuses a string, array or map whose head declares more than the rest of
    /// the frame can hold at `min_item_bytes` per item, before it is read.
    fn check_declared_len(&self, min_item_bytes: u64) -> Result<(), DecodeError> {
        let rest = self
            .decoder
            .input()
            .get(self.decoder.position()..)
            .unwrap_or_default();
        let (&initial, after_initial) = rest.split_first().ok_or(DecodeError::Truncated)?;
        let width = match initial & 0x1f {
            short @ 0..=23 => {
                return self.check_fits(u64::from(short), min_item_bytes, rest.len() - 1);
            }
            24 => 1,
            25 => 2,
            26 => 4,
            27 => 8,
            _ => return Err(self.indefinite()),
        };
        let argument = after_initial.get(..width).ok_or(DecodeError::Truncated)?;
        let declared = argument
            .iter()
            .fold(0u64, |value, byte| value << 8 | u64::from(*byte));
        self.check_fits(declared, min_item_bytes, after_initial.len() - width)
    }

    fn check_fits(
        &self,
        declared: u64,
        min_item_bytes: u64,
        remaining: usize,
    ) -> Result<(), DecodeError> {
        let needed = declared.saturating_mul(min_item_bytes);
        if needed > remaining as u64 {
            return Err(DecodeError::TooLarge {
                field: self.field,
                declared,
                remaining,
            });
        }
        Ok(())
    }

    fn wrong_type(&self, expected: &'static str) -> DecodeError {
        DecodeError::WrongType {
            field: self.field,
            expected,
        }
    }

    fn indefinite(&self) -> DecodeError {
        DecodeError::IndefiniteLength { field: self.field }
    }
}

fn cbor_error(error: minicbor::decode::Error) -> DecodeError {
    if error.is_end_of_input() {
        DecodeError::Truncated
    } else {
        DecodeError::Malformed(error.to_string())
    }
}
