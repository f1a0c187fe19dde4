// Starts `factcheck lsp` for .facts and .assert files: diagnostics as you
// type, hover, go to definition, references, completion and formatting.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("factcheck").get("path") || "factcheck";
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient(
    "factcheck",
    "factcheck",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "factcheck" }] }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
