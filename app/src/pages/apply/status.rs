//! The merchant's submitted application: under review, approved or rejected.

use crate::api::application::{StartNewApplication, WithdrawApplication};
use crate::components::flash::FormStart;
use crate::components::logo::Logo;
use crate::components::zone::ReaderZone;
use crate::domain::business::country_name;
use crate::domain::Status;
use crate::model::application::Submission;
use leptos::prelude::*;

/// The merchant's submitted application: under review, approved or rejected.
#[island(lazy)]
pub fn StatusPage(submission: Submission) -> impl IntoView {
    match submission.status {
        Status::Approved => view! { <Approved submission/> }.into_any(),
        Status::Rejected => view! { <Rejected submission/> }.into_any(),
        _ => view! { <UnderReview submission/> }.into_any(),
    }
}

#[component]
fn Approved(submission: Submission) -> impl IntoView {
    let decided = submission
        .decided_at
        .map(|t| ReaderZone::get().date(t).long())
        .unwrap_or_default();
    let name = submission.details.company_name.clone();
    let ready = submission.workspace_ready;
    // While the workspace is being created, look again every second.
    if !ready {
        crate::components::fresh::reload_when("/apply", || async {
            matches!(
                crate::api::application::get_my_application().await,
                Ok(crate::model::application::MyApplication::Submitted(s)) if s.workspace_ready
            )
        });
    }
    let t = crate::i18n::texts().apply();
    let lead = if ready {
        (t.approved_ready)(&name, &decided)
    } else {
        (t.approved_setting_up)(&name, &decided)
    };
    view! {
        <h1>{t.approved_title}</h1>
        <p class="lead" role="status">{lead}</p>
        <section class="card summary-card">
            <div class="summary-head">
                <Logo name=name.clone() logo_id=submission.logo_id.clone() color=submission.logo_color/>
                <div>
                    <h2>{name.clone()}</h2>
                    <p class="muted">{t.owner_you}</p>
                </div>
            </div>
            {if ready {
                view! { <a href="/workspace" class="button">{t.enter_workspace}</a> }.into_any()
            } else {
                view! { <p class="muted">{t.setting_up}</p> }.into_any()
            }}
        </section>
        <History submission/>
    }
}

#[component]
fn Rejected(submission: Submission) -> impl IntoView {
    let start = ServerAction::<StartNewApplication>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = start.value().get() {
            // The new attempt starts at step 2.1.
            crate::components::nav::redirect("/apply?step=role");
        }
    });
    let start_error = move || {
        start
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <p class="alert alert-error" role="alert">{e.to_string()}</p> })
    };
    let decided = submission
        .decided_at
        .map(|t| ReaderZone::get().date(t).long())
        .unwrap_or_default();
    let flagged: Vec<(&'static str, String)> = submission
        .flagged_fields
        .iter()
        .map(|f| {
            let value = f.shown(&submission.details, submission.logo_id.is_some());
            (f.label(), value)
        })
        .collect();
    let t = crate::i18n::texts().apply();
    view! {
        <h1>{t.rejected_title}</h1>
        <p class="lead">{(t.rejected_lead)(&decided)}</p>
        <section class="card rejection" aria-labelledby="reason-title">
            <h2 id="reason-title">{t.reason_title}</h2>
            <p class="reason">{submission.rejection_reason.clone().unwrap_or_default()}</p>
            {(!flagged.is_empty()).then(|| view! {
                <h3>{t.fields_to_fix}</h3>
                <dl class="review-list flagged-list">
                    {flagged.into_iter().map(|(label, value)| view! {
                        <div class="flagged"><dt>{label}</dt><dd>{value}</dd></div>
                    }).collect_view()}
                </dl>
            })}
            <div class="actions">
                <form method="post" action="/api/start_new_application"
                    on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); start.dispatch(StartNewApplication {}); }>
                    <button type="submit" class="button" disabled=move || start.pending().get()>{t.new_application}</button>
                </form>
            </div>
            {start_error}
        </section>
        <History submission/>
    }
}

