//! One miette diagnostic type for every finding and error: a message, labels
//! in one file, and related diagnostics for the labels in other files (miette
//! shows one source per diagnostic).

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, LabeledSpan, MietteError, MietteSpanContents, NamedSource, Severity, SourceCode,
    SourceSpan, SpanContents,
};

/// A file's text for miette, with columns counted in characters. miette
/// counts the column in a snippet's `file:line:column` header in bytes; the
/// SPEC counts characters, and so must every place we print a column.
#[derive(Debug)]
pub struct CharColumns(pub Arc<str>);

impl SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self
            .0
            .read_span(span, context_lines_before, context_lines_after)?;
        let column = if contents.column() == 0 {
            0
        } else {
            let text: &str = &self.0;
            let line_start = text[..span.offset()].rfind('\n').map_or(0, |i| i + 1);
            text[line_start..span.offset()].chars().count()
        };
        Ok(Box::new(MietteSpanContents::new(
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

#[derive(Debug)]
pub struct Report {
    pub message: String,
    pub severity: Severity,
    pub help: Option<String>,
    pub source: Option<NamedSource<CharColumns>>,
    pub labels: Vec<LabeledSpan>,
    pub related: Vec<Report>,
}

impl Report {
    pub fn new(severity: Severity, message: impl Into<String>) -> Report {
        Report {
            message: message.into(),
            severity,
            help: None,
            source: None,
            labels: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Report {
        self.help = Some(help.into());
        self
    }

    pub fn source(mut self, name: &str, text: Arc<str>) -> Report {
        self.source = Some(NamedSource::new(name, CharColumns(text)).with_language("factcheck"));
        self
    }

    pub fn label(mut self, text: impl Into<String>, start: usize, len: usize) -> Report {
        self.labels
            .push(LabeledSpan::new(Some(text.into()), start, len));
        self
    }
}

/// Lines longer than this are not drawn: a snippet of a megabyte-long line
/// helps nobody, so the diagnostic names the place in words instead.
const LONGEST_DRAWN_LINE: usize = 400;

impl Report {
    /// Drop the snippet when a label sits on a line too long to draw, and say
    /// where it is (`file:line:column`) in the message instead.
    pub fn without_long_lines(mut self) -> Report {
        self.related = std::mem::take(&mut self.related)
            .into_iter()
            .map(Report::without_long_lines)
            .collect();
        let Some(source) = &self.source else {
            return self;
        };
        let text: &str = &source.inner().0;
        // miette draws the line before and after a label's line too.
        let long = self.labels.iter().find(|label| {
            let before = text[..label.offset()]
                .rsplitn(3, '\n')
                .last()
                .map_or(0, str::len);
            let start = if before == label.offset() {
                0
            } else {
                before + 1
            };
            let end = text[label.offset()..]
                .splitn(3, '\n')
                .take(2)
                .map(|part| part.len() + 1)
                .sum::<usize>()
                .min(text.len() - label.offset())
                + label.offset();
            text[start..end]
                .split('\n')
                .any(|line| line.len() > LONGEST_DRAWN_LINE)
        });
        if let Some(label) = long {
            let before = &text[..label.offset()];
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

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl Diagnostic for Report {
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
