use crate::api::auth::{SendCode, Signup};
use crate::components::flash::FormStart;
use crate::components::form::{
    clear_fixed_errors, error_for, focus, send_if_valid, show_error, AccountEmailField, FormAlert,
    TermsCheckbox, TextField,
};
use crate::components::page::Page;
use crate::domain::signup::SignupInput;
use crate::domain::Email;
use crate::error::{AppError, FieldError};
use crate::model::account::safe_next;
use leptos::prelude::*;

fn sent_notice(email: &str) -> String {
    (crate::i18n::texts().auth().code_sent)(email.trim())
}

/// Step 1: create an account with an emailed verification code.
#[component]
pub fn SignupPage() -> impl IntoView {
    let t = crate::i18n::texts().auth();
    view! {
        <Page title=t.signup_title lead=t.signup_lead narrow=true>
            <SignupForm/>
        </Page>
    }
}

/// The form, with its checks as the fields are typed; without the wasm it
/// posts as it is.
#[island]
fn SignupForm() -> impl IntoView {
    // A post made without JavaScript (Send Code or Sign Up) comes back with
    // what was typed and the server's answer.
    let sent = FormStart::for_endpoint("send_code");
    let refused = FormStart::for_endpoint("signup");
    let typed = |name: &str| {
        let value = refused.value(name);
        if value.is_empty() {
            sent.value(name)
        } else {
            value
        }
    };
    // From an invitation link: its address, fixed, and the way back to it.
    let invited = crate::components::nav::query("email").filter(|e| !e.trim().is_empty());
    let next =
        safe_next(crate::components::nav::query("next").as_deref()).filter(|_| invited.is_some());
    let email = RwSignal::new(invited.clone().unwrap_or_else(|| typed("input[email]")));
    let code = RwSignal::new(typed("input[code]"));
    let password = RwSignal::new(String::new());
    let confirm_password = RwSignal::new(String::new());
    let accept_terms = RwSignal::new(typed("input[accept_terms]") == "true");
    let (errors, alert) = if sent.error().is_some() {
        sent.messages()
    } else {
        refused.messages()
    };
    let cooldown = RwSignal::new(match (sent.answer(), sent.error()) {
        (Some(wait), _) => wait.parse().unwrap_or_default(),
        (_, Some(AppError::RateLimited { retry_after_secs })) => retry_after_secs as i64,
        _ => 0,
    });
    let notice = RwSignal::new(sent.answer().map(|_| sent_notice(&email.get_untracked())));
    let created = RwSignal::new(false);

    let send_code = ServerAction::<SendCode>::new();
    let signup = ServerAction::<Signup>::new();

    tick_every_second(cooldown);

    let on_send_code_click = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        alert.set(None);
        match Email::parse(&email.get_untracked()) {
            Err(message) => {
                errors.set(vec![FieldError {
                    field: "email".into(),
                    message,
                }]);
                focus("email");
            }
            Ok(valid) => {
                errors.update(|list| list.retain(|e| e.field != "email"));
                send_code.dispatch(SendCode {
                    email: valid.to_string(),
                });
            }
        }
    };
    Effect::new(move |_| match send_code.value().get() {
        Some(Ok(resend_after)) => {
            cooldown.set(resend_after);
            notice.set(Some(sent_notice(&email.get_untracked())));
            focus("code");
        }
        Some(Err(AppError::RateLimited { retry_after_secs })) => {
            cooldown.set(retry_after_secs as i64);
            alert.set(Some(AppError::RateLimited { retry_after_secs }.to_string()));
        }
        Some(Err(err)) => show_error(err, errors, alert),
        None => {}
    });

    let input = move || SignupInput {
        email: email.get(),
        code: code.get(),
        password: password.get(),
        confirm_password: confirm_password.get(),
        accept_terms: accept_terms.get(),
    };
    clear_fixed_errors(errors, move || input().validate().err().unwrap_or_default());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let input = untrack(input);
        send_if_valid(&ev, input.validate(), errors, alert, || {
            signup.dispatch(Signup { input });
        });
    };
    Effect::new(move |_| match signup.value().get() {
        Some(Ok(())) => {
            // The next page loads whole, for the new session.
            created.set(true);
        }
        Some(Err(err)) => show_error(err, errors, alert),
        None => {}
    });

    let t = crate::i18n::texts().auth();
    let send_label = move || {
        let wait = cooldown.get();
        if wait > 0 {
            (t.send_code_wait)(wait)
        } else {
            t.send_code.to_string()
        }
    };
    let send_button = move || {
        view! {
            // Without JavaScript it posts the form's email to `send_code`.
            <button
                type="submit"
                formaction="/api/send_code"
                formnovalidate=true
                class="button button-secondary"
                disabled=move || { cooldown.get() > 0 || send_code.pending().get() }
                on:click=on_send_code_click
            >
                {send_label}
            </button>
        }
    };

    view! {
            <form class="card form" method="post" action="/api/signup" novalidate on:submit=on_submit>
                <FormAlert message=alert/>
                <AccountEmailField value=email errors fixed=invited.is_some()/>
                {next.clone().map(|next| view! { <input type="hidden" name="next" value=next/> })}
                <TextField id="code" name="input[code]" label=t.verification_code value=code error=error_for(errors, "code")
                    autocomplete="one-time-code" inputmode="numeric" maxlength=7
                    addon=ChildrenFn::to_children(send_button)/>
                {move || notice.get().map(|n| view! { <p class="alert alert-success" role="status">{n}</p> })}
                <TextField id="password" name="input[password]" label=t.password value=password error=error_for(errors, "password")
                    input_type="password" autocomplete="new-password" hint=t.password_hint/>
                <TextField id="confirm_password" name="input[confirm_password]" label=t.confirm_password value=confirm_password
                    error=error_for(errors, "confirm_password") input_type="password" autocomplete="new-password"/>
                <TermsCheckbox name="input[accept_terms]" checked=accept_terms errors/>
                <button type="submit" class="button button-block" disabled=move || signup.pending().get()>
                    {t.sign_up}
                </button>
                <p class="form-footer">{t.have_account} <a href="/login">{t.log_in}</a></p>
            </form>
            <Show when=move || created.get()>
                <AccountReadyDialog next=next.clone()/>
            </Show>
    }
}

