//! The phrase trie over token ids (actors, agents, discards, places).

use rustc_hash::FxHashMap;

use super::{Tok, NONE};

/// A trie over token ids; each node may end phrases.
#[derive(Debug, Default)]
pub struct Trie<V> {
    edges: FxHashMap<(u32, Tok), u32>,
    ends: Vec<Vec<V>>,
    /// The root's edges by token (`NONE`: no edge), once `finish`ed.
    root: Vec<u32>,
}

impl<V: Copy + PartialEq> Trie<V> {
    pub(super) fn new() -> Trie<V> {
        Trie { edges: FxHashMap::default(), ends: vec![Vec::new()], root: Vec::new() }
    }

    /// Indexes the root's edges by token, for tokens below `vocab`.
    pub(super) fn finish(&mut self, vocab: usize) {
        self.root = vec![NONE; vocab];
        for (&(node, t), &n) in &self.edges {
            if node == 0 && (t as usize) < vocab {
                self.root[t as usize] = n;
            }
        }
    }

    /// The node after `node` on token `t`.
    #[inline]
    pub(super) fn step(&self, node: u32, t: Tok) -> Option<u32> {
        if node == 0 && !self.root.is_empty() {
            return self.root.get(t as usize).copied().filter(|&n| n != NONE);
        }
        self.edges.get(&(node, t)).copied()
    }

    /// Whether it holds no phrase.
    pub fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }

    pub(super) fn insert(&mut self, toks: &[Tok], v: V) {
        let mut node = 0u32;
        for &t in toks {
            let next = self.ends.len() as u32;
            node = *self.edges.entry((node, t)).or_insert_with(|| next);
            if node == next {
                self.ends.push(Vec::new());
            }
        }
        let ends = &mut self.ends[node as usize];
        if !ends.contains(&v) {
            ends.push(v);
        }
    }

    /// The longest phrase starting at `toks[0]`: its length and values.
    pub fn longest(&self, toks: &[Tok]) -> Option<(usize, &[V])> {
        let mut best = None;
        self.all(toks, |len, values| best = Some((len, values)));
        best
    }

    /// Every phrase starting at `toks[0]`, by length.
    #[inline]
    pub fn all<'a>(&'a self, toks: &[Tok], mut f: impl FnMut(usize, &'a [V])) {
        let mut node = 0u32;
        for (i, &t) in toks.iter().enumerate() {
            if t == NONE {
                break;
            }
            match self.step(node, t) {
                Some(n) => node = n,
                None => break,
            }
            if !self.ends[node as usize].is_empty() {
                f(i + 1, &self.ends[node as usize]);
            }
        }
    }
}
