//! Minutes: when they were published against SPEC's hour, and their action
//! items sent as tasks to the tracker the minutes name (`tracking`).

use concord_model::{
    Localized as L, Permissions,
    tracking::{
        PUBLISH_WITHIN_MINUTES, add_tracked_tasks, link_tracked_tasks, named_tracker,
        published_after_minutes, untracked_items,
    },
};
use concord_sync::DocumentId;
use leptos::prelude::*;

use super::DocContext;
use crate::{i18n::I18n, repo::CryptoRng};

#[component]
pub fn MinutesTracking(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let published = Memo::new(move |_| ctx.read(published_after_minutes).flatten());
    let tracker = Memo::new(move |_| ctx.read(named_tracker).flatten());
    let untracked = Memo::new(move |_| {
        ctx.read(|doc| untracked_items(doc).map(|i| i.len()).unwrap_or(0))
            .unwrap_or(0)
    });
    let may_link = Memo::new(move |_| {
        ctx.permissions()
            .is_some_and(|p| p.may_edit_cell("action_items", "task", None).is_ok())
    });
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send = move |_| {
        let Some(target) = tracker.get_untracked() else {
            return;
        };
        let Ok(tracker_id) = target.parse::<DocumentId>() else {
            problem.set(Some(i18n.pick(NOT_A_TRACKER).to_owned()));
            return;
        };
        busy.set(true);
        problem.set(None);
        let repo = ctx.repo();
        wasm_bindgen_futures::spawn_local(async move {
            let said = send_to_tracker(ctx, repo, tracker_id).await;
            problem.set(said.err().map(|l| i18n.pick(l).to_owned()));
            busy.set(false);
        });
    };
    view! {
        <section class="minutes-tracking" data-testid="minutes-tracking">
            {move || {
                published.get().map(|after| {
                    let on_time = after <= PUBLISH_WITHIN_MINUTES;
                    view! {
                        <p class="published-line" class:late=!on_time data-testid="published-after" data-minutes=after>
                            {move || match i18n.locale() {
                                concord_model::Locale::ZhCn => format!("会后 {after} 分钟发布（要求 1 小时内）"),
                                concord_model::Locale::En => format!("Published {after} min after the meeting (due within an hour)"),
                            }}
                        </p>
                    }
                })
            }}
            <Show when=move || tracker.get().is_some() && untracked.get() != 0 && may_link.get()>
                <button
                    type="button"
                    class="button"
                    data-testid="track-action-items"
                    disabled=move || busy.get()
                    on:click=send
                >
                    {move || match i18n.locale() {
                        concord_model::Locale::ZhCn => format!("将 {} 个行动项转为跟踪任务", untracked.get()),
                        concord_model::Locale::En => format!("Send {} action items to the tracker", untracked.get()),
                    }}
                </button>
            </Show>
            {move || problem.get().map(|p| view! { <p class="hint" role="alert" data-testid="track-problem">{p}</p> })}
        </section>
    }
}

const NOT_A_TRACKER: L = L::new(
    "“任务跟踪表”不是可打开的任务跟踪表链接。",
    "The “Task tracker” field is not a link to a task tracker.",
);

/// Adds the rows to the tracker, then links the minutes' items to them: two
/// changes, tracker first, so a link never points at a row not written.
async fn send_to_tracker(
    ctx: DocContext,
    repo: crate::repo::Repo,
    tracker: DocumentId,
) -> Result<(), L> {
    const UNAVAILABLE: L = L::new(
        "任务跟踪表还没有同步到这里，或您无权编辑它。",
        "The task tracker is not here yet, or you may not edit it.",
    );
    repo.open(tracker).await.map_err(|_| UNAVAILABLE)?;
    let items = ctx
        .read_untracked(untracked_items)
        .and_then(Result::ok)
        .unwrap_or_default();
    let me = ctx.me();
    let minutes_id = ctx.id.to_string();
    let made = repo
        .change_as(tracker, Some(&me.id), |doc| {
            let made = add_tracked_tasks(doc, &minutes_id, &items, &mut CryptoRng)?;
            // The tracker's owner lets each task's owner do their part.
            if Permissions::of(doc, &me).is_ok_and(|p| p.may_change_acl().is_ok()) {
                doc.grant_named_to_act()?;
            }
            Ok(made)
        })
        .map_err(|_| UNAVAILABLE)?;
    let tracker_id = tracker.to_string();
    ctx.change(|doc| link_tracked_tasks(doc, &tracker_id, &made))
        .map_err(|_| {
            L::new(
                "行动项未能关联到任务。",
                "The action items could not be linked to their tasks.",
            )
        })?;
    Ok(())
}
