//! `diagram`: the design as a standalone SVG (what the report embeds and the PNG is drawn from).

use super::{Op, Reply};
use crate::design::Design;
use serde_json::Value as Json;

/// `diagram` (no parameters).
pub const DIAGRAM: Op = Op { name: "diagram", summary: "the design as a standalone SVG image", run };

fn run(design: &Design, _params: &Json) -> Result<Reply, String> {
    Ok(Reply::Text(crate::diagram::svg(design)))
}
