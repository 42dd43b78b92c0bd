//! Changes shared between the tabs of one browser over a `BroadcastChannel`.

use concord_sync::DocumentId;
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast as _, JsValue, prelude::Closure};
use web_sys::{BroadcastChannel, MessageEvent};

/// One tab's end of the channel. Each message is one document's new changes
/// (Automerge bytes, as `save_after` writes them); the receiver merges them, so
/// order and duplicates do not matter.
pub struct TabChannel {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl TabChannel {
    /// Joins the channel `name`; `on_changes` hears every other tab's changes.
    /// Messages that are not of this shape (another version of the app) are ignored.
    pub fn open(
        name: &str,
        mut on_changes: impl FnMut(DocumentId, Vec<u8>) + 'static,
    ) -> Result<Self, JsValue> {
        let channel = BroadcastChannel::new(name)?;
        let on_message = Closure::new(move |event: MessageEvent| {
            if let Some((doc, changes)) = read(&event.data()) {
                on_changes(doc, changes);
            }
        });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(Self {
            channel,
            _on_message: on_message,
        })
    }

    /// Tells the other tabs about new changes to `doc`.
    pub fn post(&self, doc: DocumentId, changes: &[u8]) -> Result<(), JsValue> {
        let message = Object::new();
        Reflect::set(&message, &"doc".into(), &doc.to_string().into())?;
        Reflect::set(&message, &"changes".into(), &Uint8Array::from(changes))?;
        self.channel.post_message(&message)
    }
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

fn read(data: &JsValue) -> Option<(DocumentId, Vec<u8>)> {
    let doc = Reflect::get(data, &"doc".into()).ok()?.as_string()?;
    let doc = DocumentId::parse_url_or_id(&doc).ok()?;
    let changes = Reflect::get(data, &"changes".into())
        .ok()?
        .dyn_into::<Uint8Array>()
        .ok()?;
    Some((doc, changes.to_vec()))
}
