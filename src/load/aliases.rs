//! Aliases (SPEC §3, §7): a variant names the same thing as its canonical
//! side everywhere. Chains resolve transitively; a cycle is a load error; a
//! variant mapped to two different canonicals keeps the first, with a warning.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use crate::model::{normalize, Text};
use crate::syntax::Alias;

/// An alias statement with the file it came from.
pub struct AliasDecl<'a> {
    pub file: usize,
    pub alias: &'a Alias,
}

/// Something wrong with an alias, at the alias statement.
pub struct AliasProblem {
    pub file: usize,
    pub alias_index: usize,
    pub message: String,
    pub is_error: bool,
}

#[derive(Debug, Default, Clone)]
pub struct Aliases {
    /// Normalised variant → the final canonical (normalised, and as
    /// written), shared by every text the alias rewrites.
    resolved: FxHashMap<String, Text>,
}

impl Aliases {
    /// Resolve the aliases in load order, reporting cycles and conflicts.
    pub fn build(decls: &[AliasDecl]) -> (Aliases, Vec<AliasProblem>) {
        let mut problems = Vec::new();
        let mut direct = Direct::new();
        // Later aliases of a variant already mapped elsewhere: (index, variant, canonical).
        let mut conflicts = Vec::new();
        for (index, decl) in decls.iter().enumerate() {
            let variant = normalize(&decl.alias.variant.text);
            let canonical = normalize(&decl.alias.canonical.text);
            if variant == canonical {
                continue;
            }
            match direct.get(&variant) {
                Some((first, _, _)) if *first != canonical => {
                    conflicts.push((index, variant, canonical))
                }
                Some(_) => {}
                None => {
                    direct.insert(
                        variant,
                        (canonical, decl.alias.canonical.text.to_string(), index),
                    );
                }
            }
        }
        let (ends, cycles) = follow_all(&direct);
        for chain in &cycles {
            let last = *chain.iter().max().expect("a cycle has aliases");
            problems.push(cycle_problem(decls, chain, last));
        }
        // One text per canonical, however many variants (a chain's every
        // link) lead to it.
        let mut texts: HashMap<(&str, &str), Text> = HashMap::new();
        let resolved = ends
            .into_iter()
            .filter_map(|(variant, end)| {
                let (canonical, shown) = end?;
                let text = texts
                    .entry((canonical, shown))
                    .or_insert_with(|| Text::new(canonical, shown));
                Some((variant.to_string(), text.clone()))
            })
            .collect();
        let aliases = Aliases { resolved };
        // A second canonical that resolves to the same name is no conflict.
        for (index, variant, canonical) in conflicts {
            if aliases.resolve_key(&variant) != aliases.resolve_key(&canonical) {
                let decl = &decls[index];
                problems.push(AliasProblem {
                    file: decl.file,
                    alias_index: index,
                    message: format!(
                        "`{}` is already an alias of `{}`; this second alias is ignored",
                        decl.alias.variant.text, decls[direct[&variant].2].alias.canonical.text
                    ),
                    is_error: false,
                });
            }
        }
        problems.sort_by_key(|p| p.alias_index);
        (aliases, problems)
    }

    /// A name as compared (normalised, aliases applied) and as shown.
    pub fn resolve(&self, name: &str) -> Text {
        self.resolve_normalized(&normalize(name), name)
    }

    /// [`Aliases::resolve`], for a name whose normalised `key` is known.
    pub fn resolve_normalized(&self, key: &str, name: &str) -> Text {
        match self.resolved.get(key) {
            Some(canonical) => canonical.clone(),
            None => Text::new(key, name),
        }
    }

    /// The canonical name (key, and as written) of an already-normalised
    /// name that is an alias.
    pub fn canonical(&self, key: &str) -> Option<(&str, &str)> {
        self.resolved
            .get(key)
            .map(|canonical| (canonical.key(), canonical.shown()))
    }

    /// The canonical key of an already-normalised name.
    pub fn resolve_key<'a>(&'a self, key: &'a str) -> &'a str {
        self.resolved.get(key).map_or(key, Text::key)
    }
}

