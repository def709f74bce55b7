//! Internal notes on an application: what reviewers tell each other. The
//! merchant never sees them.

use crate::api::review::AddNote;
use crate::components::flash::FormStart;
use crate::components::form::{focus, keep_typed};
use crate::components::zone::ReaderZone;
use crate::domain::review::InternalNote;
use crate::error::AppError;
use crate::model::review::NoteEntry;
use leptos::prelude::*;

/// The note being written and its action; owned by the page, so reloading
/// the application after a note keeps nothing stale and loses nothing typed.
#[derive(Clone, Copy)]
pub struct NoteForm {
    add: ServerAction<AddNote>,
    text: RwSignal<String>,
    error: RwSignal<Option<String>>,
}

impl NoteForm {
    pub fn new() -> NoteForm {
        // A note posted without JavaScript comes back with its refusal and text.
        let posted = FormStart::for_endpoint("add_note");
        let form = NoteForm {
            add: ServerAction::new(),
            text: RwSignal::new(posted.value("note")),
            error: RwSignal::new(None),
        };
        form.show(posted.error().map(Err));
        Effect::new(move |_| form.show(form.add.value().get()));
        form
    }

    /// Changes whenever a note was added: the page reloads the application then.
    pub fn version(&self) -> usize {
        self.add.version().get()
    }

    fn show(&self, result: Option<Result<(), AppError>>) {
        match result {
            Some(Ok(())) => {
                self.text.set(String::new());
                self.error.set(None);
            }
            Some(Err(err)) => {
                self.error.set(Some(
                    err.message_for("note").unwrap_or_else(|| err.to_string()),
                ));
                focus("note");
            }
            None => {}
        }
    }
}

#[component]
pub fn Notes(id: i64, notes: Signal<Vec<NoteEntry>>, form: NoteForm) -> impl IntoView {
    let NoteForm { add, text, error } = form;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match InternalNote::parse(&text.get_untracked()) {
            Err(message) => {
                error.set(Some(message));
                focus("note");
            }
            Ok(_) => {
                error.set(None);
                add.dispatch(AddNote {
                    id,
                    note: text.get_untracked(),
                });
            }
        }
    };
    let earlier = move |note: &NoteEntry| note.application_id != id;
    let t = crate::i18n::texts().review();
    view! {
        <section class="card" aria-labelledby="notes-title">
            <h2 id="notes-title">{t.internal_notes}</h2>
            <p class="muted">{t.notes_private}</p>
            {move || notes.with(|notes| if notes.is_empty() {
                view! { <p class="muted">{t.no_notes}</p> }.into_any()
            } else {
                view! {
                    <ol class="notes">
                        {notes.iter().map(|note| view! {
                            <li>
                                <p class="note-body">{note.body.clone()}</p>
                                <span class="muted">
                                    {(t.note_byline)(&note.author, &ReaderZone::get().date_time(note.at))}
                                    {earlier(note).then_some(t.on_earlier_submission)}
                                </span>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            })}
            <form class="form" method="post" action="/api/add_note" novalidate on:submit=on_submit>
                <input type="hidden" name="id" value=id/>
                <div class="field">
                    <label for="note">{t.add_a_note}</label>
                    <textarea use:keep_typed=text id="note" name="note" rows="3" maxlength="2000"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                        aria-invalid=move || error.get().is_some().then_some("true")
                        aria-describedby=move || if error.get().is_some() { "note-hint note-error" } else { "note-hint" }
                    >{text.get_untracked()}</textarea>
                    <p class="hint" id="note-hint">{t.note_hint}</p>
                    {move || error.get().map(|e| view! { <p class="error" id="note-error" role="alert">{e}</p> })}
                </div>
                <button type="submit" class="button button-secondary" disabled=move || add.pending().get()>{t.add_note}</button>
            </form>
        </section>
    }
}
