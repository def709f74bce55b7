//! The application wizard: three steps in the URL (`?step=role|details|review`),
//! every value saved to the server as a draft while the merchant works.

use super::ApplicationReload;
use crate::api::application::{
    get_my_application, remove_logo, save_draft, submit_application, Draft, DraftInput,
    MyApplication, STALE_DRAFT,
};
use crate::components::form::{
    error_for, focus, show_error, CountryField, FieldErrorMessage, FormAlert, TextField,
};
use crate::components::logo::Logo;
use crate::components::wizard_steps::WizardSteps;
use crate::domain::application::{BusinessDetails, Step};
use crate::domain::business::country_name;
use crate::error::{AppError, FieldError};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// How long typing must pause before the draft is saved.
const AUTOSAVE_DELAY_MS: u32 = 800;

#[derive(Debug, Clone, PartialEq, Eq)]
enum SaveState {
    Idle,
    Unsaved,
    Saving,
    Saved,
    Failed(String),
}

/// Everything the wizard edits, and the draft's version on the server.
#[derive(Clone, Copy)]
struct WizardState {
    version: RwSignal<i64>,
    role_selected: RwSignal<bool>,
    company_name: RwSignal<String>,
    country: RwSignal<String>,
    address: RwSignal<String>,
    website: RwSignal<String>,
    contact_number: RwSignal<String>,
    contact_email: RwSignal<String>,
    logo_id: RwSignal<Option<String>>,
    logo_color: RwSignal<u8>,
    errors: RwSignal<Vec<FieldError>>,
    alert: RwSignal<Option<String>>,
    save_state: RwSignal<SaveState>,
    /// A save is on its way; others wait for it (each needs the version it returns).
    saving: RwSignal<bool>,
    /// Bumped on every edit; a debounced save only runs for the latest one.
    edits: RwSignal<u64>,
}

impl WizardState {
    fn new(draft: &Draft) -> WizardState {
        let d = &draft.details;
        WizardState {
            version: RwSignal::new(draft.version),
            role_selected: RwSignal::new(draft.role_selected),
            company_name: RwSignal::new(d.company_name.clone()),
            country: RwSignal::new(d.country.clone()),
            address: RwSignal::new(d.address.clone()),
            website: RwSignal::new(d.website.clone()),
            contact_number: RwSignal::new(d.contact_number.clone()),
            contact_email: RwSignal::new(d.contact_email.clone()),
            logo_id: RwSignal::new(draft.logo_id.clone()),
            logo_color: RwSignal::new(draft.logo_color),
            errors: RwSignal::new(Vec::new()),
            alert: RwSignal::new(None),
            save_state: RwSignal::new(SaveState::Idle),
            saving: RwSignal::new(false),
            edits: RwSignal::new(0),
        }
    }

    fn details(&self) -> BusinessDetails {
        BusinessDetails {
            company_name: self.company_name.get_untracked(),
            country: self.country.get_untracked(),
            address: self.address.get_untracked(),
            website: self.website.get_untracked(),
            contact_number: self.contact_number.get_untracked(),
            contact_email: self.contact_email.get_untracked(),
        }
    }

    /// Reads every edited value (so an effect calling it reruns on each edit).
    fn track(&self) {
        self.role_selected.track();
        self.company_name.track();
        self.country.track();
        self.address.track();
        self.website.track();
        self.contact_number.track();
        self.contact_email.track();
    }

    /// Queues a save the browser sends even while the page unloads.
    #[cfg(feature = "hydrate")]
    fn send_beacon(&self, step: Step) {
        let Ok(params) = web_sys::UrlSearchParams::new() else {
            return;
        };
        let d = self.details();
        let fields = [
            ("input[version]", self.version.get_untracked().to_string()),
            ("input[step]", step.slug().to_string()),
            (
                "input[role_selected]",
                self.role_selected.get_untracked().to_string(),
            ),
            ("input[details][company_name]", d.company_name),
            ("input[details][country]", d.country),
            ("input[details][address]", d.address),
            ("input[details][website]", d.website),
            ("input[details][contact_number]", d.contact_number),
            ("input[details][contact_email]", d.contact_email),
        ];
        for (key, value) in fields {
            params.append(key, &value);
        }
        let _ = window()
            .navigator()
            .send_beacon_with_opt_url_search_params("/api/save_draft", Some(&params));
    }

