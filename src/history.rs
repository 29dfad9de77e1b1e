//! Undo and redo: every edit of the design is recorded as the smallest splice of the node and
//! edge lists that turns the old design into the new one.
//!
//! Snapshots of a 1,000-node design would cost about a megabyte per step; a splice costs what
//! changed (one node for a move, a node and its edges for a delete), so the history keeps
//! [`LIMIT`] steps whatever the design's size.

use cipherplan::design::Settings;
use cipherplan::{Design, Edge, Node};

/// How many steps are kept (the issue asks for at least 100).
pub const LIMIT: usize = 200;

/// Replaces `old` with `new` at `at` in a list.
#[derive(Debug, Clone, PartialEq)]
struct Splice<T> {
    at: usize,
    old: Vec<T>,
    new: Vec<T>,
}

impl<T: PartialEq + Clone> Splice<T> {
    /// The splice turning `a` into `b`: everything between their common prefix and suffix.
    fn between(a: &[T], b: &[T]) -> Option<Self> {
        let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        if prefix == a.len() && prefix == b.len() {
            return None;
        }
        let max_suffix = a.len().min(b.len()) - prefix;
        let suffix = a.iter().rev().zip(b.iter().rev()).take(max_suffix).take_while(|(x, y)| x == y).count();
        Some(Splice {
            at: prefix,
            old: a[prefix..a.len() - suffix].to_vec(),
            new: b[prefix..b.len() - suffix].to_vec(),
        })
    }

    fn redo(&self, list: &mut Vec<T>) {
        list.splice(self.at..self.at + self.old.len(), self.new.iter().cloned());
    }

    fn undo(&self, list: &mut Vec<T>) {
        list.splice(self.at..self.at + self.new.len(), self.old.iter().cloned());
    }
}

/// The design's own fields besides its lists.
#[derive(Debug, Clone, PartialEq)]
struct Head {
    format: String,
    name: String,
    description: String,
    settings: Settings,
}

impl Head {
    fn of(d: &Design) -> Self {
        Head {
            format: d.format.clone(),
            name: d.name.clone(),
            description: d.description.clone(),
            settings: d.settings.clone(),
        }
    }

    fn put(&self, d: &mut Design) {
        d.format.clone_from(&self.format);
        d.name.clone_from(&self.name);
        d.description.clone_from(&self.description);
        d.settings = self.settings.clone();
    }
}

/// One recorded edit.
#[derive(Debug, Clone, PartialEq)]
struct Step {
    /// What the edit did ("Move 3 nodes"), shown in the undo button's tooltip.
    title: String,
    head: Option<(Head, Head)>,
    nodes: Option<Splice<Node>>,
    edges: Option<Splice<Edge>>,
}

impl Step {
    fn between(title: &str, a: &Design, b: &Design) -> Option<Self> {
        let head = {
            let (ha, hb) = (Head::of(a), Head::of(b));
            (ha != hb).then_some((ha, hb))
        };
        let nodes = Splice::between(&a.nodes, &b.nodes);
        let edges = Splice::between(&a.edges, &b.edges);
        if head.is_none() && nodes.is_none() && edges.is_none() {
            return None;
        }
        Some(Step { title: title.to_owned(), head, nodes, edges })
    }

    fn undo(&self, d: &mut Design) {
        if let Some((old, _)) = &self.head {
            old.put(d);
        }
        if let Some(s) = &self.nodes {
            s.undo(&mut d.nodes);
        }
        if let Some(s) = &self.edges {
            s.undo(&mut d.edges);
        }
    }

    fn redo(&self, d: &mut Design) {
        if let Some((_, new)) = &self.head {
            new.put(d);
        }
        if let Some(s) = &self.nodes {
            s.redo(&mut d.nodes);
        }
        if let Some(s) = &self.edges {
            s.redo(&mut d.edges);
        }
    }
}

/// The undo and redo stacks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    past: Vec<Step>,
    future: Vec<Step>,
}

impl History {
    /// Records the edit that turned `before` into `after`; returns whether anything changed.
    /// A new edit clears the redo stack.
    pub fn record(&mut self, title: &str, before: &Design, after: &Design) -> bool {
        let Some(step) = Step::between(title, before, after) else { return false };
        self.past.push(step);
        if self.past.len() > LIMIT {
            self.past.remove(0);
        }
        self.future.clear();
        true
    }

