//! `factcheck lsp`: the language server, for editors (see `crate::lsp`).

pub const AFTER_HELP: &str = "\
Speaks the Language Server Protocol on standard input and output; an editor
starts it (editors/vscode/ does). The workspace folder's facts/ and
assertions/ are loaded (or the whole folder when it has neither), with open
documents' unsaved text in place of the files on disk.

Features: diagnostics as you type (the same findings as `factcheck test`),
hover (a group's merged value, status and every claim with its source), go to
definition (a source id's declaration, a name's first fact), find references,
completion (source ids, subjects, attributes, keywords), formatting (`fmt`).";

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> u8 {
    match crate::lsp::serve_stdio() {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("factcheck lsp: {error}");
            1
        }
    }
}
