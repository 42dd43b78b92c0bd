//! A document's first screen, kept in this browser and painted before the
//! app has loaded (`concordFirstScreen` in index.html): opening a large
//! document then shows it at once, though Automerge's load and the first
//! render take a while. The app keeps the picture fresh while the document
//! is open and hands over (removes it) once its own screen is in place,
//! which looks the same; anything else it shows instead hands over too.

use std::time::Duration;

use concord_model::PersonId;
use concord_sync::DocumentId;
use js_sys::{Function, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast as _, JsValue};

use crate::components::DocContext;

/// How long a document stays still before what it shows is kept: keeping
/// copies the screen's HTML, which is not worth doing at every keystroke.
const STILL: Duration = Duration::from_secs(2);

/// The app's own screen is in place: the picture goes.
pub fn hand_over() {
    call("handOver", &[]);
}

/// Forgets every kept screen (whoever signs in next sees none of them).
pub fn forget_all() {
    call("forgetAll", &[]);
}

/// Forgets the kept screen of a document the person may not see (any more).
pub fn forget(person: &PersonId, doc: DocumentId) {
    call("drop", &[person.as_str().into(), doc.to_string().into()]);
}

/// While the document of `ctx` shows: hands over on the frame after it is
/// in place, then keeps what shows once the document has been still for a
/// moment, and when the page is hidden (closed, switched away from).
pub fn keep_fresh(ctx: DocContext) {
    request_animation_frame(hand_over);
    let person = ctx.me().id;
    let doc = ctx.id;
    let keep = move || call("keep", &[person.as_str().into(), doc.to_string().into()]);
    ctx.when_still(STILL, keep.clone());
    let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().hidden() {
            keep();
        }
    });
    on_cleanup(move || hidden.remove());
}

/// Calls `window.concordFirstScreen[method](...args)`; without it (a page
/// embedding the app without index.html) there is nothing to keep.
fn call(method: &str, args: &[JsValue]) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(api) = Reflect::get(&window, &"concordFirstScreen".into()) else {
        return;
    };
    let Some(function) = Reflect::get(&api, &method.into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return;
    };
    let args: js_sys::Array = args.iter().collect();
    let _ = function.apply(&api, &args);
}
