//! The screens a visitor may never open are lazily loaded routes: the
//! application wizard, the workspace, the reviewer's screens, the terms,
//! the guides, the account page and the password reset. Built with `cargo leptos build --split`, each one's code is
//! its own wasm chunks, fetched (and preloaded by the server) only where that
//! screen is shown. Home, signup and login, where every visit starts, stay in
//! the main wasm: splitting them too made the main file 44 KB smaller but
//! the first visit 42 files long, and each page render slower for listing
//! them.

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

lazy_screen!(ApplyRoute, pages::apply::ApplyPage);
lazy_screen!(WorkspaceRoute, pages::workspace::WorkspacePage);
lazy_screen!(MembersRoute, pages::workspace::members::MembersPage);
lazy_screen!(
    InvitationRoute,
    pages::workspace::invitation::InvitationPage
);
lazy_screen!(AdminRoute, pages::admin::AdminPage);
lazy_screen!(ApplicationDetailRoute, pages::admin::ApplicationDetailPage);
lazy_screen!(MetricsRoute, pages::admin::MetricsPage);
lazy_screen!(OperationsRoute, pages::admin::OperationsPage);
lazy_screen!(TermsRoute, pages::terms::TermsPage);
lazy_screen!(TermsAcceptRoute, pages::terms::TermsAcceptPage);
lazy_screen!(GuideRoute, pages::guides::GuidePage);
lazy_screen!(AccountRoute, pages::account::AccountPage);
lazy_screen!(ResetRequestRoute, pages::reset::ResetRequestPage);
lazy_screen!(NewPasswordRoute, pages::reset::NewPasswordPage);
