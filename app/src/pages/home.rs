use crate::components::page::PageTitle;
use crate::components::session::UserSession;
use leptos::prelude::*;

/// The landing page: what the platform is and the three onboarding steps.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = UserSession::get();
    let t = crate::i18n::texts().common();
    let deleted = move || crate::components::nav::query("account").as_deref() == Some("deleted");
    view! {
        <PageTitle text=""/>
        <section class="hero">
            <div class="container">
                {move || deleted().then(|| view! {
                    <p class="alert alert-success" role="status">{t.home_deleted}</p>
                })}
                <h1>{t.home_title}</h1>
                <p class="lead">
                    {t.home_lead}
                </p>
                <div class="actions">
                    {move || match session.user.get() {
                        Ok(Some(signed_in)) => view! {
                            <a href=signed_in.home.clone() class="button">{home_action(&signed_in.home)}</a>
                        }
                        .into_any(),
                        _ => view! {
                            <a href="/signup" class="button">{t.create_account}</a>
                            <a href="/login" class="button button-secondary">{t.log_in}</a>
                        }
                        .into_any(),
                    }}
                </div>
            </div>
        </section>
        <section class="container steps" aria-labelledby="steps-title">
            <h2 id="steps-title">{t.steps_title}</h2>
            <ol class="step-cards">
                <li class="card">
                    <span class="step-number" aria-hidden="true">"1"</span>
                    <h3>{t.step1_title}</h3>
                    <p>{t.step1_text}</p>
                </li>
                <li class="card">
                    <span class="step-number" aria-hidden="true">"2"</span>
                    <h3>{t.step2_title}</h3>
                    <p>{t.step2_text}</p>
                </li>
                <li class="card">
                    <span class="step-number" aria-hidden="true">"3"</span>
                    <h3>{t.step3_title}</h3>
                    <p>{t.step3_text}</p>
                </li>
            </ol>
        </section>
    }
}

/// What the home page offers someone logged in, by where their work is.
fn home_action(home: &str) -> &'static str {
    let t = crate::i18n::texts().common();
    match home {
        "/workspace" => t.enter_workspace,
        "/admin" => t.go_to_queue,
        _ => t.continue_application,
    }
}
