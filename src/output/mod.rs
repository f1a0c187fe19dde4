//! Findings → people and machines. Outputs only render: no output recomputes
//! a verdict.

pub mod cases;
mod diagnostic;
mod draw;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod tap;
mod verbose;
pub mod write;

pub use diagnostic::{printable, Report};

/// Print to standard output. A reader that stops early (`| head`) closes the
/// pipe; that ends the output quietly instead of with a panic. Any other
/// write error is returned (and reported by commands whose output matters).
pub fn print(text: &str) -> std::io::Result<()> {
    print_pieces(&[text])
}

/// [`print`] for text in pieces, written one after the other through one
/// buffer: standard output flushes at every line break, so ten thousand
/// diagnostics written straight to it were ten thousand `write` calls.
pub fn print_pieces(pieces: &[impl AsRef<str>]) -> std::io::Result<()> {
    use std::io::Write as _;
    print_with(|stdout| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
        pieces
            .iter()
            .try_for_each(|piece| out.write_all(piece.as_ref().as_bytes()))?;
        out.flush()
    })
}

/// [`print`] for output that `write` writes as it makes it.
pub fn print_with(
    write: impl FnOnce(&mut std::io::StdoutLock<'static>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error),
        _ => Ok(()),
    }
}
