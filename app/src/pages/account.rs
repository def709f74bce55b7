//! `/account`: the logged-in account looks after itself — its email, its
//! password, its data, and deleting it.

use crate::api::account::{
    my_devices, ChangePassword, ConfirmEmailChange, DeleteAccount, LogOutOtherSessions,
    RequestEmailChange,
};
use crate::components::flash::FormStart;
use crate::components::form::{
    clear_fixed_errors, error_for, focus, send_if_valid, show_error, FormAlert, TextField,
};
use crate::components::fresh::kept_fresh;
use crate::components::page::Page;
use crate::components::session::{RequireAccount, UserSession};
use crate::components::zone::ReaderZone;
use crate::domain::signup::{ChangePasswordInput, VerificationCode};
use crate::domain::{Email, Role};
use crate::error::{AppError, FieldError};
use crate::model::account::{Device, SignedIn};
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    view! {
        <RequireAccount>
            <AccountRead/>
        </RequireAccount>
    }
}

/// The server reads the account's devices; the island gets them as a prop.
#[component]
fn AccountRead() -> impl IntoView {
    let devices = Resource::new(|| (), |_| my_devices());
    view! {
        <Suspense>
            {move || Suspend::new(async move { view! { <AccountSections devices=devices.await/> } })}
        </Suspense>
    }
}

#[island(lazy)]
fn AccountSections(devices: Result<Vec<Device>, AppError>) -> impl IntoView {
    let t = crate::i18n::texts().account();
    view! {
        <Page title=t.title lead=t.lead narrow=true>
            <div class="account-sections">
                <SignInDetails/>
                <ChangeEmailForm/>
                <ChangePasswordForm/>
                <Devices initial=devices/>
                <YourData/>
                <DeleteAccountForm/>
            </div>
        </Page>
    }
}

#[component]
fn SignInDetails() -> impl IntoView {
    let t = crate::i18n::texts().account();
    let session = UserSession::get();
    let details = move || {
        session
            .user
            .get()
            .ok()
            .flatten()
            .map(|SignedIn { user, .. }| {
                let kind = match user.role {
                    Role::Merchant => t.merchant,
                    Role::Reviewer => t.reviewer,
                };
                view! {
                    <dl class="review-list">
                        <div><dt>{t.email}</dt><dd>{user.email}</dd></div>
                        <div><dt>{t.account_type}</dt><dd>{kind}</dd></div>
                    </dl>
                }
            })
    };
    view! {
        <section class="card" aria-labelledby="details-title">
            <h2 id="details-title">{t.sign_in_details}</h2>
            {details}
        </section>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let t = crate::i18n::texts().account();
    let current = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm_password = RwSignal::new(String::new());
    let start = FormStart::for_endpoint("change_password");
    let (errors, alert) = start.messages();
    let done = RwSignal::new(start.answer().is_some());
    let change = ServerAction::<ChangePassword>::new();

    let input = move || ChangePasswordInput {
        current_password: current.get(),
        password: password.get(),
        confirm_password: confirm_password.get(),
    };
    clear_fixed_errors(errors, move || input().validate().err().unwrap_or_default());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        done.set(false);
        let input = untrack(input);
        send_if_valid(&ev, input.validate(), errors, alert, || {
            change.dispatch(ChangePassword { input });
        });
    };
    Effect::new(move |_| match change.value().get() {
        Some(Ok(())) => {
            for field in [current, password, confirm_password] {
                field.set(String::new());
            }
            done.set(true);
        }
        Some(Err(err)) => {
            current.set(String::new());
            show_error(err, errors, alert);
        }
        None => {}
    });

    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">{t.change_password}</h2>
            <form class="form" method="post" action="/api/change_password" novalidate on:submit=on_submit>
                <FormAlert message=alert/>
                {move || done.get().then(|| view! {
                    <p class="alert alert-success" role="status">
                        {t.password_changed}
                    </p>
                })}
                <TextField id="current_password" name="input[current_password]" label=t.current_password value=current
                    error=error_for(errors, "current_password") input_type="password" autocomplete="current-password"/>
                <TextField id="password" name="input[password]" label=t.new_password value=password error=error_for(errors, "password")
                    input_type="password" autocomplete="new-password" hint="8 to 128 characters. A passphrase is easiest to remember."/>
                <TextField id="confirm_password" name="input[confirm_password]" label=t.confirm_password value=confirm_password
                    error=error_for(errors, "confirm_password") input_type="password" autocomplete="new-password"/>
                <button type="submit" class="button" disabled=move || change.pending().get()>{t.change_password_button}</button>
            </form>
        </section>
    }
}

