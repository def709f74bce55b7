use crate::components::page::Page;
use leptos::prelude::*;
use leptos_router::components::A;

/// Step 1: create an account.
#[component]
pub fn SignupPage() -> impl IntoView {
    view! {
        <Page title="Create your account" lead="Sign up with your work email to apply for a workspace." narrow=true>
            <form class="card form" method="post" action="/signup" novalidate>
                <div class="field">
                    <label for="email">"Email"</label>
                    <input id="email" name="email" type="email" autocomplete="email" required/>
                </div>
                <div class="field">
                    <label for="code">"Verification Code"</label>
                    <div class="input-with-button">
                        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required/>
                        <button type="button" class="button button-secondary">"Send Code"</button>
                    </div>
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input id="password" name="password" type="password" autocomplete="new-password" required/>
                    <p class="hint">"8 to 128 characters."</p>
                </div>
                <div class="field">
                    <label for="confirm_password">"Confirm Password"</label>
                    <input id="confirm_password" name="confirm_password" type="password" autocomplete="new-password" required/>
                </div>
                <div class="field checkbox">
                    <input id="accept_terms" name="accept_terms" type="checkbox" required/>
                    <label for="accept_terms">
                        "I have read and agree to the " <A href="/terms">"Terms of Service"</A>
                    </label>
                </div>
                <button type="submit" class="button button-block">"Sign Up"</button>
                <p class="form-footer">"Already have an account? " <A href="/login">"Log In"</A></p>
            </form>
        </Page>
    }
}
