//! Forgot password: ask for a reset link (`/reset`), then choose a new
//! password with it (`/reset/{token}`).

use crate::api::auth::{reset_link_is_live, RequestPasswordReset, ResetPassword};
use crate::components::flash::FormStart;
use crate::components::form::{error_for, send_if_valid, show_error, FormAlert, TextField};
use crate::components::page::Page;
use crate::components::session::UserSession;
use crate::domain::signup::NewPasswordInput;
use crate::domain::Email;
use crate::error::{AppError, FieldError};
use crate::model::account::invalid_reset_link;
use leptos::prelude::*;

/// `/reset`: the account's email; the answer never says whether it has an
/// account.
#[island(lazy)]
pub fn ResetRequestPage() -> impl IntoView {
    let t = crate::i18n::texts().account();
    let start = FormStart::for_endpoint("request_password_reset");
    let email = RwSignal::new(start.value("email"));
    let (errors, alert) = start.messages();
    let request = ServerAction::<RequestPasswordReset>::new();
    // The address the last link went to, once the server has answered.
    let sent_to = RwSignal::new(
        start
            .answer()
            .map(|_| email.get_untracked().trim().to_owned()),
    );

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let raw = email.get_untracked();
        let checked = Email::parse(&raw).map_err(|message| {
            vec![FieldError {
                field: "email".into(),
                message,
            }]
        });
        send_if_valid(&ev, checked, errors, alert, || {
            request.dispatch(RequestPasswordReset { email: raw });
        });
    };
    Effect::new(move |_| match request.value().get() {
        Some(Ok(())) => sent_to.set(Some(email.get_untracked().trim().to_owned())),
        Some(Err(err)) => show_error(err, errors, alert),
        None => {}
    });

    view! {
        <Page title=t.reset_title lead=t.reset_lead narrow=true>
            <form class="card form" method="post" action="/api/request_password_reset" novalidate on:submit=on_submit>
                <FormAlert message=alert/>
                {move || sent_to.get().map(|to| view! {
                    <div class="alert alert-success" role="status">
                        <p>{(t.reset_sent)(&to)}</p>
                        <p>{t.reset_nothing_arrived}</p>
                    </div>
                })}
                <TextField id="email" name="email" label=t.email value=email error=error_for(errors, "email")
                    input_type="email" autocomplete="email"/>
                <button type="submit" class="button button-block" disabled=move || request.pending().get()>
                    {move || if sent_to.get().is_some() { t.send_link_again } else { t.send_reset_link }}
                </button>
                <p class="form-footer">{t.remembered} <a href="/login">{t.log_in}</a></p>
            </form>
        </Page>
    }
}

/// `/reset/{token}`: the new password, under the signup rules. The server
/// checks the link and renders the page; only the form is an island, and it
/// takes the token as a prop (an island reads no resource of the page's).
#[component]
pub fn NewPasswordPage() -> impl IntoView {
    let t = crate::i18n::texts().account();
    let token_in_path =
        StoredValue::new(crate::components::nav::path_param("token").unwrap_or_default());
    let token = move || token_in_path.get_value();
    let live = Resource::new(token, reset_link_is_live);
    view! {
        <Page title=t.new_password_title lead=t.new_password_lead narrow=true>
            <Suspense fallback=move || view! { <p class="muted">{t.checking_link}</p> }>
                {move || Suspend::new(async move {
                    match live.await {
                        Ok(true) => view! { <NewPasswordForm token=token()/> }.into_any(),
                        Ok(false) => view! { <DeadLink/> }.into_any(),
                        Err(err) => view! { <p class="alert alert-error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn DeadLink() -> impl IntoView {
    let t = crate::i18n::texts().account();
    view! {
        <div class="card">
            <p class="alert alert-error" role="alert">{invalid_reset_link()}</p>
            <p><a href="/reset" class="button">{t.ask_new_link}</a></p>
        </div>
    }
}

#[island(lazy)]
fn NewPasswordForm(token: String) -> impl IntoView {
    let t = crate::i18n::texts().account();
    let password = RwSignal::new(String::new());
    let confirm_password = RwSignal::new(String::new());
    let (errors, alert) = FormStart::for_endpoint("reset_password").messages();
    let reset = ServerAction::<ResetPassword>::new();
    let session = UserSession::get();
    let dead = RwSignal::new(false);
    let form_token = token.clone();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let input = NewPasswordInput {
            token: token.clone(),
            password: password.get_untracked(),
            confirm_password: confirm_password.get_untracked(),
        };
        send_if_valid(&ev, input.validate(), errors, alert, || {
            reset.dispatch(ResetPassword { input });
        });
    };
    Effect::new(move |_| match reset.value().get() {
        Some(Ok(target)) => session.reload_then_go(target),
        Some(Err(err)) => {
            let link_dead = matches!(&err, AppError::Validation(list)
                if list.iter().any(|e| e.message == invalid_reset_link()));
            if link_dead {
                dead.set(true);
            }
            show_error(err, errors, alert);
        }
        None => {}
    });

    view! {
        <Show when=move || !dead.get() fallback=|| view! { <DeadLink/> }>
            <form class="card form" method="post" action="/api/reset_password" novalidate on:submit=on_submit.clone()>
                <FormAlert message=alert/>
                <input type="hidden" name="input[token]" value=form_token.clone()/>
                <TextField id="password" name="input[password]" label=t.new_password value=password error=error_for(errors, "password")
                    input_type="password" autocomplete="new-password" hint=crate::i18n::texts().auth().password_hint/>
                <TextField id="confirm_password" name="input[confirm_password]" label=t.confirm_password value=confirm_password
                    error=error_for(errors, "confirm_password") input_type="password" autocomplete="new-password"/>
                <button type="submit" class="button button-block" disabled=move || reset.pending().get()>{t.set_new_password}</button>
            </form>
        </Show>
    }
}
