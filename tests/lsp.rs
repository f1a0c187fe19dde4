//! `factcheck lsp` driven over JSON-RPC as an editor drives it: initialize,
//! open a document whose unsaved text differs from the disk, read the
//! diagnostics, then hover, definition, references, completion, formatting
//! and shutdown. Names hold non-ASCII characters (one of them outside the
//! Basic Multilingual Plane) so that UTF-16 columns are checked.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(value) = header.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_factcheck"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start factcheck lsp");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            while let Some(message) = read_message(&mut stdout) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request and wait for its response, skipping notifications.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.next_message();
            if message["id"] == json!(id) {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
        }
    }

    fn next_message(&self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers within 20 s")
    }

    /// The next diagnostics published for `uri` that satisfy `wanted`.
    fn diagnostics_for(&self, uri: &str, wanted: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        loop {
            let message = self.next_message();
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                let list = message["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                if wanted(&list) {
                    return list;
                }
            }
        }
    }
}

fn uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for byte in path.to_str().unwrap().bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn position(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

const ON_DISK: &str = "source dawn { title \"Dawn\" }\nsource wire { title \"Wire\" }\nfrom dawn\n\"Türkiye 𝔸\" size 8\n";
/// The open document: unsaved, it says 9 where the disk says 8.
const OPEN: &str = "source dawn { title \"Dawn\" }\nsource wire { title \"Wire\" }\nfrom dawn\n\"Türkiye 𝔸\" size   9\n";
const OTHER: &str = "from wire\n\"Türkiye 𝔸\" size 8 quote \"eight\"\n";

#[test]
fn an_editor_session() {
    let dir = tempfile::tempdir().expect("temp dir");
    let facts = dir.path().join("facts");
    std::fs::create_dir(&facts).unwrap();
    std::fs::write(facts.join("a.facts"), ON_DISK).unwrap();
    std::fs::write(facts.join("b.facts"), OTHER).unwrap();
    let (a, b) = (uri(&facts.join("a.facts")), uri(&facts.join("b.facts")));
    let mut client = Client::start(dir.path());

    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": uri(dir.path()), "capabilities": {}}),
    );
    let capabilities = &init["capabilities"];
    for capability in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentFormattingProvider",
    ] {
        assert_eq!(capabilities[capability], json!(true), "{capability}");
    }
    client.notify("initialized", json!({}));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": a, "languageId": "factcheck", "version": 1, "text": OPEN}}),
    );

    // The contradiction exists only in the unsaved text. `9` stands after
    // `"Türkiye 𝔸" size   `: 19 characters, 20 UTF-16 units, 23 bytes.
    let diagnostics = client.diagnostics_for(&a, |list| !list.is_empty());
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let contradiction = &diagnostics[0];
    assert_eq!(contradiction["severity"], json!(1));
    assert_eq!(contradiction["range"]["start"], position(3, 20));
    assert_eq!(contradiction["range"]["end"], position(3, 21));
    let message = contradiction["message"].as_str().unwrap();
    assert!(
        message.starts_with("sources disagree on `Türkiye 𝔸 size`: dawn says 9, wire says 8"),
        "{message}"
    );
    let related = &contradiction["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], json!(b));
    assert_eq!(related["location"]["range"]["start"], position(1, 18));
    assert_eq!(related["message"], json!("wire says 8"));

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": a}, "position": position(3, 3)}),
    );
    let shown = hover["contents"]["value"].as_str().expect("markdown hover");
    assert!(shown.contains("contested"), "{shown}");
    assert!(
        shown.contains("`9` from **dawn** (facts/a.facts:4)"),
        "{shown}"
    );
    assert!(
        shown.contains("`8` from **wire** (facts/b.facts:2): “eight”"),
        "{shown}"
    );

    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": a}, "position": position(2, 6)}),
    );
    assert_eq!(definition[0]["uri"], json!(a));
    assert_eq!(definition[0]["range"]["start"], position(0, 7));
    let in_other_file = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": b}, "position": position(0, 6)}),
    );
    assert_eq!(in_other_file[0]["uri"], json!(a));
    assert_eq!(in_other_file[0]["range"]["start"], position(1, 7));

    let references = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": b}, "position": position(1, 11), "context": {"includeDeclaration": true}}),
    );
    let places: Vec<(String, Value)> = references
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["uri"].as_str().unwrap().to_string(), r["range"].clone()))
        .collect();
    assert_eq!(
        places,
        [
            (
                a.clone(),
                json!({"start": position(3, 0), "end": position(3, 12)})
            ),
            (
                b.clone(),
                json!({"start": position(1, 0), "end": position(1, 12)})
            ),
        ]
    );

    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": a}, "position": position(2, 5)}),
    );
    let labels: Vec<&str> = completion
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["dawn", "wire"]);
    let at_line_start = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": a}, "position": position(3, 0)}),
    );
    let labels: Vec<&str> = at_line_start
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    for expected in ["Türkiye 𝔸", "size", "dawn", "assert", "from"] {
        assert!(labels.contains(&expected), "{expected} in {labels:?}");
    }

    let edits = client.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": a}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(edits[0]["range"]["start"], position(0, 0));
    assert_eq!(edits[0]["range"]["end"], position(4, 0));
    assert_eq!(
        edits[0]["newText"],
        json!("source dawn { title \"Dawn\" }\nsource wire { title \"Wire\" }\n\nfrom dawn\n\"Türkiye 𝔸\" size 9\n")
    );

    // Saving the disk's text in the editor clears the contradiction.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a, "version": 2}, "contentChanges": [{"text": ON_DISK}]}),
    );
    client.diagnostics_for(&a, |list| list.is_empty());

    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().expect("server exits");
    assert!(status.success(), "{status:?}");
}
