//! The paste box (智能识别): a chat message in, the recipient fields out. The preview comes
//! from the server as the user types (the division data stays off the wasm; see README), each
//! field with its confidence; fields to check are highlighted. "填入表单" hands the result to
//! the form, which highlights the same fields until the user edits them.

use crate::error::AppError;
use crate::intake::text::text;
use crate::intake::{ParsedContact, Sureness};
use crate::ui::session::use_lang;
use leptos::prelude::*;

/// Wait this long after the last keystroke before asking the server.
const DEBOUNCE_MS: u64 = 250;

/// The box; on a public share page it passes the page's code (and the public parser is used).
#[component]
pub fn PasteBox(#[prop(optional)] share_code: Option<String>, on_apply: Callback<ParsedContact>) -> impl IntoView {
    let share_code = StoredValue::new(share_code);
    let lang = use_lang();
    let t = text(lang);
    let input = RwSignal::new(String::new());
    let result = RwSignal::new(None::<ParsedContact>);
    let error = RwSignal::new(None::<AppError>);
    let seq = StoredValue::new(0u64);
    let ask = move |text: String| {
        let n = seq.get_value() + 1;
        seq.set_value(n);
        set_timeout(
            move || {
                if seq.get_value() != n {
                    return;
                }
                if text.trim().is_empty() {
                    result.set(None);
                    return;
                }
                leptos::task::spawn_local(async move {
                    let r = match share_code.get_value() {
                        Some(code) => crate::intake::api::parse_share_address(code.into(), text.into()).await,
                        None => crate::intake::api::parse_address(text.into()).await,
                    };
                    if seq.get_value() == n {
                        match r {
                            Ok(p) => {
                                error.set(None);
                                result.set(Some(p));
                            }
                            Err(e) => error.set(Some(e)),
                        }
                    }
                });
            },
            std::time::Duration::from_millis(DEBOUNCE_MS),
        );
    };
    let fields = move || {
        result.get().map(|p| {
            let rows: Vec<(&'static str, &'static str, Option<String>)> = vec![
                ("name", t.field_name, p.name.clone()),
                ("mobile", t.field_mobile, p.mobile.clone()),
                ("phone", t.field_phone, p.phone.clone()),
                ("province", t.field_province, p.province.clone()),
                ("city", t.field_city, p.city.clone()),
                ("district", t.field_district, p.district.clone()),
                ("street", t.field_street, p.street.clone()),
                ("postcode", t.field_postcode, p.postcode.clone()),
            ];
            let found = rows.iter().any(|r| r.2.is_some());
            let chips = rows
                .into_iter()
                .filter(|(f, _, v)| v.is_some() || p.is_unsure(f) && *f != "phone" && *f != "postcode")
                .map(|(f, label, v)| {
                    let sure = p.confidence.iter().find(|c| c.0 == f).map(|c| c.1);
                    let unsure = p.is_unsure(f);
                    let class = if unsure { "parsed-field unsure" } else { "parsed-field" };
                    let note = match (unsure, sure) {
                        (true, _) | (_, Some(Sureness::Low)) => t.sure_low,
                        (_, Some(Sureness::Medium)) => t.sure_medium,
                        _ => t.sure_high,
                    };
                    view! {
                        <div class=class data-field=f data-unsure=unsure.to_string()>
                            <span class="parsed-label">{label}</span>
                            <span class="parsed-value">{v.unwrap_or_else(|| "—".into())}</span>
                            <span class="parsed-sure">{note}</span>
                        </div>
                    }
                })
                .collect_view();
            let summary = match (found, p.unsure.is_empty()) {
                (false, _) => t.paste_nothing,
                (true, true) => t.paste_all_sure,
                (true, false) => t.paste_check,
            };
            let apply = p.clone();
            view! {
                <div class="parsed" data-testid="parsed">
                    <p class="parsed-summary muted">{summary}</p>
                    <div class="parsed-fields">{chips}</div>
                    {found.then(|| view! {
                        <button type="button" class="secondary" data-testid="paste-apply" on:click=move |_| on_apply.run(apply.clone())>{t.paste_apply}</button>
                    })}
                </div>
            }
        })
    };
    view! {
        <details class="paste-box" open>
            <summary>{t.paste_title}</summary>
            <p class="muted small">{t.paste_hint}</p>
            <textarea rows="3" maxlength="500" data-testid="paste-input" aria-label=t.paste_title placeholder=t.paste_placeholder
                prop:value=move || input.get()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    input.set(v.clone());
                    ask(v);
                }></textarea>
            {fields}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert" data-error=e.code()>{e.message(lang)}</p> })}
        </details>
    }
}
