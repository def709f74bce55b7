use crate::api::terms::get_terms;
use crate::domain::date::Date;
use crate::model::terms::TermsOfService;
use leptos::prelude::*;
use leptos_meta::Title;

/// The current Terms of Service, read from the database.
#[component]
pub fn TermsPage() -> impl IntoView {
    let terms = Resource::new(|| (), |_| get_terms());
    view! {
        <Title text="Terms of Service"/>
        <div class="container page narrow">
            <Suspense fallback=|| view! { <p class="muted">"Loading the Terms of Service…"</p> }>
                {move || Suspend::new(async move {
                    match terms.await {
                        Ok(terms) => view! { <TermsDocument terms/> }.into_any(),
                        Err(err) => view! {
                            <h1>"Terms of Service"</h1>
                            <p class="alert alert-error" role="alert">{err.to_string()}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn TermsDocument(terms: TermsOfService) -> impl IntoView {
    let sections = sections(&terms.body);
    let headings: Vec<(String, String)> = sections
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.heading.clone().map(|h| (format!("section-{}", i + 1), h)))
        .collect();
    let contents_open = RwSignal::new(false);
    view! {
        <article class="terms" data-version=terms.version.clone()>
            <h1>{terms.title.clone()}</h1>
            <p class="muted">
                {format!(
                    "Version {} · published {}",
                    terms.version,
                    Date::from_unix(terms.published_at).long(),
                )}
            </p>
            <div class="contents">
                <button
                    type="button"
                    class="button button-secondary button-small"
                    aria-expanded=move || contents_open.get().to_string()
                    aria-controls="terms-contents"
                    on:click=move |_| contents_open.update(|open| *open = !*open)
                >
                    {move || if contents_open.get() { "Hide contents" } else { "Show contents" }}
                </button>
                <nav id="terms-contents" aria-label="Contents" hidden=move || !contents_open.get()>
                    <ol>
                        {headings
                            .into_iter()
                            .map(|(id, heading)| view! { <li><a href=format!("#{id}")>{heading}</a></li> })
                            .collect_view()}
                    </ol>
                </nav>
            </div>
            {sections
                .into_iter()
                .enumerate()
                .map(|(i, section)| {
                    view! {
                        <section id=format!("section-{}", i + 1)>
                            {section.heading.map(|h| view! { <h2>{h}</h2> })}
                            {section.paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                        </section>
                    }
                })
                .collect_view()}
        </article>
    }
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