/// Earlier submissions, so the merchant can see how the application evolved.
#[component]
fn History(submission: Submission) -> impl IntoView {
    let mut entries = vec![(
        submission.submitted_at,
        submission.status,
        submission.rejection_reason.clone(),
    )];
    entries.extend(
        submission
            .history
            .iter()
            .map(|h| (h.submitted_at, h.status, h.rejection_reason.clone())),
    );
    let t = crate::i18n::texts().apply();
    (entries.len() > 1).then(|| view! {
        <section class="card history" aria-labelledby="history-title">
            <h2 id="history-title">{t.your_submissions}</h2>
            <ol class="timeline">
                {entries.into_iter().map(|(at, status, reason)| view! {
                    <li class="done">
                        <span class="timeline-title">{format!("{} · {}", ReaderZone::get().date(at).long(), status.label())}</span>
                        {reason.map(|r| view! { <span class="muted">{r}</span> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    })
}

/// The status page while an application is under review (SPEC 2.3 → 2.4).
#[component]
fn UnderReview(submission: Submission) -> impl IntoView {
    let withdraw = ServerAction::<WithdrawApplication>::new();
    // Without JavaScript, Withdraw asks for confirmation through the URL.
    let confirming =
        RwSignal::new(crate::components::nav::query("confirm").as_deref() == Some("withdraw"));
    let refused = FormStart::for_endpoint("withdraw_application").error();
    let id = submission.id;
    Effect::new(move |_| {
        if let Some(Ok(())) = withdraw.value().get() {
            crate::components::nav::redirect("/apply");
        }
    });
    let withdraw_error = move || {
        let error = match withdraw.value().get() {
            Some(answer) => answer.err(),
            None => refused.clone(),
        };
        error.map(|e| view! { <p class="alert alert-error" role="alert">{e.to_string()}</p> })
    };
    let zone = ReaderZone::get();
    let submitted = zone.date(submission.submitted_at).long();
    // The day and hour it is due on the reader's clock (UTC+8 can be a day ahead).
    let due = zone.date_time(submission.due_at);
    let name = submission.details.company_name.clone();
    let in_review = submission.status == Status::InReview;
    let assigned = submission.assigned;
    let earlier = submission.clone();
    let t = crate::i18n::texts().apply();
    view! {
        <h1>{t.under_review_title}</h1>
        <p class="lead">{(t.received_lead)(&submitted, &due)}</p>
        <div class="status-layout">
            <section class="card" aria-labelledby="timeline-title">
                <h2 id="timeline-title">{t.progress}</h2>
                <ol class="timeline">
                    <li class="done">
                        <span class="timeline-title">{t.submitted}</span>
                        <span class="muted">{submitted.clone()}</span>
                    </li>
                    <li class=if assigned { "done current" } else { "current" } aria-current="step">
                        <span class="timeline-title">{t.in_review}</span>
                        <span class="muted">{if assigned { t.reviewer_looking } else { t.waiting_for_reviewer }}</span>
                    </li>
                    <li>
                        <span class="timeline-title">{t.decision}</span>
                        <span class="muted">{(t.due_by)(&due)}</span>
                    </li>
                </ol>
            </section>
            <section class="card summary-card" aria-labelledby="summary-title">
                <div class="summary-head">
                    <Logo name=name.clone() logo_id=submission.logo_id.clone() color=submission.logo_color/>
                    <div>
                        <h2 id="summary-title">{name.clone()}</h2>
                        <p class="muted">{country_name(&submission.details.country)}</p>
                    </div>
                </div>
                <p class="muted">{t.withdraw_note}</p>
                {in_review.then(|| view! {
                    <Show
                        when=move || confirming.get()
                        fallback=move || view! {
                            <form method="get" action="/apply"
                                on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); confirming.set(true); }>
                                <input type="hidden" name="confirm" value="withdraw"/>
                                <button type="submit" class="button button-secondary">{t.withdraw}</button>
                            </form>
                        }
                    >
                        <div class="confirm" role="group" aria-labelledby="withdraw-question">
                            <p id="withdraw-question"><strong>{t.withdraw_question}</strong>{t.withdraw_consequence}</p>
                            <div class="actions">
                                <form method="post" action="/api/withdraw_application"
                                    on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); withdraw.dispatch(WithdrawApplication { id }); }>
                                    <input type="hidden" name="id" value=id/>
                                    <button type="submit" class="button button-danger" disabled=move || withdraw.pending().get()>
                                        {t.yes_withdraw}
                                    </button>
                                </form>
                                <form method="get" action="/apply"
                                    on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); confirming.set(false); }>
                                    <button type="submit" class="button button-secondary">{t.keep_in_review}</button>
                                </form>
                            </div>
                        </div>
                    </Show>
                })}
                {withdraw_error}
            </section>
        </div>
        <History submission=earlier/>
    }
}
