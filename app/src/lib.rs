#![recursion_limit = "256"]
//! The merchant onboarding portal: shared by the server (SSR, `ssr` feature)
//! and the browser (hydration, `hydrate` feature).

pub mod api;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod model;
pub mod pages;

use components::header::Header;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    ParamSegment, SsrMode, StaticSegment,
};
use pages::not_found::NotFoundPage;

/// The HTML document around the app, rendered on the server only.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use assets::HydrationScripts;
    use leptos_meta::MetaTags;
    security::provide_nonce_and_csp(&options);
    i18n::provide_for_page();
    let stylesheet = assets::stylesheet_href(&options);
    let scripts = assets::scripts(&options);
    view! {
        <!DOCTYPE html>
        <html lang=i18n::locale().tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="stylesheet" href=stylesheet/>
                <HydrationScripts scripts/>
                <AutoReload options/>
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
    components::flash::provide();
    components::zone::ReaderZone::provide();
    let page_data = components::page_data::PageData {
        user: components::session::UserSession::get().user.get_untracked(),
        flash: components::flash::flash_for_any(),
    };

    view! {
        <Title formatter=|page: String| {
            let t = i18n::texts().common();
            if page.is_empty() { t.product_name.to_string() } else { (t.page_title)(&page) }
        }/>
        <Router>
            <a class="skip-link" href="#main">{i18n::texts().common().skip_to_content}</a>
            <Header/>
            <main id="main" tabindex="-1">
                <components::session::SessionNotice/>
                <ErrorBoundary fallback=|errors| view! { <pages::error::ErrorPage errors/> }>
                <Routes fallback=NotFoundPage>
                    <Route path=StaticSegment("") view=pages::home::HomePage/>
                    <Route path=StaticSegment("signup") view=pages::signup::SignupPage/>
                    <Route path=StaticSegment("login") view=pages::login::LoginPage/>
                    <Route path=StaticSegment("apply") ssr=SsrMode::Async view=pages::apply::ApplyPage/>
                    <Route path=StaticSegment("workspace") ssr=SsrMode::Async view=pages::workspace::WorkspacePage/>
                    <Route path=(StaticSegment("workspace"), StaticSegment("members")) ssr=SsrMode::Async view=pages::workspace::members::MembersPage/>
                    <Route path=(StaticSegment("invitations"), ParamSegment("token")) ssr=SsrMode::Async view=pages::workspace::invitation::InvitationPage/>
                    <Route path=StaticSegment("admin") ssr=SsrMode::Async view=pages::admin::AdminPage/>
                    <Route path=StaticSegment("terms") view=pages::terms::TermsPage/>
                    <Route path=(StaticSegment("terms"), StaticSegment("accept")) ssr=SsrMode::Async view=pages::terms::TermsAcceptPage/>
                    <Route path=StaticSegment("account") ssr=SsrMode::Async view=pages::account::AccountPage/>
                    <Route path=StaticSegment("reset") view=pages::reset::ResetRequestPage/>
                    <Route path=(StaticSegment("reset"), ParamSegment("token")) view=pages::reset::NewPasswordPage/>
                    <Route path=(StaticSegment("guides"), ParamSegment("slug")) view=pages::guides::GuidePage/>
                    <Route path=(StaticSegment("admin"), StaticSegment("applications"), ParamSegment("id")) ssr=SsrMode::Async view=pages::admin::ApplicationDetailPage/>
                    <Route path=(StaticSegment("admin"), StaticSegment("metrics")) ssr=SsrMode::Async view=pages::admin::MetricsPage/>
                    <Route path=(StaticSegment("admin"), StaticSegment("operations")) ssr=SsrMode::Async view=pages::admin::OperationsPage/>
                </Routes>
                </ErrorBoundary>
            </main>
            <components::footer::Footer/>
            {components::page_data::script(&page_data)}
        </Router>
    }
}

/// The names the build gave its files: with `hash-files`, each carries a
/// content hash (listed in the hash file beside the server binary), so they
/// can be cached for good. Read once per process.
#[cfg(feature = "ssr")]
pub mod assets {
    use leptos::prelude::*;
    use std::collections::HashMap;
    use std::sync::OnceLock;

    /// The hash file cargo-leptos writes beside the server binary, if any.
    pub fn hash_file(options: &LeptosOptions) -> Option<std::path::PathBuf> {
        let path = std::env::current_exe()
            .ok()?
            .parent()?
            .join(options.hash_file.as_ref());
        path.exists().then_some(path)
    }

