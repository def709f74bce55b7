use crate::api::terms::{get_terms, AcceptTerms};
use crate::components::flash::FormStart;
use crate::components::form::{send_if_valid, show_error, FormAlert, TermsCheckbox};
use crate::components::page::Page;
use crate::components::page::PageTitle;
use crate::components::session::{RequireAccount, UserSession};
use crate::components::zone::ReaderZone;
use crate::error::FieldError;
use crate::model::account::{safe_next, SignedIn};
use crate::model::terms::TermsOfService;
use leptos::prelude::*;

/// The current Terms of Service, read from the database.
#[component]
pub fn TermsPage() -> impl IntoView {
    let t = crate::i18n::texts().account();
    let original =
        Memo::new(move |_| crate::components::nav::query("original").as_deref() == Some("1"));
    let terms = Resource::new(move || original.get(), get_terms);
    view! {
        <PageTitle text=t.terms_title/>
        <div class="container page narrow">
            <Suspense fallback=move || view! { <p class="muted">{t.loading_terms}</p> }>
                {move || Suspend::new(async move {
                    match terms.await {
                        Ok(terms) => view! { <TermsDocument terms/> }.into_any(),
                        Err(err) => view! {
                            <h1>{t.terms_title}</h1>
                            <p class="alert alert-error" role="alert">{err.to_string()}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// `/terms/accept`: a merchant asked to accept new Terms of Service reads
/// them here and accepts, then goes on to where they were going.
#[component]
pub fn TermsAcceptPage() -> impl IntoView {
    let t = crate::i18n::texts().account();
    view! {
        <RequireAccount>
            <Page
                title=t.terms_changed_title
                lead=t.terms_changed_lead
                narrow=true
            >
                <AcceptTerms/>
            </Page>
        </RequireAccount>
    }
}

#[component]
fn AcceptTerms() -> impl IntoView {
    let t = crate::i18n::texts().account();
    let session = UserSession::get();
    let next = Memo::new(move |_| safe_next(crate::components::nav::query("next").as_deref()));
    let pending = Memo::new(move |_| {
        matches!(
            session.user.get(),
            Ok(Some(SignedIn {
                terms_pending: true,
                ..
            }))
        )
    });
    let home = move || {
        next.get().unwrap_or_else(|| {
            session
                .user
                .get()
                .ok()
                .flatten()
                .map_or_else(|| "/".to_owned(), |signed_in| signed_in.home)
        })
    };
    let terms = Resource::new(|| (), |_| get_terms(false));
    move || {
        if !pending.get() {
            return view! {
                <div class="card">
                    <p role="status">{t.no_new_terms}</p>
                    <p><a href=home class="button">{t.continue_}</a></p>
                </div>
            }
            .into_any();
        }
        view! {
            <Suspense fallback=move || view! { <p class="muted">{t.loading_terms}</p> }>
                {move || Suspend::new(async move {
                    match terms.await {
                        Ok(terms) => view! { <AcceptForm terms next=next.get_untracked()/> }.into_any(),
                        Err(err) => view! { <p class="alert alert-error" role="alert">{err.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        }
        .into_any()
    }
}

#[island(lazy)]
fn AcceptForm(terms: TermsOfService, next: Option<String>) -> impl IntoView {
    let t = crate::i18n::texts().account();
    let session = UserSession::get();
    let agreed = RwSignal::new(false);
    let (errors, alert) = FormStart::for_endpoint("accept_terms").messages();
    let accept = ServerAction::<AcceptTerms>::new();
    let version = terms.version.clone();
    let next_field = next.clone().unwrap_or_default();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let checked = if agreed.get_untracked() {
            Ok(())
        } else {
            Err(vec![FieldError {
                field: "accept_terms".into(),
                message: crate::i18n::texts().auth().must_accept_terms.into(),
            }])
        };
        let version = version.clone();
        let next = next.clone();
        send_if_valid(&ev, checked, errors, alert, move || {
            accept.dispatch(AcceptTerms {
                version,
                accept_terms: Some("true".into()),
                next,
            });
        });
    };
    Effect::new(move |_| match accept.value().get() {
        Some(Ok(target)) => session.reload_then_go(target),
        Some(Err(err)) => show_error(err, errors, alert),
        None => {}
    });
    view! {
        <div class="card terms-to-accept" tabindex="0" role="region" aria-label=t.new_terms_region>
            <TermsDocument terms=terms.clone() embedded=true/>
        </div>
        <form class="card form" method="post" action="/api/accept_terms" novalidate on:submit=on_submit>
            <FormAlert message=alert/>
            <input type="hidden" name="version" value=terms.version.clone()/>
            <input type="hidden" name="next" value=next_field/>
            <TermsCheckbox name="accept_terms" checked=agreed errors/>
            <button type="submit" class="button" disabled=move || accept.pending().get()>{t.accept_and_continue}</button>
            <p class="muted">
                {t.not_ready_before}
                <a href="/account">{t.not_ready_link}</a>
                {t.not_ready_after}
            </p>
        </form>
    }
}

#[component]
fn TermsDocument(terms: TermsOfService, #[prop(optional)] embedded: bool) -> impl IntoView {
    let t = crate::i18n::texts().account();
    let sections = sections(&terms.body);
    let headings: Vec<(String, String)> = sections
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.heading.clone().map(|h| (format!("section-{}", i + 1), h)))
        .collect();
    let title = terms.title.clone();
    view! {
        <article class="terms" data-version=terms.version.clone() lang=terms.language.tag()>
            {if embedded {
                view! { <h2>{title}</h2> }.into_any()
            } else {
                view! { <h1>{title}</h1> }.into_any()
            }}
            <p class="muted">
                {(t.terms_version)(&terms.version, &ReaderZone::get().date(terms.published_at).long())}
            </p>
            {(!embedded).then(|| translation_note(&terms))}
            <ContentsToggle headings hidden=embedded/>
            {sections
                .into_iter()
                .enumerate()
                .map(|(i, section)| {
                    view! {
                        <section id=format!("section-{}", i + 1)>
                            {section.heading.map(|h| if embedded {
                                view! { <h3>{h}</h3> }.into_any()
                            } else {
                                view! { <h2>{h}</h2> }.into_any()
                            })}
                            {section.paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                        </section>
                    }
                })
                .collect_view()}
        </article>
    }
}

/// The list of sections, shown and hidden by a button (which needs the wasm:
/// without it the list stays hidden and the sections read in order).
#[island(lazy)]
fn ContentsToggle(
    /// `(anchor, heading)` of each section.
    headings: Vec<(String, String)>,
    hidden: bool,
) -> impl IntoView {
    let t = crate::i18n::texts().account();
    let contents_open = RwSignal::new(false);
    view! {
        <div class="contents" hidden=hidden>
            <button
                type="button"
                class="button button-secondary button-small"
                aria-expanded=move || contents_open.get().to_string()
                aria-controls="terms-contents"
                on:click=move |_| contents_open.update(|open| *open = !*open)
            >
                {move || if contents_open.get() { t.hide_contents } else { t.show_contents }}
            </button>
            <nav id="terms-contents" aria-label=t.contents hidden=move || !contents_open.get()>
                <ol>
                    {headings
                        .into_iter()
                        .map(|(id, heading)| view! { <li><a href=format!("#{id}")>{heading}</a></li> })
                        .collect_view()}
                </ol>
            </nav>
        </div>
    }
}

/// Which text this is: a translation (the English prevails), or the
/// English where the reader's language has none (or they asked for it).
fn translation_note(terms: &TermsOfService) -> Option<impl IntoView> {
    let t = crate::i18n::texts().account();
    let reader = crate::i18n::locale();
    if reader == crate::i18n::Locale::En {
        return None;
    }
    let asked_for_english = crate::components::nav::query("original").as_deref() == Some("1");
    Some(if terms.language == reader {
        view! {
            <p class="alert alert-info">{t.translation_note}" "<a href="/terms?original=1">{t.read_english}</a></p>
        }
        .into_any()
    } else if asked_for_english {
        view! {
            <p class="alert alert-info">{t.english_text}" "<a href="/terms">{t.read_translation}</a></p>
        }
        .into_any()
    } else {
        view! { <p class="alert alert-info">{t.no_translation}</p> }.into_any()
    })
}

struct Section {
    heading: Option<String>,
    paragraphs: Vec<String>,
}

/// Splits the stored text into sections at each `## ` heading.
fn sections(body: &str) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for block in body.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
        let (heading, rest) = match block.strip_prefix("## ") {
            Some(text) => match text.split_once('\n') {
                Some((h, rest)) => (Some(h.trim().to_owned()), rest.trim()),
                None => (Some(text.trim().to_owned()), ""),
            },
            None => (None, block),
        };
        if heading.is_some() || out.is_empty() {
            out.push(Section {
                heading,
                paragraphs: Vec::new(),
            });
        }
        if !rest.is_empty() {
            if let Some(last) = out.last_mut() {
                last.paragraphs.push(rest.to_owned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_start_sections_and_text_follows_them() {
        let s = sections("Intro\n\n## One\nFirst.\n\nMore.\n\n## Two\nSecond.");
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].heading, None);
        assert_eq!(s[0].paragraphs, vec!["Intro"]);
        assert_eq!(s[1].heading.as_deref(), Some("One"));
        assert_eq!(s[1].paragraphs, vec!["First.", "More."]);
        assert_eq!(s[2].paragraphs, vec!["Second."]);
    }
}
