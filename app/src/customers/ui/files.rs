//! Files in the browser: read a chosen file as base64 (imports travel in a server function).

use base64::Engine;
use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// The first file chosen in `<input type=file id=…>`, as (name, base64), or `None`.
pub async fn read_file(input_id: &str) -> Option<(String, String)> {
    let input = document().get_element_by_id(input_id)?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files()?.get(0)?;
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.ok()?;
    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
    Some((file.name(), base64::engine::general_purpose::STANDARD.encode(bytes)))
}
