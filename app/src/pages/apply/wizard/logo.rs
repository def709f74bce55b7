//! The Business Logo field of step 2.2.

use super::state::WizardState;
use crate::api::application::remove_logo;
use crate::components::form::FieldErrorMessage;
use crate::components::logo::Logo;
use leptos::prelude::*;

/// Business Logo: upload with a preview, or Remove to go back to the default logo.
#[component]
pub fn LogoField(state: WizardState) -> impl IntoView {
    // An upload or removal posted before the wasm arrived may come back refused.
    let refused = ["upload_logo", "remove_logo"]
        .into_iter()
        .find_map(|endpoint| {
            crate::components::flash::flash_for(endpoint)
                .and_then(|flash| flash.error().cloned())
                .map(|err| err.message_for("logo").unwrap_or_else(|| err.to_string()))
        });
    let error = RwSignal::new(refused);
    let busy = RwSignal::new(false);
    let input_ref = NodeRef::<leptos::html::Input>::new();

    let upload_chosen = move || {
        #[cfg(feature = "hydrate")]
        {
            let Some(input) = input_ref.get() else { return };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            if let Err(message) = check_file(&file.type_(), file.size()) {
                error.set(Some(message.into()));
                crate::components::form::focus("logo");
                return;
            }
            let Ok(form) = web_sys::FormData::new() else {
                return;
            };
            if form.append_with_blob("logo", &file).is_err() {
                return;
            }
            error.set(None);
            busy.set(true);
            leptos::task::spawn_local(async move {
                let result = crate::api::application::upload_logo(form.into()).await;
                busy.set(false);
                match result {
                    Ok(id) => state.logo_id.set(Some(id)),
                    Err(err) => {
                        error.set(Some(
                            err.message_for("logo").unwrap_or_else(|| err.to_string()),
                        ));
                        crate::components::form::focus("logo");
                    }
                }
            });
        }
    };
    let on_change = move |_: leptos::ev::Event| upload_chosen();
    // A file chosen before the wizard's code arrived is uploaded once it has
    // (the Upload button that would have sent it is hidden from then on).
    Effect::new(move |_| {
        if input_ref.get().is_some() {
            untrack(upload_chosen);
        }
    });
    let on_remove = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = remove_logo().await;
            busy.set(false);
            match result {
                Ok(()) => {
                    state.logo_id.set(None);
                    error.set(None);
                }
                Err(err) => error.set(Some(err.to_string())),
            }
        });
    };
    let flagged = move || state.still_flagged(crate::domain::DetailField::Logo);
    let described_by = move || {
        let mut ids = vec!["logo-hint"];
        if flagged() {
            ids.insert(0, "logo-flagged");
        }
        if error.get().is_some() {
            ids.push("logo-error");
        }
        ids.join(" ")
    };
    let t = crate::i18n::texts().apply();
    let fields = crate::i18n::texts().fields();
    let optional = crate::i18n::texts().common().optional;
    view! {
        <div class="field" class:flagged=flagged>
            <label for="logo">{fields.logo} <span class="optional">{format!(" {optional}")}</span></label>
            <crate::components::form::FlagNote id="logo-flagged".into() shown=Signal::derive(flagged)/>
            <div class="logo-field">
                <Logo name=state.company_name logo_id=state.logo_id color=state.logo_color size="large"/>
                <div class="logo-controls">
                    <input
                        id="logo"
                        type="file"
                        name="logo"
                        form=UPLOAD_FORM
                        accept="image/png,image/jpeg,image/webp"
                        node_ref=input_ref
                        disabled=move || busy.get()
                        aria-describedby=described_by
                        aria-invalid=move || error.get().is_some().then_some("true")
                        on:change=on_change
                    />
                    // With the wasm, choosing a file uploads it.
                    <button type="submit" form=UPLOAD_FORM class="button button-small until-interactive">{t.upload}</button>
                    {move || state.logo_id.get().map(|_| view! {
                        <button type="submit" form=REMOVE_FORM class="button button-secondary button-small" disabled=move || busy.get() on:click=on_remove>
                            {t.remove}
                        </button>
                    })}
                    {move || busy.get().then(|| view! { <span class="muted">{t.uploading}</span> })}
                </div>
            </div>
            <p class="hint" id="logo-hint">
                {t.logo_hint}
            </p>
            <FieldErrorMessage id="logo-error".into() error=Signal::derive(move || error.get())/>
        </div>
    }
}

const UPLOAD_FORM: &str = "logo-upload";
const REMOVE_FORM: &str = "logo-remove";

/// The forms the logo's controls post with before the wasm arrives; outside
/// the details form, since forms cannot nest.
#[component]
pub fn LogoForms() -> impl IntoView {
    view! {
        <form id=UPLOAD_FORM method="post" action="/api/upload_logo" enctype="multipart/form-data"></form>
        <form id=REMOVE_FORM method="post" action="/api/remove_logo"></form>
    }
}

/// The checks the browser can make before uploading (the server decides for good).
#[cfg(feature = "hydrate")]
fn check_file(mime: &str, size: f64) -> Result<(), &'static str> {
    use crate::domain::logo::{empty, too_large, wrong_type, MAX_BYTES};
    if !matches!(mime, "image/png" | "image/jpeg" | "image/webp") {
        return Err(wrong_type());
    }
    if size <= 0.0 {
        return Err(empty());
    }
    if size > MAX_BYTES as f64 {
        return Err(too_large());
    }
    Ok(())
}
