//! `share`: the design as a URL fragment (`d1.` + deflate + base64url), and whether it fits.

use super::{Op, Reply};
use crate::design::Design;
use serde_json::{json, Value as Json};

/// `share` (no parameters): JSON `{ "fragment": "d1.…", "fits": bool, "max": n }`.
pub const SHARE: Op =
    Op { name: "share", summary: "the design compressed into a URL fragment, with whether it fits in a link", run };

fn run(design: &Design, _params: &Json) -> Result<Reply, String> {
    let fragment = crate::share::encode(design);
    let fits = crate::share::fits_in_url(&fragment);
    Ok(Reply::Text(json!({ "fragment": fragment, "fits": fits, "max": crate::share::MAX_URL_FRAGMENT }).to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::reference;

    #[test]
    fn fragment_decodes_to_the_design() {
        let d = reference();
        let Reply::Text(t) = run(&d, &json!({})).unwrap() else { panic!("text") };
        let v: Json = serde_json::from_str(&t).unwrap();
        assert_eq!(v["fits"], true);
        assert_eq!(crate::share::decode(v["fragment"].as_str().unwrap()).unwrap(), d);
    }
}
