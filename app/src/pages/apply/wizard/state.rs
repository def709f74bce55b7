//! What the wizard edits, and how it reaches the server: one save at a time
//! (others wait their turn, never poll), nothing saved that is saved already,
//! and nothing saved once the application is submitted.

use crate::api::application::{get_my_application, save_draft};
use crate::domain::application::{BusinessDetails, Step};
use crate::domain::DetailField;
use crate::error::{AppError, FieldError};
use crate::model::application::{stale_draft, Draft, DraftInput, MyApplication, RejectedBefore};
use futures::lock::Mutex;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Idle,
    Unsaved,
    Saving,
    Saved,
    Failed(String),
}

/// Everything the wizard edits, and the draft's version on the server.
#[derive(Clone, Copy)]
pub struct WizardState {
    pub version: RwSignal<i64>,
    pub role_selected: RwSignal<bool>,
    pub company_name: RwSignal<String>,
    pub country: RwSignal<String>,
    pub address: RwSignal<String>,
    pub website: RwSignal<String>,
    pub contact_number: RwSignal<String>,
    pub contact_email: RwSignal<String>,
    pub logo_id: RwSignal<Option<String>>,
    pub logo_color: RwSignal<u8>,
    pub errors: RwSignal<Vec<FieldError>>,
    pub alert: RwSignal<Option<String>>,
    pub save_state: RwSignal<SaveState>,
    /// Bumped on every edit; a debounced save only runs for the latest one.
    pub edits: RwSignal<u64>,
    /// The edit and step the server holds (after the last successful save).
    saved: RwSignal<(u64, Step)>,
    /// Submitting or submitted: the draft is no longer ours to save.
    closed: RwSignal<bool>,
    /// Held by the one save (or submission) talking to the server.
    turn: StoredValue<Arc<Mutex<()>>>,
    /// The rejected submission this draft continues, if any.
    pub rejected: StoredValue<Option<RejectedBefore>>,
}

