//! A document's tags under its title: shown to every reader, added and
//! removed by those who may rename it (the relay's rule for `meta.tags`).
//! Search finds documents by them.

use concord_model::{DocError, Localized as L, TAG_MAX, TagError};
use leptos::{ev, prelude::*};

use super::DocContext;
use crate::{i18n::I18n, repo::RepoError};

fn tag_error(e: TagError) -> L {
    match e {
        TagError::Empty => L::new("请输入标签", "Type a tag"),
        TagError::TooLong => L::new("标签最多 30 个字", "A tag has at most 30 characters"),
        TagError::Control => L::new("标签不能含控制字符", "A tag holds no control characters"),
        TagError::TooMany => L::new("一个文档最多 20 个标签", "A document has at most 20 tags"),
    }
}

#[component]
pub fn DocTags(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let tags = Memo::new(move |_| ctx.read_keys(|doc| doc.tags()).unwrap_or_default());
    let editable = Memo::new(move |_| ctx.permissions().is_some_and(|p| p.may_rename().is_ok()));
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<L>);
    let add = move || {
        let text = typed.get_untracked();
        // What a tag may be, and how many, is the model's to say.
        match ctx.change(|doc| doc.add_tag(&text)) {
            Ok(_) => {
                typed.set(String::new());
                problem.set(None);
            }
            Err(RepoError::Doc(e)) => {
                if let DocError::InvalidTag(e) = *e {
                    // Said beside the input, not as a failed edit.
                    ctx.last_error.set(None);
                    problem.set(Some(tag_error(e)));
                }
            }
            Err(_) => {}
        }
    };
    view! {
        <div
            class="doc-tags"
            data-testid="doc-tags"
            hidden=move || tags.with(Vec::is_empty) && !editable.get()
        >
            <span class="doc-tags-label">{move || i18n.pick(L::new("标签", "Tags"))}</span>
            <ul class="doc-tag-list">
                <For
                    each=move || tags.get()
                    key=|t| t.clone()
                    children=move |tag| {
                        let kept = StoredValue::new(tag.clone());
                        let shown = tag.clone();
                        view! {
                            <li class="doc-tag" data-testid="doc-tag" data-tag=tag>
                                <span>{shown}</span>
                                <Show when=move || editable.get()>
                                    <button
                                        type="button"
                                        class="doc-tag-remove"
                                        data-testid="doc-tag-remove"
                                        aria-label=move || match i18n.locale() {
                                            concord_model::Locale::ZhCn => format!("移除标签 {}", kept.get_value()),
                                            concord_model::Locale::En => format!("Remove tag {}", kept.get_value()),
                                        }
                                        on:click=move |_| {
                                            let _ = ctx.change(|doc| doc.remove_tag(&kept.get_value()));
                                        }
                                    >
                                        "×"
                                    </button>
                                </Show>
                            </li>
                        }
                    }
                />
            </ul>
            <Show when=move || editable.get()>
                <form
                    class="doc-tag-add"
                    on:submit=move |e: ev::SubmitEvent| {
                        e.prevent_default();
                        add();
                    }
                >
                    <input
                        type="text"
                        data-testid="doc-tag-input"
                        maxlength=TAG_MAX * 2
                        enterkeyhint="done"
                        placeholder=move || i18n.pick(L::new("添加标签", "Add a tag"))
                        aria-label=move || i18n.pick(L::new("添加标签", "Add a tag"))
                        prop:value=move || typed.get()
                        on:input=move |e| {
                            typed.set(event_target_value(&e));
                            problem.set(None);
                        }
                    />
                    <button type="submit" class="secondary" data-testid="doc-tag-save">
                        {move || i18n.pick(L::new("添加", "Add"))}
                    </button>
                </form>
            </Show>
            <p class="doc-tag-problem" role="alert" data-testid="doc-tag-problem" hidden=move || problem.with(Option::is_none)>
                {move || problem.get().map(|p| i18n.pick(p))}
            </p>
        </div>
    }
}
