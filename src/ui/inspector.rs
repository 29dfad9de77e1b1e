//! The inspector: the selected component's or connection's properties with controls built
//! from the catalog (`PropSpec`): a menu for enumerations, a switch for booleans, validated
//! number fields, with each property's help text; and the design's own settings.
//!
//! Controls are built once per selected element and kind and read their values reactively,
//! so an edit never rebuilds the panel under the user's cursor.

use crate::edit;
use crate::state::{use_editor, Editor, Panel};
use crate::ui::edge::grade_class;
use crate::ui::findings::FindingCard;
use crate::ui::node::node_memo;
use crate::ui::text::rich;
use cipherplan::catalog::{EdgeKind, NodeKind, PropSpec, PropType};
use cipherplan::design::Patch;
use cipherplan::value::number_text as num;
use cipherplan::{Edge, Value};
use leptos::prelude::*;

/// What the inspector shows.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Subject {
    Design,
    Node(String),
    Edge(String),
    Many(usize, usize),
}

/// The inspector panel.
#[component]
pub fn Inspector() -> impl IntoView {
    let ed = use_editor();
    let subject = Memo::new(move |_| {
        ed.sel.with(|s| match (s.nodes.len(), s.edges.len()) {
            (0, 0) => Subject::Design,
            (1, 0) => Subject::Node(s.nodes.iter().next().cloned().unwrap_or_default()),
            (0, 1) => Subject::Edge(s.edges.iter().next().cloned().unwrap_or_default()),
            (n, e) => Subject::Many(n, e),
        })
    });
    move || match subject.get() {
        Subject::Design => view! { <DesignInspector/> }.into_any(),
        Subject::Node(id) => view! { <NodeInspector id=id/> }.into_any(),
        Subject::Edge(id) => view! { <EdgeInspector id=id/> }.into_any(),
        Subject::Many(n, e) => {
            let text = match (n, e) {
                (n, 0) => format!("{n} components selected"),
                (0, e) => format!("{e} connections selected"),
                (n, e) => format!("{n} components and {e} connections selected"),
            };
            view! {
                <div class="insp">
                    <h2>{text}</h2>
                    <p class="muted">"Drag any of them to move them together; arrow keys nudge them."</p>
                    <button class="danger" on:click=move |_| ed.delete_selection()>"Delete selection"</button>
                </div>
            }
            .into_any()
        }
    }
}

/// A DOM id for a property control.
fn control_id(owner: &str, prop: &str) -> String {
    let clean = |s: &str| s.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect::<String>();
    format!("p-{}-{}", clean(owner), clean(prop))
}

/// Parses a number field for a numeric property; `Err` says what is wrong.
///
/// # Errors
/// Not a number, a fraction for an integer property, or out of the property's range.
pub fn parse_number(ty: PropType, text: &str) -> Result<Value, String> {
    let t = text.trim();
    let value = match ty {
        PropType::Int { .. } => t.parse::<i64>().map(Value::Int).map_err(|_| "enter a whole number".to_owned())?,
        _ => crate::number::parse_decimal(t).map(Value::Num).ok_or("enter a number")?,
    };
    ty.check(&value).map_err(|e| e.replace("expected ", "must be "))?;
    Ok(value)
}

