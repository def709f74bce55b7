use leptos::prelude::*;

/// A page's frame: document title, one `h1`, an optional lead, then the content.
#[component]
pub fn Page(
    title: &'static str,
    #[prop(optional)] lead: Option<&'static str>,
    #[prop(optional)] narrow: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <PageTitle text=title/>
        <div class="container page" class:narrow=narrow>
            <h1>{title}</h1>
            {lead.map(|lead| view! { <p class="lead">{lead}</p> })}
            {children()}
        </div>
    }
}

/// The document's title: set by the server, which renders `<head>`. In an
/// island it takes no place in the page's body, so in the browser it is
/// [`NoView`]: nothing to render, nothing to hydrate.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        view! { <leptos_meta::Title text/> }
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = text;
        NoView
    }
}

/// A view that leaves no trace in the page, not even the placeholder `()`
/// leaves, so a part the server renders into `<head>` hydrates as nothing.
#[cfg(not(feature = "ssr"))]
pub struct NoView;

#[cfg(not(feature = "ssr"))]
mod no_view {
    use super::NoView;
    use leptos::tachys::{
        html::attribute::{any_attribute::AnyAttribute, Attribute},
        hydration::Cursor,
        renderer::types::{Element, Node},
        view::{add_attr::AddAnyAttr, Mountable, Position, PositionState, Render, RenderHtml},
    };

    impl Render for NoView {
        type State = NoView;
        fn build(self) -> NoView {
            NoView
        }
        fn rebuild(self, _state: &mut NoView) {}
    }

    impl Mountable for NoView {
        fn unmount(&mut self) {}
        fn mount(&mut self, _parent: &Element, _marker: Option<&Node>) {}
        fn insert_before_this(&self, _child: &mut dyn Mountable) -> bool {
            false
        }
        fn elements(&self) -> Vec<Element> {
            vec![]
        }
    }

    impl AddAnyAttr for NoView {
        type Output<SomeNewAttr: Attribute> = NoView;
        fn add_any_attr<NewAttr: Attribute>(self, _attr: NewAttr) -> NoView {
            self
        }
    }

    impl RenderHtml for NoView {
        type AsyncOutput = NoView;
        type Owned = NoView;
        const MIN_LENGTH: usize = 0;
        const EXISTS: bool = false;
        fn dry_resolve(&mut self) {}
        async fn resolve(self) -> NoView {
            self
        }
        fn to_html_with_buf(
            self,
            _buf: &mut String,
            _position: &mut Position,
            _escape: bool,
            _mark_branches: bool,
            _extra_attrs: Vec<AnyAttribute>,
        ) {
        }
        fn hydrate<const FROM_SERVER: bool>(
            self,
            _cursor: &Cursor,
            _position: &PositionState,
        ) -> NoView {
            NoView
        }
        fn into_owned(self) -> NoView {
            self
        }
    }
}
