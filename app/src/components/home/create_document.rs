use concord_model::{DerivedTemplate, Localized as L, Template};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::{i18n::I18n, repo::RepoSlot, session::Session};

/// "Create" on a template card: asks for a title (the template's name and
/// today's date unless changed), creates the document and opens it. With
/// `derived`, a team sub-template of `template`: the document gets its
/// extra fields.
#[component]
pub fn CreateDocument(
    template: &'static Template,
    #[prop(optional)] derived: Option<DerivedTemplate>,
) -> impl IntoView {
    let i18n = I18n::expect();
    let me = Session::expect();
    let slot = RepoSlot::expect();
    // Local: the router's navigate is not `Send`, and the dialog's view must be.
    let navigate = StoredValue::new_local(use_navigate());
    let derived = StoredValue::new(derived);
    let open = RwSignal::new(false);
    let title = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let start = move |_| {
        let name =
            derived.with_value(|d| d.as_ref().map(|d| d.name.shown(i18n.locale()).to_owned()));
        let name = name.unwrap_or_else(|| i18n.pick(template.name).to_owned());
        title.set(format!("{name} {}", today()));
        problem.set(None);
        open.set(true);
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(repo), Some(person)) = (slot.repo(), me.person_untracked()) else {
            return;
        };
        let typed = title.get_untracked();
        let title = typed.trim();
        let made = derived.with_value(|d| match d {
            Some(d) => repo.create_derived(d, title, &person.id),
            None => repo.create(template, title, &person.id),
        });
        match made {
            Ok(id) => {
                open.set(false);
                navigate.with_value(|go| go(&format!("/d/{id}"), Default::default()));
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    };
    let ready = move || slot.repo().is_some() && me.person().is_some();
    view! {
        <button type="button" class="create-button" data-testid="create-doc"
            disabled=move || !ready()
            on:click=start>
            {move || i18n.pick(L::new("新建", "Create"))}
        </button>
        <Show when=move || open.get()>
            <form class="create-dialog" role="dialog" aria-modal="false" on:submit=confirm>
                <label>
                    <span>{move || i18n.pick(L::new("标题", "Title"))}</span>
                    <input type="text" data-testid="create-title" required
                        prop:value=move || title.get()
                        on:input=move |ev| title.set(event_target_value(&ev)) />
                </label>
                {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
                <div class="form-actions">
                    <button type="submit" class="primary" data-testid="create-confirm">
                        {move || i18n.pick(L::new("创建并打开", "Create and open"))}
                    </button>
                    <button type="button" on:click=move |_| open.set(false)>
                        {move || i18n.pick(L::new("取消", "Cancel"))}
                    </button>
                </div>
            </form>
        </Show>
    }
}

/// Today in the browser's time zone, as the default title's date.
fn today() -> String {
    crate::browser_zone::today().map_or_else(String::new, |day| day.to_string())
}
