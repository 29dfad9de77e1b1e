//! Rich text from the core's messages: `backticked` spans become `<code>`.

use leptos::prelude::*;

/// Splits text on backticks: odd pieces are code.
#[must_use]
pub fn spans(text: &str) -> Vec<(bool, String)> {
    text.split('`').enumerate().filter(|(_, s)| !s.is_empty()).map(|(i, s)| (i % 2 == 1, s.to_owned())).collect()
}

/// The text as HTML, escaped, with its code spans in `<code>`.
#[must_use]
pub fn rich_html(text: &str) -> String {
    spans(text).into_iter().map(|(code, s)| if code { format!("<code>{}</code>", esc(&s)) } else { esc(&s) }).collect()
}

/// `text` escaped for HTML text and attribute values.
#[must_use]
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The text with its code spans marked up.
pub fn rich(text: &str) -> impl IntoView {
    spans(text)
        .into_iter()
        .map(|(code, s)| if code { view! { <code>{s}</code> }.into_any() } else { s.into_any() })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::{rich_html, spans};

    #[test]
    fn backticks_become_code() {
        assert_eq!(
            spans("`db` forces `ssl`."),
            vec![(true, "db".into()), (false, " forces ".into()), (true, "ssl".into()), (false, ".".into())]
        );
        assert_eq!(spans("plain"), vec![(false, "plain".into())]);
    }

    #[test]
    fn rich_html_escapes_every_piece() {
        assert_eq!(rich_html("`<a>` & \"b\""), "<code>&lt;a&gt;</code> &amp; &quot;b&quot;");
    }
}
