//! The reviewers' area: the queue of applications and one application's
//! full picture with the actions that decide it.

use crate::api::review::{
    review_detail, review_queue, ApplicationDetail, Approve, AssignToMe, QueuePage, Reject,
};
use crate::components::logo::Logo;
use crate::components::session::RequireRole;
use crate::domain::application::Status;
use crate::domain::business::country_name;
use crate::domain::date::{date_time, Date};
use crate::domain::review::{field_label, flaggable_fields};
use crate::domain::Role;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::{use_params_map, use_query_map};

const FILTERS: [Status; 4] = [
    Status::InReview,
    Status::Approved,
    Status::Rejected,
    Status::Withdrawn,
];

#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Reviewer>
            <Queue/>
        </RequireRole>
    }
}

fn query_string(status: Status, search: &str, after: Option<&str>) -> String {
    let mut url = format!("/admin?status={}", status.as_str());
    if !search.is_empty() {
        url.push_str("&q=");
        url.push_str(&encode(search));
    }
    if let Some(after) = after {
        url.push_str("&after=");
        url.push_str(&encode(after));
    }
    url
}

fn encode(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
fn Queue() -> impl IntoView {
    let query = use_query_map();
    let status = Memo::new(move |_| {
        query
            .read()
            .get("status")
            .and_then(|s| Status::from_stored(&s))
            .filter(|s| *s != Status::Draft)
            .unwrap_or(Status::InReview)
    });
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let after = Memo::new(move |_| query.read().get("after").filter(|a| !a.is_empty()));
    let page = Resource::new(
        move || (status.get(), search.get(), after.get()),
        |(status, search, after)| review_queue(status, search, after),
    );
    view! {
        <Title text="Applications"/>
        <div class="container page">
            <h1>"Applications"</h1>
            <p class="lead">"Oldest due first. Overdue applications are marked."</p>
            <Form method="GET" action="/admin" attr:class="queue-filters">
                <div class="field">
                    <label for="status">"Status"</label>
                    <select id="status" name="status">
                        {FILTERS.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || status.get() == s>{s.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="q">"Search company or email"</label>
                    <input id="q" name="q" type="search" value=move || search.get() maxlength="200"/>
                </div>
                <button type="submit" class="button">"Filter"</button>
            </Form>
            <Transition fallback=|| view! { <p class="muted">"Loading applications…"</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <QueueTable page status=status.get_untracked() search=search.get_untracked() paged=after.get_untracked().is_some()/> }.into_any(),
                        Err(err) => view! { <p class="alert alert-error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn QueueTable(page: QueuePage, status: Status, search: String, paged: bool) -> impl IntoView {
    if page.rows.is_empty() {
        return view! {
            <p class="card empty">{format!("No {} applications{}.", status.label().to_lowercase(), if search.is_empty() { String::new() } else { format!(" match “{search}”") })}</p>
        }
        .into_any();
    }
    let next = page
        .next
        .clone()
        .map(|cursor| query_string(status, &search, Some(&cursor)));
    let first = paged.then(|| query_string(status, &search, None));
    view! {
        <div class="table-wrap card">
            <table class="queue">
                <caption class="visually-hidden">{format!("{} applications, oldest due first", status.label())}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Company"</th>
                        <th scope="col">"Applicant"</th>
                        <th scope="col">"Submitted"</th>
                        <th scope="col">"Due"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Assignee"</th>
                    </tr>
                </thead>
                <tbody>
                    {page.rows.into_iter().map(|row| view! {
                        <tr class:overdue=row.overdue>
                            <td><A href=format!("/admin/applications/{}", row.id)>{row.company_name.clone()}</A></td>
                            <td>{row.applicant.clone()}</td>
                            <td>{Date::from_unix(row.submitted_at).long()}</td>
                            <td>
                                {Date::from_unix(row.due_at).long()}
                                {row.overdue.then(|| view! { <span class="badge badge-danger">"Overdue"</span> })}
                            </td>
                            <td><span class=format!("badge status-{}", row.status.as_str())>{row.status.label()}</span></td>
                            <td>{row.assignee.clone().unwrap_or_else(|| "Unassigned".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <nav class="pager" aria-label="Pages">
            {first.map(|href| view! { <A href=href>"First page"</A> })}
            {next.map(|href| view! { <A href=href attr:class="button button-secondary">"Next page"</A> })}
        </nav>
    }
    .into_any()
}

#[component]
pub fn ApplicationDetailPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Reviewer>
            <Detail/>
        </RequireRole>
    }
}

#[component]
fn Detail() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let changed = RwSignal::new(0u32);
    let detail = Resource::new(
        move || (id.get(), changed.get()),
        |(id, _)| review_detail(id),
    );
    view! {
        <Title text="Application"/>
        <div class="container page">
            <p><A href="/admin">"← All applications"</A></p>
            <Transition fallback=|| view! { <p class="muted">"Loading the application…"</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(detail) => view! { <DetailView detail changed/> }.into_any(),
                        Err(AppError::NotFound) => view! { <h1>"Application not found"</h1> }.into_any(),
                        Err(err) => view! { <p class="alert alert-error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

fn shown(value: &str) -> String {
    if value.trim().is_empty() {
        "Not provided".into()
    } else {
        value.to_string()
    }
}

#[component]
fn DetailView(detail: ApplicationDetail, changed: RwSignal<u32>) -> impl IntoView {
    let d = detail.details.clone();
    let changed_fields: Vec<String> = detail.changes.iter().map(|c| c.field.clone()).collect();
    let is_changed = move |field: &str| changed_fields.iter().any(|f| f == field);
    let row = |field: &'static str, value: AnyView, changed: bool| {
        view! {
            <div class:changed=changed>
                <dt>{field_label(field)}{changed.then(|| view! { <span class="badge badge-info">"Changed"</span> })}</dt>
                <dd>{value}</dd>
            </div>
        }
    };
    let website = if d.website.is_empty() {
        "Not provided".into_any()
    } else {
        view! { <a href=d.website.clone() rel="noopener noreferrer" target="_blank">{d.website.clone()}" (opens in a new tab)"</a> }.into_any()
    };
    view! {
        <div class="detail-head">
            <Logo name=d.company_name.clone() logo_id=detail.logo_id.clone() color=detail.logo_color size="large"/>
            <div>
                <h1>{d.company_name.clone()}</h1>
                <p>
                    <span class=format!("badge status-{}", detail.status.as_str())>{detail.status.label()}</span>
                    {detail.overdue.then(|| view! { <span class="badge badge-danger">"Overdue"</span> })}
                    <span class="muted">{format!(" Submitted {} · due {}", Date::from_unix(detail.submitted_at).long(), Date::from_unix(detail.due_at).long())}</span>
                </p>
            </div>
        </div>
        <div class="detail-layout">
            <div>
                <section class="card" aria-labelledby="details-title">
                    <h2 id="details-title">"Business details"</h2>
                    <dl class="review-list">
                        {row("company_name", d.company_name.clone().into_any(), is_changed("company_name"))}
                        {row("country", country_name(&d.country).into_any(), is_changed("country"))}
                        {row("address", shown(&d.address).into_any(), is_changed("address"))}
                        {row("website", website, is_changed("website"))}
                        {row("contact_number", shown(&d.contact_number).into_any(), is_changed("contact_number"))}
                        {row("contact_email", shown(&d.contact_email).into_any(), is_changed("contact_email"))}
                        {row("logo", (if detail.logo_id.is_some() { "Uploaded logo" } else { "Default logo" }).into_any(), is_changed("logo"))}
                        <div><dt>"Account email"</dt><dd>{detail.account_email.clone()}</dd></div>
                    </dl>
                </section>
                {detail.has_previous.then(|| {
                    let changes = detail.changes.clone();
                    view! {
                        <section class="card" aria-labelledby="changes-title">
                            <h2 id="changes-title">"What changed since the previous submission"</h2>
                            {if changes.is_empty() {
                                view! { <p>"Nothing: the merchant submitted the same answers again."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="changes">
                                        <thead><tr><th scope="col">"Field"</th><th scope="col">"Before"</th><th scope="col">"Now"</th></tr></thead>
                                        <tbody>
                                            {changes.into_iter().map(|c| view! {
                                                <tr><th scope="row">{c.label}</th><td><del>{shown(&c.before)}</del></td><td><ins>{shown(&c.after)}</ins></td></tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        </section>
                    }
                })}
                {(!detail.history.is_empty()).then(|| view! {
                    <section class="card" aria-labelledby="earlier-title">
                        <h2 id="earlier-title">"Earlier submissions"</h2>
                        <ol class="timeline">
                            {detail.history.iter().map(|h| view! {
                                <li class="done">
                                    <span class="timeline-title">{format!("{} · {}", Date::from_unix(h.submitted_at).long(), h.status.label())}</span>
                                    {h.rejection_reason.clone().map(|r| view! { <span class="muted">{r}</span> })}
                                </li>
                            }).collect_view()}
                        </ol>
                    </section>
                })}
            </div>
            <div>
                <Decision detail=detail.clone() changed/>
                <section class="card" aria-labelledby="audit-title">
                    <h2 id="audit-title">"Audit trail"</h2>
                    <ol class="audit">
                        {detail.events.iter().map(|e| view! {
                            <li>
                                <strong>{event_label(&e.kind)}</strong>
                                {format!(" by {}", e.actor.clone().unwrap_or_else(|| "the system".into()))}
                                <br/><span class="muted">{date_time(e.at)}</span>
                            </li>
                        }).collect_view()}
                    </ol>
                </section>
            </div>
        </div>
    }
}

fn event_label(kind: &str) -> &'static str {
    match kind {
        "submitted" => "Submitted",
        "resubmitted" => "Resubmitted",
        "assigned" => "Assigned",
        "approved" => "Approved",
        "rejected" => "Rejected",
        "withdrawn" => "Withdrawn",
        _ => "Updated",
    }
}

/// Assignment and the decision; after a decision, who made it and why.
#[component]
fn Decision(detail: ApplicationDetail, changed: RwSignal<u32>) -> impl IntoView {
    let id = detail.id;
    let assign = ServerAction::<AssignToMe>::new();
    let approve = ServerAction::<Approve>::new();
    let reject = ServerAction::<Reject>::new();
    let reason = RwSignal::new(String::new());
    let flagged = RwSignal::new(Vec::<String>::new());
    let confirm_take_over = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let reason_error = RwSignal::new(None::<String>);
    let done = move |result: Option<Result<(), AppError>>| match result {
        Some(Ok(())) => {
            message.set(None);
            changed.update(|n| *n += 1);
        }
        Some(Err(AppError::Validation(list))) => {
            reason_error.set(
                list.iter()
                    .find(|e| e.field == "reason")
                    .map(|e| e.message.clone()),
            );
            message.set(
                list.iter()
                    .find(|e| e.field != "reason")
                    .map(|e| e.message.clone()),
            );
        }
        Some(Err(err)) => message.set(Some(err.to_string())),
        None => {}
    };
    Effect::new(move |_| done(assign.value().get()));
    Effect::new(move |_| done(approve.value().get()));
    Effect::new(move |_| done(reject.value().get()));
    let busy = move || assign.pending().get() || approve.pending().get() || reject.pending().get();

    if detail.status != Status::InReview {
        let outcome = match detail.status {
            Status::Withdrawn => "The merchant withdrew this application.".to_string(),
            status => format!(
                "{} by {} on {}.",
                status.label(),
                detail
                    .decided_by
                    .clone()
                    .unwrap_or_else(|| "a reviewer".into()),
                detail.decided_at.map(date_time).unwrap_or_default()
            ),
        };
        return view! {
            <section class="card" aria-labelledby="decision-title">
                <h2 id="decision-title">"Decision"</h2>
                <p>{outcome}</p>
                {detail.rejection_reason.clone().map(|r| view! { <p class="reason">{r}</p> })}
                {(!detail.flagged_fields.is_empty()).then(|| view! {
                    <p class="muted">{format!("Fields to fix: {}", detail.flagged_fields.iter().map(|f| field_label(f)).collect::<Vec<_>>().join(", "))}</p>
                })}
            </section>
        }
        .into_any();
    }

    let holder = detail.assignee.clone();
    let mine = detail.assigned_to_me;
    let on_assign = move |_| {
        if holder.is_some() && !mine && !confirm_take_over.get_untracked() {
            confirm_take_over.set(true);
            return;
        }
        assign.dispatch(AssignToMe {
            id,
            take_over: confirm_take_over.get_untracked(),
        });
    };
    let on_reject = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match crate::domain::review::RejectionReason::parse(&reason.get_untracked()) {
            Err(e) => {
                reason_error.set(Some(e));
                crate::components::form::focus("reason");
            }
            Ok(_) => {
                reason_error.set(None);
                reject.dispatch(Reject {
                    id,
                    reason: reason.get_untracked(),
                    fields: flagged.get_untracked(),
                });
            }
        }
    };
    let assignee_line = match (&detail.assignee, mine) {
        (_, true) => "Assigned to you.".to_string(),
        (Some(who), false) => format!("Assigned to {who}."),
        (None, _) => "Not assigned yet.".to_string(),
    };
    let take_over_from = detail.assignee.clone().unwrap_or_default();
    view! {
        <section class="card decision" aria-labelledby="decision-title">
            <h2 id="decision-title">"Decision"</h2>
            <p>{assignee_line}</p>
            {(!mine).then(|| view! {
                <Show when=move || confirm_take_over.get()>
                    <p class="alert alert-warning" role="alert">{format!("{take_over_from} is reviewing this application. Take it over?")}</p>
                </Show>
                <button type="button" class="button button-secondary" disabled=busy on:click=on_assign>
                    {move || if confirm_take_over.get() { "Yes, take it over" } else { "Assign to me" }}
                </button>
            })}
            {move || message.get().map(|m| view! { <p class="alert alert-error" role="alert">{m}</p> })}
            <div class="actions">
                <button type="button" class="button" disabled=busy on:click=move |_| { approve.dispatch(Approve { id }); }>"Approve"</button>
            </div>
            <form class="form reject-form" novalidate on:submit=on_reject>
                <div class="field">
                    <label for="reason">"Reason for rejection"</label>
                    <textarea id="reason" rows="4" maxlength="2000"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                        aria-describedby=move || if reason_error.get().is_some() { "reason-hint reason-error" } else { "reason-hint" }
                        aria-invalid=move || reason_error.get().is_some().then_some("true")
                    ></textarea>
                    <p class="hint" id="reason-hint">"10 to 2,000 characters. The merchant sees this and the fields you tick."</p>
                    {move || reason_error.get().map(|e| view! { <p class="error" id="reason-error" role="alert">{e}</p> })}
                </div>
                <fieldset class="field flag-fields">
                    <legend>"Fields to fix"</legend>
                    {flaggable_fields().map(|f| view! {
                        <label class="check">
                            <input type="checkbox" value=f
                                prop:checked=move || flagged.get().iter().any(|x| x == f)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    flagged.update(|list| {
                                        list.retain(|x| x != f);
                                        if on { list.push(f.to_string()); }
                                    });
                                }
                            />
                            {field_label(f)}
                        </label>
                    }).collect_view()}
                </fieldset>
                <button type="submit" class="button button-danger" disabled=busy>"Reject"</button>
            </form>
        </section>
    }
    .into_any()
}