/// One property row: label, control, default marker, help.
fn prop_row(
    owner: String,
    spec: &'static PropSpec,
    value: Signal<Option<Value>>,
    is_set: Signal<bool>,
    set: Callback<Option<Value>>,
) -> impl IntoView {
    let id = control_id(&owner, spec.name);
    let help_id = format!("{id}-help");
    let error = RwSignal::new(None::<String>);
    let control = match spec.ty {
        PropType::Bool => view! {
            <label class="switch">
                <input
                    id=id.clone()
                    type="checkbox"
                    role="switch"
                    aria-describedby=help_id.clone()
                    prop:checked=move || value.with(|v| v.as_ref().and_then(Value::as_bool).unwrap_or(false))
                    on:change=move |e| set.run(Some(Value::Bool(event_target_checked(&e))))
                />
                <span class="slider" aria-hidden="true"></span>
            </label>
        }
        .into_any(),
        PropType::Enum(options) => view! {
            <select
                id=id.clone()
                aria-describedby=help_id.clone()
                on:change=move |e| set.run(Some(Value::from(event_target_value(&e))))
            >
                {options
                    .iter()
                    .map(|o| {
                        let o = *o;
                        view! {
                            <option value=o prop:selected=move || value.with(|v| v.as_ref().and_then(Value::as_str) == Some(o))>
                                {o}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        }
        .into_any(),
        PropType::Int { min, max } => number_input(id.clone(), help_id.clone(), spec.ty, value, set, error, f64_of(min), f64_of(max), "1"),
        PropType::Num { min, max } => number_input(id.clone(), help_id.clone(), spec.ty, value, set, error, min, max, "any"),
        PropType::Text => view! {
            <input
                id=id.clone()
                type="text"
                aria-describedby=help_id.clone()
                prop:value=move || value.with(|v| v.as_ref().map(ToString::to_string).unwrap_or_default())
                on:change=move |e| set.run(Some(Value::from(event_target_value(&e))))
            />
        }
        .into_any(),
    };
    let default_text = spec.default.value().to_string();
    view! {
        <div class="prop" class:set=move || is_set.get()>
            <div class="prop-head">
                <label for=id.clone() class="prop-name">{spec.name}</label>
                <span class="default-tag" hidden=move || is_set.get() title="Not set: the catalog default, which is AWS's own default">
                    "default"
                </span>
                <button
                    class="link reset"
                    hidden=move || !is_set.get()
                    title=format!("Back to the default ({default_text})")
                    on:click=move |_| set.run(None)
                >
                    "reset"
                </button>
            </div>
            {control}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <p class="help" id=help_id.clone()>{rich(spec.help)}</p>
        </div>
    }
}

#[allow(clippy::cast_precision_loss)]
fn f64_of(i: i64) -> f64 {
    i as f64
}

#[allow(clippy::too_many_arguments)]
fn number_input(
    id: String,
    help_id: String,
    ty: PropType,
    value: Signal<Option<Value>>,
    set: Callback<Option<Value>>,
    error: RwSignal<Option<String>>,
    min: f64,
    max: f64,
    step: &'static str,
) -> AnyView {
    view! {
        <input
            id=id
            type="number"
            inputmode="decimal"
            min=num(min)
            max=num(max)
            step=step
            aria-describedby=help_id
            aria-invalid=move || error.get().is_some().to_string()
            prop:value=move || value.with(|v| v.as_ref().map(ToString::to_string).unwrap_or_default())
            on:change=move |e| match parse_number(ty, &event_target_value(&e)) {
                Ok(v) => {
                    error.set(None);
                    set.run(Some(v));
                }
                Err(why) => error.set(Some(why)),
            }
        />
    }
    .into_any()
}

/// Findings about one node or edge.
fn findings_for(ed: Editor, id: String) -> impl IntoView {
    move || {
        let list: Vec<_> =
            ed.verdicts.with(|v| v.findings.iter().filter(|f| f.target.id() == Some(id.as_str())).cloned().collect());
        if list.is_empty() {
            return view! { <p class="ok-line">"✓ No findings."</p> }.into_any();
        }
        view! {
            <div class="insp-findings">
                {list.into_iter().map(|f| view! { <FindingCard finding=f show_target=false/> }).collect_view()}
            </div>
        }
        .into_any()
    }
}

/// The selected component.
#[component]
fn NodeInspector(id: String) -> impl IntoView {
    let ed = use_editor();
    let node = node_memo(ed, id.clone());
    let kind = Memo::new(move |_| node.with(|n| n.as_ref().map(|n| n.kind)));
    let label = move || node.with(|n| n.as_ref().map(|n| n.label.clone()).unwrap_or_default());
    let parent = move || {
        ed.doc.with(|d| {
            node.with(|n| {
                n.as_ref()
                    .and_then(|n| n.parent.as_ref())
                    .map(|p| d.node(p).map_or(p.clone(), |p| p.display_name().to_owned()))
            })
        })
    };
    let rest = {
        let id = id.clone();
        move || ed.verdicts.with(|v| v.rest.get(&id).cloned())
    };
    let rename = {
        let id = id.clone();
        move |e: leptos::ev::Event| {
            let text = event_target_value(&e);
            let id = id.clone();
            ed.edit(&format!("Rename {id}"), move |d| {
                d.node_mut(&id).ok_or("the component is gone")?.label = text.trim().to_owned();
                Ok(())
            });
        }
    };
    let props = {
        let id = id.clone();
        move || {
            let k = kind.get()?;
            let id = id.clone();
            let row = move |spec: &'static PropSpec| {
                let value = Signal::derive(move || node.with(|n| n.as_ref().and_then(|n| n.prop(spec.name))));
                let is_set = Signal::derive(move || node.with(|n| n.as_ref().is_some_and(|n| n.is_set(spec.name))));
                let set = prop_setter(ed, Owner::Node(id.clone()), spec.name);
                prop_row(id.clone(), spec, value, is_set, set)
            };
            let config: Vec<_> = k.spec().props.iter().filter(|p| !p.usage).map(row.clone()).collect();
            let usage: Vec<_> = k.spec().props.iter().filter(|p| p.usage).map(row).collect();
            let has_usage = !usage.is_empty();
            Some(view! {
                <section class="props">
                    <h3>"Configuration"</h3>
                    {if config.is_empty() { Some(view! { <p class="muted">"Nothing to configure."</p> }) } else { None }}
                    {config}
                </section>
                {has_usage.then(|| view! {
                    <details class="props usage">
                        <summary>"Usage assumptions (cost model)"</summary>
                        {usage}
                    </details>
                })}
            })
        }
    };
    let show_paths = {
        let id = id.clone();
        move |_| {
            ed.path_store.set(Some(id.clone()));
            ed.panel.set(Panel::Paths);
        }
    };
    let is_store = move || kind.get().is_some_and(|k| k.spec().caps.store);
    let start_connect = {
        let id = id.clone();
        move |_| ed.connect_from.set(Some(id.clone()))
    };
    let icon = move || format!("#icon-{}", kind.get().map_or("container", NodeKind::as_str));
    view! {
        <div class="insp">
            <div class="insp-head">
                <svg class="insp-icon" viewBox="0 0 48 48" aria-hidden="true"><use_ href=icon></use_></svg>
                <div>
                    <h2>{move || node.with(|n| n.as_ref().map(|n| n.display_name().to_owned()).unwrap_or_default())}</h2>
                    <p class="muted">
                        {move || kind.get().map(|k| k.spec().title)} " · " <code>{id.clone()}</code>
                        {move || parent().map(|p| format!(" · in {p}"))}
                    </p>
                </div>
            </div>
            <p class="summary">{move || kind.get().map(|k| k.spec().summary)}</p>
            <div class="prop">
                <label class="prop-name" for="insp-label">"label"</label>
                <input id="insp-label" type="text" prop:value=label on:change=rename/>
            </div>
            {move || rest().map(|a| {
                let class = if a.cmk() { "rest-cmk" } else if a.encrypted { "rest-aws" } else { "rest-none" };
                view! {
                    <div class="verdict-line">
                        <span class=format!("pill {class}")>{if a.cmk() { "CMK" } else if a.encrypted { "AWS" } else { "none" }}</span>
                        <span>"At rest: " {a.label.clone()}</span>
                    </div>
                }
            })}
            <div class="insp-actions">
                <button title="Connect from here (C)" on:click=start_connect>"Connect…"</button>
                <button hidden=move || !is_store() on:click=show_paths.clone()>"Show paths"</button>
                <button class="danger" on:click=move |_| ed.delete_selection()>"Delete"</button>
            </div>
            <section>
                <h3>"Findings"</h3>
                {findings_for(ed, id.clone())}
            </section>
            {props}
        </div>
    }
}

/// The selected connection.
#[component]
fn EdgeInspector(id: String) -> impl IntoView {
    let ed = use_editor();
    let edge: Memo<Option<Edge>> = {
        let id = id.clone();
        Memo::new(move |_| ed.doc.with(|d| d.edge(&id).cloned()))
    };
    let kind = Memo::new(move |_| edge.with(|e| e.as_ref().map(|e| e.kind)));
    let ends = move || {
        ed.doc.with(|d| {
            edge.with(|e| {
                e.as_ref().map(|e| {
                    let name = |id: &str| d.node(id).map_or(id.to_owned(), |n| n.display_name().to_owned());
                    (name(&e.from), name(&e.to))
                })
            })
        })
    };
    let kinds = move || ed.doc.with(|d| edge.with(|e| e.as_ref().map(|e| edit::kinds_for(d, e)).unwrap_or_default()));
    let hop = {
        let id = id.clone();
        move || ed.verdicts.with(|v| v.hops.get(&id).cloned())
    };
    let set_kind = {
        let id = id.clone();
        move |e: leptos::ev::Event| {
            let Some(k) = EdgeKind::parse(&event_target_value(&e)) else { return };
            let id = id.clone();
            ed.edit(&format!("Change {id} to {}", k.as_str()), move |d| edit::set_edge_kind(d, &id, k));
        }
    };
    let props = {
        let id = id.clone();
        move || {
            let k = kind.get()?;
            let rows: Vec<_> = k
                .spec()
                .props
                .iter()
                .map(|spec| {
                    let value = Signal::derive(move || edge.with(|e| e.as_ref().and_then(|e| e.prop(spec.name))));
                    let is_set = Signal::derive(move || edge.with(|e| e.as_ref().is_some_and(|e| e.is_set(spec.name))));
                    let set = prop_setter(ed, Owner::Edge(id.clone()), spec.name);
                    prop_row(id.clone(), spec, value, is_set, set)
                })
                .collect();
            let empty = rows.is_empty();
            Some(view! {
                <section class="props">
                    <h3>"Properties"</h3>
                    {empty.then(|| view! { <p class="muted">"A relation without properties."</p> })}
                    {rows}
                </section>
            })
        }
    };
    view! {
        <div class="insp">
            <div class="insp-head">
                <div>
                    <h2>{move || ends().map(|(f, t)| format!("{f} → {t}"))}</h2>
                    <p class="muted">{move || kind.get().map(|k| k.spec().summary)} " · " <code>{id.clone()}</code></p>
                </div>
            </div>
            <div class="prop">
                <label class="prop-name" for="insp-kind">"kind"</label>
                <select id="insp-kind" on:change=set_kind>
                    {move || {
                        let current = kind.get();
                        kinds()
                            .into_iter()
                            .map(|k| view! { <option value=k.as_str() selected=current == Some(k)>{k.spec().title}</option> })
                            .collect_view()
                    }}
                </select>
            </div>
            {move || hop().map(|h| {
                view! {
                    <div class=format!("hop-verdict g-{}", grade_class(h.grade))>
                        <div class="hop-grade">
                            <svg class="ico" viewBox="0 0 16 16" aria-hidden="true">
                                <use_ href=if h.grade.is_encrypted() { "#g-lock" } else { "#g-unlock" }></use_>
                            </svg>
                            <span>
                                <strong>{h.grade.word()}</strong>
                                {format!(
                                    " · {}{}",
                                    h.protocol,
                                    h.tls_version.as_ref().map(|v| format!(" · TLS ≥ {v}")).unwrap_or_default(),
                                )}
                            </span>
                        </div>
                        {h.loopback.then(|| view! { <p>"Loopback inside one ECS task: this hop never crosses a network."</p> })}
                        {(!h.reason.is_empty()).then(|| view! { <p>{rich(&h.reason)}</p> })}
                    </div>
                }
            })}
            <div class="insp-actions">
                <button class="danger" on:click=move |_| ed.delete_selection()>"Delete"</button>
            </div>
            <section>
                <h3>"Findings"</h3>
                {findings_for(ed, id.clone())}
            </section>
            {props}
        </div>
    }
}

/// The design's own settings (nothing selected).
#[component]
fn DesignInspector() -> impl IntoView {
    let ed = use_editor();
    let set_text = move |field: &'static str| {
        move |e: leptos::ev::Event| {
            let v = event_target_value(&e);
            ed.edit(&format!("Set design {field}"), move |d| {
                match field {
                    "name" => {
                        let v = v.trim();
                        if v.is_empty() {
                            return Err("The design needs a name".into());
                        }
                        d.name = v.to_owned();
                    }
                    "description" => d.description = v,
                    _ => d.settings.region = v.trim().to_owned(),
                }
                Ok(())
            });
        }
    };
    let counts = move || ed.doc.with(|d| (d.nodes.len(), d.edges.len()));
    view! {
        <div class="insp">
            <h2>"Design"</h2>
            <p class="muted">{move || { let (n, e) = counts(); format!("{n} components · {e} connections") }}</p>
            <div class="prop">
                <label class="prop-name" for="design-name">"name"</label>
                <input id="design-name" type="text" prop:value=move || ed.doc.with(|d| d.name.clone()) on:change=set_text("name")/>
                <p class="help">"Short name; also the base of generated resource names."</p>
            </div>
            <div class="prop">
                <label class="prop-name" for="design-description">"description"</label>
                <textarea id="design-description" rows="3" prop:value=move || ed.doc.with(|d| d.description.clone()) on:change=set_text("description")></textarea>
            </div>
            <div class="prop">
                <label class="prop-name" for="design-region">"region"</label>
                <input id="design-region" type="text" prop:value=move || ed.doc.with(|d| d.settings.region.clone()) on:change=set_text("region")/>
                <p class="help">"AWS region for prices and generated code."</p>
            </div>
            <div class="prop">
                <div class="prop-head"><label class="prop-name" for="design-strict">"strict"</label></div>
                <label class="switch">
                    <input
                        id="design-strict"
                        type="checkbox"
                        role="switch"
                        prop:checked=move || ed.doc.with(|d| d.settings.strict)
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            ed.edit("Set strict mode", move |d| {
                                d.settings.strict = on;
                                Ok(())
                            });
                        }
                    />
                    <span class="slider" aria-hidden="true"></span>
                </label>
                <p class="help">"Strict mode also asks for TLS on loopback hops inside a task (gunicorn behind nginx)."</p>
            </div>
            <section class="howto">
                <h3>"How to"</h3>
                <ul>
                    <li>"Drag components from the palette onto the canvas; drop them inside a VPC, subnet or ECS service box to place them there."</li>
                    <li>"Connect: drag from the round handle on the right of a component to another. Onto a KMS key, secret, log group or cluster it draws a relation; otherwise a network flow with safe defaults."</li>
                    <li>"Click a finding to find its component; “Apply fix” changes the design through undo."</li>
                    <li>"Press ? for every keyboard shortcut."</li>
                </ul>
            </section>
        </div>
    }
}

/// Whose property the inspector edits.
#[derive(Clone)]
enum Owner {
    /// A component, by id.
    Node(String),
    /// A connection, by id.
    Edge(String),
}

/// The edit behind one property control: `Some(value)` sets the property, `None` resets it to
/// the catalog default; either is one undo step.
fn prop_setter(ed: Editor, owner: Owner, name: &'static str) -> Callback<Option<Value>> {
    Callback::new(move |v: Option<Value>| {
        let owner = owner.clone();
        let id = match &owner {
            Owner::Node(id) | Owner::Edge(id) => id.clone(),
        };
        let title = match &v {
            Some(v) => format!("Set {name} = {v} on {id}"),
            None => format!("Reset {name} on {id}"),
        };
        ed.edit(&title, move |d| match (owner, v) {
            (Owner::Node(node), Some(value)) => {
                d.apply(&Patch::SetNodeProp { node, prop: name.into(), value }).map_err(|e| e.to_string())
            }
            (Owner::Edge(edge), Some(value)) => {
                d.apply(&Patch::SetEdgeProp { edge, prop: name.into(), value }).map_err(|e| e.to_string())
            }
            (Owner::Node(node), None) => {
                d.node_mut(&node).ok_or("the component is gone")?.props.remove(name);
                Ok(())
            }
            (Owner::Edge(edge), None) => {
                d.edge_mut(&edge).ok_or("the connection is gone")?.props.remove(name);
                Ok(())
            }
        });
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_validated_against_the_catalog() {
        let port = PropType::Int { min: 1, max: 65535 };
        assert_eq!(parse_number(port, " 5432 "), Ok(Value::Int(5432)));
        assert!(parse_number(port, "0").unwrap_err().contains("from 1 to 65535"));
        assert_eq!(parse_number(port, "54.5"), Err("enter a whole number".into()));
        assert_eq!(parse_number(port, "abc"), Err("enter a whole number".into()));
        let gb = PropType::Num { min: 0.0, max: 10.0 };
        assert_eq!(parse_number(gb, "2.5"), Ok(Value::Num(2.5)));
        assert!(parse_number(gb, "-1").is_err());
        assert!(parse_number(gb, "NaN").is_err());
    }
}
