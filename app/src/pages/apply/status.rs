use super::ApplicationReload;
use crate::api::application::{Submission, WithdrawApplication};
use crate::components::logo::Logo;
use crate::domain::application::Status;
use crate::domain::business::country_name;
use crate::domain::date::Date;
use leptos::prelude::*;

/// The status page while an application is under review (SPEC 2.3 → 2.4).
#[component]
pub fn StatusPage(submission: Submission) -> impl IntoView {
    let reload = expect_context::<ApplicationReload>();
    let withdraw = ServerAction::<WithdrawApplication>::new();
    let confirming = RwSignal::new(false);
    let id = submission.id;
    Effect::new(move |_| {
        if let Some(Ok(())) = withdraw.value().get() {
            reload.reload();
        }
    });
    let withdraw_error = move || {
        withdraw
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <p class="alert alert-error" role="alert">{e.to_string()}</p> })
    };
    let submitted = Date::from_unix(submission.submitted_at).long();
    let due = Date::from_unix(submission.due_at).long();
    let name = submission.details.company_name.clone();
    let in_review = submission.status == Status::InReview;
    view! {
        <h1>"Your application is under review"</h1>
        <p class="lead">
            {format!(
                "We received your application on {submitted}. A reviewer will decide by {due}, and we will email you the result."
            )}
        </p>
        <div class="status-layout">
            <section class="card" aria-labelledby="timeline-title">
                <h2 id="timeline-title">"Progress"</h2>
                <ol class="timeline">
                    <li class="done">
                        <span class="timeline-title">"Submitted"</span>
                        <span class="muted">{submitted.clone()}</span>
                    </li>
                    <li class="current" aria-current="step">
                        <span class="timeline-title">"In review"</span>
                        <span class="muted">"Waiting for a reviewer"</span>
                    </li>
                    <li>
                        <span class="timeline-title">"Decision"</span>
                        <span class="muted">{format!("Due by {due}")}</span>
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
                <p class="muted">"Changed your mind, or need to correct something? Withdraw the application: your answers come back as a draft you can edit and submit again."</p>
                {in_review.then(|| view! {
                    <Show
                        when=move || confirming.get()
                        fallback=move || view! {
                            <button type="button" class="button button-secondary" on:click=move |_| confirming.set(true)>
                                "Withdraw"
                            </button>
                        }
                    >
                        <div class="confirm" role="group" aria-labelledby="withdraw-question">
                            <p id="withdraw-question"><strong>"Withdraw this application?"</strong>" It leaves the review queue until you submit it again."</p>
                            <div class="actions">
                                <button
                                    type="button"
                                    class="button button-danger"
                                    disabled=move || withdraw.pending().get()
                                    on:click=move |_| { withdraw.dispatch(WithdrawApplication { id }); }
                                >
                                    "Yes, withdraw"
                                </button>
                                <button type="button" class="button button-secondary" on:click=move |_| confirming.set(false)>
                                    "Keep it in review"
                                </button>
                            </div>
                        </div>
                    </Show>
                })}
                {withdraw_error}
            </section>
        </div>
    }
}
