//! The Windows build, made and tested on this Linux machine.
//!
//! - The `x86_64-pc-windows-gnu` target (rustup), linked by Debian's
//!   mingw-w64, which also compiles the bundled SQLite.
//! - The core and CLI test suites run as Windows programs under Debian's
//!   Wine, in a Wine prefix of their own under `target/wine`.
//! - Wine 8 lacks `ProcessPrng` in `bcryptprimitives.dll`, which Rust's
//!   standard library calls at start-up; a small stand-in DLL built from
//!   `xtask/wine/` is put in that prefix only. It is never shipped.
//! - A drive `E:` of the prefix stands in for a USB stick.
//! - The desktop app is built for Windows (release), and its exe is checked:
//!   version, product name, publisher and icon in its file properties, and
//!   the WebView2 loader it needs beside it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{apt_install, cargo, root, run, step, tauri_cli, Result};

pub const TARGET: &str = "x86_64-pc-windows-gnu";

/// The crates whose suites run as Windows programs, for that target.
const SUITES: [&str; 8] = [
    "--target",
    TARGET,
    "-p",
    "taavon-core",
    "-p",
    "taavon-api",
    "-p",
    "taavon-cli",
];

/// Debian packages for the Windows build and for running it.
pub const PACKAGES: &[&str] = &["mingw-w64", "wine", "wine64"];

/// The Rust target and the Debian packages, when missing.
pub fn setup() -> Result {
    apt_install(PACKAGES)?;
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup is needed to add the Windows target: {e}"))?;
    if !String::from_utf8_lossy(&installed.stdout).contains(TARGET) {
        step(&format!("adding the Rust target {TARGET}"));
        run(Command::new("rustup").args(["target", "add", TARGET]))?;
    }
    Ok(())
}

/// The test Wine prefix, made on first use: the stand-in DLL in its
/// system folder and a folder mapped as drive `E:` (the USB stick).
fn wine_prefix() -> Result<PathBuf> {
    let prefix = crate::target_dir().join("wine");
    if !prefix.join("system.reg").exists() {
        step("creating the Wine prefix for the Windows tests");
        run(Command::new("wineboot")
            .arg("-i")
            .env("WINEPREFIX", &prefix)
            .env("WINEDEBUG", "-all")
            // No .NET (Mono) or HTML (Gecko) engine: the tests need neither,
            // and Wine would offer to download them.
            .env("WINEDLLOVERRIDES", "mscoree=;mshtml="))?;
    }
    let dll = crate::target_dir().join("wine-shim/bcryptprimitives.dll");
    let src = root().join("xtask/wine");
    std::fs::create_dir_all(dll.parent().unwrap()).map_err(|e| e.to_string())?;
    run(Command::new("x86_64-w64-mingw32-gcc")
        .args(["-shared", "-O2", "-o"])
        .arg(&dll)
        .arg(src.join("bcryptprimitives.c"))
        .arg(src.join("bcryptprimitives.def"))
        .arg("-ladvapi32"))?;
    let installed = prefix.join("drive_c/windows/system32/bcryptprimitives.dll");
    if std::fs::read(&installed).ok() != std::fs::read(&dll).ok() {
        std::fs::copy(&dll, &installed)
            .map_err(|e| format!("copying the stand-in DLL to {}: {e}", installed.display()))?;
    }
    let usb = crate::target_dir().join("wine-usb");
    std::fs::create_dir_all(&usb).map_err(|e| e.to_string())?;
    let drive = prefix.join("dosdevices/e:");
    let _ = std::fs::remove_file(&drive);
    std::os::unix::fs::symlink(&usb, &drive)
        .map_err(|e| format!("mapping {} as E:: {e}", usb.display()))?;
    Ok(prefix)
}

/// `program` run with the test prefix's environment.
fn under_wine(program: &str, args: &[&str], prefix: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(args);
    wine_env(&mut cmd, prefix);
    cmd
}

/// Environment for running Windows programs under the test prefix.
fn wine_env(cmd: &mut Command, prefix: &Path) {
    cmd.env("CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER", "wine")
        .env("WINEPREFIX", prefix)
        .env("WINEDEBUG", "-all")
        // The stand-in DLL rather than Wine's own.
        .env("WINEDLLOVERRIDES", "bcryptprimitives=n,b")
        .env("TAAVON_TEST_USB", "E:\\")
        .env_remove("TAAVON_DB")
        .env_remove("TAAVON_EXPORT_DIR");
}

/// The core and CLI test suites built for Windows and run as Windows
/// programs; then clippy on them for Windows, so code behind `cfg(windows)`
/// is linted too.
pub fn test_suites() -> Result {
    let prefix = wine_prefix()?;
    step("core and command-line tests as Windows programs (under Wine)");
    // One Wine server for the whole run, started and settled before the
    // tests start programs from many threads at once. A server still up
    // (from making the prefix, say) is ended first: `-p` refuses to start
    // beside it.
    let _ = under_wine("wineserver", &["-k"], &prefix).status();
    run(&mut under_wine("wineserver", &["-p"], &prefix))?;
    run(&mut under_wine("wine", &["cmd.exe", "/c", "exit"], &prefix))?;
    let mut cmd = cargo();
    cmd.arg("test").args(SUITES);
    wine_env(&mut cmd, &prefix);
    let result = run(&mut cmd);
    // Wine's server lingers a few seconds after its last program; end it so
    // nothing outlives the test command.
    let _ = under_wine("wineserver", &["-k"], &prefix).status();
    result?;
    step("lints of the core and the command line for Windows");
    run(cargo()
        .arg("clippy")
        .args(SUITES)
        .args(["--all-targets", "--", "-D", "warnings"]))
}

