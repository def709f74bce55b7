use crate::api::auth::Login;
use crate::components::flash::FormStart;
use crate::components::form::{
    clear_fixed_errors, error_for, focus, send_if_valid, show_error, AccountEmailField, FormAlert,
    TextField,
};
use crate::components::page::Page;
use crate::components::session::UserSession;
use crate::domain::signup::LoginInput;
use crate::error::AppError;
use crate::model::account::safe_next;
use leptos::prelude::*;

/// Step 3: log in, then go where the account stands.
#[component]
pub fn LoginPage() -> impl IntoView {
    let t = crate::i18n::texts().auth();
    view! {
        <Page title=t.login_title lead=t.login_lead narrow=true>
            <LoginForm/>
        </Page>
    }
}

/// The form, with its checks as the fields are typed; without the wasm it
/// posts as it is.
#[island]
fn LoginForm() -> impl IntoView {
    // A refused login posted without JavaScript comes back with its messages.
    let start = FormStart::for_endpoint("login");
    let email = RwSignal::new(start.value("input[email]"));
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // Shown once the server asks for a sign-in code (an account under attack).
    let code_needed = RwSignal::new(
        !start.value("input[code]").is_empty()
            || start
                .error()
                .is_some_and(|e| e.message_for("code").is_some()),
    );
    let (errors, alert) = start.messages();
    let login = ServerAction::<Login>::new();
    let session = UserSession::get();
    let next_page = StoredValue::new(safe_next(crate::components::nav::query("next").as_deref()));
    let next = move || next_page.get_value();

    let input = move || LoginInput {
        email: email.get(),
        password: password.get(),
        code: code.get(),
    };
    clear_fixed_errors(errors, move || input().validate().err().unwrap_or_default());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let input = untrack(input);
        send_if_valid(&ev, input.validate(), errors, alert, || {
            login.dispatch(Login {
                input,
                next: next(),
            });
        });
    };
    Effect::new(move |_| match login.value().get() {
        Some(Ok(target)) => session.reload_then_go(target),
        Some(Err(err)) => {
            let asks_for_code = matches!(&err, AppError::Validation(list) if list.iter().any(|e| e.field == "code"));
            if asks_for_code {
                code_needed.set(true);
                code.set(String::new());
            } else {
                password.set(String::new());
            }
            show_error(err, errors, alert);
            if asks_for_code {
                // The field appears on the next frame; then it takes the focus.
                request_animation_frame(|| focus("code"));
            }
        }
        None => {}
    });

    let t = crate::i18n::texts().auth();
    view! {
            <form class="card form" method="post" action="/api/login" novalidate on:submit=on_submit>
                <FormAlert message=alert/>
                <AccountEmailField value=email errors/>
                <TextField id="password" name="input[password]" label=t.password value=password error=error_for(errors, "password")
                    input_type="password" autocomplete="current-password"/>
                <Show when=move || code_needed.get()>
                    <TextField id="code" name="input[code]" label=t.sign_in_code value=code error=error_for(errors, "code")
                        autocomplete="one-time-code" inputmode="numeric" maxlength=7/>
                </Show>
                // For a post without JavaScript: where to go after.
                {move || next().map(|next| view! { <input type="hidden" name="next" value=next/> })}
                <button type="submit" class="button button-block" disabled=move || login.pending().get()>{t.log_in}</button>
                <p class="form-footer"><a href="/reset">{t.forgot_password}</a></p>
                <p class="form-footer">{t.new_here} <a href="/signup">{t.create_account}</a></p>
            </form>
    }
}
