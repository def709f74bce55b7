//! The browser entry point. Pages are rendered by the server; only their
//! interactive parts (islands) run here. The page's start script (see
//! `app::assets`) calls `hydrate`, then each island's exported function.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    app::components::browser::start();
}