    /// `kind -> hash` from the hash file (`js`, `wasm`, `css`, `manifest`,
    /// `split`); empty without `hash-files`.
    fn hashes(options: &LeptosOptions) -> &'static HashMap<String, String> {
        static HASHES: OnceLock<HashMap<String, String>> = OnceLock::new();
        HASHES.get_or_init(|| {
            let text = options
                .hash_files
                .then(|| hash_file(options))
                .flatten()
                .and_then(|path| std::fs::read_to_string(path).ok())
                .unwrap_or_default();
            text.lines()
                .filter_map(|line| {
                    let (kind, hash) = line.split_once(':')?;
                    Some((kind.trim().to_owned(), hash.trim().to_owned()))
                })
                .collect()
        })
    }

    /// `name` with `.hash` appended when the build hashed files of `kind`.
    fn hashed(options: &LeptosOptions, name: &str, kind: &str) -> String {
        match hashes(options).get(kind) {
            Some(hash) => format!("{name}.{hash}"),
            None => name.to_owned(),
        }
    }

    /// `/pkg/onboarding[.hash].css`.
    pub fn stylesheet_href(options: &LeptosOptions) -> &'static str {
        static HREF: OnceLock<String> = OnceLock::new();
        HREF.get_or_init(|| {
            let name = hashed(options, &options.output_name, "css");
            format!("/{}/{name}.css", options.site_pkg_dir)
        })
    }

    /// What the page needs to load the wasm, worked out once.
    pub struct Scripts {
        js: String,
        /// The module script that loads and hydrates the wasm.
        start: String,
        /// Which wasm chunks each lazy screen needs, for the server to
        /// preload them (`cargo leptos build --split`).
        split: Option<leptos::WasmSplitManifest>,
    }

    pub fn scripts(options: &LeptosOptions) -> &'static Scripts {
        static SCRIPTS: OnceLock<Scripts> = OnceLock::new();
        SCRIPTS.get_or_init(|| {
            let pkg = &options.site_pkg_dir;
            let name = &options.output_name;
            let js = format!("/{pkg}/{}.js", hashed(options, name, "js"));
            let mut wasm = hashed(options, name, "wasm");
            if !options.hash_files && option_env!("LEPTOS_OUTPUT_NAME").is_none() {
                wasm.push_str("_bg");
            }
            let wasm = format!("/{pkg}/{wasm}.wasm");
            let manifest = format!(
                "{}/{pkg}/{}.json",
                options.site_root,
                hashed(options, "__wasm_split_manifest", "manifest")
            );
            let split_js = match hashes(options).get("split") {
                Some(hash) => format!("__wasm_split.{hash}.js"),
                None => "__wasm_split.______________________.js".to_owned(),
            };
            let split = std::fs::read_to_string(manifest)
                .ok()
                .and_then(|text| serde_json::from_str(&text).ok())
                .map(|chunks| {
                    leptos::WasmSplitManifest(ArcStoredValue::new((
                        format!("/{pkg}"),
                        chunks,
                        split_js,
                    )))
                });
            // The wasm is fetched once the server-rendered page has been
            // painted (the frame after the first one is scheduled), so on a
            // slow connection it does not take bandwidth from what the first
            // paint waits for; the page works without it meanwhile.
            //
            // Then each island (`leptos-island`, in document order) is
            // hydrated by the function the wasm exports under its name; a
            // lazy island's function loads its chunk first. `data-hydrated`
            // on `<html>` says all are in place (styles and tests wait for it).
            let start = format!(
                "requestAnimationFrame(() => setTimeout(() => import({js:?})\
                 .then(m => m.default({{module_or_path: {wasm:?}}}).then(async () => {{\
                 m.hydrate();\
                 const walk = async (el) => {{\
                 if (el.tagName === 'LEPTOS-ISLAND') {{\
                 const island = m[el.dataset.component];\
                 if (island) await island(el); else console.error('no island', el.dataset.component);\
                 }}\
                 for (const child of el.children) await walk(child);\
                 }};\
                 await walk(document.body);\
                 document.documentElement.setAttribute('data-hydrated', 'true');\
                 }}))));"
            );
            Scripts { js, start, split }
        })
    }

    /// Leptos' `HydrationScripts`, except that the file names are worked
    /// out once: Leptos' own reads the hash file from disk on every page.
    #[component]
    pub fn HydrationScripts(scripts: &'static Scripts) -> impl IntoView {
        let Scripts { js, start, split } = scripts;
        // Islands mode: only what renders inside an island is hydrated, so the
        // page starts out not hydrating (each island turns it on for itself).
        // Data ids then count islands alone, as the browser counts them.
        if let Some(context) = Owner::current_shared_context() {
            context.set_is_hydrating(false);
        }
        if let Some(split) = split {
            provide_context(split.clone());
        }
        let nonce = leptos::nonce::use_nonce();
        view! {
            <link rel="modulepreload" href=js.as_str() crossorigin="anonymous"/>
            <script type="module" nonce=nonce>{start.as_str()}</script>
        }
    }
}

#[cfg(feature = "ssr")]
mod security {
    use leptos::prelude::*;

    /// A fresh script nonce per page, and the Content-Security-Policy that
    /// allows exactly the hydration script carrying it. The reload socket of
    /// `cargo leptos watch` is allowed only while it runs.
    pub fn provide_nonce_and_csp(options: &LeptosOptions) {
        // Leptos' integration provides a nonce for each request; pages
        // rendered some other way (the route list) get one here.
        if leptos::nonce::use_nonce().is_none() {
            leptos::nonce::provide_nonce();
        }
        let Some(nonce) = leptos::nonce::use_nonce() else {
            return;
        };
        // Read once: the environment is locked and copied for every read.
        static RELOAD: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let reload = RELOAD.get_or_init(|| {
            if std::env::var("LEPTOS_WATCH").is_ok() {
                let port = options.reload_external_port.unwrap_or(options.reload_port);
                format!(" ws://127.0.0.1:{port} ws://localhost:{port}")
            } else {
                String::new()
            }
        });
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
