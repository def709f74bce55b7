use crate::components::page::Page;
use leptos::prelude::*;
use leptos_router::components::A;

/// Step 3: log in.
#[component]
pub fn LoginPage() -> impl IntoView {
    view! {
        <Page title="Log in" lead="Welcome back. Log in to continue your application or enter your workspace." narrow=true>
            <form class="card form" method="post" action="/login" novalidate>
                <div class="field">
                    <label for="email">"Email"</label>
                    <input id="email" name="email" type="email" autocomplete="email" required/>
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <button type="submit" class="button button-block">"Log In"</button>
                <p class="form-footer">"New to the platform? " <A href="/signup">"Create an account"</A></p>
            </form>
        </Page>
    }
}
