//! `factcheck lsp`: a language server over stdio (`lsp-server`, synchronous).
//!
//! Every change to an open document loads and checks the workspace again,
//! with the open documents' text in place of the files on disk, and
//! publishes the runner's findings as diagnostics; hover, definition,
//! references and completion read that fact base; formatting is `fmt`.
//! Positions are LSP's: lines and UTF-16 columns (`position`).

mod features;
mod position;
mod workspace;

use std::error::Error;
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    Completion, Formatting, GotoDefinition, HoverRequest, References, Request as _,
};
use lsp_types::{
    CompletionOptions, GotoDefinitionResponse, InitializeParams, OneOf, PublishDiagnosticsParams,
    ServerCapabilities, TextDocumentPositionParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, Uri,
};

pub use position::{path_to_uri, uri_to_path, LineIndex};
use workspace::Workspace;

type Failure = Box<dyn Error + Send + Sync>;

/// Serve one client on stdin/stdout until it shuts down.
pub fn serve_stdio() -> Result<(), Failure> {
    let (connection, io_threads) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(())
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions::default()),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// Initialise, then answer messages until `shutdown`.
pub fn serve(connection: &Connection) -> Result<(), Failure> {
    let params = connection.initialize(serde_json::to_value(capabilities())?)?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let mut server = Server {
        workspace: Workspace::new(&workspace_root(&params)),
        dirty: true,
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                server.refresh(connection)?;
                let response = server.request(request);
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(notification) => server.notification(notification),
            Message::Response(_) => {}
        }
        // Several edits in a row are analysed once, when the queue is empty.
        if connection.receiver.is_empty() {
            server.refresh(connection)?;
        }
    }
    Ok(())
}

/// The first workspace folder, else the root URI, else the current directory.
#[allow(deprecated)] // `root_uri` is how older clients name the workspace
fn workspace_root(params: &InitializeParams) -> PathBuf {
    params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .map(|folder| &folder.uri)
        .or(params.root_uri.as_ref())
        .and_then(uri_to_path)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default()
}

struct Server {
    workspace: Workspace,
    /// Documents changed since the last analysis.
    dirty: bool,
}

impl Server {
    fn refresh(&mut self, connection: &Connection) -> Result<(), Failure> {
        if !self.dirty {
            return Ok(());
        }
        self.dirty = false;
        self.workspace.analyse();
        for (path, diagnostics) in self.workspace.diagnostics() {
            let params = PublishDiagnosticsParams::new(path_to_uri(&path), diagnostics, None);
            let notification = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
            connection
                .sender
                .send(Message::Notification(notification))?;
        }
        Ok(())
    }

    fn notification(&mut self, notification: Notification) {
        let method = notification.method.as_str();
        let params = notification.params;
        let (path, text) = match method {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(params)
                else {
                    return;
                };
                (
                    uri_to_path(&p.text_document.uri),
                    Some(p.text_document.text),
                )
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(params)
                else {
                    return;
                };
                // Full sync: the last change holds the whole text.
                (
                    uri_to_path(&p.text_document.uri),
                    p.content_changes.into_iter().last().map(|c| c.text),
                )
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(params)
                else {
                    return;
                };
                (uri_to_path(&p.text_document.uri), None)
            }
            DidSaveTextDocument::METHOD => (None, None),
            _ => return,
        };
        match (path, text) {
            (Some(path), Some(text)) => self.workspace.set_text(path, text),
            (Some(path), None) => self.workspace.close(&path),
            _ => {}
        }
        self.dirty = true;
    }

    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        match self.answer(request) {
            Ok(result) => Response::new_ok(id, result),
            Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
        }
    }

    fn answer(&mut self, request: Request) -> Result<serde_json::Value, String> {
        let workspace = &self.workspace;
        let result = match request.method.as_str() {
            HoverRequest::METHOD => {
                let params: lsp_types::HoverParams = extract(request)?;
                let at = self.locate(&params.text_document_position_params);
                serde_json::to_value(
                    at.and_then(|(file, offset)| features::hover(workspace, file, offset)),
                )
            }
            GotoDefinition::METHOD => {
                let params: lsp_types::GotoDefinitionParams = extract(request)?;
                let at = self.locate(&params.text_document_position_params);
                let locations = at
                    .map(|(file, offset)| features::definition(workspace, file, offset))
                    .unwrap_or_default();
                serde_json::to_value(GotoDefinitionResponse::Array(locations))
            }
            References::METHOD => {
                let params: lsp_types::ReferenceParams = extract(request)?;
                let at = self.locate(&params.text_document_position);
                serde_json::to_value(
                    at.map(|(file, offset)| features::references(workspace, file, offset))
                        .unwrap_or_default(),
                )
            }
            Completion::METHOD => {
                let params: lsp_types::CompletionParams = extract(request)?;
                let at = self.locate(&params.text_document_position);
                serde_json::to_value(
                    at.map(|(file, offset)| features::completion(workspace, file, offset))
                        .unwrap_or_default(),
                )
            }
            Formatting::METHOD => {
                let params: lsp_types::DocumentFormattingParams = extract(request)?;
                let file = self.file(&params.text_document.uri);
                let edits = file
                    .map(|file| features::formatting(&workspace.base.files[file].text))
                    .unwrap_or_default();
                serde_json::to_value(edits)
            }
            other => return Err(format!("factcheck lsp does not handle `{other}`")),
        };
        result.map_err(|error| error.to_string())
    }

    fn file(&self, uri: &Uri) -> Option<usize> {
        self.workspace.file_index(&uri_to_path(uri)?)
    }

    /// The loaded file and byte offset of a document position.
    fn locate(&self, params: &TextDocumentPositionParams) -> Option<(usize, usize)> {
        let file = self.file(&params.text_document.uri)?;
        let index = LineIndex::new(&self.workspace.base.files[file].text);
        Some((file, index.offset(params.position)))
    }
}

fn extract<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, String> {
    serde_json::from_value(request.params).map_err(|error| format!("invalid parameters: {error}"))
}