/// Where the account is logged in, and a way to log out everywhere else.
#[component]
fn Devices(initial: Result<Vec<Device>, AppError>) -> impl IntoView {
    let t = crate::i18n::texts().account();
    let log_out = ServerAction::<LogOutOtherSessions>::new();
    let devices = kept_fresh(initial, move || log_out.version().get(), |_| my_devices());
    let start = FormStart::for_endpoint("log_out_other_sessions");
    let (_, alert) = start.messages();
    let ended_before = start.answer().and_then(|n| n.parse::<u64>().ok());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        alert.set(None);
        log_out.dispatch(LogOutOtherSessions {});
    };
    Effect::new(move |_| {
        if let Some(Err(err)) = log_out.value().get() {
            alert.set(Some(err.to_string()));
        }
    });
    let outcome = move || {
        let ended = match log_out.value().get() {
            Some(answer) => answer.ok(),
            None => ended_before,
        };
        ended.map(|ended| {
            let message = match ended {
                0 => t.no_other_device.to_owned(),
                1 => t.one_other_device.to_owned(),
                n => (t.devices_logged_out)(n),
            };
            view! { <p class="alert alert-success" role="status">{message}</p> }
        })
    };
    let list = move || match devices.get() {
        Ok(devices) => {
            let others = devices.iter().filter(|d| !d.this_one).count();
            view! {
                    <ul class="device-list">
                        {devices.into_iter().map(|device| view! { <DeviceItem device/> }).collect_view()}
                    </ul>
                    <form class="form" method="post" action="/api/log_out_other_sessions" on:submit=on_submit>
                        <FormAlert message=alert/>
                        {outcome}
                        <button type="submit" class="button button-secondary"
                            disabled=move || others == 0 || log_out.pending().get()>
                            {t.log_out_others}
                        </button>
                    </form>
                }
                .into_any()
        }
        Err(err) => {
            view! { <p class="alert alert-error" role="alert">{err.to_string()}</p> }.into_any()
        }
    };
    view! {
        <section class="card" aria-labelledby="devices-title">
            <h2 id="devices-title">{t.devices}</h2>
            <p>{t.devices_lead}</p>
            {list}
        </section>
    }
}

#[component]
fn DeviceItem(device: Device) -> impl IntoView {
    let t = crate::i18n::texts().account();
    let Device {
        browser,
        system,
        client_addr,
        signed_in_at,
        last_seen_at,
        this_one,
    } = device;
    view! {
        <li class="device">
            <p class="device-name">
                <strong>{(t.browser_on)(&browser, &system)}</strong>
                {this_one.then(|| view! { <span class="badge badge-success">{t.this_device}</span> })}
            </p>
            <dl class="device-facts">
                <div><dt>{t.address}</dt><dd>{client_addr}</dd></div>
                <div><dt>{t.signed_in}</dt><dd>{ReaderZone::get().date_time(signed_in_at)}</dd></div>
                <div><dt>{t.last_seen}</dt><dd>{ReaderZone::get().date_time(last_seen_at)}</dd></div>
            </dl>
        </li>
    }
}

#[component]
fn YourData() -> impl IntoView {
    let t = crate::i18n::texts().account();
    view! {
        <section class="card" aria-labelledby="data-title">
            <h2 id="data-title">{t.your_data}</h2>
            <p>
                {t.data_text}
            </p>
            <p><a class="button button-secondary" href="/account/data.json" download="mini-program-platform-account.json">{t.download_data}</a></p>
        </section>
    }
}

#[component]
fn DeleteAccountForm() -> impl IntoView {
    let t = crate::i18n::texts().account();
    let password = RwSignal::new(String::new());
    let (errors, alert) = FormStart::for_endpoint("delete_account").messages();
    let delete = ServerAction::<DeleteAccount>::new();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let typed = password.get_untracked();
        let checked = if typed.is_empty() {
            Err(vec![FieldError {
                field: "delete_password".into(),
                message: t.password_to_confirm.into(),
            }])
        } else {
            Ok(())
        };
        send_if_valid(&ev, checked, errors, alert, || {
            delete.dispatch(DeleteAccount { password: typed });
        });
    };
    Effect::new(move |_| match delete.value().get() {
        // A full page load: nothing of the deleted account stays in memory.
        Some(Ok(())) => {
            let _ = window().location().set_href("/?account=deleted");
        }
        Some(Err(err)) => {
            password.set(String::new());
            show_error(err, errors, alert);
        }
        None => {}
    });

    view! {
        <section class="card danger-zone" aria-labelledby="delete-title">
            <h2 id="delete-title">{t.delete_title}</h2>
            <p>
                {t.delete_text}
            </p>
            <form class="form" method="post" action="/api/delete_account" novalidate on:submit=on_submit>
                <FormAlert message=alert/>
                <TextField id="delete_password" name="password" label=t.password value=password
                    error=error_for(errors, "delete_password") input_type="password" autocomplete="current-password"/>
                <button type="submit" class="button button-danger" disabled=move || delete.pending().get()>{t.delete_button}</button>
            </form>
        </section>
    }
}

