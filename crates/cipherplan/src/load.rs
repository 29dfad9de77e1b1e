//! Loading a design file: every problem is reported with its JSON path, nothing panics.
//!
//! [`load`] returns either a [`Design`] or the full list of problems. Callers keep the design
//! they have open when loading fails; this API cannot lose it because it never touches it.

use crate::catalog::{edge_allowed, EdgeKind, NodeKind, PropSpec, EDGE_KINDS, NODE_KINDS};
use crate::design::{Design, Edge, Node, Settings, FORMAT};
use crate::value::Value;
use serde_json::{Map, Value as Json};
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// One problem found while loading, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoadError {
    /// JSON path of the offending value (`$.nodes[3].props.port`), or `$` for the whole file.
    pub path: String,
    /// What is wrong, in words a user understands.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// All problems of a design file that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadErrors(pub Vec<LoadError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadErrors {}

/// Largest design file accepted (bytes). Larger input is refused before parsing.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// At most this many problems are listed; the last line says how many more there were.
pub const MAX_ERRORS: usize = 200;

/// Parses and checks a design file.
///
/// # Errors
/// Every problem found, each with its JSON path: invalid JSON, unsupported `format`, unknown
/// keys, kinds and properties, wrong types, dangling or duplicate ids, parents that are not
/// boundaries, and edges that make no sense between their two kinds.
pub fn load(text: &str) -> Result<Design, LoadErrors> {
    if text.trim().is_empty() {
        return Err(one("$", "the file is empty; a design is a JSON object with \"format\": \"cipherplan/1\""));
    }
    if text.len() > MAX_FILE_BYTES {
        return Err(one(
            "$",
            format!("the file is {} bytes; designs are limited to {MAX_FILE_BYTES} bytes", text.len()),
        ));
    }
    let duplicates = std::cell::RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = serde::de::DeserializeSeed::deserialize(Strict { at: &Seg::Root, duplicates: &duplicates }, &mut de)
        .and_then(|json| de.end().map(|()| json));
    let json = parsed.map_err(|e| {
        let what = if e.is_eof() {
            "the JSON ends too early (truncated file?)".to_owned()
        } else {
            // serde_json appends the position, which the message already starts with.
            let full = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            full.strip_suffix(&suffix).unwrap_or(&full).to_owned()
        };
        one("$", format!("not valid JSON at line {}, column {}: {what}", e.line(), e.column()))
    })?;
    let duplicates = duplicates.into_inner();
    match from_json(&json) {
        Ok(design) if duplicates.is_empty() => Ok(design),
        Ok(_) => Err(LoadErrors(duplicates)),
        Err(LoadErrors(mut errors)) => {
            // Duplicate keys first: they can explain the other problems.
            let mut all = duplicates;
            all.append(&mut errors);
            Err(LoadErrors(all))
        }
    }
}

/// Where a value sits, as a chain of path segments on the stack (rendered only on error).
enum Seg<'a> {
    Root,
    Key(&'a Seg<'a>, &'a str),
    Index(&'a Seg<'a>, usize),
}

impl Seg<'_> {
    fn render(&self) -> String {
        match self {
            Seg::Root => "$".to_owned(),
            Seg::Key(parent, key) => key_path(&parent.render(), key),
            Seg::Index(parent, i) => format!("{}[{i}]", parent.render()),
        }
    }
}

/// Parses JSON like `serde_json::Value` does, but records keys that appear twice in one
/// object: serde_json silently keeps the last one, so `"tls": "verify-full", "tls": "disable"`
/// would load as `disable` without a word.
struct Strict<'a> {
    at: &'a Seg<'a>,
    duplicates: &'a std::cell::RefCell<Vec<LoadError>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Strict<'_> {
    type Value = Json;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Strict<'_> {
    type Value = Json;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        loop {
            let at = Seg::Index(self.at, items.len());
            match seq.next_element_seed(Strict { at: &at, duplicates: self.duplicates })? {
                Some(v) => items.push(v),
                None => return Ok(Json::Array(items)),
            }
        }
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let at = Seg::Key(self.at, &key);
            let value = map.next_value_seed(Strict { at: &at, duplicates: self.duplicates })?;
            if out.contains_key(&key) {
                self.duplicates.borrow_mut().push(LoadError {
                    path: at.render(),
                    message: format!("`{}` appears twice in the same object; keep one", key.escape_debug()),
                });
            }
            out.insert(key, value);
        }
        Ok(Json::Object(out))
    }
}

