//! Files in the browser: offer a server-made file as a download, read a chosen file as base64.

use crate::customers::FileDownload;
use base64::Engine;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Offer a file the server made (browser only: call from an effect or handler).
pub fn download(f: &FileDownload) {
    let doc = document();
    let Ok(a) = doc.create_element("a") else { return };
    let _ = a.set_attribute("href", &format!("data:{};base64,{}", f.mime, f.base64));
    let _ = a.set_attribute("download", &f.name);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
    }
    if let Some(h) = a.dyn_ref::<web_sys::HtmlElement>() {
        h.click();
    }
    a.remove();
}

/// The first file chosen in `<input type=file id=…>`, as (name, base64), or `None`.
pub async fn read_file(input_id: &str) -> Option<(String, String)> {
    let input = document().get_element_by_id(input_id)?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files()?.get(0)?;
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.ok()?;
    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
    Some((file.name(), base64::engine::general_purpose::STANDARD.encode(bytes)))
}
