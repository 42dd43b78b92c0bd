use minicbor::data::Type;

use super::{DecodeError, reader::Reader};

/// The entries of one CBOR map whose keys are known names, each value kept as
/// its undecoded bytes.
///
/// Which fields a message needs depends on its `type`, and a JavaScript peer
/// may write `type` anywhere in the map. Keeping the bytes lets one pass over
/// the map find everything; fields the type does not use are then never read,
/// so extra keys are tolerated whatever they hold, as automerge-repo itself
/// ignores properties it does not use and newer peers add some.
pub(super) struct Fields<'a> {
    names: &'static [&'static str],
    values: Vec<Option<&'a [u8]>>,
}

impl<'a> Fields<'a> {
    /// Reads the map at `reader`, keeping the values of the keys in `names`.
    /// A key given twice is refused: peers could disagree on which one counts.
    pub(super) fn read(
        reader: &mut Reader<'a>,
        names: &'static [&'static str],
    ) -> Result<Self, DecodeError> {
        let map = reader.field();
        let mut values = vec![None; names.len()];
        for _ in 0..reader.map_len()? {
            if reader.datatype()? != Type::String {
                // No JavaScript object has such a key; it is just another extra entry.
                reader.skip(map)?;
                reader.skip(map)?;
                continue;
            }
            let key = reader.text()?;
            let Some(slot) = names.iter().position(|name| *name == key) else {
                reader.skip(map)?;
                continue;
            };
            let value = reader.skip(names[slot])?;
            if let Some(known) = values.get_mut(slot)
                && known.replace(value).is_some()
            {
                return Err(DecodeError::DuplicateField(names[slot]));
            }
        }
        Ok(Self { names, values })
    }

    /// A reader for the field's value, or `None` when the field is missing,
    /// null or undefined: JavaScript peers mean the same by all three.
    pub(super) fn get(&self, name: &'static str) -> Option<Reader<'a>> {
        let slot = self.names.iter().position(|known| *known == name)?;
        let bytes = self.values.get(slot).copied().flatten()?;
        let reader = Reader::new(bytes, name);
        (!reader.is_absent()).then_some(reader)
    }

    pub(super) fn required(&self, name: &'static str) -> Result<Reader<'a>, DecodeError> {
        self.get(name).ok_or(DecodeError::MissingField(name))
    }
}
