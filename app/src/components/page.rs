use leptos::prelude::*;
use leptos_meta::Title;

/// A page's frame: document title, one `h1`, an optional lead, then the content.
#[component]
pub fn Page(
    title: &'static str,
    #[prop(optional)] lead: Option<&'static str>,
    #[prop(optional)] narrow: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <Title text=title/>
        <div class="container page" class:narrow=narrow>
            <h1>{title}</h1>
            {lead.map(|lead| view! { <p class="lead">{lead}</p> })}
            {children()}
        </div>
    }
}