    /// Saves the draft as it stands, on `step`. Waits for a save in flight first.
    async fn save(self, step: Step) -> Result<(), AppError> {
        loop {
            match self.saving.try_get_untracked() {
                Some(true) => gloo_timers::future::TimeoutFuture::new(50).await,
                Some(false) => break,
                // The wizard was closed while this save waited.
                None => return Ok(()),
            }
        }
        self.saving.set(true);
        self.save_state.set(SaveState::Saving);
        let mut input = DraftInput {
            version: self.version.get_untracked(),
            step,
            role_selected: self.role_selected.get_untracked(),
            details: self.details(),
        };
        let mut result = save_draft(input.clone()).await;
        if let Err(AppError::Conflict(_)) = result {
            // The server's draft is newer. If it holds exactly what this page
            // holds (say, the save sent as the page last unloaded), carry on from it.
            if let Ok(MyApplication::Draft(server)) = get_my_application().await {
                if server.details == input.details && server.role_selected == input.role_selected {
                    input.version = server.version;
                    result = save_draft(input).await;
                }
            }
        }
        self.saving.set(false);
        match result {
            Ok(saved) => {
                self.version.set(saved.version);
                self.logo_color.set(saved.logo_color);
                self.save_state.set(SaveState::Saved);
                Ok(())
            }
            Err(err) => {
                self.save_state.set(SaveState::Failed(match &err {
                    AppError::Conflict(_) => STALE_DRAFT.to_string(),
                    AppError::Validation(_) => "Not saved yet: some fields need attention.".into(),
                    other => format!("Not saved: {other}"),
                }));
                Err(err)
            }
        }
    }
}

#[component]
pub fn Wizard(draft: Draft) -> impl IntoView {
    let state = WizardState::new(&draft);
    let query = use_query_map();
    let saved_step = draft.step;
    let requested = Memo::new(move |_| query.read().get("step").and_then(|s| Step::from_slug(&s)));
    // The step shown: the one in the URL, but never past what is complete.
    let step = Memo::new(move |_| {
        let wanted = requested.get().unwrap_or(saved_step);
        match wanted {
            Step::Role => Step::Role,
            _ if !state.role_selected.get() => Step::Role,
            Step::Details => Step::Details,
            Step::Review if state.version.get() == 0 => Step::Details,
            Step::Review => Step::Review,
        }
    });
    let navigate = use_navigate();
    let go_to = move |target: Step| {
        navigate(
            &format!("/apply?step={}", target.slug()),
            Default::default(),
        );
    };

    // Debounced autosave while typing.
    Effect::new(move |first: Option<()>| {
        state.track();
        if first.is_none() {
            return;
        }
        state.edits.update(|n| *n += 1);
        state.save_state.set(SaveState::Unsaved);
        let edit = state.edits.get_untracked();
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(AUTOSAVE_DELAY_MS).await;
            // The wizard may be gone by now (submitted, or another page): then nothing to save.
            if state.edits.try_get_untracked() == Some(edit) {
                let _ = state.save(step.get_untracked()).await;
            }
        });
    });

    // Leaving the page (reload, closed tab) with edits not yet saved: send them
    // with a beacon, which the browser delivers even as the page goes away.
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::prelude::*;
        let on_pagehide = Closure::<dyn Fn()>::new(move || {
            if state.save_state.get_untracked() == SaveState::Unsaved {
                state.send_beacon(step.get_untracked());
            }
        });
        let _ = window()
            .add_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
        let handler = send_wrapper::SendWrapper::new(on_pagehide);
        on_cleanup(move || {
            let _ = window()
                .remove_event_listener_with_callback("pagehide", handler.as_ref().unchecked_ref());
        });
    }

    // Moving between steps saves the draft with the new step (Back/Forward included).
    Effect::new(move |previous: Option<Step>| {
        let current = step.get();
        if previous.is_some_and(|p| p != current) {
            if state.version.get_untracked() > 0 {
                leptos::task::spawn_local(async move {
                    let _ = state.save(current).await;
                });
            }
            // A new step is like a new page for keyboard and screen-reader users.
            focus("wizard-heading");
        }
        current
    });

    view! {
        <div class="wizard">
            <div class="wizard-head">
                <div>
                    <p class="eyebrow">"Apply for a workspace"</p>
                    <h1 id="wizard-heading" tabindex="-1">{move || step_heading(step.get())}</h1>
                </div>
                <SaveIndicator state=state.save_state/>
            </div>
            <WizardSteps current=step/>
            <FormAlert message=state.alert/>
            {move || {
                let go_to = go_to.clone();
                match step.get() {
                    Step::Role => view! { <RoleStep state go_to/> }.into_any(),
                    Step::Details => view! { <DetailsStep state go_to/> }.into_any(),
                    Step::Review => view! { <ReviewStep state go_to/> }.into_any(),
                }
            }}
        </div>
    }
}

