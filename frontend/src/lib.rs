//! The browser entry point: hydrates the server-rendered page once the
//! current screen's wasm chunk has loaded (see `app::routes`).

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // What was typed before a language switch goes back into its fields first.
    app::components::typed::restore();
    leptos::mount::hydrate_lazy(app::App);
}
