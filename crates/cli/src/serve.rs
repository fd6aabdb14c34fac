//! `taavon serve`: the development bridge. It answers the same commands as
//! the desktop window, through the same dispatch (`taavon_api::dispatch`),
//! over HTTP on the loopback address, so the UI running in a plain browser
//! (the browser tests, `npm run dev`) drives the real core.
//!
//! Never part of the shipped app: only the `taavon` command line has it.
//! It listens on 127.0.0.1 alone, on a port the system picks, and answers
//! only requests that carry the random token it prints at start and name
//! it (`Host`) by that address.
//!
//! `POST /invoke/<command>` with the arguments as a JSON object answers
//! with lines of JSON: `{"progress": …}` while a long command works, then
//! one `{"ok": value}` or `{"err": {code, message, fields}}`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Value};
use taavon_api::{Backend, Ctx, FileKind, Host};
use taavon_core::progress::Progress;

/// The largest request body read (an import outcome sent back to write its
/// error sheet is the biggest).
const MAX_BODY: usize = 64 * 1024 * 1024;

/// What a browser cannot do is answered in the page (canned dialogs, the
/// file manager); the bridge has no dialogs of its own.
struct Bridge;

impl Host for Bridge {
    fn product(&self) -> (String, String) {
        (
            "Taavon Training Desk".to_owned(),
            env!("CARGO_PKG_VERSION").to_owned(),
        )
    }
    fn pick_file(&self, _kind: FileKind) -> Option<PathBuf> {
        None
    }
    fn save_file(&self, _suggested: &str, _kind: FileKind) -> Option<PathBuf> {
        None
    }
    fn show_in_folder(&self, _path: &Path) -> Result<(), String> {
        Err("the bridge has no file manager".to_owned())
    }
    fn print_pdf(&self, _path: &Path) -> Result<(), String> {
        Err("the bridge has no window to print".to_owned())
    }
}

/// A random token of 32 hex digits.
fn token() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Opens the database, prints `{"url": …, "token": …}` on one line and
/// answers until the process is stopped.
pub fn serve(db: PathBuf, port: u16) -> std::io::Result<()> {
    let backend = Arc::new(Backend::open_at(db));
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    let port = listener.local_addr()?.port();
    let token = Arc::new(token()?);
    let url = format!("http://127.0.0.1:{port}");
    println!("{}", json!({ "url": url, "token": *token }));
    std::io::stdout().flush()?;
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "a connection failed");
                continue;
            }
        };
        let (backend, token) = (backend.clone(), token.clone());
        std::thread::spawn(move || {
            if let Err(e) = answer(stream, &backend, &token, port) {
                tracing::warn!(error = %e, "a request failed");
            }
        });
    }
    Ok(())
}

/// One request as read off the wire.
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(stream: &TcpStream) -> std::io::Result<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    if length > MAX_BODY {
        return Err(std::io::Error::other("request body too large"));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Request {
        method,
        path,
        headers,
        body,
    })
}

/// The page may come from any loopback origin (Vite's dev or preview
/// server); anything else gets no CORS header and so no answer it can read.
fn allowed_origin(origin: Option<&str>) -> Option<&str> {
    origin.filter(|o| {
        ["http://127.0.0.1:", "http://localhost:"]
            .iter()
            .any(|p| o.starts_with(p))
    })
}

fn head(status: &str, origin: Option<&str>, content_type: &str) -> String {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nConnection: close\r\nCache-Control: no-store\r\nContent-Type: {content_type}\r\n"
    );
    if let Some(o) = origin {
        out.push_str(&format!(
            "Access-Control-Allow-Origin: {o}\r\nVary: Origin\r\n\
             Access-Control-Allow-Methods: POST\r\n\
             Access-Control-Allow-Headers: authorization, content-type\r\n\
             Access-Control-Max-Age: 600\r\n"
        ));
    }
    out.push_str("\r\n");
    out
}

fn answer(mut stream: TcpStream, backend: &Backend, token: &str, port: u16) -> std::io::Result<()> {
    let request = read_request(&stream)?;
    let origin = allowed_origin(request.header("origin")).map(str::to_owned);
    let origin = origin.as_deref();
    let plain = "text/plain; charset=utf-8";
    // A page on another site that resolves its own name to 127.0.0.1 still
    // sends its own name as Host.
    let host_ok = request
        .header("host")
        .is_some_and(|h| h == format!("127.0.0.1:{port}") || h == format!("localhost:{port}"));
    if !host_ok {
        return stream.write_all(head("421 Misdirected Request", None, plain).as_bytes());
    }
    if request.method == "OPTIONS" {
        return stream.write_all(head("204 No Content", origin, plain).as_bytes());
    }
    let Some(command) = request.path.strip_prefix("/invoke/") else {
        return stream.write_all(head("404 Not Found", origin, plain).as_bytes());
    };
    if request.method != "POST" {
        return stream.write_all(head("405 Method Not Allowed", origin, plain).as_bytes());
    }
    let authorized = request
        .header("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| t == token);
    if !authorized {
        return stream.write_all(head("401 Unauthorized", origin, plain).as_bytes());
    }
    if !taavon_api::NAMES.contains(&command) {
        return stream.write_all(head("404 Not Found", origin, plain).as_bytes());
    }
    let args: Value = if request.body.is_empty() {
        Value::Null
    } else {
        match serde_json::from_slice(&request.body) {
            Ok(v) => v,
            Err(_) => {
                return stream.write_all(head("400 Bad Request", origin, plain).as_bytes());
            }
        }
    };
    stream.write_all(head("200 OK", origin, "application/x-ndjson").as_bytes())?;
    let mut out = stream.try_clone()?;
    let mut progress = |p: Progress| {
        let line = json!({ "progress": p }).to_string() + "\n";
        out.write_all(line.as_bytes())
            .and_then(|()| out.flush())
            .is_ok()
    };
    let mut ctx = Ctx {
        backend,
        host: &Bridge,
        progress: &mut progress,
    };
    let last = match taavon_api::dispatch(&mut ctx, command, args) {
        Some(Ok(value)) => json!({ "ok": value }),
        Some(Err(body)) => json!({ "err": body }),
        None => json!({ "err": { "code": "ipc", "message": command, "fields": [] } }),
    };
    stream.write_all((last.to_string() + "\n").as_bytes())?;
    stream.flush()
}