fn step_heading(step: Step) -> &'static str {
    match step {
        Step::Role => "Select your role",
        Step::Details => "Enter business details",
        Step::Review => "Review and submit",
    }
}

#[component]
fn SaveIndicator(state: RwSignal<SaveState>) -> impl IntoView {
    view! {
        <p class="save-state" role="status" aria-live="polite">
            {move || match state.get() {
                SaveState::Idle => view! { <span></span> }.into_any(),
                SaveState::Unsaved => view! { <span class="muted">"Unsaved changes"</span> }.into_any(),
                SaveState::Saving => view! { <span class="muted">"Saving…"</span> }.into_any(),
                SaveState::Saved => view! { <span class="saved">"✓ Saved"</span> }.into_any(),
                SaveState::Failed(message) => view! { <span class="save-failed">{message}</span> }.into_any(),
            }}
        </p>
    }
}

#[component]
fn PreviousStep(step: Step, go_to: impl Fn(Step) + Clone + Send + Sync + 'static) -> impl IntoView {
    step.previous().map(|previous| {
        view! {
            <button type="button" class="button button-secondary" on:click=move |_| go_to(previous)>
                "Previous Step"
            </button>
        }
    })
}

#[component]
fn RoleStep(
    state: WizardState,
    go_to: impl Fn(Step) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let select = move |_| {
        let go_to = go_to.clone();
        state.role_selected.set(true);
        state.alert.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = state.save(Step::Details).await;
            busy.set(false);
            match result {
                Ok(()) => go_to(Step::Details),
                Err(err) => state.alert.set(Some(err.to_string())),
            }
        });
    };
    view! {
        <p class="lead">"Confirm your role to get the workspace functionalities suitable for you."</p>
        <div class="choice-cards">
            <section class="card choice-card" class:selected=move || state.role_selected.get() aria-labelledby="role-technical-merchant">
                <h2 id="role-technical-merchant">"Technical Merchant"</h2>
                <p>"An individual or company that codes and customizes mini programs to provide products and services to end customers."</p>
                <ul class="checklist">
                    <li>"Build, test and publish mini programs"</li>
                    <li>"Invite your team to a shared workspace"</li>
                    <li>"Manage your mini programs' activity"</li>
                </ul>
                <button
                    type="button"
                    class="button"
                    aria-describedby="role-technical-merchant"
                    disabled=move || busy.get()
                    on:click=select
                >
                    "Select"
                </button>
            </section>
        </div>
    }
}

