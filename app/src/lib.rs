#![recursion_limit = "256"]
//! The merchant onboarding portal: shared by the server (SSR, `ssr` feature)
//! and the browser (hydration, `hydrate` feature).

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod domain;
pub mod error;
pub mod model;
pub mod pages;
pub mod routes;

use components::header::Header;
use domain::PRODUCT_NAME;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    Lazy, ParamSegment, SsrMode, StaticSegment,
};
use pages::not_found::NotFoundPage;
use routes::*;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    security::provide_nonce_and_csp(&options);
    #[cfg(feature = "ssr")]
    let stylesheet = assets::stylesheet_href(&options);
    #[cfg(not(feature = "ssr"))]
    let stylesheet = "";
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="stylesheet" href=stylesheet/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    components::session::UserSession::provide();
    // Effects run only in the browser: this marks the page as interactive, for
    // styles that need the wasm and for tests that must wait for it.
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Title formatter=|page: String| {
            if page.is_empty() { PRODUCT_NAME.to_string() } else { format!("{page} · {PRODUCT_NAME}") }
        }/>
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Header/>
            <main id="main" tabindex="-1">
                <ErrorBoundary fallback=|errors| view! { <pages::error::ErrorPage errors/> }>
                <Routes fallback=NotFoundPage>
                    <Route path=StaticSegment("") view={Lazy::<HomeRoute>::new()}/>
                    <Route path=StaticSegment("signup") view={Lazy::<SignupRoute>::new()}/>
                    <Route path=StaticSegment("login") view={Lazy::<LoginRoute>::new()}/>
                    <Route path=StaticSegment("apply") ssr=SsrMode::Async view={Lazy::<ApplyRoute>::new()}/>
                    <Route path=StaticSegment("workspace") ssr=SsrMode::Async view={Lazy::<WorkspaceRoute>::new()}/>
                    <Route path=StaticSegment("admin") ssr=SsrMode::Async view={Lazy::<AdminRoute>::new()}/>
                    <Route path=StaticSegment("terms") view={Lazy::<TermsRoute>::new()}/>
                    <Route path=(StaticSegment("guides"), ParamSegment("slug")) view={Lazy::<GuideRoute>::new()}/>
                    <Route path=(StaticSegment("admin"), StaticSegment("applications"), ParamSegment("id")) ssr=SsrMode::Async view={Lazy::<ApplicationDetailRoute>::new()}/>
                </Routes>
                </ErrorBoundary>
            </main>
            <components::footer::Footer/>
        </Router>
    }
}

/// Where the build put the stylesheet: with `hash-files`, its name carries
/// a content hash (listed in the hash file beside the server binary), so it
/// can be cached for good.
#[cfg(feature = "ssr")]
pub mod assets {
    use leptos::prelude::LeptosOptions;
    use std::sync::OnceLock;

    /// The hash file cargo-leptos writes beside the server binary, if any.
    pub fn hash_file(options: &LeptosOptions) -> Option<std::path::PathBuf> {
        let path = std::env::current_exe()
            .ok()?
            .parent()?
            .join(options.hash_file.as_ref());
        path.exists().then_some(path)
    }

    /// `/pkg/onboarding[.hash].css`.
    pub fn stylesheet_href(options: &LeptosOptions) -> &'static str {
        static HREF: OnceLock<String> = OnceLock::new();
        HREF.get_or_init(|| {
            let hash = options
                .hash_files
                .then(|| hash_file(options))
                .flatten()
                .and_then(|path| std::fs::read_to_string(path).ok())
                .and_then(|text| {
                    text.lines().find_map(|line| {
                        let (kind, hash) = line.split_once(':')?;
                        (kind.trim() == "css").then(|| hash.trim().to_owned())
                    })
                });
            let name = &options.output_name;
            let pkg = &options.site_pkg_dir;
            match hash {
                Some(hash) => format!("/{pkg}/{name}.{hash}.css"),
                None => format!("/{pkg}/{name}.css"),
            }
        })
    }
}

#[cfg(feature = "ssr")]
mod security {
    use leptos::prelude::*;

    /// A fresh script nonce per page, and the Content-Security-Policy that
    /// allows exactly the hydration script carrying it. The reload socket of
    /// `cargo leptos watch` is allowed only while it runs.
    pub fn provide_nonce_and_csp(options: &LeptosOptions) {
        leptos::nonce::provide_nonce();
        let Some(nonce) = leptos::nonce::use_nonce() else {
            return;
        };
        let reload = if std::env::var("LEPTOS_WATCH").is_ok() {
            let port = options.reload_external_port.unwrap_or(options.reload_port);
            format!(" ws://127.0.0.1:{port} ws://localhost:{port}")
        } else {
            String::new()
        };
        let csp = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; connect-src 'self'{reload}; \
             font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
             frame-ancestors 'none'"
        );
        if let (Some(response), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(&csp),
        ) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}
