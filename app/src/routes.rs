//! Every screen is a lazily loaded route. Built with `cargo leptos build
//! --split`, each screen's code is its own wasm chunk, fetched (and
//! preloaded by the server) only where that screen is shown: a first visit
//! downloads the shell and one screen, never the reviewer's tools or the
//! application wizard.

use crate::pages;
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// `lazy_screen!(Route, page::Component)`: a route type whose view is the
/// screen's component, split into its own chunk.
macro_rules! lazy_screen {
    ($route:ident, $page:path) => {
        #[doc = concat!("The lazily loaded route of `", stringify!($page), "`.")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    };
}

lazy_screen!(HomeRoute, pages::home::HomePage);
lazy_screen!(SignupRoute, pages::signup::SignupPage);
lazy_screen!(LoginRoute, pages::login::LoginPage);
lazy_screen!(ApplyRoute, pages::apply::ApplyPage);
lazy_screen!(WorkspaceRoute, pages::workspace::WorkspacePage);
lazy_screen!(AdminRoute, pages::admin::AdminPage);
lazy_screen!(ApplicationDetailRoute, pages::admin::ApplicationDetailPage);
lazy_screen!(TermsRoute, pages::terms::TermsPage);
lazy_screen!(GuideRoute, pages::guides::GuidePage);