/// The desktop app built for Windows (release, UI embedded). Returns the
/// exe, beside which the build leaves `WebView2Loader.dll`.
pub fn build_app() -> Result<PathBuf> {
    step("building the desktop app for Windows (release)");
    run(tauri_cli().args(["build", "--target", TARGET, "--no-bundle", "--ci"]))?;
    let exe = exe();
    check_exe(&exe)?;
    Ok(exe)
}

/// Where the Windows build leaves the exe.
pub fn exe() -> PathBuf {
    crate::target_dir()
        .join(TARGET)
        .join("release")
        .join(format!("{}.exe", crate::APP_BINARY))
}

/// Where Tauri's bundler keeps its NSIS plug-in on Linux.
fn nsis_plugin() -> Option<PathBuf> {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(cache.join("tauri/NSIS/Plugins/x86-unicode/additional/nsis_tauri_utils.dll"))
}

/// The NSIS installer, when it can be built without a download; otherwise
/// says what is missing. The release workflow builds it on Windows.
pub fn installer() -> Result {
    let plugin = nsis_plugin();
    if !plugin.as_deref().is_some_and(Path::exists) {
        eprintln!(
            "\nThe Windows installer is not built on this machine. Tauri's bundler needs two \
             files it downloads, and neither source can be reached from here:\n\
             - its NSIS plug-in nsis_tauri_utils.dll, from the Tauri project's releases on \
             GitHub, checked by SHA-1, kept at {};\n\
             - the WebView2 runtime's offline installer (well over 100 MB), from Microsoft, which \
             the installer embeds because the office PC is offline.\n\
             makensis itself would come from Debian's nsis package. The workflow \
             .github/workflows/release.yml builds the installer on a Windows runner.",
            plugin
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "~/.cache/tauri/NSIS/…".into())
        );
        return Ok(());
    }
    apt_install(&["nsis"])?;
    step("building the Windows installer (NSIS)");
    run(tauri_cli().args(["build", "--target", TARGET, "--bundles", "nsis", "--ci"]))
}

/// What the clerk sees in the exe's properties, and what it needs at run
/// time, checked against the app's configuration.
pub fn check_exe(exe: &Path) -> Result {
    use pelite::pe64::{Pe, PeFile};
    let bytes = std::fs::read(exe).map_err(|e| format!("{}: {e}", exe.display()))?;
    let pe = PeFile::from_bytes(&bytes).map_err(|e| format!("{}: {e}", exe.display()))?;
    let conf_path = root().join("src-tauri/tauri.conf.json");
    let conf: serde_json::Value = std::fs::read_to_string(&conf_path)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        .map_err(|e| format!("{}: {e}", conf_path.display()))?;
    let setting = |pointer: &str| {
        conf.pointer(pointer)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .ok_or_else(|| format!("{} has no {pointer}", conf_path.display()))
    };
    let product_name = setting("/productName")?;
    let version = crate::workspace_version()?;

    let resources = pe
        .resources()
        .map_err(|e| format!("{} has no resources: {e}", exe.display()))?;
    let info = resources
        .version_info()
        .map_err(|e| format!("{} has no version information: {e}", exe.display()))?;
    let lang = *info
        .translation()
        .first()
        .ok_or("the version information has no language")?;
    let value = |key: &str| info.value(lang, key).unwrap_or_default();
    let expect = [
        ("ProductName", product_name.clone()),
        ("FileDescription", product_name),
        ("CompanyName", setting("/bundle/publisher")?),
        ("ProductVersion", version.clone()),
        ("FileVersion", version.clone()),
        ("LegalCopyright", setting("/bundle/copyright")?),
    ];
    for (key, want) in &expect {
        let got = value(key);
        if &got != want {
            return Err(format!(
                "{}: {key} is {got:?}, the configuration says {want:?}",
                exe.display()
            ));
        }
    }
    let fixed = info.fixed().ok_or("no fixed version block")?;
    let numbers: Vec<u16> = version.split('.').filter_map(|p| p.parse().ok()).collect();
    let file_version = fixed.dwFileVersion;
    if [file_version.Major, file_version.Minor, file_version.Patch] != numbers[..3] {
        return Err(format!(
            "{}: the numeric file version {file_version:?} is not {version}",
            exe.display()
        ));
    }
    if resources.icons().next().is_none() {
        return Err(format!("{} has no icon", exe.display()));
    }

    // Built for the GNU target, the exe loads WebView2Loader.dll at run time.
    let imports = pe.imports().map_err(|e| e.to_string())?;
    let mut dlls = Vec::new();
    for desc in imports {
        dlls.push(desc.dll_name().map_err(|e| e.to_string())?.to_string());
    }
    dlls.sort_by_key(|d| d.to_ascii_lowercase());
    dlls.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    if dlls
        .iter()
        .any(|d| d.eq_ignore_ascii_case("WebView2Loader.dll"))
    {
        let loader = exe.with_file_name("WebView2Loader.dll");
        if !loader.exists() {
            return Err(format!(
                "{} imports WebView2Loader.dll, but the build left none beside it",
                exe.display()
            ));
        }
    }
    eprintln!(
        "{}: {} {} by {}, icon present; imports {}",
        exe.display(),
        value("ProductName"),
        value("ProductVersion"),
        value("CompanyName"),
        dlls.join(", ")
    );
    Ok(())
}
