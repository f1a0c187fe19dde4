//! One miette diagnostic type for every finding and error: a message, labels
//! in one file, and related diagnostics for the labels in other files (miette
//! shows one source per diagnostic).

use std::borrow::Cow;
use std::fmt;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, Severity, SourceCode, SourceSpan,
    SpanContents,
};

use crate::syntax::Span;

/// A file's text with the offset of every line, made once per file and
/// shared by every diagnostic about it. It borrows the loaded text: a copy
/// of every file (miette's `NamedSource` wants an owned one) cost more than
/// a tenth of drawing a million-fact base's findings. Only a text with
/// control characters is copied, to draw them blank (see [`drawable`]).
#[derive(Debug)]
pub struct SourceText<'a> {
    pub text: Cow<'a, str>,
    /// In 32 bits: a loaded file is shorter than 4 GiB
    /// ([`Limits::fact_file_bytes`](crate::load::Limits::fact_file_bytes)),
    /// and a million-line list is half the memory to fill.
    line_starts: Cow<'a, [u32]>,
    /// The longest line's length in bytes: most files have no line too long
    /// to draw, and then no label needs looking for one.
    longest_line: usize,
}

impl<'a> SourceText<'a> {
    pub fn new(text: &'a str) -> SourceText<'a> {
        let text = drawable(text);
        // One pass finds the lines and the longest, into a list sized for
        // lines of a typical fact's length: growing a million-line list
        // copied it over and over.
        let offset = |at: usize| u32::try_from(at).expect("loaded files are shorter than 4 GiB");
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        let mut longest_line = 0;
        let mut start = 0;
        for newline in memchr::memchr_iter(b'\n', text.as_bytes()) {
            longest_line = longest_line.max(newline - start);
            start = newline + 1;
            line_starts.push(offset(start));
        }
        let longest_line = longest_line.max(text.len() - start);
        SourceText {
            text,
            line_starts: Cow::Owned(line_starts),
            longest_line,
        }
    }

    /// [`SourceText::new`], with where each line starts known already (as
    /// [`SourceText::new`] finds them), or found here when `line_starts`
    /// is empty.
    pub fn with_line_starts(text: &'a str, line_starts: &'a [u32]) -> SourceText<'a> {
        if line_starts.is_empty() {
            return SourceText::new(text);
        }
        let ends = line_starts[1..].iter().map(|&next| next as usize - 1);
        let longest_line = line_starts
            .iter()
            .zip(ends.chain([text.len()]))
            .map(|(&start, end)| end - start as usize)
            .max()
            .unwrap_or(0);
        SourceText {
            text: drawable(text),
            line_starts: Cow::Borrowed(line_starts),
            longest_line,
        }
    }

    /// Where 0-based `line` starts, if the text has it.
    fn start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).map(|&start| start as usize)
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start as usize <= offset)
            - 1
    }

    /// Where 0-based `line` starts and ends (before its line break), if the
    /// text has such a line: the empty line after a final line break is
    /// not one, as miette draws none there.
    pub(super) fn line_bounds(&self, line: usize) -> Option<(usize, usize)> {
        let start = self.start(line).filter(|&start| start < self.text.len())?;
        let end = match self.start(line + 1) {
            Some(next) => next - 1,
            None => self.text.len(),
        };
        Some((start, end))
    }

    /// Whether 0-based `line` holds byte `offset`.
    fn holds(&self, line: usize, offset: usize) -> bool {
        let next = self.start(line + 1);
        self.start(line)
            .is_some_and(|start| start <= offset && next.is_none_or(|next| offset < next))
    }

    /// The 0-based line holding byte `offset`, at or after `line`: a
    /// label's end is nearly always on its start's line, which one look
    /// tells without searching.
    fn line_from(&self, line: usize, offset: usize) -> usize {
        match self.start(line + 1) {
            Some(next) if next <= offset => self.line_of(offset),
            _ => line,
        }
    }

    /// Whether the line holding byte `offset`, or the line before or after
    /// it (which miette draws too), is longer than `most` bytes.
    fn long_line_near(&self, offset: usize, most: usize) -> bool {
        if self.longest_line <= most {
            return false;
        }
        let line = self.line_of(offset);
        let last = self.line_starts.len() - 1;
        (line.saturating_sub(1)..=(line + 1).min(last)).any(|line| {
            let start = self.line_starts[line] as usize;
            let end = self
                .start(line + 1)
                .map_or(self.text.len(), |next| next - 1);
            end - start > most
        })
    }
}