/// Checks an already parsed JSON value (the browser hands over values it parsed itself).
///
/// # Errors
/// As [`load`].
pub fn from_json(json: &Json) -> Result<Design, LoadErrors> {
    let mut cx = Checker::default();
    let design = cx.design(json);
    if cx.errors.is_empty() {
        if let Some(d) = design {
            return Ok(d);
        }
        cx.err("$", "the design could not be read");
    }
    let extra = cx.errors.len().saturating_sub(MAX_ERRORS);
    cx.errors.truncate(MAX_ERRORS);
    if extra > 0 {
        cx.errors.push(LoadError { path: "$".into(), message: format!("... and {extra} more problems") });
    }
    Err(LoadErrors(cx.errors))
}

fn one(path: &str, message: impl Into<String>) -> LoadErrors {
    LoadErrors(vec![LoadError { path: path.into(), message: message.into() }])
}

/// Appends a key to a JSON path, quoting keys that are not plain identifiers.
fn key_path(base: &str, key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!("{base}.{key}")
    } else {
        format!("{base}[{}]", Json::String(key.to_owned()))
    }
}

#[derive(Default)]
struct Checker {
    errors: Vec<LoadError>,
}

/// Keys of a node object.
const NODE_KEYS: &[&str] = &["id", "kind", "label", "parent", "x", "y", "w", "h", "props"];
/// Keys of an edge object.
const EDGE_KEYS: &[&str] = &["id", "kind", "from", "to", "label", "props"];
/// Keys of the top-level object.
const TOP_KEYS: &[&str] = &["$schema", "format", "name", "description", "settings", "nodes", "edges"];

impl Checker {
    fn err(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(LoadError { path: path.to_owned(), message: message.into() });
    }

