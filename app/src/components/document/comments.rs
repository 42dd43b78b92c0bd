//! Comments on the document or on one of its rows: read, add, and edit or
//! delete one's own (the model keeps only the author's hands on a comment).

use concord_model::{Comment, CommentId, CommentTarget, Localized as L, PersonId};
use leptos::prelude::*;

use super::{DocContext, show_ms, splice_between};
use crate::{
    components::{ConfirmButton, Names},
    i18n::I18n,
    repo::CryptoRng,
};

/// The comments on `target` (None: on the document as a whole) and a box to add one.
#[component]
pub fn Comments(#[prop(default = None)] target: Option<CommentTarget>) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let target = StoredValue::new(target.unwrap_or(CommentTarget::Doc));
    let me = ctx.me().id;
    let list = Memo::new(move |_| {
        ctx.read(|doc| target.with_value(|t| doc.comments(Some(t)).unwrap_or_default()))
            .unwrap_or_default()
    });
    let draft = RwSignal::new(String::new());
    let submit = move || {
        let body = draft.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        let author = ctx.me().id;
        let target = target.get_value();
        let now = js_sys::Date::now() as i64;
        let added = ctx
            .change(move |doc| doc.add_comment(&author, &target, body.trim(), now, &mut CryptoRng));
        if added.is_ok() {
            draft.set(String::new());
        }
    };
    view! {
        <section class="comments" data-testid="comments">
            <h2 class="comments-title">{move || i18n.pick(L::new("评论", "Comments"))}</h2>
            <ul class="comment-list">
                <For
                    each=move || list.get()
                    key=|c| (c.id.clone(), c.body.clone())
                    children=move |comment| view! { <CommentItem comment mine=me.clone() /> }
                />
            </ul>
            {move || {
                list.with(Vec::is_empty)
                    .then(|| {
                        view! {
                            <p class="comments-empty">
                                {move || i18n.pick(L::new("还没有评论。", "No comments yet."))}
                            </p>
                        }
                    })
            }}
            <form
                class="comment-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <textarea
                    data-testid="comment-input"
                    rows="2"
                    aria-label=move || i18n.pick(L::new("写评论", "Write a comment"))
                    placeholder=move || i18n.pick(L::new("写评论，用 @名字 提及某人", "Write a comment; @name mentions someone"))
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                ></textarea>
                <button
                    type="submit"
                    data-testid="comment-submit"
                    disabled=move || draft.with(|d| d.trim().is_empty())
                >
                    {move || i18n.pick(L::new("发表", "Post"))}
                </button>
            </form>
        </section>
    }
}

#[component]
fn CommentItem(comment: Comment, mine: PersonId) -> impl IntoView {
    let ctx = DocContext::expect();
    let i18n = I18n::expect();
    let own = comment.author == mine;
    let editing = RwSignal::new(false);
    let edited = RwSignal::new(comment.body.clone());
    let id: StoredValue<CommentId> = StoredValue::new(comment.id.clone());
    let body = StoredValue::new(comment.body.clone());
    let save = move || {
        let Some(splice) = splice_between(&body.get_value(), &edited.get_untracked()) else {
            editing.set(false);
            return;
        };
        let me = ctx.me().id;
        let id = id.get_value();
        let saved = ctx
            .change(move |doc| doc.edit_comment(&me, &id, splice.pos, splice.del, &splice.insert));
        if saved.is_ok() {
            editing.set(false);
        }
    };
    let delete = move || {
        let me = ctx.me().id;
        let id = id.get_value();
        let _ = ctx.change(move |doc| doc.delete_comment(&me, &id));
    };
    let segments = mention_segments(&comment.body, &comment.mentions);
    let names = Names::expect();
    let author = comment.author.to_string();
    let author_id = author.clone();
    view! {
        <li class="comment" data-testid="comment" data-comment-id=comment.id.to_string()>
            <p class="comment-meta">
                <strong class="comment-author" data-testid="comment-author" title=author_id>
                    {move || names.person(&author)}
                </strong>
                <time>{show_ms(comment.at)}</time>
            </p>
            {move || {
                if editing.get() {
                    view! {
                        <div class="comment-edit">
                            <textarea
                                data-testid="comment-edit-input"
                                rows="2"
                                prop:value=move || edited.get()
                                on:input=move |ev| edited.set(event_target_value(&ev))
                            ></textarea>
                            <button type="button" data-testid="comment-save" on:click=move |_| save()>
                                {move || i18n.pick(L::new("保存", "Save"))}
                            </button>
                            <button type="button" class="secondary" on:click=move |_| editing.set(false)>
                                {move || i18n.pick(L::new("取消", "Cancel"))}
                            </button>
                        </div>
                    }
                    .into_any()
                } else {
                    view! {
                        <p class="comment-body">
                            {segments
                                .clone()
                                .into_iter()
                                .map(|(text, mention)| {
                                    if mention {
                                        view! { <mark class="mention">{text}</mark> }.into_any()
                                    } else {
                                        text.into_any()
                                    }
                                })
                                .collect_view()}
                        </p>
                    }
                    .into_any()
                }
            }}
            {own
                .then(|| {
                    view! {
                        <p class="comment-actions">
                            <button
                                type="button"
                                class="link"
                                data-testid="comment-edit"
                                on:click=move |_| {
                                    edited.set(body.get_value());
                                    editing.set(true);
                                }
                            >
                                {move || i18n.pick(L::new("编辑", "Edit"))}
                            </button>
                            <ConfirmButton
                                label=Signal::derive(move || i18n.pick(L::new("删除", "Delete")).to_owned())
                                question=Signal::derive(move || i18n.pick(L::new("删除这条评论？", "Delete this comment?")).to_owned())
                                confirm=Signal::derive(move || i18n.pick(L::new("删除", "Delete")).to_owned())
                                testid="comment-delete"
                                on_confirm=Callback::new(move |()| delete())
                            />
                        </p>
                    }
                })}
        </li>
    }
}

/// The body cut into plain text and `@mentions` of the people it mentions.
pub fn mention_segments(body: &str, mentions: &[PersonId]) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut plain = String::new();
    let mut rest = body;
    while let Some(at) = rest.find('@') {
        let after = &rest[at + 1..];
        // The longest mentioned id right after this `@`.
        let hit = mentions
            .iter()
            .map(PersonId::as_str)
            .filter(|id| after.starts_with(id))
            .max_by_key(|id| id.len());
        plain.push_str(&rest[..at]);
        match hit {
            Some(id) => {
                if !plain.is_empty() {
                    out.push((std::mem::take(&mut plain), false));
                }
                out.push((format!("@{id}"), true));
                rest = &after[id.len()..];
            }
            None => {
                plain.push('@');
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        out.push((plain, false));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use concord_model::mentions_in;

    #[test]
    fn mentions_are_marked_in_the_body() {
        let body = "请@bob 和 @carol-1 看一下，mail a@b.com";
        let segments = mention_segments(body, &mentions_in(body));
        assert_eq!(
            segments,
            [
                ("请".to_owned(), false),
                ("@bob".to_owned(), true),
                (" 和 ".to_owned(), false),
                ("@carol-1".to_owned(), true),
                (" 看一下，mail a@b.com".to_owned(), false),
            ]
        );
        assert_eq!(mention_segments("", &[]), []);
    }
}
