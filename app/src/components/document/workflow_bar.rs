//! Where the document is in its workflow, and the steps this person may
//! take from there: moves, sign-offs, and the reason a step asks for.

use concord_model::{
    Awaited, ConcordDoc, Decision, DeptId, DocRole, Due, Locale, Localized as L, NewSignoff,
    Person, Refusal, Requires, Step, Transition, Value, Waiting, Weekday, Who,
};
use leptos::prelude::*;

use super::{DocContext, show_ms};
use crate::{
    components::{Calendar, ConfirmAsk, NameBook, Names},
    i18n::I18n,
    repo::{CryptoRng, RepoError},
};

#[component]
pub fn WorkflowBar(ctx: DocContext) -> impl IntoView {
    let i18n = I18n::expect();
    let names = Names::expect();
    let state = Memo::new(move |_| {
        ctx.read_keys(|doc| {
            let status = doc.meta().ok()?.status;
            let label = doc.template().workflow.state(&status).map(|s| s.label);
            Some((status, label))
        })
        .flatten()
    });
    let steps = Memo::new(move |_| {
        ctx.permissions()
            .map(|p| p.steps().into_iter().copied().collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let awaits_superior =
        Memo::new(move |_| ctx.permissions().is_some_and(|p| p.awaits_superior()));
    // What the process waits for, from whom, due when (on the workspace calendar).
    let calendar = Calendar::expect();
    let waiting = Memo::new(move |_| {
        let today = calendar.today()?;
        let waiting = ctx.permissions()?.waiting(&today, &calendar.zone())?;
        let text = names
            .book()
            .with(|book| waiting_text(&waiting, book, i18n.locale()))?;
        Some((
            text,
            waiting.overdue,
            waiting.due.map(|d| d.day().to_string()),
        ))
    });
    let signed = Memo::new(move |_| {
        ctx.read_keys(|doc| {
            let round = doc.round().unwrap_or(0);
            let status = doc.meta().map(|m| m.status).unwrap_or_default();
            let workflow = &doc.template().workflow;
            doc.signoffs()
                .unwrap_or_default()
                .into_iter()
                // This round's, or those of the round whose signatures
                // brought the document here (an acceptance every party signed).
                .filter(|s| {
                    s.round == round
                        || (s.round == round - 1
                            && workflow
                                .transition(&s.transition)
                                .is_some_and(|t| t.to == status))
                })
                .map(|s| {
                    let step = workflow.transition(&s.transition).map(|t| t.label);
                    (s.by.to_string(), s.decision, step, s.note, s.at)
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
    });
    let status_reason =
        Memo::new(move |_| ctx.read(|doc| doc.status_reason().ok().flatten()).flatten());
    let to_sign = Memo::new(move |_| {
        ctx.permissions()
            .map(|p| p.departments_to_sign())
            .unwrap_or_default()
    });
    // Versions an approval froze; versions named by hand are in the versions panel.
    let versions = Memo::new(move |_| {
        ctx.read(|doc| {
            if doc.template().workflow.freezes_versions() {
                doc.approved_versions().unwrap_or_default()
            } else {
                Vec::new()
            }
        })
        .unwrap_or_default()
    });
    // The step waiting for its reason, and the reason typed so far.
    let asking = RwSignal::new(None::<Transition>);
    let reason = RwSignal::new(String::new());
    // The step that cannot be taken back, waiting for a yes.
    let confirming = RwSignal::new(None::<Transition>);
    // A step that would make required fields due while some are empty (the
    // relay would refuse it), with what is missing.
    let due = RwSignal::new(None::<(Transition, Vec<String>)>);
    let take = move |step: Transition, why: Option<String>| {
        confirming.set(None);
        if let Err(e) = take_step(ctx, i18n, &step, why.as_deref()) {
            ctx.last_error.set(Some(e));
        } else {
            asking.set(None);
            reason.set(String::new());
        }
    };
    view! {
        <section class="workflow" data-testid="workflow">
            <p class="workflow-state">
                <span class="workflow-label">{move || i18n.pick(L::new("状态", "Status"))}</span>
                <span
                    class="status-chip"
                    data-testid="workflow-status"
                    data-status=move || state.get().map(|(id, _)| id)
                >
                    {move || {
                        state
                            .get()
                            .map(|(id, label)| label.map_or(id, |l| i18n.pick(l).to_owned()))
                    }}
                </span>
            </p>
            {move || {
                waiting.get().map(|(text, overdue, due)| {
                    view! {
                        <p class="workflow-waiting" class:overdue=overdue data-testid="workflow-waiting"
                            data-due=due data-overdue=overdue.to_string()>
                            {text}
                        </p>
                    }
                })
            }}
            {move || {
                status_reason
                    .get()
                    .map(|why| {
                        view! {
                            <p class="workflow-reason" role="note" data-testid="status-reason">
                                <span class="workflow-label">
                                    {move || i18n.pick(L::new("理由", "Reason"))}
                                </span>
                                " "
                                <q>{why}</q>
                            </p>
                        }
                    })
            }}
            {move || {
                let waiting = to_sign.get();
                (!waiting.is_empty())
                    .then(|| {
                        view! {
                            <p class="workflow-note" data-testid="to-sign">
                                {move || i18n.pick(L::new("待签署部门：", "Yet to sign: "))}
                                {waiting
                                    .iter()
                                    .map(|d| {
                                        let id = d.to_string();
                                        view! {
                                            <span class="to-sign" data-testid="to-sign-dept" data-id=id.clone()>
                                                {names.book().with(|b| b.department(&id))}
                                            </span>
                                        }
                                    })
                                    .collect_view()}
                            </p>
                        }
                    })
            }}
            <Show when=move || awaits_superior.get()>
                <p class="workflow-note" role="note" data-testid="awaits-superior">
                    {move || Refusal::SuperiorNotRecorded.message(i18n.locale())}
                </p>
            </Show>
            <div class="workflow-steps">
                {move || {
                    steps
                        .get()
                        .into_iter()
                        .map(|step| {
                            let label = step.label;
                            view! {
                                <button
                                    type="button"
                                    class="transition"
                                    class:each-signs=step.who.each_signs()
                                    class:danger=step.asks_first.is_some()
                                    data-testid="transition"
                                    data-transition=step.id
                                    on:click=move |_| {
                                        let missing = missing_for(ctx, &step, i18n.locale());
                                        if !missing.is_empty() {
                                            asking.set(None);
                                            confirming.set(None);
                                            due.set(Some((step, missing)));
                                            return;
                                        }
                                        due.set(None);
                                        if step.requires == Requires::Reason {
                                            confirming.set(None);
                                            asking.set(Some(step));
                                        } else if step.asks_first.is_some() {
                                            asking.set(None);
                                            confirming.set(Some(step));
                                        } else {
                                            take(step, None);
                                        }
                                    }
                                >
                                    {move || i18n.pick(label)}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
            {move || {
                due.get().map(|(step, missing)| {
                    view! {
                        <div class="step-due" role="alert" data-testid="step-due">
                            <p>
                                {move || match i18n.locale() {
                                    Locale::ZhCn => format!("“{}”之前，请先填写：", i18n.pick(step.label)),
                                    Locale::En => format!("Before “{}”, fill in:", i18n.pick(step.label)),
                                }}
                            </p>
                            <ul>
                                {missing.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                            </ul>
                            <button type="button" class="secondary" on:click=move |_| due.set(None)>
                                {move || i18n.pick(L::new("知道了", "OK"))}
                            </button>
                        </div>
                    }
                })
            }}
            {move || {
                confirming
                    .get()
                    .and_then(|step| Some((step, step.asks_first?)))
                    .map(|(step, question)| {
                        view! {
                            <ConfirmAsk
                                question=Signal::derive(move || i18n.pick(question).to_owned())
                                confirm=Signal::derive(move || i18n.pick(step.label).to_owned())
                                testid="step"
                                on_cancel=Callback::new(move |()| confirming.set(None))
                                on_confirm=Callback::new(move |()| take(step, None))
                            />
                        }
                    })
            }}
            {move || {
                asking
                    .get()
                    .map(|step| {
                        view! {
                            <div class="reason-prompt" data-testid="reason-prompt">
                                <label for="step-reason">
                                    {move || i18n.pick(step.label)}
                                    " — "
                                    {move || i18n.pick(L::new("请填写理由", "Give the reason"))}
                                </label>
                                <textarea
                                    id="step-reason"
                                    data-testid="reason-input"
                                    rows="3"
                                    prop:value=move || reason.get()
                                    on:input=move |ev| reason.set(event_target_value(&ev))
                                ></textarea>
                                <div class="reason-actions">
                                    <button
                                        type="button"
                                        data-testid="reason-submit"
                                        disabled=move || reason.with(|r| r.trim().is_empty())
                                        on:click=move |_| take(step, Some(reason.get_untracked()))
                                    >
                                        {move || i18n.pick(L::new("确认", "Confirm"))}
                                    </button>
                                    <button
                                        type="button"
                                        class="secondary"
                                        on:click=move |_| asking.set(None)
                                    >
                                        {move || i18n.pick(L::new("取消", "Cancel"))}
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
            {move || {
                let signed = signed.get();
                (!signed.is_empty())
                    .then(|| {
                        view! {
                            <div class="signoffs" data-testid="signoffs">
                                <p class="signoffs-lead">
                                    {move || i18n.pick(L::new("本轮签署", "Signed in this round"))}
                                </p>
                                <ul>
                                    {signed
                                        .into_iter()
                                        .map(|(by, decision, step, note, at)| {
                                            let verdict = match decision {
                                                Decision::Approve => L::new("同意", "approved"),
                                                Decision::Reject => L::new("驳回", "rejected"),
                                            };
                                            view! {
                                                <li class="signoff" data-testid="signoff" data-decision=decision.as_str() data-by=by.clone()>
                                                    <strong title=by.clone()>{names.person(&by)}</strong>
                                                    " "
                                                    {move || i18n.pick(verdict)}
                                                    {step.map(|s| view! { " · " {move || i18n.pick(s)} })}
                                                    {(!note.is_empty()).then(|| view! { <q>{note.clone()}</q> })}
                                                    <time>{show_ms(at)}</time>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                    })
            }}
            {move || {
                let versions = versions.get();
                (!versions.is_empty())
                    .then(|| {
                        view! {
                            <div class="versions" data-testid="versions">
                                <p class="signoffs-lead">
                                    {move || i18n.pick(L::new("已批准版本", "Approved versions"))}
                                </p>
                                <ul>
                                    {versions
                                        .into_iter()
                                        .map(|v| {
                                            let approvers = v
                                                .approvers
                                                .iter()
                                                .map(|p| names.person(p.as_str()))
                                                .collect::<Vec<_>>()
                                                .join("、");
                                            view! {
                                                <li class="version" data-testid="version" data-name=v.version.name.clone()>
                                                    <strong>{v.version.name.clone()}</strong>
                                                    {(!v.version.note.is_empty())
                                                        .then(|| view! { " " <q>{v.version.note.clone()}</q> })}
                                                    " · "
                                                    {move || i18n.pick(L::new("批准人：", "Approved by "))}
                                                    {approvers}
                                                    " · "
                                                    <time>{show_ms(v.version.at)}</time>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// "等待 李雷 审核，截止 12月7日 周一" / "Waiting for 李雷's review, due
/// Mon 7 Dec", overdue said; `None` when nobody is left to wait for.
fn waiting_text(waiting: &Waiting, names: &NameBook, locale: Locale) -> Option<String> {
    let zh = locale == Locale::ZhCn;
    let join = |items: Vec<String>| items.join(if zh { "、" } else { ", " });
    let who = match &waiting.awaited {
        Awaited::People(people) if people.is_empty() => return None,
        Awaited::HeadsOf(depts) if depts.is_empty() => return None,
        Awaited::People(people) => join(people.iter().map(|p| names.person(p.as_str())).collect()),
        Awaited::HeadsOf(depts) => {
            let depts = join(depts.iter().map(|d| names.department(d.as_str())).collect());
            if zh {
                format!("{depts} 负责人")
            } else {
                format!("the heads of {depts}")
            }
        }
        Awaited::Role(role) => (match role {
            Who::Initiator => L::new("发起人", "the initiator"),
            Who::DirectSuperior => L::new("直属上级", "the direct superior"),
            Who::AnyEditor => L::new("编辑者", "an editor"),
            Who::Owner => L::new("所有者", "an owner"),
            Who::RowOwner => L::new("各行负责人", "the rows' owners"),
            Who::Partner => L::new("客户", "the customer"),
            _ => L::new("审核人", "a reviewer"),
        })
        .get(locale)
        .to_owned(),
    };
    let what = match waiting.step.who {
        Who::DirectSuperior
        | Who::Reviewer
        | Who::HeadOfADepartment
        | Who::HeadOfEveryDepartment => {
            if zh {
                format!("等待 {who} 审核")
            } else {
                format!("Waiting for {who}'s review")
            }
        }
        Who::AnyParty | Who::EveryParty => {
            if zh {
                format!("等待 {who} 签署")
            } else {
                format!("Waiting for {who}'s sign-off")
            }
        }
        _ => {
            let step = waiting.step.label.get(locale);
            if zh {
                format!("等待 {who}：{step}")
            } else {
                format!("Waiting for {who}: {step}")
            }
        }
    };
    let Some(due) = waiting.due else {
        return Some(what);
    };
    let day = due.day();
    let weekday = (match day.weekday() {
        Weekday::Monday => L::new("周一", "Mon"),
        Weekday::Tuesday => L::new("周二", "Tue"),
        Weekday::Wednesday => L::new("周三", "Wed"),
        Weekday::Thursday => L::new("周四", "Thu"),
        Weekday::Friday => L::new("周五", "Fri"),
        Weekday::Saturday => L::new("周六", "Sat"),
        Weekday::Sunday => L::new("周日", "Sun"),
    })
    .get(locale);
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS[usize::from(day.month().clamp(1, 12)) - 1];
    // A due day ends at midnight; a due time (Friday 17:00) is said.
    let time = if due.hour() == 23 {
        String::new()
    } else {
        format!(" {:02}:{:02}", due.hour(), due.minute())
    };
    let (m, d) = (day.month(), day.day_of_month());
    let mut text = if zh {
        format!("{what}，截止 {m}月{d}日 {weekday}{time}")
    } else {
        format!("{what}, due {weekday} {d} {month}{time}")
    };
    if waiting.overdue {
        text.push_str(if zh { "（已逾期）" } else { " (overdue)" });
    }
    Some(text)
}

/// What must be filled in before `step` (`Permissions::due_before`), by
/// the labels a person sees: "Project", "Tasks #2 · Deadline".
fn missing_for(ctx: DocContext, step: &Transition, locale: Locale) -> Vec<String> {
    let Some(perms) = ctx.permissions_untracked() else {
        return Vec::new();
    };
    ctx.read_untracked(|doc| {
        let custom = doc.custom_fields().unwrap_or_default();
        let label = |table: Option<&str>, field: &str| {
            let def = match table {
                None => doc.template().field(field),
                Some(t) => doc
                    .template()
                    .table(t)
                    .and_then(|t| t.fields.iter().find(|f| f.id == field)),
            };
            def.map(|d| d.label.get(locale).to_owned())
                .or_else(|| {
                    custom
                        .iter()
                        .find(|c| c.id == field && c.table.as_deref() == table)
                        .map(|c| c.label.get(locale).to_owned())
                })
                .unwrap_or_else(|| field.to_owned())
        };
        perms
            .due_before(doc, step)
            .into_iter()
            .map(|due| match due {
                Due::Field(field) => label(None, &field),
                Due::Cell { table, row, field } => {
                    let number = doc
                        .row_keys(&table)
                        .ok()
                        .and_then(|rows| rows.iter().position(|r| r.id == row))
                        .map_or_else(String::new, |i| format!(" #{}", i + 1));
                    let name = doc
                        .template()
                        .table(&table)
                        .map_or(table.clone(), |t| t.label.get(locale).to_owned());
                    format!("{name}{number} · {}", label(Some(&table), &field))
                }
            })
            .collect()
    })
    .unwrap_or_default()
}

/// Takes a step as the model allows it now: a signature on a step each must
/// sign (the last one also moves the document), a move otherwise, with its
/// reason. In a state where people sign, a step with a reason (a rejection,
/// a revision request) is recorded as that person's refusal too.
fn take_step(
    ctx: DocContext,
    i18n: I18n,
    step: &Transition,
    reason: Option<&str>,
) -> Result<(), String> {
    let locale = i18n.locale();
    let perms = ctx.permissions().ok_or_else(|| {
        i18n.pick(L::new("无法读取权限", "Permissions cannot be read"))
            .to_owned()
    })?;
    let taken = perms
        .may_take(step.id, reason, None)
        .map_err(|r| r.message(locale))?;
    // A date the step sets (a re-acceptance date) must be in range on the
    // workspace calendar, or the relay refuses the step: said first here.
    if let (Some(today), Some(limit)) = (Calendar::expect().today(), step.sets_date)
        && let Some(Err(refusal)) = ctx.read_untracked(|doc| perms.date_for(doc, step, &today))
    {
        let label = ctx
            .read_untracked(|doc| {
                doc.template()
                    .field(limit.field)
                    .map(|f| f.label.get(locale))
            })
            .flatten()
            .unwrap_or(limit.field);
        return Err(refusal.message(locale).replace(limit.field, label));
    }
    // Submitting to one's superior records the one the directory names now,
    // and an owner lets them read what they are to review.
    let superior = perms.superior_to_record(step.to).cloned();
    let grants = perms.may_change_acl().is_ok();
    let me = ctx.me();
    let step = *step;
    let reason = reason.map(str::to_owned);
    ctx.change(move |doc| {
        let note = reason.as_deref().unwrap_or("");
        let now = js_sys::Date::now() as i64;
        let sign = |doc: &mut ConcordDoc, decision, departments: &[DeptId]| {
            let record = NewSignoff {
                by: &me.id,
                transition: step.id,
                departments,
                decision,
                note,
            };
            doc.add_signoff(&record, now, &mut CryptoRng).map(|_| ())
        };
        match taken {
            Step::Signs { signoff, .. } => sign(doc, Decision::Approve, &signoff.departments),
            Step::Moves { to } => {
                let signing_state = doc
                    .template()
                    .workflow
                    .from(step.from)
                    .any(|t| t.who.each_signs());
                if step.who.each_signs() {
                    let mine = departments_signed_for(doc, &step, &me);
                    sign(doc, Decision::Approve, &mine)?;
                } else if signing_state && step.requires == Requires::Reason {
                    sign(doc, Decision::Reject, &[])?;
                }
                if let Some(superior) = &superior {
                    doc.set_direct_superior(superior)?;
                    if grants && doc.member_role(superior)?.is_none() {
                        doc.set_member_role(superior, DocRole::Viewer)?;
                    }
                }
                // What the step writes on the form (its answer, its time), and
                // the people the document names to act get to read it.
                doc.record_step(&step, now)?;
                if grants {
                    doc.grant_named_to_act()?;
                }
                if grants && step.from == doc.template().workflow.initial {
                    share_with_parties(doc)?;
                }
                // Publishing lets its recipients read it, whoever publishes.
                doc.publish_on(to)?;
                doc.set_status(to)?;
                doc.set_status_at(now)?;
                if let Some(reason) = reason.as_deref() {
                    doc.set_status_reason(reason)?;
                }
                // Reaching an approved state freezes its version in the
                // same batch, as the relay requires.
                doc.freeze_version_on(to, note, &me.id, now, &mut CryptoRng)?;
                Ok(())
            }
        }
    })
    .map_err(|e: RepoError| e.to_string())
}

/// The involved departments the last signer heads and nobody signed for yet:
/// what their signature speaks for on record.
fn departments_signed_for(doc: &ConcordDoc, step: &Transition, me: &Person) -> Vec<DeptId> {
    let Some(field) = doc.template().workflow.departments_field else {
        return Vec::new();
    };
    let involved = match doc.field(field) {
        Ok(Some(Value::Departments(ds))) => ds,
        _ => return Vec::new(),
    };
    let covered: Vec<DeptId> = doc
        .approvals(step.id)
        .unwrap_or_default()
        .into_iter()
        .flat_map(|s| s.departments)
        .collect();
    involved
        .iter()
        .filter_map(|d| d.parse::<DeptId>().ok())
        .filter(|d| me.heads.contains(d) && !covered.contains(d))
        .collect()
}

/// Submitting lets the reviewing departments (their heads sign) and the
/// people the document names read it; grants already given stay as they are.
fn share_with_parties(doc: &mut ConcordDoc) -> concord_model::DocResult<()> {
    let parties = doc.parties()?;
    let granted: Vec<DeptId> = doc.dept_grants()?.into_iter().map(|(d, _)| d).collect();
    for dept in parties.departments.iter().filter(|d| !granted.contains(d)) {
        doc.set_dept_role(dept, DocRole::Viewer)?;
    }
    for person in &parties.people {
        if doc.member_role(person)?.is_none() {
            doc.set_member_role(person, DocRole::Viewer)?;
        }
    }
    Ok(())
}
