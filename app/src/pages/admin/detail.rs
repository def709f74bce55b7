//! `/admin/applications/:id`: everything a reviewer needs to decide, with
//! what changed since the previous submission and the audit trail.

use super::decision::{Decision, DecisionActions};
use super::event_label;
use super::notes::{NoteForm, Notes};
use crate::api::review::review_detail;
use crate::components::fresh::kept_fresh;
use crate::components::logo::Logo;
use crate::components::page::PageTitle;
use crate::components::session::RequireRole;
use crate::components::zone::ReaderZone;
use crate::domain::detail_field::not_provided_if_empty;
use crate::domain::{DetailField, Role};
use crate::error::AppError;
use crate::model::review::ApplicationDetail;
use leptos::prelude::*;

#[component]
pub fn ApplicationDetailPage() -> impl IntoView {
    view! {
        <RequireRole role=Role::Reviewer>
            <DetailRead/>
        </RequireRole>
    }
}

/// The server reads the application; the island gets it as a prop.
#[component]
fn DetailRead() -> impl IntoView {
    let id = application_id();
    let data = Resource::new(move || id, review_detail);
    view! {
        <Suspense>
            {move || Suspend::new(async move { view! { <Detail initial=data.await/> } })}
        </Suspense>
    }
}

/// The application's id, from the address.
fn application_id() -> i64 {
    crate::components::nav::path_param("id")
        .and_then(|id| id.parse::<i64>().ok())
        .unwrap_or(0)
}

#[island(lazy)]
fn Detail(initial: Result<ApplicationDetail, AppError>) -> impl IntoView {
    let id = application_id();
    // Every finished action reloads the application, whoever won.
    let actions = DecisionActions::new();
    let note_form = NoteForm::new();
    let detail = kept_fresh(
        initial,
        move || (actions.versions(), note_form.version()),
        move |_| review_detail(id),
    );
    // The forms hold what the reviewer typed: they are built once and stay
    // in place while the application around them is fetched again (rebuilt
    // on each reload, their fields were reset, to "undefined" in a debug
    // build). Only what they show is reactive.
    let found = Memo::new(move |_| detail.with(Result::is_ok));
    let current = move || detail.get().ok();
    let notes = Signal::derive(move || {
        detail.with(|d| d.as_ref().map(|d| d.notes.clone()).unwrap_or_default())
    });
    let t = crate::i18n::texts().review();
    view! {
        <PageTitle text=t.application/>
        <div class="container page">
            <p><a href="/admin">{t.all_applications}</a></p>
            {move || detail.with(|d| match d {
                Ok(_) => None,
                Err(AppError::NotFound) => Some(view! { <h1>{t.application_not_found}</h1> }.into_any()),
                Err(err) => Some(view! { <p class="alert alert-error" role="alert">{err.to_string()}</p> }.into_any()),
            })}
            <Show when=move || found.get()>
                {move || current().map(|detail| view! { <DetailHead detail/> })}
                <div class="detail-layout">
                    <div>{move || current().map(|detail| view! { <Facts detail/> })}</div>
                    <div>
                        <Decision id detail actions/>
                        <Notes id notes form=note_form/>
                        {move || current().map(|detail| view! { <AuditTrail detail/> })}
                    </div>
                </div>
            </Show>
        </div>
    }
}

/// The company, its status and when it is due.
#[component]
fn DetailHead(detail: ApplicationDetail) -> impl IntoView {
    let t = crate::i18n::texts().review();
    let name = detail.details.company_name;
    view! {
        <div class="detail-head">
            <Logo name=name.clone() logo_id=detail.logo_id color=detail.logo_color size="large"/>
            <div>
                <h1>{name}</h1>
                <p>
                    <span class=format!("badge status-{}", detail.status.as_str())>{detail.status.label()}</span>
                    {detail.overdue.then(|| view! { <span class="badge badge-danger">{t.overdue}</span> })}
                    <span class="muted">{(t.submitted_due)(&ReaderZone::get().date(detail.submitted_at).long(), &ReaderZone::get().date_time(detail.due_at))}</span>
                </p>
            </div>
        </div>
    }
}

/// The business details as submitted, what changed, and earlier submissions.
#[component]
fn Facts(detail: ApplicationDetail) -> impl IntoView {
    let d = detail.details.clone();
    let has_logo = detail.logo_id.is_some();
    let t = crate::i18n::texts().review();
    let rows = DetailField::ALL.map(|field| {
        let changed = detail.changes.iter().any(|c| c.field == field);
        let value = match field {
            DetailField::Website if !d.website.is_empty() => view! {
                <a href=d.website.clone() rel="noopener noreferrer" target="_blank">{d.website.clone()}{t.opens_in_new_tab}</a>
            }
            .into_any(),
            other => other.shown(&d, has_logo).into_any(),
        };
        view! {
            <div class:changed=changed>
                <dt>{field.label()}{changed.then(|| view! { <span class="badge badge-info">{t.changed}</span> })}</dt>
                <dd>{value}</dd>
            </div>
        }
    });
    view! {
        <section class="card" aria-labelledby="details-title">
            <h2 id="details-title">{t.business_details}</h2>
            <dl class="review-list">
                {rows.into_iter().collect_view()}
                <div><dt>{t.account_email}</dt><dd>{detail.account_email.clone()}</dd></div>
            </dl>
        </section>
        {detail.has_previous.then(|| view! { <Changes detail=detail.clone()/> })}
        <EarlierSubmissions detail/>
    }
}

/// Everything that happened to the application, oldest first.
#[component]
fn AuditTrail(detail: ApplicationDetail) -> impl IntoView {
    let t = crate::i18n::texts().review();
    view! {
        <section class="card" aria-labelledby="audit-title">
            <h2 id="audit-title">{t.audit_trail}</h2>
            <ol class="audit">
                {detail.events.iter().map(|e| view! {
                    <li>
                        <strong>{event_label(&e.kind)}</strong>
                        {(t.by_actor)(e.actor.as_deref().unwrap_or(t.the_system))}
                        <br/><span class="muted">{ReaderZone::get().date_time(e.at)}</span>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// What changed since the previous submission, field by field.
#[component]
fn Changes(detail: ApplicationDetail) -> impl IntoView {
    let t = crate::i18n::texts().review();
    view! {
        <section class="card" aria-labelledby="changes-title">
            <h2 id="changes-title">{t.what_changed}</h2>
            {if detail.changes.is_empty() {
                view! { <p>{t.nothing_changed}</p> }.into_any()
            } else {
                view! {
                    <table class="changes">
                        <thead><tr><th scope="col">{t.field}</th><th scope="col">{t.before}</th><th scope="col">{t.now}</th></tr></thead>
                        <tbody>
                            {detail.changes.into_iter().map(|c| view! {
                                <tr>
                                    <th scope="row">{c.field.label()}</th>
                                    <td><del>{not_provided_if_empty(&c.before)}</del></td>
                                    <td><ins>{not_provided_if_empty(&c.after)}</ins></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn EarlierSubmissions(detail: ApplicationDetail) -> impl IntoView {
    let t = crate::i18n::texts().review();
    (!detail.history.is_empty()).then(|| view! {
        <section class="card" aria-labelledby="earlier-title">
            <h2 id="earlier-title">{t.earlier_submissions}</h2>
            <ol class="timeline">
                {detail.history.into_iter().map(|h| view! {
                    <li class="done">
                        <span class="timeline-title">{format!("{} · {}", ReaderZone::get().date(h.submitted_at).long(), h.status.label())}</span>
                        {h.rejection_reason.map(|r| view! { <span class="muted">{r}</span> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    })
}
