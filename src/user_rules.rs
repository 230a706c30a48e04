//! The user's own rules in the app ("Always tag ‘X’ as ORG", "Never tag
//! ‘X’", imported `.rules` files): one list, kept in this browser across
//! articles, run by the engine after being turned into a
//! [`RuleSet`] called [`SET_NAME`] (so highlights they make carry
//! `rule: "user:my rules:N"`, N being the rule's line in the exported file).
//!
//! Every change to the list is a [`RulesChange`] (rules taken out and put
//! in, by position), so the reducer can undo and redo it together with the
//! document change it causes. Plain Rust: tested natively.

use pressmark_engine::rules::user_hash;
use pressmark_engine::{Annotator, Label, RuleKind, RuleSet, RulesError, UserRule};

/// The name of the app's rule set: rule ids read `user:my rules:N`.
pub const SET_NAME: &str = "my rules";

/// The name "Export .rules" gives the file.
pub const FILE_NAME: &str = "pressmark.rules";

/// The rules as the engine takes them (lines numbered 1, 2, … as in the
/// exported file).
pub fn rule_set(rules: &[UserRule]) -> RuleSet {
    RuleSet::from_rules(SET_NAME, rules.iter().cloned())
}

/// The built-in rules plus the user's.
pub fn annotator(rules: &[UserRule]) -> Result<Annotator, RulesError> {
    Annotator::builder().user_rules(&rule_set(rules)).build()
}

/// The hash the engine stamps on documents annotated with these rules
/// (`Document.rules.user`).
pub fn hash(rules: &[UserRule]) -> Option<String> {
    user_hash([&rule_set(rules)])
}

/// The rules as a `.rules` file (what "Export .rules" saves and what is
/// kept in localStorage).
pub fn to_text(rules: &[UserRule]) -> String {
    rule_set(rules).to_text()
}

/// Reads a `.rules` text (saved or imported) as the app's list: exact
/// duplicates are dropped, lines renumbered.
pub fn from_text(name: &str, text: &str) -> Result<Vec<UserRule>, RulesError> {
    let set = RuleSet::parse(name, text)?;
    let mut out: Vec<UserRule> = Vec::new();
    for r in set.rules() {
        if !out.iter().any(|o| same(o, r)) {
            out.push(r.clone());
        }
    }
    renumber(&mut out);
    Ok(out)
}

/// The same rule, whatever its line.
pub fn same(a: &UserRule, b: &UserRule) -> bool {
    a.kind == b.kind && a.any_case == b.any_case
}

fn renumber(rules: &mut [UserRule]) {
    for (i, r) in rules.iter_mut().enumerate() {
        r.line = i + 1;
    }
}

/// A rule's text shortened for buttons and messages.
fn short(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() > 40 {
        s.chars().take(39).collect::<String>() + "…"
    } else {
        s
    }
}

/// What a rule does, in words: "Always tag ‘Acme’ as ORG".
pub fn describe(rule: &UserRule) -> String {
    let any = if rule.any_case { " (any case)" } else { "" };
    match &rule.kind {
        RuleKind::Tag { label, phrase } => {
            format!("Always tag ‘{}’{any} as {label}", short(phrase))
        }
        RuleKind::Never {
            label: None,
            phrase,
        } => format!("Never tag ‘{}’{any}", short(phrase)),
        RuleKind::Never {
            label: Some(label),
            phrase,
        } => format!("Never tag ‘{}’{any} as {label}", short(phrase)),
        RuleKind::Cue(p) => format!("Treat ‘{}’{any} as a verb of saying", short(p)),
        RuleKind::Title(p) => format!("Treat ‘{}’{any} as a title", short(p)),
        RuleKind::Pattern { label, regex } => {
            format!("Tag matches of /{}/ as {label}", short(regex))
        }
    }
}

/// The same rule with another label (for the label choice in the Rules
/// panel); `None` for a rule without one. `label: None` is only for
/// `never` ("never tag it with any label").
pub fn with_label(rule: &UserRule, label: Option<Label>) -> Option<UserRule> {
    let kind = match (&rule.kind, label) {
        (RuleKind::Tag { phrase, .. }, Some(label)) => RuleKind::Tag {
            label,
            phrase: phrase.clone(),
        },
        (RuleKind::Never { phrase, .. }, label) => RuleKind::Never {
            label,
            phrase: phrase.clone(),
        },
        (RuleKind::Pattern { regex, .. }, Some(label)) => RuleKind::Pattern {
            label,
            regex: regex.clone(),
        },
        _ => return None,
    };
    UserRule::new(kind, rule.any_case).ok()
}

