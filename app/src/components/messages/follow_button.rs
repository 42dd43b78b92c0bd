//! Following a document: its changes by others then come to the message
//! centre, an hour at a time. What one follows is kept by the relay, so it
//! holds on every device; changing it needs the relay.

use concord_api::{Follows, paths};
use concord_model::Localized as L;
use concord_sync::DocumentId;
use leptos::prelude::*;

use crate::{
    api,
    i18n::I18n,
    kept::{Kept, follow},
    repo::RepoSlot,
    session::Session,
};

const FOLLOWS_KEPT: Kept = Kept::new("concord.follows");

#[component]
pub fn FollowButton(id: DocumentId) -> impl IntoView {
    // A document screen mounted without the shell (its tests) has no
    // session or relay to follow with.
    if use_context::<Session>().is_none() || use_context::<RepoSlot>().is_none() {
        return ().into_any();
    }
    let i18n = I18n::expect();
    let session = Session::expect();
    let follows = follow::<Follows>(FOLLOWS_KEPT, paths::FOLLOWS);
    let following =
        Memo::new(move |_| follows.with(|f| f.as_ref().is_some_and(|f| f.docs.contains(&id))));
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let toggle = move |_| {
        let Some(me) = session.person() else {
            return;
        };
        let path = format!("{}/{}", paths::FOLLOWS, api::path_segment(&id.to_string()));
        let stop = following.get_untracked();
        busy.set(true);
        problem.set(None);
        wasm_bindgen_futures::spawn_local(async move {
            let answer = if stop {
                api::delete_for::<Follows>(&path).await
            } else {
                api::put::<Follows>(&path, &()).await
            };
            busy.set(false);
            match answer {
                Ok(now) => {
                    FOLLOWS_KEPT.write(me.id.as_str(), &now);
                    follows.set(Some(now));
                }
                Err(e) => problem.set(Some(e.describe(i18n.locale()))),
            }
        });
    };
    view! {
        <Show when=move || session.person().is_some()>
            <div class="follow">
                <button
                    type="button"
                    class="button follow-button"
                    class:following=move || following.get()
                    data-testid="follow-toggle"
                    data-following=move || following.get().to_string()
                    aria-pressed=move || following.get().to_string()
                    disabled=move || busy.get()
                    title=move || i18n.pick(L::new(
                        "关注后，他人对此文档的修改会按小时汇总到消息中心",
                        "Following it, changes others make here come to your messages, an hour at a time",
                    ))
                    on:click=toggle
                >
                    {move || if following.get() {
                        i18n.pick(L::new("已关注 · 取消", "Following · Stop"))
                    } else {
                        i18n.pick(L::new("关注", "Follow"))
                    }}
                </button>
                {move || problem.get().map(|p| view! {
                    <p class="form-error" role="alert" data-testid="follow-error">{p}</p>
                })}
            </div>
        </Show>
    }
    .into_any()
}