#[component]
fn DetailsStep(
    state: WizardState,
    go_to: impl Fn(Step) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let errors = state.errors;
    let next = {
        let go_to = go_to.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            state.alert.set(None);
            if let Err(list) = state.details().validate() {
                show_error(AppError::Validation(list), errors, state.alert);
                return;
            }
            errors.set(Vec::new());
            busy.set(true);
            let go_to = go_to.clone();
            leptos::task::spawn_local(async move {
                let result = state.save(Step::Review).await;
                busy.set(false);
                match result {
                    Ok(()) => go_to(Step::Review),
                    Err(err) => show_error(err, errors, state.alert),
                }
            });
        }
    };
    view! {
        <form class="card form wizard-form" novalidate on:submit=next>
            <p class="muted">"Fields marked (optional) can be left empty. Your progress is saved as you type."</p>
            <TextField id="company_name" name="company_name" label="Company Name" value=state.company_name
                error=error_for(errors, "company_name") autocomplete="organization" maxlength=100
                hint="Your company name becomes your workspace name."/>
            <CountryField id="country" name="country" label="Country/Region" value=state.country error=error_for(errors, "country")/>
            <TextField id="address" name="address" label="Business Address" note="(optional)" value=state.address
                error=error_for(errors, "address") multiline=true maxlength=300 autocomplete="street-address"/>
            <LogoField state/>
            <TextField id="website" name="website" label="Website" note="(optional)" value=state.website
                error=error_for(errors, "website") input_type="url" autocomplete="url"
                hint="Reviewers might visit your business website for additional information."/>
            <TextField id="contact_number" name="contact_number" label="Contact Number" note="(optional)" value=state.contact_number
                error=error_for(errors, "contact_number") input_type="tel" autocomplete="tel"
                hint="An international number, for example +65 6123 4567. Aside from the email address used for your account registration, reviewers might contact you via these methods to verify your information when processing your workspace application."/>
            <TextField id="contact_email" name="contact_email" label="Email Address" note="(optional)" value=state.contact_email
                error=error_for(errors, "contact_email") input_type="email" autocomplete="email"
                hint="A contact address besides your account email, for reviewers."/>
            <div class="wizard-actions">
                <PreviousStep step=Step::Details go_to/>
                <button type="submit" class="button" disabled=move || busy.get()>"Next Step"</button>
            </div>
        </form>
    }
}

#[component]
fn ReviewStep(
    state: WizardState,
    go_to: impl Fn(Step) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let reload = expect_context::<ApplicationReload>();
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let details = state.details();
    let submit = move |_| {
        state.alert.set(None);
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            // Make sure the server has the latest edits first.
            while state.saving.try_get_untracked() == Some(true) {
                gloo_timers::future::TimeoutFuture::new(50).await;
            }
            let Some(version) = state.version.try_get_untracked() else {
                return;
            };
            let result = submit_application(version).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    // The status page lives at plain /apply.
                    navigate(
                        "/apply",
                        leptos_router::NavigateOptions {
                            replace: true,
                            ..Default::default()
                        },
                    );
                    reload.reload();
                }
                Err(AppError::Validation(list)) => {
                    state.errors.set(list);
                    state.alert.set(Some("Some details need attention before you can submit. Use Edit to correct them.".into()));
                }
                Err(err) => state.alert.set(Some(err.to_string())),
            }
        });
    };
    let optional = |value: &str| {
        if value.trim().is_empty() {
            "Not provided".to_string()
        } else {
            value.to_string()
        }
    };
    let rows = vec![
        ("Company Name", details.company_name.clone()),
        ("Country/Region", country_name(&details.country).to_string()),
        ("Business Address", optional(&details.address)),
        ("Website", optional(&details.website)),
        ("Contact Number", optional(&details.contact_number)),
        ("Email Address", optional(&details.contact_email)),
    ];
    let edit_role = go_to.clone();
    let edit_details = go_to.clone();
    view! {
        <p class="lead">"Check your answers. You can edit any section before you submit."</p>
        <section class="card review-section" aria-labelledby="review-role">
            <div class="review-head">
                <h2 id="review-role">"Role"</h2>
                <a href="/apply?step=role" class="edit-link" on:click=move |ev| { ev.prevent_default(); edit_role(Step::Role); }>
                    "Edit" <span class="visually-hidden">" role"</span>
                </a>
            </div>
            <p>"Technical Merchant"</p>
        </section>
        <section class="card review-section" aria-labelledby="review-details">
            <div class="review-head">
                <h2 id="review-details">"Business details"</h2>
                <a href="/apply?step=details" class="edit-link" on:click=move |ev| { ev.prevent_default(); edit_details(Step::Details); }>
                    "Edit" <span class="visually-hidden">" business details"</span>
                </a>
            </div>
            <div class="summary-head">
                <Logo name=details.company_name.clone() logo_id=state.logo_id color=state.logo_color size="large"/>
                <p class="muted">"Workspace logo"</p>
            </div>
            <dl class="review-list">
                {rows
                    .into_iter()
                    .map(|(label, value)| view! { <div><dt>{label}</dt><dd>{value}</dd></div> })
                    .collect_view()}
            </dl>
        </section>
        <div class="wizard-actions">
            <PreviousStep step=Step::Review go_to/>
            <button type="button" class="button" disabled=move || busy.get() on:click=submit>
                {move || if busy.get() { "Submitting…" } else { "Submit Application" }}
            </button>
        </div>
        <p class="muted small">"By submitting, you confirm the details are accurate. A reviewer decides within two business days."</p>
        <A href="/terms" attr:class="small">"Terms of Service"</A>
    }
}

