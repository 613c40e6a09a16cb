//! Toasts: short result messages that disappear by themselves.

use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    id: u64,
    text: String,
    error: bool,
}

#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    pub fn provide() -> Toasts {
        let t = Toasts { items: RwSignal::new(Vec::new()), next: StoredValue::new(0) };
        provide_context(t);
        t
    }

    pub fn show(&self, text: impl Into<String>, error: bool) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items.update(|v| v.push(Toast { id, text: text.into(), error }));
        let items = self.items;
        set_timeout(move || items.update(|v| v.retain(|t| t.id != id)), Duration::from_millis(if error { 6000 } else { 3000 }));
    }
}

/// The page's toasts; take it when the component is created, use it in handlers.
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

impl Toasts {
    pub fn ok(&self, text: impl Into<String>) {
        self.show(text, false);
    }

    pub fn err(&self, text: impl Into<String>) {
        self.show(text, true);
    }
}

#[component]
pub fn ToastHost() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    view! {
        <div class="toasts" role="status" aria-live="polite">
            <For each=move || toasts.items.get() key=|t| t.id let:t>
                <div class="toast" class:toast-error=t.error>{t.text}</div>
            </For>
        </div>
    }
}