/// An invertible change to the list: `removed` (with their positions in
/// the list before) come out, then `added` (with their positions in the
/// list after) go in. Undo swaps them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RulesChange {
    pub removed: Vec<(usize, UserRule)>,
    pub added: Vec<(usize, UserRule)>,
}

impl RulesChange {
    /// The list after the change.
    pub fn apply(&self, rules: &[UserRule]) -> Vec<UserRule> {
        splice(rules, &self.removed, &self.added)
    }

    /// The list before the change.
    pub fn revert(&self, rules: &[UserRule]) -> Vec<UserRule> {
        splice(rules, &self.added, &self.removed)
    }
}

/// Takes `out` out of `rules` and puts `into` in. A rule is found at its
/// recorded position, or else wherever it is (so a list changed elsewhere
/// still gets the right rule out); a rule already there is not put in twice.
fn splice(
    rules: &[UserRule],
    out: &[(usize, UserRule)],
    into: &[(usize, UserRule)],
) -> Vec<UserRule> {
    let mut v = rules.to_vec();
    let mut outs: Vec<&(usize, UserRule)> = out.iter().collect();
    outs.sort_by_key(|x| std::cmp::Reverse(x.0));
    for (i, r) in outs {
        let at = if v.get(*i).is_some_and(|x| same(x, r)) {
            Some(*i)
        } else {
            v.iter().position(|x| same(x, r))
        };
        if let Some(at) = at {
            v.remove(at);
        }
    }
    let mut ins: Vec<&(usize, UserRule)> = into.iter().collect();
    ins.sort_by_key(|x| x.0);
    for (i, r) in ins {
        if !v.iter().any(|x| same(x, r)) {
            let at = (*i).min(v.len());
            v.insert(at, r.clone());
        }
    }
    renumber(&mut v);
    v
}

/// What the user asks of their rules.
#[derive(Clone, Debug, PartialEq)]
pub enum RulesOp {
    /// A new rule ("Always tag", "Never tag"). Rules for the same phrase
    /// that it contradicts are replaced by it, so it does what it says.
    Add(UserRule),
    /// Rules read from a file, appended (exact duplicates are skipped; the
    /// engine's own order then decides, as with the CLI's `--rules`).
    Import {
        file: String,
        rules: Vec<UserRule>,
    },
    Delete(UserRule),
    /// A rule changed in the Rules panel (a new label).
    Replace {
        old: UserRule,
        new: UserRule,
    },
}

/// A change worked out, ready for the reducer.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// For the undo button: "Always tag ‘X’ as ORG".
    pub what: String,
    /// For the status line once done: "Imported 3 rules from “beat.rules”".
    pub done: String,
    pub change: RulesChange,
    /// How many rules of an import were already there.
    pub skipped: usize,
}

impl Plan {
    /// The rules the plan takes out that the user did not name (the ones a
    /// new rule contradicts).
    pub fn replaces(&self) -> Vec<&UserRule> {
        self.change.removed.iter().map(|(_, r)| r).collect()
    }
}

/// The rule as it will be numbered at position `at` of the list.
fn numbered(rule: &UserRule, at: usize) -> UserRule {
    UserRule {
        line: at + 1,
        ..rule.clone()
    }
}

fn phrase(r: &UserRule) -> Option<&str> {
    match &r.kind {
        RuleKind::Tag { phrase, .. } | RuleKind::Never { phrase, .. } => Some(phrase),
        _ => None,
    }
}