/// A named file's text as miette reads it. miette finds a snippet by
/// scanning the text from its start, which is quadratic over thousands of
/// diagnostics in one large file; this hands it only the lines the snippet
/// shows. It also counts columns in characters, as the SPEC does, where
/// miette's header counts bytes.
#[derive(Debug)]
pub struct CharColumns<'a> {
    name: &'a str,
    source: &'a SourceText<'a>,
    /// Each label's start and its line, found once: miette reads each
    /// label's span three times or more, and searching a large file's line
    /// starts every time was the costliest part of drawing.
    label_lines: Vec<(usize, usize)>,
}

impl<'a> CharColumns<'a> {
    /// The 0-based line holding byte `offset`.
    pub(super) fn line_of(&self, offset: usize) -> usize {
        match self.label_lines.iter().find(|(start, _)| *start == offset) {
            Some(&(_, line)) => line,
            None => self.source.line_of(offset),
        }
    }

    pub fn name(&self) -> &'a str {
        self.name
    }

    pub(super) fn source(&self) -> &'a SourceText<'a> {
        self.source
    }
}

impl SourceCode for CharColumns<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let source = self.source;
        let text: &'a str = &source.text;
        if span.offset() + span.len() > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let line = self.line_of(span.offset());
        let first_line = line.saturating_sub(context_lines_before);
        let last_line = source.line_from(
            line,
            (span.offset() + span.len())
                .saturating_sub(1)
                .max(span.offset()),
        );
        let window_start = source.line_starts[first_line] as usize;
        // One line more than the context: miette counts a label at a line's
        // end as touching the next line, and must see what it would have seen.
        let window_end = source
            .start(last_line + context_lines_after + 2)
            .unwrap_or(text.len());
        let window = &text[window_start..window_end];
        let inner = SourceSpan::new((span.offset() - window_start).into(), span.len());
        let contents = window.read_span(&inner, context_lines_before, context_lines_after)?;
        let column = if contents.column() == 0 {
            0
        } else {
            let line_start = source.line_starts[line] as usize;
            text[line_start..span.offset()].chars().count()
        };
        let shown = contents.span();
        // `line_count` is the lines the window holds, not (as miette's own
        // reader gives) the lines from the start of the file: miette merges
        // two snippets when `line + line_count` reaches the next one's line,
        // so a count from the file's start merged every claim past the middle
        // of a file with the next, printing every line between them.
        let contents = MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            SourceSpan::new((shown.offset() + window_start).into(), shown.len()),
            contents.line() + first_line,
            column,
            contents.line_count(),
        );
        Ok(Box::new(contents.with_language("factcheck")))
    }
}

#[derive(Debug)]
pub struct Report<'a> {
    pub message: String,
    pub severity: Severity,
    pub help: Option<String>,
    pub source: Option<CharColumns<'a>>,
    pub labels: Vec<LabeledSpan>,
    pub related: Vec<Report<'a>>,
}

impl<'a> Report<'a> {
    pub fn new(severity: Severity, message: impl Into<String>) -> Report<'a> {
        Report {
            message: message.into(),
            severity,
            help: None,
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Report<'a> {
        self.help = Some(help.into());
        self
    }

    pub fn source(mut self, name: &'a str, source: &'a SourceText<'a>) -> Report<'a> {
        let label_lines = self
            .labels
            .iter()
            .map(|label| (label.offset(), source.line_of(label.offset())))
            .collect();
        self.source = Some(CharColumns {
            name,
            source,
            label_lines,
        });
        self
    }

    pub fn label(mut self, text: impl Into<String>, start: usize, len: usize) -> Report<'a> {
        self.labels.push(LabeledSpan::new(
            Some(printable_owned(text.into())),
            start,
            len,
        ));
        if let Some(source) = &mut self.source {
            let line = source.source.line_of(start);
            source.label_lines.push((start, line));
        }
        self
    }

    /// A label on `span`, whose line the span knows: the file's lines are
    /// not searched for it.
    pub fn label_span(self, text: impl Into<String>, span: Span) -> Report<'a> {
        self.label_bytes(text, span.start..span.end, span.line)
    }

    /// [`Report::label_span`] for the bytes `bytes`, on (1-based) `line`.
    pub fn label_bytes(
        mut self,
        text: impl Into<String>,
        bytes: std::ops::Range<usize>,
        line: u32,
    ) -> Report<'a> {
        self.labels.push(LabeledSpan::new(
            Some(printable_owned(text.into())),
            bytes.start,
            bytes.len(),
        ));
        if let Some(source) = &mut self.source {
            // Trusted only where it holds: a span from elsewhere is searched.
            let line = (line as usize).saturating_sub(1);
            let line = if source.source.holds(line, bytes.start) {
                line
            } else {
                source.source.line_of(bytes.start)
            };
            source.label_lines.push((bytes.start, line));
        }
        self
    }
}

