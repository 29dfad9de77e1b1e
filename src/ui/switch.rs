//! A labelled on/off switch (the cost badges, the security overlay).

use leptos::prelude::*;

/// A checkbox drawn as a switch, with its label beside it.
pub fn switch_line(
    id: &'static str,
    label: &'static str,
    checked: impl Fn() -> bool + Send + Sync + 'static,
    on_toggle: impl Fn(bool) + 'static,
) -> impl IntoView {
    view! {
        <label class="switch-line">
            <span class="switch">
                <input type="checkbox" id=id prop:checked=checked on:change=move |e| on_toggle(event_target_checked(&e))/>
                <span class="slider"></span>
            </span>
            {label}
        </label>
    }
}
