use crate::api::auth::Login;
use crate::components::form::{
    error_for, send_if_valid, show_error, AccountEmailField, FormAlert, TextField,
};
use crate::components::page::Page;
use crate::components::session::UserSession;
use crate::domain::signup::LoginInput;
use crate::error::FieldError;
use crate::model::account::safe_next;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Step 3: log in, then go where the account stands.
#[component]
pub fn LoginPage() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let alert = RwSignal::new(None::<String>);
    let login = ServerAction::<Login>::new();
    let session = UserSession::get();
    let query = use_query_map();
    let next = move || safe_next(query.read().get("next").as_deref());
    let navigate = use_navigate();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let input = LoginInput {
            email: email.get_untracked(),
            password: password.get_untracked(),
        };
        send_if_valid(&ev, input.validate(), errors, alert, || {
            login.dispatch(Login {
                input,
                next: next(),
            });
        });
    };
    Effect::new(move |_| match login.value().get() {
        Some(Ok(target)) => {
            session.refresh();
            navigate(&target, Default::default());
        }
        Some(Err(err)) => {
            password.set(String::new());
            show_error(err, errors, alert);
        }
        None => {}
    });

    view! {
        <Page title="Log in" lead="Welcome back. Log in to continue your application or enter your workspace." narrow=true>
            <form class="card form" method="post" action="/api/login" novalidate on:submit=on_submit>
                <FormAlert message=alert/>
                <AccountEmailField value=email errors/>
                <TextField id="password" name="input[password]" label="Password" value=password error=error_for(errors, "password")
                    input_type="password" autocomplete="current-password"/>
                <button type="submit" class="button button-block" disabled=move || login.pending().get()>"Log In"</button>
                <p class="form-footer">"New to the platform? " <A href="/signup">"Create an account"</A></p>
            </form>
        </Page>
    }
}