impl WizardState {
    pub fn new(draft: &Draft) -> WizardState {
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
            edits: RwSignal::new(0),
            saved: RwSignal::new((0, draft.step)),
            closed: RwSignal::new(false),
            turn: StoredValue::new(Arc::new(Mutex::new(()))),
            rejected: StoredValue::new(draft.rejected.clone()),
        }
        .with_refused_post()
    }

    /// A step posted the plain way (before the wasm arrived, or without
    /// JavaScript) and refused comes back here: it shows what was typed,
    /// beside the reasons.
    fn with_refused_post(self) -> WizardState {
        use crate::components::flash::flash_for;
        if let Some(flash) = flash_for("save_draft").filter(|f| f.error().is_some()) {
            for field in DetailField::DETAILS {
                if let Some(signal) = self.text(*field) {
                    signal.set(flash.field(field.form_name()));
                }
            }
            let (fields, alert) = flash.messages();
            self.errors.set(fields);
            self.alert.set(alert);
            self.save_state.set(SaveState::Unsaved);
        }
        if let Some(err) = flash_for("submit_application").and_then(|f| f.error().cloned()) {
            self.show_submit_refusal(err);
        }
        self
    }

    /// How a refused submission shows: the fields' messages, and what to do.
    pub fn show_submit_refusal(&self, err: AppError) {
        match err {
            AppError::Validation(list) => {
                self.errors.set(list);
                self.alert.set(Some(
                    crate::i18n::texts().apply().submit_needs_attention.into(),
                ));
            }
            err => self.alert.set(Some(err.to_string())),
        }
    }

    /// The signal of a text field (every detail but the logo).
    pub fn text(&self, field: DetailField) -> Option<RwSignal<String>> {
        use DetailField as F;
        match field {
            F::CompanyName => Some(self.company_name),
            F::Country => Some(self.country),
            F::Address => Some(self.address),
            F::Website => Some(self.website),
            F::ContactNumber => Some(self.contact_number),
            F::ContactEmail => Some(self.contact_email),
            F::Logo => None,
        }
    }

    /// Whether the reviewer flagged `field` and it still reads as it did in
    /// the rejected submission (tracked: it clears as the merchant edits).
    pub fn still_flagged(&self, field: DetailField) -> bool {
        use DetailField as F;
        self.rejected.with_value(|rejected| {
            let Some(rejected) = rejected
                .as_ref()
                .filter(|r| r.flagged_fields.contains(&field))
            else {
                return false;
            };
            let before = &rejected.details;
            let same =
                |now: RwSignal<String>, then: &str| now.with(|now| now.trim() == then.trim());
            match field {
                F::CompanyName => same(self.company_name, &before.company_name),
                F::Country => same(self.country, &before.country),
                F::Address => same(self.address, &before.address),
                F::Website => same(self.website, &before.website),
                F::ContactNumber => same(self.contact_number, &before.contact_number),
                F::ContactEmail => same(self.contact_email, &before.contact_email),
                F::Logo => self.logo_id.with(|now| *now == rejected.logo_id),
            }
        })
    }

    pub fn details(&self) -> BusinessDetails {
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
    pub fn track(&self) {
        self.role_selected.track();
        self.company_name.track();
        self.country.track();
        self.address.track();
        self.website.track();
        self.contact_number.track();
        self.contact_email.track();
    }

    /// Records an edit; answers its number.
    pub fn edited(&self) -> u64 {
        self.edits.update(|n| *n += 1);
        self.save_state.set(SaveState::Unsaved);
        self.edits.get_untracked()
    }

    /// Whether edit `edit` is the latest and not yet on the server.
    pub fn is_unsaved(&self, edit: u64) -> bool {
        self.edits.try_get_untracked() == Some(edit)
            && self
                .saved
                .try_get_untracked()
                .is_some_and(|(saved, _)| saved < edit)
    }

    fn input(&self, step: Step) -> DraftInput {
        DraftInput {
            version: self.version.get_untracked(),
            step,
            role_selected: self.role_selected.get_untracked(),
            details: self.details(),
        }
    }

    /// Queues a save the browser sends even while the page unloads, encoded
    /// exactly as the `save_draft` server function reads its arguments.
    #[cfg(feature = "hydrate")]
    pub fn send_beacon(&self, step: Step) {
        if self.closed.get_untracked() {
            return;
        }
        let args = crate::api::application::SaveDraft {
            input: self.input(step),
        };
        let Ok(body) = serde_qs::to_string(&args) else {
            return;
        };
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(&body) else {
            return;
        };
        let _ = window()
            .navigator()
            .send_beacon_with_opt_url_search_params("/api/save_draft", Some(&params));
    }

    /// Saves the draft as it stands, on `step`, after any save in flight.
    pub async fn save(self, step: Step) -> Result<(), AppError> {
        let Some(turn) = self.turn.try_get_value() else {
            return Ok(()); // the wizard is gone
        };
        let _turn = turn.lock().await;
        let Some(edit) = self.edits.try_get_untracked() else {
            return Ok(());
        };
        let up_to_date =
            self.saved.get_untracked() == (edit, step) && self.version.get_untracked() > 0;
        if self.closed.get_untracked() || up_to_date {
            return Ok(());
        }
        self.save_state.set(SaveState::Saving);
        let mut input = self.input(step);
        let mut result = save_draft(input.clone()).await;
        if let Err(AppError::Conflict(_)) = result {
            // The server's draft is newer. If it holds exactly what this page
            // holds (say, the beacon sent as the page last unloaded), carry on from it.
            if let Ok(MyApplication::Draft(server)) = get_my_application().await {
                if server.details == input.details && server.role_selected == input.role_selected {
                    input.version = server.version;
                    result = save_draft(input).await;
                }
            }
        }
        if self.closed.try_get_untracked() != Some(false) {
            return result.map(|_| ());
        }
        match result {
            Ok(saved) => {
                self.version.set(saved.version);
                self.logo_color.set(saved.logo_color);
                self.saved.set((edit, step));
                let newer_edits = self.edits.get_untracked() > edit;
                self.save_state.set(if newer_edits {
                    SaveState::Unsaved
                } else {
                    SaveState::Saved
                });
                Ok(())
            }
            Err(err) => {
                self.save_state.set(SaveState::Failed(match &err {
                    AppError::Conflict(_) => stale_draft().to_string(),
                    AppError::Validation(_) => crate::i18n::texts().apply().not_saved_fields.into(),
                    other => (crate::i18n::texts().apply().not_saved)(&other.to_string()),
                }));
                Err(err)
            }
        }
    }

    /// Saves what is unsaved, then runs `submit` with the version the server
    /// holds, with no save before it answers or after it succeeds.
    pub async fn submit<F, Fut, T>(self, submit: F) -> Option<Result<T, AppError>>
    where
        F: FnOnce(i64) -> Fut,
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        if let Err(err) = self.save(Step::Review).await {
            return Some(Err(err));
        }
        let turn = self.turn.try_get_value()?;
        let _turn = turn.lock().await;
        let version = self.version.try_get_untracked()?;
        self.closed.set(true);
        let result = submit(version).await;
        if result.is_err() {
            // Still a draft: editing (and saving) goes on.
            self.closed.try_set(false);
        }
        Some(result)
    }
}