#[component]
fn ChangeEmailForm() -> impl IntoView {
    let t = crate::i18n::texts().account();
    let session = UserSession::get();
    // A post without JavaScript (either step) comes back with its answer.
    let requested = FormStart::for_endpoint("request_email_change");
    let confirmed = FormStart::for_endpoint("confirm_email_change");
    let new_email = RwSignal::new(requested.value("new_email"));
    let code = RwSignal::new(String::new());
    let (errors, alert) = if requested.error().is_some() {
        requested.messages()
    } else {
        confirmed.messages()
    };
    // The address a code went to, once the server has answered; a refused
    // code keeps the code form in view.
    let sent_to = RwSignal::new(
        requested
            .answer()
            .map(|_| new_email.get_untracked().trim().to_owned())
            .or_else(|| confirmed.error().map(|_| String::new())),
    );
    let changed_to = RwSignal::new(
        confirmed
            .answer()
            .map(|json| json.trim_matches('"').to_owned()),
    );
    let request = ServerAction::<RequestEmailChange>::new();
    let confirm = ServerAction::<ConfirmEmailChange>::new();

    let on_send = move |ev: leptos::ev::SubmitEvent| {
        changed_to.set(None);
        let raw = new_email.get_untracked();
        let checked = Email::parse(&raw).map_err(|message| {
            vec![FieldError {
                field: "new_email".into(),
                message,
            }]
        });
        send_if_valid(&ev, checked, errors, alert, || {
            request.dispatch(RequestEmailChange { new_email: raw });
        });
    };
    let on_confirm = move |ev: leptos::ev::SubmitEvent| {
        let raw = code.get_untracked();
        let checked = VerificationCode::parse(&raw).map_err(|message| {
            vec![FieldError {
                field: "email_code".into(),
                message,
            }]
        });
        send_if_valid(&ev, checked, errors, alert, || {
            confirm.dispatch(ConfirmEmailChange { code: raw });
        });
    };
    Effect::new(move |_| match request.value().get() {
        Some(Ok(_)) => {
            sent_to.set(Some(new_email.get_untracked().trim().to_owned()));
            // The code field appears on the next frame; then it takes the focus.
            request_animation_frame(|| focus("email_code"));
        }
        Some(Err(err)) => show_error(err, errors, alert),
        None => {}
    });
    Effect::new(move |_| match confirm.value().get() {
        Some(Ok(address)) => {
            changed_to.set(Some(address));
            sent_to.set(None);
            new_email.set(String::new());
            code.set(String::new());
            leptos::task::spawn_local(session.reload());
        }
        Some(Err(err)) => {
            code.set(String::new());
            show_error(err, errors, alert);
        }
        None => {}
    });

    view! {
        <section class="card" aria-labelledby="email-title">
            <h2 id="email-title">{t.change_email}</h2>
            <form class="form" method="post" action="/api/request_email_change" novalidate on:submit=on_send>
                <FormAlert message=alert/>
                {move || changed_to.get().map(|to| view! {
                    <p class="alert alert-success" role="status">
                        {(t.email_now)(&to)}
                    </p>
                })}
                <TextField id="new_email" name="new_email" label=t.new_email value=new_email error=error_for(errors, "new_email")
                    input_type="email" autocomplete="email"
                    hint=t.new_email_hint/>
                <button type="submit" class="button button-secondary" disabled=move || request.pending().get()>{t.send_code}</button>
            </form>
            {move || sent_to.get().map(|to| view! {
                <form class="form" method="post" action="/api/confirm_email_change" novalidate on:submit=on_confirm>
                    <p role="status">{if to.is_empty() {
                        t.enter_code_sent.to_owned()
                    } else {
                        (t.code_sent_to)(&to)
                    }}</p>
                    <TextField id="email_code" name="code" label=t.verification_code value=code error=error_for(errors, "email_code")
                        autocomplete="one-time-code" inputmode="numeric" maxlength=7/>
                    <button type="submit" class="button" disabled=move || confirm.pending().get()>{t.change_email_button}</button>
                </form>
            })}
        </section>
    }
}