/// Decrements `counter` once a second while it is above zero (in the browser
/// only; the timer stops when the page is left).
fn tick_every_second(counter: RwSignal<i64>) {
    Effect::new(move |_| {
        let interval = gloo_timers::callback::Interval::new(1_000, move || {
            counter.update(|c| *c = (*c - 1).max(0));
        });
        let interval = send_wrapper::SendWrapper::new(interval);
        on_cleanup(move || drop(interval));
    });
}

/// The confirmation pop-up: focus moves into it and stays there, it counts
/// down from 5, then the merchant is on the application page, logged in
/// (Escape or "Continue now" goes at once).
#[component]
fn AccountReadyDialog(
    /// Where an invitation link asked to go on (else the application).
    next: Option<String>,
) -> impl IntoView {
    let invited = next.is_some();
    let target = next.unwrap_or_else(|| "/apply".to_owned());
    let remaining = RwSignal::new(5_i64);
    let continue_button = NodeRef::<leptos::html::Button>::new();
    tick_every_second(remaining);
    Effect::new(move |_| {
        if let Some(button) = continue_button.get() {
            let _ = button.focus();
        }
    });
    let go = move || crate::components::nav::go(&target);
    Effect::new({
        let go = go.clone();
        move |_| {
            if remaining.get() == 0 {
                go();
            }
        }
    });
    let escape = go.clone();
    let t = crate::i18n::texts().auth();
    view! {
        <div class="dialog-backdrop">
            <div
                class="dialog card"
                role="dialog"
                aria-modal="true"
                aria-labelledby="account-ready-title"
                aria-describedby="account-ready-text"
                on:keydown=move |ev| match ev.key().as_str() {
                    // Escape dismisses the pop-up, which here means going on.
                    "Escape" => escape(),
                    // Focus stays in the pop-up: its one control keeps it.
                    "Tab" => {
                        ev.prevent_default();
                        if let Some(button) = continue_button.get() {
                            let _ = button.focus();
                        }
                    }
                    _ => {}
                }
            >
                <h2 id="account-ready-title">{t.ready_title}</h2>
                <p id="account-ready-text">
                    {if invited { t.ready_next_invited } else { t.ready_next_apply }}
                    <strong class="countdown">{move || remaining.get()}</strong>
                    {move || if remaining.get() == 1 { t.second } else { t.seconds }}
                </p>
                <button type="button" class="button" node_ref=continue_button on:click=move |_| go()>
                    {t.continue_now}
                </button>
            </div>
        </div>
    }
}
