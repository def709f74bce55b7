use crate::components::session::UserSession;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// The landing page: what the platform is and the three onboarding steps.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = UserSession::get();
    let query = use_query_map();
    let deleted = move || query.read().get("account").as_deref() == Some("deleted");
    view! {
        <Title text=""/>
        <section class="hero">
            <div class="container">
                {move || deleted().then(|| view! {
                    <p class="alert alert-success" role="status">"Your account has been deleted. Thank you for trying Mini Program Platform."</p>
                })}
                <h1>"Build mini programs for millions of customers"</h1>
                <p class="lead">
                    "Mini Program Platform gives technical merchants a workspace to build, test and "
                    "publish mini programs, together with their team."
                </p>
                <div class="actions">
                    {move || match session.user.get() {
                        Ok(Some(signed_in)) => view! {
                            <A href=signed_in.home.clone() attr:class="button">{home_action(&signed_in.home)}</A>
                        }
                        .into_any(),
                        _ => view! {
                            <A href="/signup" attr:class="button">"Create an account"</A>
                            <A href="/login" attr:class="button button-secondary">"Log In"</A>
                        }
                        .into_any(),
                    }}
                </div>
            </div>
        </section>
        <section class="container steps" aria-labelledby="steps-title">
            <h2 id="steps-title">"Get started in three steps"</h2>
            <ol class="step-cards">
                <li class="card">
                    <span class="step-number" aria-hidden="true">"1"</span>
                    <h3>"Create an account"</h3>
                    <p>"Sign up with your email address. We send you a code to confirm it is yours."</p>
                </li>
                <li class="card">
                    <span class="step-number" aria-hidden="true">"2"</span>
                    <h3>"Apply for a workspace"</h3>
                    <p>
                        "Tell us about your business. A reviewer decides within two business days; "
                        "if something needs fixing, you can correct it and apply again."
                    </p>
                </li>
                <li class="card">
                    <span class="step-number" aria-hidden="true">"3"</span>
                    <h3>"Log in and get started"</h3>
                    <p>"Once approved, enter your workspace and invite your team."</p>
                </li>
            </ol>
        </section>
    }
}

/// What the home page offers someone logged in, by where their work is.
fn home_action(home: &str) -> &'static str {
    match home {
        "/workspace" => "Enter Workspace",
        "/admin" => "Go to the review queue",
        _ => "Continue your application",
    }
}