/// Lines longer than this are not drawn: a snippet of a megabyte-long line
/// helps nobody, so the diagnostic names the place in words instead.
const LONGEST_DRAWN_LINE: usize = 400;

impl Report<'_> {
    /// The report with its message and help wrapped to fit `width` columns
    /// as miette lays them out (a message after `  × `, help after
    /// `  help: `, a related report nested six columns in). miette is then
    /// told not to wrap: it would otherwise re-wrap every nested report
    /// whole, snippets included, which costs more than drawing them.
    pub fn wrapped(mut self, width: usize) -> Self {
        const MESSAGE_INDENT: usize = 4;
        const HELP_INDENT: usize = 8;
        const NESTED_INDENT: usize = 6;
        // miette leaves two columns free at the right edge.
        let usable = width.saturating_sub(2);
        self.message = wrap(
            &printable(&self.message),
            usable.saturating_sub(MESSAGE_INDENT),
        );
        self.help = self
            .help
            .map(|help| wrap(&printable(&help), usable.saturating_sub(HELP_INDENT)));
        self.related = std::mem::take(&mut self.related)
            .into_iter()
            .map(|related| related.wrapped(width.saturating_sub(NESTED_INDENT)))
            .collect();
        self
    }

    /// Drop the snippet when a label sits on a line too long to draw, and say
    /// where it is (`file:line:column`) in the message instead.
    pub fn without_long_lines(mut self) -> Self {
        self.related = std::mem::take(&mut self.related)
            .into_iter()
            .map(Report::without_long_lines)
            .collect();
        let Some(source) = &self.source else {
            return self;
        };
        let lines = source.source;
        let long = self
            .labels
            .iter()
            .find(|label| lines.long_line_near(label.offset(), LONGEST_DRAWN_LINE));
        if let Some(label) = long {
            let before = &lines.text[..label.offset()];
            let line = before.matches('\n').count() + 1;
            let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                .chars()
                .count()
                + 1;
            self.message = format!("{}:{line}:{column}: {}", source.name(), self.message);
            self.source = None;
            self.labels.clear();
        }
        self
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

/// Lines broken at spaces only, so that a date, a path or a hyphenated name
/// is never cut in two (a word longer than a line is, as miette would). An
/// indented line is a statement to copy (`    accept … because "…"`) and is
/// left whole: broken, it would no longer parse.
/// `text` with its control characters but line breaks and tabs written as
/// escapes (`\u{1b}`). A fact file's words reach the terminal in messages
/// and labels, where a control character would act rather than show: an
/// escape sequence can move the cursor, clear the screen or recolour what
/// follows.
pub fn printable(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// [`printable`], keeping `text` itself when it is printable already.
fn printable_owned(text: String) -> String {
    match printable(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(shown) => shown,
    }
}

/// A file's text as its snippets are drawn: each control character but a
/// line break (`\n`, `\r\n`) and a tab drawn blank, a one-byte one as a
/// space and a two-byte one (U+0080 to U+009F) as `·`, so that every byte
/// offset and character count stays as the file has it. A lone `\r` would
/// otherwise return the terminal's cursor over the line drawn (and miette
/// counts it as a line break where the SPEC does not, numbering every line
/// after it one too many); an escape sequence would act on the terminal.
pub fn drawable(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    // A pass that the compiler vectorises turns nearly every file away; it
    // lets through a few bytes that are not hidden (the `\r` of `\r\n`, the
    // lead byte of `é`'s neighbours U+00A0 to U+00BF), which are then looked
    // at one by one.
    let suspect = |chunk: &[u8]| {
        chunk.iter().fold(false, |any, &b| {
            any | (b < 0x20 && b != b'\t' && b != b'\n') | (b == 0x7f) | (b == 0xc2)
        })
    };
    let Some(first) = bytes.chunks(64).position(suspect) else {
        return Cow::Borrowed(text);
    };
    let hidden_at = |i: usize| match bytes[i] {
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        b'\t' | b'\n' => false,
        b => b < 0x20 || b == 0x7f || (b == 0xc2 && matches!(bytes.get(i + 1), Some(0x80..=0x9f))),
    };
    if !(first * 64..bytes.len()).any(hidden_at) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let lone_return = c == '\r' && chars.peek().map(|&(_, next)| next) != Some('\n');
        match c {
            '\n' | '\t' => shown.push(c),
            '\r' if !lone_return => shown.push(c),
            c if c.is_control() && c.len_utf8() == 1 => shown.push(' '),
            c if c.is_control() => shown.push('·'),
            _ => shown.push(c),
        }
        debug_assert_eq!(shown.len(), i + c.len_utf8(), "offsets are kept");
    }
    Cow::Owned(shown)
}

fn wrap(text: &str, width: usize) -> String {
    text.split('\n')
        .map(|line| {
            // A line no longer in bytes than the width fits on screen:
            // no character is wider than its UTF-8 bytes.
            let fits = line.len() <= width && !line.ends_with(' ');
            if fits || line.starts_with(' ') {
                line.to_string()
            } else {
                fill_plain(line, width).unwrap_or_else(|| fill_remembered(line, width))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `textwrap::fill` as [`fill_remembered`] calls it (first fit, breaking at
/// spaces), for a line of printable ASCII whose words all fit: each line
/// takes words while they fit, keeping the spaces between them and dropping
/// those at a line's end. `None` for any other line, which textwrap fills.
/// Half the diagnostics' messages name a path too long for one line, each
/// different, and textwrap's general machinery was most of wrapping them.
fn fill_plain(line: &str, width: usize) -> Option<String> {
    let printable = |byte: u8| (b' '..=b'~').contains(&byte);
    if line.starts_with(' ') || !line.bytes().all(printable) {
        return None;
    }
    let width = width.max(1);
    let mut out = String::with_capacity(line.len() + 8);
    let (mut used, mut spaces) = (0, "");
    let mut rest = line;
    while !rest.is_empty() {
        let word_end = rest.find(' ').unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_end);
        let next = after.trim_start_matches(' ');
        if word.len() > width {
            return None;
        }
        if used > 0 && used + word.len() > width {
            out.push('\n');
            used = 0;
        } else {
            out.push_str(spaces);
        }
        out.push_str(word);
        spaces = &after[..after.len() - next.len()];
        used += word.len() + spaces.len();
        rest = next;
    }
    Some(out)
}

/// `textwrap::fill`, remembering the last lines it filled on this thread:
/// a run with ten thousand contradictions gives each the same two lines of
/// help, and filling them anew was a tenth of drawing the diagnostics.
fn fill_remembered(line: &str, width: usize) -> String {
    use std::cell::RefCell;
    const MOST: usize = 16;
    thread_local! {
        static FILLED: RefCell<Vec<(usize, String, String)>> = const { RefCell::new(Vec::new()) };
    }
    FILLED.with_borrow_mut(|filled| {
        // Least recently used first: the lines every diagnostic shares stay,
        // however many lines are filled once between them.
        let known = filled.iter().position(|(w, l, _)| *w == width && l == line);
        if let Some(index) = known {
            let entry = filled.remove(index);
            let done = entry.2.clone();
            filled.push(entry);
            return done;
        }
        let options = textwrap::Options::new(width.max(1))
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        let done = textwrap::fill(line, &options);
        if filled.len() == MOST {
            filled.remove(0);
        }
        filled.push((width, line.to_string(), done.clone()));
        done
    })
}

impl Diagnostic for Report<'_> {
    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|help| Box::new(help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|source| source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The line starts the loader's outline finds are those a source
        /// text finds for itself, and give the same longest line.
        #[test]
        fn outlined_line_starts_are_the_texts_own(
            text in "([a-z {}]|\r|\r\n|\n|é){0,60}",
        ) {
            let outline = crate::syntax::outline(&text);
            let given = SourceText::with_line_starts(&text, &outline.line_starts);
            let found = SourceText::new(&text);
            proptest::prop_assert_eq!(&given.line_starts[..], &found.line_starts[..]);
            proptest::prop_assert_eq!(given.longest_line, found.longest_line);
        }

        /// A text drawn keeps every byte offset, character count and line
        /// break of the file, and holds no control character but those.
        #[test]
        fn drawable_text_keeps_places_and_hides_control_characters(
            text in "([a-zé ]|[\\x00-\\x1f\\x7f]|[\\u{80}-\\u{a0}]|\r\n){0,40}",
            returns in "([a-z ]|\r|\r\n|\n){0,20}",
        ) {
            for text in [text, returns] {
                check_drawable(&text)?;
            }
        }

        /// The plain-line shortcut fills as textwrap does, spaces and all.
        #[test]
        fn plain_lines_are_filled_as_textwrap_fills_them(
            line in "[a-z`/.]{1,9}( {1,3}[a-z`/.]{0,9}){0,12} {0,2}",
            width in 1usize..40,
        ) {
            let options = textwrap::Options::new(width)
                .word_separator(textwrap::WordSeparator::AsciiSpace)
                .word_splitter(textwrap::WordSplitter::NoHyphenation);
            if let Some(filled) = fill_plain(&line, width) {
                proptest::prop_assert_eq!(filled, textwrap::fill(&line, &options));
            }
        }
    }

    fn labelled_at<'a>(source: &'a SourceText<'a>, offset: usize) -> Report<'a> {
        Report::new(Severity::Error, "message")
            .source("a.facts", source)
            .label("here", offset, 1)
    }

    /// A label whose line is given draws exactly as one whose line is
    /// searched for, on the first line, the last, and one in between; a
    /// line given wrong (or not given) is searched for.
    #[test]
    fn a_label_with_its_line_given_draws_as_one_searched_for() {
        let text = "a b 1\nc d 22\ne f 333\n";
        let source = SourceText::new(text);
        let drawn = |report: Report<'_>| {
            let mut out = String::new();
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
                .render_report(&mut out, &report)
                .unwrap();
            out
        };
        for (start, len, line) in [(4, 1, 1), (10, 2, 2), (18, 3, 3), (4, 1, 3), (10, 2, 0)] {
            let span = Span {
                start,
                end: start + len,
                line,
                column: 5,
            };
            let report = || Report::new(Severity::Error, "message").source("a.facts", &source);
            assert_eq!(
                drawn(report().label_span("here", span)),
                drawn(report().label("here", start, len))
            );
        }
    }

    fn check_drawable(text: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let drawn = drawable(text);
        proptest::prop_assert_eq!(drawn.len(), text.len());
        proptest::prop_assert_eq!(drawn.chars().count(), text.chars().count());
        let breaks = |t: &str| t.match_indices('\n').map(|(i, _)| i).collect::<Vec<_>>();
        proptest::prop_assert_eq!(breaks(&drawn), breaks(text));
        let mut chars = drawn.chars().peekable();
        while let Some(c) = chars.next() {
            let allowed = match c {
                '\n' | '\t' => true,
                '\r' => chars.peek() == Some(&'\n'),
                c => !c.is_control(),
            };
            proptest::prop_assert!(allowed, "{:?} in {:?}", c, drawn);
        }
        if drawn == text {
            proptest::prop_assert!(matches!(drawn, Cow::Borrowed(_)), "not copied");
        }
        Ok(())
    }

    /// A message's control characters are written as escapes, line breaks
    /// and tabs kept; a printable message is not copied.
    #[test]
    fn messages_show_control_characters_as_escapes() {
        assert_eq!(
            printable("a\u{1b}[2Jb\r\u{9b}\n\tc"),
            "a\\u{1b}[2Jb\\u{d}\\u{9b}\n\tc"
        );
        assert!(matches!(printable("plain é\n\t"), Cow::Borrowed(_)));
    }

    /// A lone `\r` is no line break to the SPEC: a snippet after one is
    /// numbered as the file's lines are, and the `\r` is drawn blank.
    #[test]
    fn a_lone_carriage_return_neither_breaks_nor_shifts_a_snippets_lines() {
        let text = "a b 1\n# c\rd\ne f 2\ng h 3\n";
        let source = SourceText::new(text);
        let mut out = String::new();
        let report = Report::new(Severity::Error, "message")
            .source("a.facts", &source)
            .label("here", 16, 1)
            .label("and here", 22, 1);
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .render_report(&mut out, &report)
            .unwrap();
        assert!(out.contains(" 2 │ # c d\n 3 │ e f 2\n"), "{out}");
        assert!(out.contains(" 4 │ g h 3\n"), "{out}");
    }

    /// miette draws a label's line and the lines either side: a long one
    /// among them drops the snippet, and the message says where instead.
    #[test]
    fn a_snippet_near_a_line_too_long_to_draw_is_dropped_for_its_place() {
        let long = "x".repeat(LONGEST_DRAWN_LINE + 1);
        let text = format!("a b 1\nc d 2\n{long}\ne f 3\ng h 4\n");
        let source = SourceText::new(&text);
        let on_long = labelled_at(&source, 12 + 5).without_long_lines();
        assert!(on_long.source.is_none());
        assert_eq!(on_long.message, "a.facts:3:6: message");
        let beside = labelled_at(&source, 6).without_long_lines();
        assert!(beside.source.is_none(), "the next line is long");
        let after = labelled_at(&source, 12 + long.len() + 1).without_long_lines();
        assert!(after.source.is_none(), "the line before is long");
        let far = labelled_at(&source, 0).without_long_lines();
        assert!(far.source.is_some(), "two lines away: drawn");
        let last = 12 + long.len() + 7;
        assert!(labelled_at(&source, last)
            .without_long_lines()
            .source
            .is_some());
    }
}
