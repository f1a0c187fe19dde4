//! `factcheck completions SHELL`: a completion script for the shell, made by
//! clap_complete from the same definition that parses the command line, so
//! it never falls out of date.

use clap::CommandFactory;
use clap_complete::Shell;

pub const AFTER_HELP: &str = "\
Examples:
  factcheck completions bash > ~/.local/share/bash-completion/completions/factcheck
  factcheck completions zsh > \"${fpath[1]}/_factcheck\"
  factcheck completions fish > ~/.config/fish/completions/factcheck.fish";

#[derive(clap::Args)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: CompletionShell,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

pub fn run(args: Args) -> u8 {
    let shell = match args.shell {
        CompletionShell::Bash => Shell::Bash,
        CompletionShell::Zsh => Shell::Zsh,
        CompletionShell::Fish => Shell::Fish,
    };
    let mut command = super::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "factcheck", &mut script);
    let _ = crate::output::print(&String::from_utf8_lossy(&script));
    0
}
