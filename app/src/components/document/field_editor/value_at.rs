//! A field's value as read at some heads of its document. Equal heads,
//! equal contents: while the heads stay, the value need not be read again.
//! A long text's read costs in proportion to its length, and typing into it
//! would otherwise read it whole at every keystroke.

use automerge::ChangeHash;
use concord_model::Value;

#[derive(Debug, Clone)]
pub(crate) struct ValueAt {
    heads: Vec<ChangeHash>,
    value: Option<Value>,
}

impl ValueAt {
    pub fn new(heads: Vec<ChangeHash>, value: Option<Value>) -> Self {
        Self { heads, value }
    }

    /// The value, if the document is still at these heads.
    pub fn at(&self, heads: &[ChangeHash]) -> Option<Option<Value>> {
        (self.heads == heads).then(|| self.value.clone())
    }

    pub fn heads(&self) -> &[ChangeHash] {
        &self.heads
    }
}
