//! The wasm entry point: hydrates the server-rendered page.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy routes (split into their own wasm chunks in release builds) need the lazy variant.
    leptos::mount::hydrate_lazy(app::App);
}
