//! A passed acceptance offers its initiator to send each collaborator their
//! own 沟通反馈表 (SPEC), and then lists the forms sent and where each stands.

use concord_model::{
    Localized as L, PersonId,
    feedback::{FEEDBACK_TEMPLATE, collaborators, feedback_of, fill_feedback_form},
    find_template,
};
use concord_sync::DocumentId;
use leptos::prelude::*;
use leptos_router::components::A;

use super::DocContext;
use crate::{components::Names, i18n::I18n};

/// A form already sent: to whom, which document (its state is read from
/// the document list as it changes).
#[derive(Clone, PartialEq)]
struct SentForm {
    respondent: PersonId,
    id: DocumentId,
}

#[component]
pub fn FeedbackOffer(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let repo = ctx.repo();
    let asked = Memo::new(move |_| {
        let me = ctx.me();
        ctx.read(|doc| collaborators(doc, &me.id).unwrap_or_default())
            .unwrap_or_default()
    });
    let documents = repo.documents();
    // The feedback forms this browser holds that answer this acceptance.
    let sent = RwSignal::new(Vec::<SentForm>::new());
    let scans = StoredValue::new(0u32);
    let this = ctx.id.to_string();
    {
        let repo = repo.clone();
        // The feedback forms listed here, by id: the list changes with every
        // stored change, these only when a form comes or goes.
        let form_ids = Memo::new(move |_| {
            documents.with(|list| {
                list.iter()
                    .filter(|e| e.template_id == FEEDBACK_TEMPLATE)
                    .map(|e| e.id)
                    .collect::<Vec<_>>()
            })
        });
        Effect::new(move |_| {
            if asked.get().is_empty() {
                return;
            }
            let forms = form_ids.get();
            let repo = repo.clone();
            let this = this.clone();
            let scan = scans.get_value() + 1;
            scans.set_value(scan);
            wasm_bindgen_futures::spawn_local(async move {
                let mut found = Vec::new();
                for id in forms.iter().copied() {
                    // A form that cannot be opened here is not counted as sent.
                    if repo.open(id).await.is_err() {
                        continue;
                    }
                    if let Some(Some((acceptance, respondent))) = repo.read(id, feedback_of)
                        && acceptance == this
                    {
                        found.push(SentForm { respondent, id });
                    }
                }
                // A later scan started meanwhile: its answer is newer.
                if scans.get_value() != scan {
                    return;
                }
                // Forms sent here after the list this scan read stay: the
                // list learns of a new form after it is written.
                sent.update(|s| {
                    s.retain(|s| !forms.contains(&s.id));
                    s.extend(found);
                    s.sort_by(|a, b| a.respondent.cmp(&b.respondent));
                });
            });
        });
    }
    let unsent = Memo::new(move |_| {
        let sent = sent.get();
        asked
            .get()
            .into_iter()
            .filter(|p| !sent.iter().any(|s| &s.respondent == p))
            .collect::<Vec<_>>()
    });
    let problem = RwSignal::new(None::<String>);
    let send = move |_| {
        problem.set(None);
        let me = ctx.me();
        let project = ctx
            .read_untracked(|doc| match doc.field("deliverable") {
                Ok(Some(concord_model::Value::Text(t))) => t,
                _ => doc.title().unwrap_or_default(),
            })
            .unwrap_or_default();
        let Some(template) = find_template(FEEDBACK_TEMPLATE) else {
            return;
        };
        let repo = ctx.repo();
        let this = ctx.id.to_string();
        let mut made = Vec::new();
        for person in unsent.get_untracked() {
            let title = format!(
                "{}：{} · {}",
                i18n.pick(template.name),
                project,
                names.person(person.as_str())
            );
            let filled = repo.create(template, &title, &me.id).and_then(|id| {
                repo.change_as(id, Some(&me.id), |form| {
                    fill_feedback_form(form, &this, &project, &person)
                })
                .map(|()| id)
            });
            match filled {
                Ok(id) => made.push(SentForm {
                    respondent: person,
                    id,
                }),
                Err(e) => {
                    problem.set(Some(e.to_string()));
                    break;
                }
            }
        }
        sent.update(|s| {
            s.extend(made);
            s.sort_by(|a, b| a.respondent.cmp(&b.respondent));
        });
    };
    let state_name = move |status: &str| {
        find_template(FEEDBACK_TEMPLATE)
            .and_then(|t| t.workflow.state(status))
            .map(|s| i18n.pick(s.label).to_owned())
            .unwrap_or_else(|| status.to_owned())
    };
    view! {
        <Show when=move || !asked.get().is_empty()>
            <section class="feedback-offer" data-testid="feedback-offer">
                <h2>{move || i18n.pick(L::new("沟通反馈", "Collaboration feedback"))}</h2>
                <Show when=move || !unsent.get().is_empty()>
                    <p class="hint">
                        {move || {
                            let who: Vec<String> = unsent.get().iter().map(|p| names.person(p.as_str())).collect();
                            let who = who.join(i18n.pick(L::new("、", ", ")));
                            match i18n.locale() {
                                concord_model::Locale::ZhCn => format!("验收已通过。请 {who} 为协作流程和沟通打分。"),
                                concord_model::Locale::En => format!("The acceptance passed. Ask {who} to rate the collaboration and the communication."),
                            }
                        }}
                    </p>
                    <button type="button" class="button" data-testid="send-feedback" on:click=send>
                        {move || match i18n.locale() {
                            concord_model::Locale::ZhCn => format!("发送 {} 份沟通反馈表", unsent.get().len()),
                            concord_model::Locale::En => format!("Send {} feedback forms", unsent.get().len()),
                        }}
                    </button>
                </Show>
                {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
                <ul class="feedback-sent">
                    {move || sent.get().into_iter().map(|s| {
                        let status = documents.with(|list| {
                            list.iter().find(|e| e.id == s.id).map(|e| e.status.clone())
                        }).unwrap_or_else(|| "draft".to_owned());
                        let name = names.person(s.respondent.as_str());
                        view! {
                            <li data-testid="feedback-sent" data-person=s.respondent.to_string() data-status=status.clone()>
                                <A href=format!("/d/{}", s.id)>{name}</A>
                                " · "
                                {state_name(&status)}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}
