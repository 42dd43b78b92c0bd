//! The Web Locks API (`navigator.locks.request`), so that only one tab of the
//! browser does a given piece of upkeep at a time.
//!
//! Bound by hand: web-sys has it only behind `--cfg=web_sys_unstable_apis`,
//! which would change the build flags of the whole workspace.

use std::future::Future;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast as _, JsValue, prelude::*};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    type LockManager;

    #[wasm_bindgen(method, catch)]
    fn request(
        this: &LockManager,
        name: &str,
        options: &JsValue,
        callback: &JsValue,
    ) -> Result<Promise, JsValue>;
}

/// What became of a request for a lock.
#[derive(Debug, PartialEq, Eq)]
pub enum Locked<T> {
    /// `work` ran while this tab held the lock.
    Ran(T),
    /// Another tab holds the lock; `work` did not run.
    Busy,
    /// The browser has no Web Locks (an insecure context, an old browser); `work` ran unguarded.
    Unguarded(T),
}

/// Runs `work` while holding the exclusive lock `name`, unless another tab
/// holds it (then `Busy`, at once: upkeep can wait for the next occasion).
pub async fn if_available<T, F>(name: &str, work: impl FnOnce() -> F) -> Locked<T>
where
    F: Future<Output = T>,
{
    let Some(locks) = lock_manager() else {
        return Locked::Unguarded(work().await);
    };
    let (granted, grant) = deferred();
    let (released, release) = deferred();
    // The lock is held until the promise this callback returns settles.
    let callback = Closure::once_into_js(move |lock: JsValue| -> Promise {
        let _ = grant.call1(&JsValue::NULL, &lock);
        released
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let Ok(request) = locks.request(name, &options, &callback) else {
        return Locked::Unguarded(work().await);
    };
    let lock = JsFuture::from(granted).await.unwrap_or(JsValue::NULL);
    if lock.is_null() {
        let _ = release.call0(&JsValue::NULL);
        let _ = JsFuture::from(request).await;
        return Locked::Busy;
    }
    let out = work().await;
    let _ = release.call0(&JsValue::NULL);
    let _ = JsFuture::from(request).await;
    Locked::Ran(out)
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into())
}

/// A promise and the function that resolves it.
fn deferred() -> (Promise, Function) {
    let mut resolve = None;
    let promise = Promise::new(&mut |res, _rej| resolve = Some(res));
    // The executor runs synchronously inside `Promise::new`.
    let resolve = resolve.unwrap_or_else(|| Function::new_no_args(""));
    (promise, resolve)
}
