# Installs the freshly built installer silently over a clerk's data, installs
# it again as an upgrade would, and uninstalls it: the data must stay each
# time, and the installed exe must carry the app's name, publisher and
# version. Writes the sizes to the job summary.
$ErrorActionPreference = 'Stop'

$installer = Get-ChildItem 'target/release/bundle/nsis/*-setup.exe' | Select-Object -First 1
if (-not $installer) { throw 'no installer was built' }
$conf = Get-Content 'src-tauri/tauri.conf.json' -Raw | ConvertFrom-Json
$version = (Select-String -Path 'Cargo.toml' -Pattern '^version = "(.+)"').Matches[0].Groups[1].Value

# The clerk's data, where the app keeps it.
$data = Join-Path $env:APPDATA 'Taavon\TaavonDesk\data'
$db = Join-Path $data 'taavon.db'
& target/release/taavon.exe --db $db demo --coops 20 --people 200
if ($LASTEXITCODE -ne 0) { throw 'taavon demo failed' }
$before = (Get-FileHash $db).Hash

function Install-Silently {
  $p = Start-Process $installer.FullName -ArgumentList '/S' -Wait -PassThru
  if ($p.ExitCode -ne 0) { throw "installer exit code $($p.ExitCode)" }
}

Install-Silently
$dir = Join-Path $env:LOCALAPPDATA $conf.productName
$exe = Join-Path $dir "$($conf.mainBinaryName).exe"
if (-not (Test-Path $exe)) { throw "not installed for this user at $exe" }
$info = (Get-Item $exe).VersionInfo
if ($info.ProductName -ne $conf.productName) { throw "ProductName is $($info.ProductName)" }
if ($info.CompanyName -ne $conf.bundle.publisher) { throw "CompanyName is $($info.CompanyName)" }
if ($info.ProductVersion -ne $version) { throw "ProductVersion is $($info.ProductVersion), not $version" }

# Installing again, as an upgrade does, keeps the data as it was.
Install-Silently
if ((Get-FileHash $db).Hash -ne $before) { throw 'installing again changed the database' }

# Uninstalling (silently: the delete-data box is not ticked) keeps it too.
$p = Start-Process (Join-Path $dir 'uninstall.exe') -ArgumentList '/S', "_?=$dir" -Wait -PassThru
if ($p.ExitCode -ne 0) { throw "uninstaller exit code $($p.ExitCode)" }
if (Test-Path $exe) { throw 'the app is still installed' }
if ((Get-FileHash $db).Hash -ne $before) { throw 'uninstalling changed or removed the database' }

$rows = @(
  "| file | bytes |",
  "|---|---|",
  "| $($installer.Name) | $($installer.Length) |",
  "| $($conf.mainBinaryName).exe (MSVC) | $((Get-Item "target/release/$($conf.mainBinaryName).exe").Length) |"
)
$rows | Out-File -Append -Encoding utf8 $env:GITHUB_STEP_SUMMARY
Write-Host 'install, reinstall and uninstall kept the data'