/// Whether the two rules are about the same words (a rule for any case
/// covers the others whatever their case).
fn same_phrase(a: &UserRule, b: &UserRule) -> bool {
    match (phrase(a), phrase(b)) {
        (Some(x), Some(y)) if a.any_case || b.any_case => x.to_lowercase() == y.to_lowercase(),
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// Whether `old` keeps `new` from doing what it says: two tags for the same
/// phrase, or a tag and a `never` that forbids it.
fn contradicts(new: &UserRule, old: &UserRule) -> bool {
    if !same_phrase(new, old) {
        return false;
    }
    match (&new.kind, &old.kind) {
        (RuleKind::Tag { .. }, RuleKind::Tag { .. }) => true,
        (RuleKind::Tag { label, .. }, RuleKind::Never { label: never, .. })
        | (RuleKind::Never { label: never, .. }, RuleKind::Tag { label, .. }) => {
            never.is_none_or(|n| n == *label)
        }
        // `never X` makes `never LABEL X` for the same words redundant.
        (RuleKind::Never { label: None, .. }, RuleKind::Never { label: Some(_), .. }) => {
            new.any_case == old.any_case && phrase(new) == phrase(old)
        }
        _ => false,
    }
}

/// Works out `op` on `rules`. `Err` says, in a sentence, why it would
/// change nothing.
pub fn plan(rules: &[UserRule], op: &RulesOp) -> Result<Plan, String> {
    match op {
        RulesOp::Add(rule) => {
            if let Some(r) = rules.iter().find(|r| same(r, rule)) {
                return Err(format!("“{r}” is already one of your rules."));
            }
            let removed: Vec<(usize, UserRule)> = rules
                .iter()
                .enumerate()
                .filter(|(_, r)| contradicts(rule, r))
                .map(|(i, r)| (i, r.clone()))
                .collect();
            let at = rules.len() - removed.len();
            Ok(Plan {
                what: describe(rule),
                done: format!("Added your rule “{rule}”"),
                change: RulesChange {
                    removed,
                    added: vec![(at, numbered(rule, at))],
                },
                skipped: 0,
            })
        }
        RulesOp::Import { file, rules: new } => {
            let mut added: Vec<(usize, UserRule)> = Vec::new();
            let mut skipped = 0;
            for r in new {
                if rules
                    .iter()
                    .chain(added.iter().map(|(_, a)| a))
                    .any(|x| same(x, r))
                {
                    skipped += 1;
                } else {
                    let at = rules.len() + added.len();
                    added.push((at, numbered(r, at)));
                }
            }
            if added.is_empty() {
                return Err(match new.len() {
                    0 => format!("“{file}” has no rules in it: nothing was added."),
                    1 => format!("The rule in “{file}” is already yours: nothing was added."),
                    n => format!("All {n} rules in “{file}” are already yours: nothing was added."),
                });
            }
            let n = added.len();
            let rules_from = format!("{n} rule{} from “{file}”", if n == 1 { "" } else { "s" });
            Ok(Plan {
                what: format!("Import {rules_from}"),
                done: format!("Imported {rules_from}"),
                change: RulesChange {
                    removed: Vec::new(),
                    added,
                },
                skipped,
            })
        }
        RulesOp::Delete(rule) => {
            let i = rules
                .iter()
                .position(|r| same(r, rule))
                .ok_or_else(|| format!("“{rule}” is no longer one of your rules."))?;
            Ok(Plan {
                what: format!("Delete rule “{}”", rules[i]),
                done: format!("Deleted rule “{}”", rules[i]),
                change: RulesChange {
                    removed: vec![(i, rules[i].clone())],
                    added: Vec::new(),
                },
                skipped: 0,
            })
        }
        RulesOp::Replace { old, new } => {
            let i = rules
                .iter()
                .position(|r| same(r, old))
                .ok_or_else(|| format!("“{old}” is no longer one of your rules."))?;
            if same(old, new) {
                return Err(format!("“{old}” is unchanged."));
            }
            if let Some(r) = rules.iter().find(|r| same(r, new)) {
                return Err(format!("“{r}” is already one of your rules."));
            }
            Ok(Plan {
                what: format!("Change rule “{}” to “{new}”", rules[i]),
                done: format!("Changed rule “{}” to “{new}”", rules[i]),
                change: RulesChange {
                    removed: vec![(i, rules[i].clone())],
                    added: vec![(i, numbered(new, i))],
                },
                skipped: 0,
            })
        }
    }
}

/// What re-running the rules does to the highlights of one article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Effect {
    /// New highlights where there were none.
    pub added: usize,
    /// Highlights that get another label or extent.
    pub changed: usize,
    /// Highlights that go.
    pub removed: usize,
    pub quotes_added: usize,
    pub quotes_changed: usize,
    pub quotes_removed: usize,
}

fn counts(added: usize, changed: usize, removed: usize, noun: &str) -> Option<String> {
    let parts: Vec<(&str, usize)> = [("adds", added), ("changes", changed), ("removes", removed)]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect();
    let (_, last) = *parts.last()?;
    let list = parts
        .iter()
        .map(|(w, n)| format!("{w} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    Some(format!("{list} {noun}{}", if last == 1 { "" } else { "s" }))
}

impl Effect {
    pub fn is_empty(&self) -> bool {
        *self == Effect::default()
    }

    /// "In this article: adds 3, removes 1 highlight." (or that it changes
    /// nothing).
    pub fn describe(&self) -> String {
        let parts: Vec<String> = [
            counts(self.added, self.changed, self.removed, "highlight"),
            counts(
                self.quotes_added,
                self.quotes_changed,
                self.quotes_removed,
                "quote",
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            "In this article: no highlight changes.".to_string()
        } else {
            format!("In this article: {}.", parts.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(line: &str) -> UserRule {
        UserRule::parse_line(0, line).unwrap().unwrap()
    }

    fn lines(rules: &[UserRule]) -> Vec<String> {
        rules.iter().map(|r| r.to_string()).collect()
    }

    fn list(ls: &[&str]) -> Vec<UserRule> {
        from_text("t", &ls.join("\n")).unwrap()
    }

    #[test]
    fn add_replaces_the_rules_it_contradicts_and_undoes_exactly() {
        let rules = list(&[
            "never Zorblax Dynamics",
            "cue harrumphed",
            "PERSON Zorblax Dynamics",
        ]);
        let p = plan(&rules, &RulesOp::Add(rule("ORG Zorblax Dynamics"))).unwrap();
        assert_eq!(p.what, "Always tag ‘Zorblax Dynamics’ as ORG");
        assert_eq!(
            lines(&p.replaces().into_iter().cloned().collect::<Vec<_>>()),
            ["never Zorblax Dynamics", "PERSON Zorblax Dynamics"]
        );
        let after = p.change.apply(&rules);
        assert_eq!(lines(&after), ["cue harrumphed", "ORG Zorblax Dynamics"]);
        assert_eq!(after.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(p.change.revert(&after), rules);
        // a duplicate changes nothing and says so
        let again = plan(&after, &RulesOp::Add(rule("ORG Zorblax Dynamics"))).unwrap_err();
        assert_eq!(
            again,
            "“ORG Zorblax Dynamics” is already one of your rules."
        );
        // a label-specific never that allows the label stays; so do other phrases
        let keep = list(&["never PERSON Acme", "ORG Acme Widgets", "never/i acme"]);
        let p = plan(&keep, &RulesOp::Add(rule("ORG Acme"))).unwrap();
        assert_eq!(
            lines(&p.change.apply(&keep)),
            ["never PERSON Acme", "ORG Acme Widgets", "ORG Acme"]
        );
        // never X replaces the tags for X and the never LABEL X
        let p = plan(
            &list(&["ORG X Corp", "never LOC X Corp"]),
            &RulesOp::Add(rule("never X Corp")),
        )
        .unwrap();
        assert_eq!(p.what, "Never tag ‘X Corp’");
        assert_eq!(p.change.removed.len(), 2);
    }

    #[test]
    fn import_appends_skipping_duplicates() {
        let rules = list(&["ORG Acme"]);
        let file = from_text(
            "beat.rules",
            "# beat\nORG Acme\nLOC Upper Mawby\nLOC Upper Mawby\ncue harrumphed\n",
        )
        .unwrap();
        assert_eq!(
            file.len(),
            3,
            "duplicates within a file are dropped when read"
        );
        let p = plan(
            &rules,
            &RulesOp::Import {
                file: "beat.rules".into(),
                rules: file.clone(),
            },
        )
        .unwrap();
        assert_eq!(p.what, "Import 2 rules from “beat.rules”");
        assert_eq!(p.done, "Imported 2 rules from “beat.rules”");
        assert_eq!(p.skipped, 1);
        let after = p.change.apply(&rules);
        assert_eq!(
            lines(&after),
            ["ORG Acme", "LOC Upper Mawby", "cue harrumphed"]
        );
        assert_eq!(p.change.revert(&after), rules);
        let none = plan(
            &after,
            &RulesOp::Import {
                file: "beat.rules".into(),
                rules: file,
            },
        )
        .unwrap_err();
        assert!(none.contains("already yours"), "{none}");
        let empty = plan(
            &after,
            &RulesOp::Import {
                file: "e.rules".into(),
                rules: Vec::new(),
            },
        )
        .unwrap_err();
        assert!(empty.contains("no rules"), "{empty}");
    }

    #[test]
    fn delete_and_replace_by_value() {
        let rules = list(&["ORG Acme", "never Jordan", "pattern NUMBER /\\d+ quid/i"]);
        let p = plan(&rules, &RulesOp::Delete(rule("never Jordan"))).unwrap();
        let after = p.change.apply(&rules);
        assert_eq!(lines(&after), ["ORG Acme", "pattern NUMBER /\\d+ quid/i"]);
        assert_eq!(after[1].line, 2);
        assert_eq!(p.change.revert(&after), rules);
        assert!(plan(&after, &RulesOp::Delete(rule("never Jordan"))).is_err());

        let new = with_label(&rules[2], Some(Label::Org)).unwrap();
        assert_eq!(new.to_string(), "pattern ORG /\\d+ quid/i");
        let p = plan(
            &rules,
            &RulesOp::Replace {
                old: rules[2].clone(),
                new,
            },
        )
        .unwrap();
        assert_eq!(
            lines(&p.change.apply(&rules))[2],
            "pattern ORG /\\d+ quid/i"
        );
        let never_person = with_label(&rules[1], Some(Label::Person)).unwrap();
        assert_eq!(never_person.to_string(), "never PERSON Jordan");
        assert_eq!(
            with_label(&never_person, None).unwrap().to_string(),
            "never Jordan"
        );
        assert!(with_label(&rule("cue said"), Some(Label::Org)).is_none());
        // replacing with a rule that is already there is refused
        let dup = plan(
            &rules,
            &RulesOp::Replace {
                old: rules[1].clone(),
                new: rule("ORG Acme"),
            },
        );
        assert!(dup.is_err());
    }

    #[test]
    fn a_change_still_applies_to_a_list_changed_elsewhere() {
        let rules = list(&["ORG A", "ORG B", "ORG C"]);
        let p = plan(&rules, &RulesOp::Delete(rule("ORG B"))).unwrap();
        // meanwhile rule A went
        let elsewhere = list(&["ORG B", "ORG C"]);
        assert_eq!(lines(&p.change.apply(&elsewhere)), ["ORG C"]);
        // and undoing never makes a duplicate
        let back = p.change.revert(&list(&["ORG B", "ORG C"]));
        assert_eq!(lines(&back), ["ORG B", "ORG C"]);
    }

    #[test]
    fn text_round_trip_and_ids() {
        let rules = list(&[
            "ORG Zorblax Dynamics",
            "never/i saturday night live",
            "title Archdeacon",
        ]);
        let text = to_text(&rules);
        assert_eq!(
            text,
            "ORG Zorblax Dynamics\nnever/i saturday night live\ntitle Archdeacon\n"
        );
        assert_eq!(from_text(SET_NAME, &text).unwrap(), rules);
        let doc = annotator(&rules)
            .unwrap()
            .annotate("Shares of Zorblax Dynamics rose.");
        let e = doc
            .entities
            .iter()
            .find(|e| doc.slice(e.start, e.end) == "Zorblax Dynamics")
            .expect("the rule tags it");
        assert_eq!((e.label, e.rule.as_ref()), (Label::Org, "user:my rules:1"));
        assert_eq!(doc.rules.unwrap().user, hash(&rules));
        assert_eq!(hash(&[]), None);
        let e = from_text("bad.rules", "ORG Acme\nFIRM Bad").unwrap_err();
        assert!(e.to_string().starts_with("bad.rules:2: "), "{e}");
    }

    #[test]
    fn effects_in_words() {
        let e = |added, changed, removed| Effect {
            added,
            changed,
            removed,
            ..Effect::default()
        };
        assert_eq!(
            e(3, 0, 1).describe(),
            "In this article: adds 3, removes 1 highlight."
        );
        assert_eq!(e(1, 0, 0).describe(), "In this article: adds 1 highlight.");
        assert_eq!(
            e(0, 2, 0).describe(),
            "In this article: changes 2 highlights."
        );
        assert_eq!(
            e(0, 0, 0).describe(),
            "In this article: no highlight changes."
        );
        let q = Effect {
            added: 1,
            quotes_added: 2,
            ..Effect::default()
        };
        assert_eq!(
            q.describe(),
            "In this article: adds 1 highlight; adds 2 quotes."
        );
    }
}
