//! What `--verbose` adds to the human report: the groups whose claims agree,
//! each with its merged value and every claim behind it, and the quotes
//! found in their sources.

use std::fmt::Write as _;

use crate::check::Findings;
use crate::load::FactBase;

pub fn agreed_and_quotes(out: &mut String, base: &FactBase, findings: &Findings) {
    for agreed in &findings.agreed {
        let group = &base.groups[agreed.group];
        let as_of = group.as_of_shown();
        let _ = writeln!(
            out,
            "agreed    {}{as_of} = {}",
            base.path_of(group),
            agreed.value
        );
        for index in &group.claims {
            let claim = &base.claims[index];
            let _ = writeln!(
                out,
                "            {} says {}  ({}:{})",
                base.sources[claim.source()].id,
                base.written(claim),
                base.files[claim.file()].path,
                claim.line()
            );
        }
    }
    for check in findings.quotes.iter().filter(|q| q.found) {
        let quote = &base.quotes[check.quote];
        let _ = writeln!(
            out,
            "quote ok  {}:{}  found in the text of `{}`",
            base.files[quote.at.file].path, quote.at.span.line, base.sources[quote.source].id
        );
    }
    if !findings.agreed.is_empty() || findings.quotes.iter().any(|q| q.found) {
        out.push('\n');
    }
}