    fn object<'j>(&mut self, json: &'j Json, path: &str, what: &str) -> Option<&'j Map<String, Json>> {
        if let Json::Object(m) = json {
            Some(m)
        } else {
            self.err(path, format!("{what} must be a JSON object, found {}", type_name(json)));
            None
        }
    }

    fn unknown_keys(&mut self, map: &Map<String, Json>, allowed: &[&str], path: &str, what: &str) {
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                let hint = closest(key, allowed.iter().copied())
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                self.err(
                    &key_path(path, key),
                    format!("unknown key `{key}` in {what}{hint}; allowed: {}", allowed.join(", ")),
                );
            }
        }
    }

    fn string(&mut self, map: &Map<String, Json>, key: &str, path: &str, required: bool) -> Option<String> {
        match map.get(key) {
            Some(Json::String(s)) => Some(s.clone()),
            Some(other) => {
                self.err(&key_path(path, key), format!("`{key}` must be a string, found {}", type_name(other)));
                None
            }
            None if required => {
                self.err(path, format!("missing `{key}`"));
                None
            }
            None => Some(String::new()),
        }
    }

    /// A coordinate (`x`, `y`) or, with `size`, a box size (`w`, `h`, which must be positive).
    fn number(&mut self, map: &Map<String, Json>, key: &str, path: &str, size: bool) -> Option<f64> {
        match map.get(key) {
            None => None,
            Some(Json::Number(n)) => match n.as_f64() {
                Some(f) if f.is_finite() && f.abs() <= 1.0e7 && (!size || f > 0.0) => Some(f),
                _ => {
                    let what = if size {
                        "a size greater than 0 and at most 10000000"
                    } else {
                        "a coordinate between -10000000 and 10000000"
                    };
                    self.err(&key_path(path, key), format!("`{key}` must be {what}"));
                    None
                }
            },
            Some(other) => {
                self.err(&key_path(path, key), format!("`{key}` must be a number, found {}", type_name(other)));
                None
            }
        }
    }

    fn design(&mut self, json: &Json) -> Option<Design> {
        let top = self.object(json, "$", "a design")?;
        match top.get("format") {
            Some(Json::String(f)) if f == FORMAT => {}
            Some(Json::String(f)) => {
                self.err(
                    "$.format",
                    format!("unsupported format version `{f}`; this version of cipherplan reads `{FORMAT}`"),
                );
                return None;
            }
            Some(other) => {
                self.err("$.format", format!("`format` must be the string \"{FORMAT}\", found {}", type_name(other)));
                return None;
            }
            None => {
                self.err("$", format!("missing `format`; add \"format\": \"{FORMAT}\""));
                return None;
            }
        }
        self.unknown_keys(top, TOP_KEYS, "$", "the design");
        let name = self.string(top, "name", "$", false).unwrap_or_default();
        let description = self.string(top, "description", "$", false).unwrap_or_default();
        let settings = self.settings(top.get("settings"));

        let mut ids: HashMap<String, String> = HashMap::new();
        let mut nodes = Vec::new();
        match top.get("nodes") {
            None => {}
            Some(Json::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("$.nodes[{i}]");
                    if let Some(node) = self.node(item, &path) {
                        if let Some(first) = ids.insert(node.id.clone(), path.clone()) {
                            self.err(
                                &format!("{path}.id"),
                                format!("duplicate id `{}` (first used at {first})", node.id),
                            );
                        } else {
                            nodes.push(node);
                        }
                    }
                }
            }
            Some(other) => self.err("$.nodes", format!("`nodes` must be an array, found {}", type_name(other))),
        }
        let kinds: HashMap<&str, (NodeKind, usize)> =
            nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), (n.kind, i))).collect();
        self.parents(&nodes, &kinds, &ids);

        let mut edges = Vec::new();
        match top.get("edges") {
            None => {}
            Some(Json::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("$.edges[{i}]");
                    if let Some(edge) = self.edge(item, &path, &kinds) {
                        if let Some(first) = ids.insert(edge.id.clone(), path.clone()) {
                            self.err(
                                &format!("{path}.id"),
                                format!("duplicate id `{}` (first used at {first})", edge.id),
                            );
                        } else {
                            edges.push(edge);
                        }
                    }
                }
            }
            Some(other) => self.err("$.edges", format!("`edges` must be an array, found {}", type_name(other))),
        }
        Some(Design { format: FORMAT.into(), name, description, settings, nodes, edges })
    }

    fn settings(&mut self, json: Option<&Json>) -> Settings {
        let mut settings = Settings::default();
        let Some(json) = json else { return settings };
        let Some(map) = self.object(json, "$.settings", "`settings`") else { return settings };
        self.unknown_keys(map, &["strict", "region"], "$.settings", "settings");
        match map.get("strict") {
            None => {}
            Some(Json::Bool(b)) => settings.strict = *b,
            Some(other) => {
                self.err("$.settings.strict", format!("`strict` must be a boolean, found {}", type_name(other)))
            }
        }
        if let Some(region) = self.string(map, "region", "$.settings", false) {
            if !region.is_empty() {
                if region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && region.len() <= 32
                {
                    settings.region = region;
                } else {
                    self.err(
                        "$.settings.region",
                        format!("`{}` is not an AWS region name (like us-east-1)", region.escape_debug()),
                    );
                }
            }
        }
        settings
    }

    fn id(&mut self, map: &Map<String, Json>, path: &str) -> Option<String> {
        let id = self.string(map, "id", path, true)?;
        if id.is_empty() || id.chars().count() > 128 || id.chars().any(char::is_control) {
            self.err(&format!("{path}.id"), "an id must be 1 to 128 characters with no control characters");
            return None;
        }
        Some(id)
    }

    fn node(&mut self, json: &Json, path: &str) -> Option<Node> {
        let map = self.object(json, path, "a node")?;
        self.unknown_keys(map, NODE_KEYS, path, "a node");
        let id = self.id(map, path);
        let kind = match self.string(map, "kind", path, true) {
            Some(k) => match NodeKind::parse(&k) {
                Some(kind) => Some(kind),
                None => {
                    let hint = closest(&k, NODE_KINDS.iter().map(|s| s.id))
                        .map(|c| format!(" (did you mean `{c}`?)"))
                        .unwrap_or_default();
                    self.err(&format!("{path}.kind"), format!("unknown node kind `{}`{hint}", k.escape_debug()));
                    None
                }
            },
            None => None,
        };
        let label = self.string(map, "label", path, false).unwrap_or_default();
        let parent = match map.get("parent") {
            None | Some(Json::Null) => None,
            Some(Json::String(p)) => Some(p.clone()),
            Some(other) => {
                self.err(
                    &format!("{path}.parent"),
                    format!("`parent` must be a node id (string), found {}", type_name(other)),
                );
                None
            }
        };
        let x = self.number(map, "x", path, false).unwrap_or(0.0);
        let y = self.number(map, "y", path, false).unwrap_or(0.0);
        let w = self.number(map, "w", path, true);
        let h = self.number(map, "h", path, true);
        let kind = kind?;
        let props = self.props(map.get("props"), &format!("{path}.props"), kind.spec().props, kind.spec().title);
        Some(Node { id: id?, kind, label, parent, x, y, w, h, props })
    }

    fn edge(&mut self, json: &Json, path: &str, kinds: &HashMap<&str, (NodeKind, usize)>) -> Option<Edge> {
        let map = self.object(json, path, "an edge")?;
        self.unknown_keys(map, EDGE_KEYS, path, "an edge");
        let id = self.id(map, path);
        let kind = match self.string(map, "kind", path, true) {
            Some(k) => match EdgeKind::parse(&k) {
                Some(kind) => Some(kind),
                None => {
                    let hint = closest(&k, EDGE_KINDS.iter().map(|s| s.id))
                        .map(|c| format!(" (did you mean `{c}`?)"))
                        .unwrap_or_default();
                    self.err(
                        &format!("{path}.kind"),
                        format!(
                            "unknown edge kind `{}`{hint}; edge kinds: {}",
                            k.escape_debug(),
                            EDGE_KINDS.iter().map(|e| e.id).collect::<Vec<_>>().join(", ")
                        ),
                    );
                    None
                }
            },
            None => None,
        };
        let end = |key: &str, cx: &mut Self| -> Option<(String, NodeKind)> {
            let id = cx.string(map, key, path, true)?;
            if let Some((k, _)) = kinds.get(id.as_str()) {
                Some((id, *k))
            } else {
                cx.err(
                    &format!("{path}.{key}"),
                    format!("`{key}` names `{}`, which is not a node of this design", id.escape_debug()),
                );
                None
            }
        };
        let from = end("from", self);
        let to = end("to", self);
        let label = self.string(map, "label", path, false).unwrap_or_default();
        let kind = kind?;
        let props = self.props(map.get("props"), &format!("{path}.props"), kind.spec().props, kind.spec().title);
        let ((from, from_kind), (to, to_kind)) = (from?, to?);
        if from == to {
            self.err(path, format!("edge joins `{from}` to itself"));
            return None;
        }
        if let Err(why) = edge_allowed(kind, from_kind, to_kind) {
            self.err(
                path,
                format!("a `{kind}` edge from `{from}` ({from_kind}) to `{to}` ({to_kind}) makes no sense: {why}"),
            );
            return None;
        }
        Some(Edge { id: id?, kind, from, to, label, props })
    }

    fn props(
        &mut self,
        json: Option<&Json>,
        path: &str,
        specs: &'static [PropSpec],
        owner: &str,
    ) -> BTreeMap<String, Value> {
        let mut props = BTreeMap::new();
        let Some(json) = json else { return props };
        let Some(map) = self.object(json, path, "`props`") else { return props };
        for (key, raw) in map {
            let here = key_path(path, key);
            let Some(spec) = specs.iter().find(|s| s.name == key) else {
                let hint = closest(key, specs.iter().map(|s| s.name))
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                let known = if specs.is_empty() {
                    "it has no properties".to_owned()
                } else {
                    format!("known: {}", specs.iter().map(|s| s.name).collect::<Vec<_>>().join(", "))
                };
                self.err(&here, format!("unknown property `{}` for {owner}{hint}; {known}", key.escape_debug()));
                continue;
            };
            let value = match raw {
                Json::Bool(b) => Some(Value::Bool(*b)),
                Json::String(s) => Some(Value::Text(s.clone())),
                Json::Number(n) => n.as_i64().map(Value::Int).or_else(|| n.as_f64().map(Value::Num)),
                _ => None,
            };
            match value {
                Some(v) => match spec.ty.check(&v) {
                    Ok(()) => {
                        props.insert(key.clone(), v);
                    }
                    Err(why) => self.err(&here, format!("`{key}`: {why}")),
                },
                None => self.err(&here, format!("`{key}`: expected {}, found {}", spec.ty.describe(), type_name(raw))),
            }
        }
        props
    }

    fn parents(&mut self, nodes: &[Node], kinds: &HashMap<&str, (NodeKind, usize)>, ids: &HashMap<String, String>) {
        for node in nodes {
            let Some(parent) = &node.parent else { continue };
            let path = format!("{}.parent", ids.get(&node.id).map_or("$", String::as_str));
            let Some((parent_kind, _)) = kinds.get(parent.as_str()) else {
                self.err(
                    &path,
                    format!("`parent` names `{}`, which is not a node of this design", parent.escape_debug()),
                );
                continue;
            };
            if !parent_kind.spec().caps.container_box {
                self.err(&path, format!("`{parent}` is {}, which cannot contain other nodes; parents are VPCs, subnets and ECS services", parent_kind.spec().a_title()));
                continue;
            }
            let allowed = node.kind.spec().parents;
            if !allowed.is_empty() && !allowed.contains(parent_kind) {
                let names: Vec<_> = allowed.iter().map(|k| k.as_str()).collect();
                self.err(
                    &path,
                    format!(
                        "{} can be placed in {}, not in {}",
                        node.kind.spec().a_title(),
                        names.join(" or "),
                        parent_kind.spec().a_title()
                    ),
                );
                continue;
            }
            if allowed.is_empty() && *parent_kind == NodeKind::EcsService {
                self.err(
                    &path,
                    format!("only containers go inside an ECS service, not {}", node.kind.spec().a_title()),
                );
                continue;
            }
            // Walk up: a parent chain must end, not loop.
            let mut seen = vec![node.id.as_str()];
            let mut cursor = Some(parent.as_str());
            while let Some(id) = cursor {
                if seen.contains(&id) {
                    self.err(&path, format!("parent chain of `{}` loops back to `{id}`", node.id));
                    break;
                }
                seen.push(id);
                cursor = kinds.get(id).and_then(|(_, i)| nodes[*i].parent.as_deref());
            }
        }
        if nodes.iter().any(|n| n.kind == NodeKind::Container && n.parent.is_none()) {
            for node in nodes.iter().filter(|n| n.kind == NodeKind::Container && n.parent.is_none()) {
                let path = ids.get(&node.id).map_or("$".to_owned(), Clone::clone);
                self.err(&path, format!("container `{}` must have an ECS service as `parent` (its task)", node.id));
            }
        }
    }
}

fn type_name(json: &Json) -> &'static str {
    match json {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a typo.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .map(|c| (edit_distance(&word, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein edit distance between two words, for "did you mean" hints (the loader's and
/// the CLI's).
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