/// Where each variant's chain of aliases ends: the final canonical (key,
/// and as written), or `None` when the chain runs into a cycle; and each
/// cycle, as its declarations in the order they lead to each other.
///
/// Every name is walked once: a chain stops at the first name whose end is
/// already known, so a chain of thousands of aliases takes linear time (a
/// walk per variant, each checking its path for a cycle, took cubic time:
/// 29 s for 4,000 links).
fn follow_all(direct: &Direct) -> (Ends<'_>, Vec<Vec<usize>>) {
    let mut ends = Ends::with_capacity(direct.len());
    let mut cycles = Vec::new();
    for start in direct.keys() {
        if ends.contains_key(start.as_str()) {
            continue;
        }
        let mut path: Vec<&str> = vec![start];
        let mut on_path: HashMap<&str, usize> = HashMap::from([(start.as_str(), 0)]);
        let end = loop {
            let (canonical, shown, _) = &direct[*path.last().expect("a path has a start")];
            if !direct.contains_key(canonical) {
                break Some((canonical.as_str(), shown.as_str()));
            }
            if let Some(&end) = ends.get(canonical.as_str()) {
                break end;
            }
            if let Some(&position) = on_path.get(canonical.as_str()) {
                cycles.push(path[position..].iter().map(|v| direct[*v].2).collect());
                break None;
            }
            on_path.insert(canonical, path.len());
            path.push(canonical);
        };
        for variant in path {
            ends.insert(variant, end);
        }
    }
    (ends, cycles)
}

/// Variant key → (canonical key, canonical as written, declaration index).
type Direct = HashMap<String, (String, String, usize)>;

/// Variant key → its chain's final canonical (key, as written), if any.
type Ends<'a> = HashMap<&'a str, Option<(&'a str, &'a str)>>;

/// The cycle's message names its aliases in the order they lead to each
/// other, from the one declared first and back to it.
fn cycle_problem(decls: &[AliasDecl], chain: &[usize], last: usize) -> AliasProblem {
    let first = (0..chain.len())
        .min_by_key(|&i| chain[i])
        .expect("a cycle has aliases");
    let names: Vec<String> = chain[first..]
        .iter()
        .chain(&chain[..=first])
        .map(|&i| format!("`{}`", decls[i].alias.variant.text))
        .collect();
    AliasProblem {
        file: decls[last].file,
        alias_index: last,
        message: format!(
            "these aliases form a cycle ({}), so none of the names is canonical; remove one of them",
            names.join(" → ")
        ),
        is_error: true,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cycle_is_named_in_the_order_its_aliases_lead_to_each_other() {
        let text = "source s { title \"t\" }\nalias Alpha = Beta\nalias Gamma = Delta\n\
                    alias Beta = Gamma\nalias Delta = Alpha\n";
        let base = crate::load::load_texts(&[("a.facts".to_string(), text.to_string())]);
        let messages: Vec<&str> = base.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains("(`Alpha` → `Beta` → `Gamma` → `Delta` → `Alpha`)"),
            "{}",
            messages[0]
        );
        assert_eq!(base.errors[0].line, 5, "at the alias that closes it");
    }

    /// SPEC §3: chains resolve transitively, however long. Each name is
    /// walked once (a walk per name took cubic time: 29 s for 4,000 links).
    #[test]
    fn a_chain_of_ten_thousand_aliases_resolves_to_its_end() {
        let mut text = String::from("source s { title \"t\" }\n");
        for i in 0..10_000 {
            text.push_str(&format!("alias a{i} = a{}\n", i + 1));
        }
        text.push_str("alias b = a5000\nalias c1 = c2\nalias c2 = c3\nalias c3 = c2\n");
        let base = crate::load::load_texts(&[("a.facts".to_string(), text)]);
        assert_eq!(base.aliases.resolve("a0").key(), "a10000");
        assert_eq!(base.aliases.resolve("a9999").shown(), "a10000");
        assert_eq!(base.aliases.resolve("b").key(), "a10000");
        let messages: Vec<&str> = base.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages.len(), 1, "one cycle, reported once: {messages:?}");
        assert!(
            messages[0].contains("(`c2` → `c3` → `c2`)"),
            "{}",
            messages[0]
        );
        assert_eq!(
            base.aliases.resolve("c1").key(),
            "c1",
            "leads into the cycle"
        );
    }
}