    /// Undoes the last edit on `design`; returns its title, or `None` when there is none.
    pub fn undo(&mut self, design: &mut Design) -> Option<String> {
        let step = self.past.pop()?;
        step.undo(design);
        let title = step.title.clone();
        self.future.push(step);
        Some(title)
    }

    /// Redoes the last undone edit on `design`; returns its title.
    pub fn redo(&mut self, design: &mut Design) -> Option<String> {
        let step = self.future.pop()?;
        step.redo(design);
        let title = step.title.clone();
        self.past.push(step);
        Some(title)
    }

    /// Title of the edit [`History::undo`] would undo.
    #[must_use]
    pub fn undo_title(&self) -> Option<&str> {
        self.past.last().map(|s| s.title.as_str())
    }

    /// Title of the edit [`History::redo`] would redo.
    #[must_use]
    pub fn redo_title(&self) -> Option<&str> {
        self.future.last().map(|s| s.title.as_str())
    }

    /// Number of steps that can be undone.
    #[must_use]
    pub fn depth(&self) -> usize {
        self.past.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cipherplan::catalog::NodeKind;
    use cipherplan::templates::reference;

    fn edit(h: &mut History, d: &mut Design, title: &str, f: impl FnOnce(&mut Design)) {
        let before = d.clone();
        f(d);
        h.record(title, &before, d);
    }

    #[test]
    fn undo_and_redo_restore_every_state_exactly() {
        let mut d = reference();
        let mut h = History::default();
        let mut states = vec![d.clone()];
        edit(&mut h, &mut d, "move", |d| d.nodes[3].x += 40.0);
        states.push(d.clone());
        edit(&mut h, &mut d, "delete", |d| {
            d.nodes.remove(5);
            d.edges.retain(|e| e.from != "alb");
        });
        states.push(d.clone());
        edit(&mut h, &mut d, "add", |d| d.nodes.push(Node::new("x", NodeKind::S3Bucket, "", 0.0, 0.0)));
        states.push(d.clone());
        edit(&mut h, &mut d, "rename", |d| d.name = "renamed".into());
        states.push(d.clone());
        for expected in states.iter().rev().skip(1) {
            assert!(h.undo(&mut d).is_some());
            assert_eq!(&d, expected);
        }
        assert_eq!(h.undo(&mut d), None);
        for expected in states.iter().skip(1) {
            assert!(h.redo(&mut d).is_some());
            assert_eq!(&d, expected);
        }
        assert_eq!(h.redo(&mut d), None);
    }

    #[test]
    fn a_no_op_is_not_recorded_and_a_new_edit_clears_redo() {
        let mut d = reference();
        let mut h = History::default();
        edit(&mut h, &mut d, "nothing", |_| {});
        assert_eq!(h.depth(), 0);
        edit(&mut h, &mut d, "a", |d| d.nodes[0].x = 1.0);
        h.undo(&mut d);
        assert_eq!(h.redo_title(), Some("a"));
        edit(&mut h, &mut d, "b", |d| d.nodes[0].y = 1.0);
        assert_eq!(h.redo_title(), None);
        assert_eq!(h.undo_title(), Some("b"));
    }

    #[test]
    fn keeps_at_least_a_hundred_steps_and_drops_the_oldest() {
        let mut d = reference();
        let mut h = History::default();
        for i in 0..(LIMIT + 20) {
            #[allow(clippy::cast_precision_loss)]
            edit(&mut h, &mut d, "move", |d| d.nodes[0].x = 1000.0 + i as f64);
        }
        assert_eq!(h.depth(), LIMIT);
        let mut undone = 0;
        while h.undo(&mut d).is_some() {
            undone += 1;
        }
        assert!(undone >= 100);
        // The oldest 20 steps were dropped: undo stops at the state after step 19.
        assert!((d.nodes[0].x - 1019.0).abs() < f64::EPSILON, "x = {}", d.nodes[0].x);
    }

    #[test]
    fn a_step_stores_only_what_changed() {
        let a = reference();
        let mut b = a.clone();
        b.nodes[4].x += 20.0;
        let step = Step::between("move", &a, &b).unwrap();
        let nodes = step.nodes.unwrap();
        assert_eq!((nodes.at, nodes.old.len(), nodes.new.len()), (4, 1, 1));
        assert!(step.edges.is_none() && step.head.is_none());
    }
}
