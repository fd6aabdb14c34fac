//! `taavon serve`, the development bridge: the window's commands over HTTP
//! on 127.0.0.1, for the token holder alone.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

struct Server {
    child: Child,
    port: u16,
    token: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_taavon"))
        .args(["serve", "--db"])
        .arg(dir.path().join("taavon.db"))
        .env("TAAVON_EXPORT_DIR", dir.path().join("exports"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let first: Value = serde_json::from_str(&line).unwrap();
    let url = first["url"].as_str().unwrap();
    let port = url
        .strip_prefix("http://127.0.0.1:")
        .unwrap()
        .parse()
        .unwrap();
    let token = first["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 32);
    Server {
        child,
        port,
        token,
        _dir: dir,
    }
}

/// Sends one raw request and returns the status line and the body.
fn send(port: u16, request: &str) -> (String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    (head.to_owned(), body.to_owned())
}

fn post(s: &Server, command: &str, token: &str, body: &str) -> (String, String) {
    send(
        s.port,
        &format!(
            "POST /invoke/{command} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: Bearer {token}\r\n\
             Origin: http://127.0.0.1:4179\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            s.port,
            body.len()
        ),
    )
}

#[test]
fn answers_the_token_holder_with_the_real_core() {
    let s = start();
    let (head, body) = post(&s, "start_state", &s.token, "");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("Access-Control-Allow-Origin: http://127.0.0.1:4179"));
    let answer: Value = serde_json::from_str(body.trim()).unwrap();
    assert_eq!(answer["ok"]["first_run"], true);

    // A long command streams its progress, then its answer.
    let (_, body) = post(
        &s,
        "load_demo",
        &s.token,
        r#"{"config":{"coops":10,"people":60,"seed":3}}"#,
    );
    let lines: Vec<Value> = body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() > 2);
    assert!(lines[..lines.len() - 1]
        .iter()
        .all(|l| l["progress"]["total"].as_u64().is_some()));
    assert_eq!(lines.last().unwrap()["ok"]["people"], 60);

    // A refusal of the core crosses with its Persian message.
    let (_, body) = post(&s, "org_detail", &s.token, r#"{"id":999999}"#);
    let answer: Value = serde_json::from_str(body.trim()).unwrap();
    assert_eq!(answer["err"]["code"], "not_found");
}

#[test]
fn refuses_without_the_token_by_another_name_or_for_unknown_commands() {
    let s = start();
    let (head, _) = post(&s, "start_state", "0123456789abcdef0123456789abcdef", "");
    assert!(head.starts_with("HTTP/1.1 401"), "{head}");
    let (head, _) = send(
        s.port,
        &format!(
            "POST /invoke/start_state HTTP/1.1\r\nHost: evil.example:{}\r\nAuthorization: Bearer {}\r\nContent-Length: 0\r\n\r\n",
            s.port, s.token
        ),
    );
    assert!(head.starts_with("HTTP/1.1 421"), "{head}");
    let (head, _) = post(&s, "drop_everything", &s.token, "");
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    // The browser's preflight, from a loopback page only.
    let (head, _) = send(
        s.port,
        &format!(
            "OPTIONS /invoke/start_state HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: https://example.com\r\n\r\n",
            s.port
        ),
    );
    assert!(head.starts_with("HTTP/1.1 204"), "{head}");
    assert!(!head.contains("Access-Control-Allow-Origin"), "{head}");
}

#[test]
fn never_opens_the_clerks_own_data_by_default() {
    let out = Command::new(env!("CARGO_BIN_EXE_taavon"))
        .arg("serve")
        .env_remove("TAAVON_DB")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--db"));
}