/// Business Logo: upload with a preview, or Remove to go back to the default logo.
#[component]
fn LogoField(state: WizardState) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let input_ref = NodeRef::<leptos::html::Input>::new();

    #[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
    let on_change = move |_: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            let Some(input) = input_ref.get() else { return };
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            if let Err(message) = check_file(&file.type_(), file.size()) {
                error.set(Some(message.into()));
                focus("logo");
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
                        focus("logo");
                    }
                }
            });
        }
    };
    let on_remove = move |_| {
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
    let described_by = move || {
        if error.get().is_some() {
            "logo-hint logo-error"
        } else {
            "logo-hint"
        }
    };
    view! {
        <div class="field">
            <label for="logo">"Business Logo" <span class="optional">" (optional)"</span></label>
            <div class="logo-field">
                <Logo name=state.company_name logo_id=state.logo_id color=state.logo_color size="large"/>
                <div class="logo-controls">
                    <input
                        id="logo"
                        type="file"
                        accept="image/png,image/jpeg,image/webp"
                        node_ref=input_ref
                        disabled=move || busy.get()
                        aria-describedby=described_by
                        aria-invalid=move || error.get().is_some().then_some("true")
                        on:change=on_change
                    />
                    {move || state.logo_id.get().map(|_| view! {
                        <button type="button" class="button button-secondary button-small" disabled=move || busy.get() on:click=on_remove>
                            "Remove"
                        </button>
                    })}
                    {move || busy.get().then(|| view! { <span class="muted">"Uploading…"</span> })}
                </div>
            </div>
            <p class="hint" id="logo-hint">
                "PNG, JPEG or WebP, up to 2 MB and 4096 × 4096 pixels; shown as a square. "
                "This image serves as your workspace logo. If no image is uploaded, a default logo will display "
                "the initial character of your company name on a random solid background color."
            </p>
            <FieldErrorMessage id="logo-error".into() error=Signal::derive(move || error.get())/>
        </div>
    }
}

/// The checks the browser can make before uploading (the server decides for good).
#[cfg(feature = "hydrate")]
fn check_file(mime: &str, size: f64) -> Result<(), &'static str> {
    use crate::domain::logo::{EMPTY, MAX_BYTES, TOO_LARGE, WRONG_TYPE};
    if !matches!(mime, "image/png" | "image/jpeg" | "image/webp") {
        return Err(WRONG_TYPE);
    }
    if size <= 0.0 {
        return Err(EMPTY);
    }
    if size > MAX_BYTES as f64 {
        return Err(TOO_LARGE);
    }
    Ok(())
}
